"""The sandbox's fork server (docs/decisions/0012-fork-server.md).

One long-lived process, started by the sandbox runner as root inside a bubblewrap sandbox
(read-only /usr and harness, no network, its own PID namespace, a few capabilities kept), that
has imported everything a grade needs. For each grade the runner asks it for a *slot*; it forks,
and the fork builds a sandbox of its own before any job data exists:

    zygote --fork--> setup (root): new mount, PID, network, IPC and UTS namespaces; private
                     tmpfs on /work, /tmp and /dev/shm, its own /dev/pts; the slot's solution folder bound
                     read-only on /solution; connects to the runner; hides /grades
        --fork--> init (PID 1 of the new namespace): fresh /proc, loopback up, capability
                  bounding set emptied, its own session, the slot's uid (all capabilities gone),
                  no new privileges; reaps orphans
            --fork--> judge (PID 2): reads the job from the runner, runs it as `judge.py` does

The zygote never reads a job, a test or a learner's file: a slot is only a token, a uid and the
name of a folder. Nothing a grade does can reach the zygote or the next grade: each grade is a
copy-on-write fork with its own namespaces, and when its judge ends, the kernel kills everything
left in its PID namespace.

Control protocol, one JSON object per line. On fd 0 from the runner:
    {"op": "fork", "token": "<32 hex>", "uid": 61000, "slot": "<folder name>", "limits": {...}}
    {"op": "kill", "token": "<32 hex>"}
On fd 1 to the runner:
    {"op": "ready", "python": "3.11.2"}
    {"op": "exit", "token": ..., "code": <int or null>, "signal": <int or null>}
Each slot's setup process connects three times to the runner's socket (/grades/zygote.sock),
each connection starting with "<token> job|subject|err\\n": the job comes in and the verdict goes
out on the first (the judge's fd 0 and 3), the code under test of a write-the-tests run on the
second (fd 4), and the judge's stderr on the third (fd 2).
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
import time

_here = os.path.dirname(os.path.abspath(__file__))
if __name__ == "__main__" and __package__ in (None, ""):
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _here]
    sys.path.insert(0, os.path.dirname(_here))
    __package__ = "pydojo_harness"  # noqa: A001

from pydojo_harness import judge, seccomp_filter  # noqa: E402

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

KILL_GRACE_S = 5  # after SIGTERM, how long the setup process has to see its grade gone
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
    """In the setup process (root): the grade's own namespaces and file system."""
    _check(
        _libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS),
        "unshare",
    )
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    for target, size, mode in TMPFS:
        _mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode={mode},uid={uid},gid={uid}")
    # Its own pseudo-terminals: the zygote's /dev/pts would show other grades' (and be shared).
    _mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=620")
    solution = os.path.join(GRADES, slot, "solution")
    _mount(solution, "/solution", None, MS_BIND | MS_REC)
    _mount(None, "/solution", None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)


def _become_init(uid):
    """In PID 1 of the new namespace, still root: /proc, loopback, then drop to `uid` for good."""
    _umount("/proc")
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
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


def _install_seccomp():
    import platform

    if platform.machine() != "x86_64":
        return  # other architectures: the rlimits and the tmpfs sizes only (docs/security.md)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    # The same bytes bubblewrap loads for a sandbox started per grade: struct sock_filter[].
    program = ctypes.create_string_buffer(seccomp_filter.program_bytes())
    fprog = SockFprog(len(program.raw) // 8, ctypes.addressof(program))
    PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
    _check(
        _libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(fprog), 0, 0),
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
    """The setup process: never returns."""
    status = 70
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)  # dies with the zygote
        _build_namespaces(slot, uid)
        fds = [_connect(token, kind) for kind in ("job", "subject", "err")]
        _umount(GRADES)  # no other slot's folder, nor the runner's socket, from here on
        init = os.fork()
        if init == 0:
            _run_init(uid, fds)
        # Asked to stop the grade (its time is up): kill its PID 1, then keep waiting. PID 1 is
        # reaped only once every process in its namespace is gone.
        signal.signal(signal.SIGTERM, lambda *_: _kill(init, signal.SIGKILL))
        for fd in fds:
            os.close(fd)
        _pid, wait_status = os.waitpid(init, 0)
        status = os.waitstatus_to_exitcode(wait_status)
        status = status if status >= 0 else 128 - status
    except BaseException as exc:  # noqa: BLE001 - reported on stderr, the grade becomes an error
        os.write(2, f"pydojo zygote: slot setup failed: {exc}\n".encode())
    finally:
        os._exit(status)


def _run_init(uid, fds):
    """PID 1 of the grade: sets up, forks the judge, reaps every orphan, leaves with the judge."""
    status = 71
    try:
        # The kernel delivers to PID 1 only the signals it handles: Python's SIGINT handler would
        # let the grade's own processes end it; with the default, their signals are dropped.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        _become_init(uid)
        _place_fds(*fds)
        judge_pid = os.fork()
        if judge_pid == 0:
            try:
                judge.serve_grade(3, 4)
            finally:
                os._exit(72)
        for fd in range(5):
            os.close(fd)
        while True:
            pid, wait_status = os.wait()
            if pid == judge_pid:
                status = os.waitstatus_to_exitcode(wait_status)
                status = status if status >= 0 else 128 - status
                break
    except BaseException as exc:  # noqa: BLE001
        try:
            os.write(2, f"pydojo zygote: grade init failed: {exc}\n".encode())
        except OSError:
            pass
    finally:
        os._exit(status)  # PID 1 leaving: the kernel kills what is left in the namespace


def _send(message):
    data = (json.dumps(message) + "\n").encode()
    while data:
        data = data[os.write(1, data) :]


def serve():
    """The zygote's loop: fork slots on request, report their ends, kill on request."""
    # Only what a judge started afresh has imported before it forks its host (judge._preload):
    # the host inherits the zygote's modules, and some of the harness's (perf, concurrency) must
    # not be in the learner's process: with them there, a test that counts calls ran 4x slower.
    judge._preload()
    import pydojo_harness.isolation.prefork  # noqa: F401
    import pydojo_harness.isolation.host  # noqa: F401
    import pydojo_harness.analyzers  # noqa: F401
    import pydojo_harness.execute  # noqa: F401

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
    state = {"slots": {}, "by_token": {}, "pending": b"", "kills": {}, "own_fds": (wake_r, wake_w)}
    selector = selectors.DefaultSelector()
    selector.register(0, selectors.EVENT_READ, "control")
    selector.register(wake_r, selectors.EVENT_READ, "wake")
    _send({"op": "ready", "python": "%d.%d.%d" % sys.version_info[:3]})
    while True:
        timeout = 0.5 if state["kills"] else None
        for key, _ in selector.select(timeout):
            if key.data == "wake":
                os.read(wake_r, 4096)
                continue
            chunk = os.read(0, 1 << 16)
            if not chunk:
                for pid in state["slots"]:
                    _kill(pid, signal.SIGKILL)
                os._exit(0)  # the runner is gone
            state["pending"] += chunk
            while b"\n" in state["pending"]:
                line, state["pending"] = state["pending"].split(b"\n", 1)
                _handle(json.loads(line), state)
        _reap(state)
        _kill_overdue(state)


def _handle(message, state):
    if message["op"] == "fork":
        token, uid, slot = message["token"], int(message["uid"]), message["slot"]
        if not (isinstance(slot, str) and slot.isalnum() and _is_token(token)) or uid <= 0:
            _send({"op": "exit", "token": token, "code": 64, "signal": None})
            return
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            for fd in state["own_fds"]:
                os.close(fd)
            os.close(0)
            os.close(1)
            for key in ("slots", "by_token", "kills"):
                state[key].clear()
            state["pending"] = b""
            message.clear()
            _grade(slot, uid, token)
        state["slots"][pid] = token
        state["by_token"][token] = pid
    elif message["op"] == "kill":
        pid = state["by_token"].get(message["token"])
        if pid is not None and pid not in state["kills"]:
            # The setup process kills the grade's PID 1 and leaves only once the kernel has
            # emptied the namespace, so its end means every process of the grade is gone.
            _kill(pid, signal.SIGTERM)
            state["kills"][pid] = time.monotonic() + KILL_GRACE_S


def _kill_overdue(state):
    """A setup process that did not leave within the grace period is killed outright."""
    now = time.monotonic()
    for pid, deadline in list(state["kills"].items()):
        if pid not in state["slots"]:
            del state["kills"][pid]
        elif now >= deadline:
            _kill(pid, signal.SIGKILL)
            del state["kills"][pid]


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
