"""The sandbox's fork server (docs/decisions/0012-fork-server.md).

One long-lived process, started by the sandbox runner as root inside a bubblewrap sandbox
(read-only /usr and harness, no network, its own PID namespace, a few capabilities kept), that
has imported everything a grade needs. For each grade the runner asks it for a *slot*; it forks,
and the fork builds a sandbox of its own before any job data exists:

    zygote: unshare(CLONE_NEWPID), so that its next fork is PID 1 of a new PID namespace
      --fork--> PID 1 of the grade, root at first: new mount, network, IPC and UTS namespaces;
                private tmpfs on /work, /tmp and /dev/shm, its own /dev/pts; the slot's solution
                folder bound read-only on /solution; connects to the runner; hides /grades; a
                fresh /proc, TCP buffers capped at the socket default (its own network
                namespace's tcp_wmem/tcp_rmem), loopback up, capability bounding set emptied,
                its own session, the slot's uid (all capabilities gone), no new privileges,
                seccomp; then it *is* the judge: reads the job from the runner and runs it as
                `judge.py` does (it forks the learner's host, as a judge started afresh does)

The zygote never reads a job, a test or a learner's file: a slot is only a token, a uid and the
name of a folder. Nothing a grade does can reach the zygote or the next grade: each grade is a
copy-on-write fork with its own namespaces, and when its judge (PID 1) ends, the kernel kills
everything left in its PID namespace. One process per grade besides the learner's: on this kind of
virtual machine a fork and the copy-on-write faults that follow it are most of a grade's cost.

Control protocol, one JSON object per line. On fd 0 from the runner:
    {"op": "fork", "token": "<32 hex>", "uid": 61000, "slot": "<folder name>", "copy_ahead": true}
    {"op": "kill", "token": "<32 hex>"}
("copy_ahead": false: the slot's host takes its own copy of each of the zygote's pages when it
writes it, not ahead; the runner says so when grades overlap: prefork.copy_ahead)
On fd 1 to the runner:
    {"op": "ready", "python": "3.11.2", "pid": <the zygote's PID in its own namespace>}
    {"op": "forked", "token": ..., "pid": <the slot's PID 1, in the zygote's namespace>}
    {"op": "exit", "token": ..., "code": <int or null>, "signal": <int or null>}
Each slot's PID 1 connects three times to the runner's socket (/grades/zygote.sock),
each connection starting with "<token> job|subject|err\\n": the job comes in and the verdict goes
out on the first (the judge's fd 0 and 3), the code under test of a write-the-tests run on the
second (fd 4), and the judge's stderr on the third (fd 2). The runner ends its side of the third
once it has moved the slot's PID 1 into the grade's cgroup (at once where it has none: docs/
decisions/0014-cgroup-per-grade.md); the slot waits for that before it goes on, so the learner's
host and everything the job starts are born in the group.
"""
import ctypes
import fcntl
import json
import os
import selectors
import signal
import socket
import struct
import sys

_here = os.path.dirname(os.path.abspath(__file__))
if __name__ == "__main__" and __package__ in (None, ""):
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
    sys.path.insert(0, os.path.dirname(_here))
    __package__ = "pydojo_harness"  # noqa: A001

from pydojo_harness import judge, seccomp_filter  # noqa: E402
from pydojo_harness.isolation import prefork  # noqa: E402

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
PR_SET_PDEATHSIG = 1
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
SIOCSIFFLAGS = 0x8914
IFF_UP, IFF_LOOPBACK, IFF_RUNNING = 0x1, 0x8, 0x40

GRADES = "/grades"
SOCKET = GRADES + "/zygote.sock"
MB = 1024 * 1024
# Sizes of each grade's writable tmpfs mounts (memory the rlimits don't count): as the runner's
# TMPFS_LIMITS in src/runners/sandbox-runner.ts.
TMPFS = (("/work", 64 * MB, "0755"), ("/tmp", 64 * MB, "1777"), ("/dev/shm", 16 * MB, "1777"))
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/work", "PYDOJO_REQUIRE_HARDENING": "1"}

_libc = ctypes.CDLL(None, use_errno=True)


class SetupError(Exception):
    pass


def _check(result, what):
    if result != 0:
        errno = ctypes.get_errno()
        raise SetupError(f"{what}: {os.strerror(errno)}")


def _mount(source, target, fstype, flags, data=None):
    _check(
        _libc.mount(
            source.encode() if source else None,
            target.encode(),
            fstype.encode() if fstype else None,
            ctypes.c_ulong(flags),
            data.encode() if data else None,
        ),
        f"mount {target}",
    )


def _umount(target):
    _check(_libc.umount2(target.encode(), MNT_DETACH), f"umount {target}")


def _prctl(option, value):
    _check(_libc.prctl(option, ctypes.c_ulong(value), 0, 0, 0), f"prctl {option}")


def _connect(token, kind):
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(SOCKET)
    conn.sendall(f"{token} {kind}\n".encode("ascii"))
    return conn.detach()


def _build_namespaces(slot, uid):
    """In the grade's PID 1, still root: the grade's own namespaces and file system."""
    _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS), "unshare")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    for target, size, mode in TMPFS:
        _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode={mode},uid={uid},gid={uid}")
    # Its own pseudo-terminals: the zygote's /dev/pts would show other grades' (and be shared).
    _mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620")
    solution = os.path.join(GRADES, slot, "solution")
    _mount(solution, "/solution", None, MS_BIND | MS_REC)
    _mount(None, "/solution", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _cap_tcp_buffers():
    """In the grade's own network namespace (whose /proc/sys/net this is), before /proc/sys
    becomes read-only: TCP's send and receive buffers grow no larger than a socket's default
    (net.core.wmem_default, rmem_default), which the seccomp filter keeps every other socket at.
    The kernel grows a TCP socket's buffers on its own (up to net.ipv4.tcp_wmem/tcp_rmem's third
    value, 4 and 32 MB on the VM this was measured on) without any setsockopt: over loopback a
    grade could hold gigabytes no rlimit counts (docs/security.md, "Memory no rlimit counts")."""
    for name, default in (("tcp_wmem", "wmem_default"), ("tcp_rmem", "rmem_default")):
        with open(f"/proc/sys/net/core/{default}") as f:
            cap = int(f.read())
        with open(f"/proc/sys/net/ipv4/{name}") as f:
            low, start, high = (int(v) for v in f.read().split())
        high = min(high, cap)
        with open(f"/proc/sys/net/ipv4/{name}", "w") as f:
            f.write(f"{min(low, high)} {min(start, high)} {high}")


def _wait_until_placed(err_fd):
    """Until the runner has moved this process (the grade's PID 1) into the grade's cgroup: the
    zygote's sandbox has no /sys/fs/cgroup, so the runner writes it, and says so by ending its
    side of the err connection. Nothing of the grade is forked before (children inherit it)."""
    if os.read(err_fd, 1) != b"":
        raise SetupError("the runner wrote on the err connection")


def _become_init(uid):
    """In the grade's PID 1, still root: /proc, loopback, then drop to `uid` for good."""
    _umount("/proc")
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _cap_tcp_buffers()
    for sub in ("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus"):
        if os.path.exists(sub):
            _mount(sub, sub, None, MS_BIND | MS_REC)
            _mount(None, sub, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", IFF_UP | IFF_LOOPBACK | IFF_RUNNING))
    for cap in range(64):
        if _libc.prctl(PR_CAPBSET_DROP, ctypes.c_ulong(cap), 0, 0, 0) != 0:
            break  # past the last capability this kernel knows
    os.setsid()
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)  # clears every capability: no SECBIT_KEEP_CAPS
    if os.getuid() == 0 or os.geteuid() == 0:
        raise SetupError("still root after dropping privileges")
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    _install_seccomp()
    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # after the uid change, which clears it
    os.chdir("/work")
    os.environ.clear()
    os.environ.update(ENV)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def _seccomp_program():
    """The seccomp program as the kernel takes it, or None on other architectures than x86_64
    (the rlimits and the tmpfs sizes only: docs/security.md). Made once, in the zygote: made in
    each grade (importing `platform`, defining the ctypes structure) it cost 15 ms of CPU."""
    if os.uname().machine != "x86_64":
        return None
    # The same bytes bubblewrap loads for a sandbox started per grade: struct sock_filter[].
    program = ctypes.create_string_buffer(seccomp_filter.program_bytes())
    return program, _SockFprog(len(program.raw) // 8, ctypes.addressof(program))


_SECCOMP = _seccomp_program()


def _install_seccomp():
    if _SECCOMP is None:
        return
    PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
    _check(
        _libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(_SECCOMP[1]), 0, 0),
        "seccomp",
    )


def _place_fds(job_fd, subject_fd, err_fd):
    """The judge's descriptors: 0 job, 1 /dev/null, 2 stderr, 3 verdict, 4 subject; nothing else."""
    devnull = os.open(os.devnull, os.O_RDWR)
    # Moved above 0..4 first, so that placing one never overwrites another.
    job, subject, err, null = (fcntl.fcntl(fd, fcntl.F_DUPFD, 16) for fd in (job_fd, subject_fd, err_fd, devnull))
    for target, fd in ((0, job), (1, null), (2, err), (3, job), (4, subject)):
        os.dup2(fd, target, inheritable=target != 3)
    os.closerange(5, 1 << 16)


def _grade(slot, uid, token):
    """PID 1 of the grade's PID namespace: builds the grade's sandbox as root, drops to the
    slot's uid, then runs the grade as its judge. Never returns; when it leaves, the kernel kills
    every process left in the namespace (the learner's host and whatever it started)."""
    status = 70
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # The kernel delivers to a namespace's PID 1 only the signals it handles, from inside the
        # namespace: with Python's SIGINT handler gone, the learner's processes cannot signal
        # the judge at all.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # dies with the zygote
        if os.getpid() != 1:
            raise SetupError("not PID 1 of a new PID namespace")
        _build_namespaces(slot, uid)
        fds = [_connect(token, kind) for kind in ("job", "subject", "err")]
        _wait_until_placed(fds[2])
        _umount(GRADES)  # no other slot's folder, nor the runner's socket, from here on
        _become_init(uid)
        _place_fds(*fds)
        status = 72
        judge.serve_grade(3, 4)  # leaves with os._exit once the verdict is written
    except BaseException as exc:  # noqa: BLE001 - reported on stderr, the grade becomes an error
        try:
            os.write(2, f"pydojo zygote: grade setup failed: {exc}\n".encode())
        except OSError:
            pass
    finally:
        os._exit(status)  # PID 1 leaving: the kernel kills what is left in the namespace


def _fork_in_new_pid_namespace(own_pid_ns):
    """os.fork(), the child being PID 1 of a new PID namespace. unshare(CLONE_NEWPID) changes
    only the namespace of the zygote's next child, and fails once one is set, so the zygote sets
    its own back (setns on `own_pid_ns`) after each fork, also one that failed."""
    _check(_libc.unshare(CLONE_NEWPID), "unshare(CLONE_NEWPID)")
    pid = -1
    try:
        pid = os.fork()
    finally:
        if pid != 0:
            _check(_libc.setns(own_pid_ns, CLONE_NEWPID), "setns(own PID namespace)")
    return pid


def _send(message):
    data = (json.dumps(message) + "\n").encode()
    while data:
        data = data[os.write(1, data) :]


def serve():
    """The zygote's loop: fork slots on request, report their ends, kill on request."""
    # What a judge started afresh has imported before it forks its host (judge._preload), and
    # what only judges use (judge._preload_judge_only): perf, db, http_client. The host drops
    # those from its sys.modules (prefork._JUDGE_ONLY); concurrency and fixtures stay out of
    # the zygote: with them in the learner's process, a test that counts calls ran 4x slower.
    # Importing the judge-only modules here instead of in each grade saved about 25 ms of CPU
    # per grade on a 2-core VM where every page a process writes costs a fault.
    judge._preload()
    import resource  # noqa: F401 - the host's limits (prefork.apply_limits)

    # Imported by most grades once they run (typing: protocols.install in every grade; decimal
    # and hashlib: pytest.approx, tests and solutions), and no longer by the modules above: here
    # once, shared, instead of in each forked grade (without typing here a grade took 1.5x as
    # long back to back, 2026-12-08).
    import decimal  # noqa: F401
    import hashlib  # noqa: F401
    import typing  # noqa: F401

    import pydojo_harness.isolation.host  # noqa: F401
    import pydojo_harness.analyzers  # noqa: F401
    import pydojo_harness.execute  # noqa: F401
    judge._preload_judge_only()

    _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    # What is imported now stays shared with every fork: kept out of the collector's way, so a
    # grade does not copy pages just because a collection touched their reference counts.
    import gc

    gc.collect()
    gc.freeze()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    # All the zygote's state in one object, which a forked slot empties before anything else:
    # a grade's memory is a copy of the zygote's and must not hold other slots' tokens.
    own_pid_ns = os.open("/proc/self/ns/pid", os.O_RDONLY | os.O_CLOEXEC)
    state = {"slots": {}, "by_token": {}, "pending": b"", "own_fds": (wake_r, wake_w, own_pid_ns)}
    selector = selectors.DefaultSelector()
    selector.register(0, selectors.EVENT_READ, "control")
    selector.register(wake_r, selectors.EVENT_READ, "wake")
    _send({"op": "ready", "python": "%d.%d.%d" % sys.version_info[:3], "pid": os.getpid()})
    while True:
        for key, _ in selector.select():
            if key.data == "wake":
                os.read(wake_r, 4096)
                continue
            if not _read_control(state):
                for pid in state["slots"]:
                    _kill(pid, signal.SIGKILL)
                os._exit(0)  # the runner is gone
            while b"\n" in state["pending"]:
                _handle(_next_message(state), state)
        _reap(state)


# What the runner sends is held in `state` only, never in a local of serve(): a slot forks from
# inside _handle, below serve()'s frame, and the learner's process (a fork of the slot) inherits
# that frame. These two return before the fork, so their locals are gone by then, and the slot
# empties `state` (its other slots' tokens and the requests not yet handled) before anything else.
def _read_control(state):
    """Appends what the runner sent to state["pending"]; False once the runner has gone."""
    data = os.read(0, 1 << 16)
    state["pending"] += data
    return bool(data)


def _next_message(state):
    line, state["pending"] = state["pending"].split(b"\n", 1)
    return json.loads(line)


def _handle(message, state):
    if message["op"] == "fork":
        token, uid, slot = message["token"], int(message["uid"]), message["slot"]
        copy_ahead = message.get("copy_ahead", True) is True
        if not (isinstance(slot, str) and slot.isalnum() and _is_token(token)) or uid <= 0:
            _send({"op": "exit", "token": token, "code": 64, "signal": None})
            return
        sys.stderr.flush()
        pid = _fork_in_new_pid_namespace(state["own_fds"][2])
        if pid == 0:
            for fd in state["own_fds"]:
                os.close(fd)
            os.close(0)
            os.close(1)
            for key in ("slots", "by_token"):
                state[key].clear()
            state["pending"] = b""
            message.clear()
            prefork.copy_ahead(copy_ahead)
            _grade(slot, uid, token)
        state["slots"][pid] = token
        state["by_token"][token] = pid
        _send({"op": "forked", "token": token, "pid": pid})
    elif message["op"] == "kill":
        pid = state["by_token"].get(message["token"])
        if pid is not None:
            # The grade's PID 1: the kernel kills every process of its namespace with it, and
            # reaps it only once they are all gone, so its reported end means the grade is gone.
            _kill(pid, signal.SIGKILL)


def _is_token(token):
    return isinstance(token, str) and len(token) == 32 and all(c in "0123456789abcdef" for c in token)


def _kill(pid, sig):
    try:
        os.kill(pid, sig)
    except ProcessLookupError:
        pass


def _reap(state):
    slots, by_token = state["slots"], state["by_token"]
    while slots:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        token = slots.pop(pid, None)
        if token is None:
            continue
        by_token.pop(token, None)
        if os.WIFSIGNALED(status):
            _send({"op": "exit", "token": token, "code": None, "signal": os.WTERMSIG(status)})
        else:
            _send({"op": "exit", "token": token, "code": os.WEXITSTATUS(status), "signal": None})


if __name__ == "__main__":
    sys.modules.setdefault("pydojo_harness.zygote", sys.modules[__name__])
    serve()
