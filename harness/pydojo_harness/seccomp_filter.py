"""The seccomp filter every grade runs under on x86_64 (docs/security.md): what `RLIMIT_AS`
cannot bound is refused. A user namespace of its own (clone/unshare with CLONE_NEWUSER) would let
a grade mount a tmpfs of any size; memfd_create and SysV shmget make memory no rlimit counts.
clone3's flags sit behind a pointer a filter cannot read, so it answers ENOSYS and the C library
falls back to clone. Other syscall ABIs (i386 through int 0x80, x32) are refused.

Kernel memory no rlimit and no memory watch counts is refused too: SysV message queues
(msgget/msgsnd/msgrcv/msgctl), and socket buffers made larger than the machine's default
(setsockopt at SOL_SOCKET with SO_SNDBUF, SO_RCVBUF or their FORCE variants; each socket then
holds at most net.core.wmem_default/rmem_default, bounded per grade by its open files and
processes). So is what would carry state from one grade to the next on the same pool uid, or
reach far into the kernel: keyrings (add_key, request_key, keyctl: the user keyrings outlive
the grade), io_uring, userfaultfd, perf_event_open and bpf. None is used by the standard library
in what the course runs.

setsid is refused too: a grade is one session (the fork server's slot or bubblewrap's
--new-session starts it before this filter), which the kernel schedules as one group against
other grades (autogroup); a process that started its own session would be a group of its own,
and 30 of them would take 30 shares of the CPU from a learner grading beside them.

The fork server installs it in each grade's PID 1 (zygote.py); a sandbox started per grade gets
it from bubblewrap (`--seccomp`), which reads `program_bytes()` (the runner asks for them once).
"""

import struct

AUDIT_ARCH_X86_64 = 0xC000003E
CLONE_NEWUSER = 0x10000000
NR = {"shmget": 29, "clone": 56, "setsid": 112, "unshare": 272, "memfd_create": 319, "clone3": 435}
# Refused outright (EPERM), with no argument to look at.
REFUSED = {
    "msgget": 68,
    "msgsnd": 69,
    "msgrcv": 70,
    "msgctl": 71,
    "add_key": 248,
    "request_key": 249,
    "keyctl": 250,
    "perf_event_open": 298,
    "bpf": 321,
    "userfaultfd": 323,
    "io_uring_setup": 425,
    "io_uring_enter": 426,
    "io_uring_register": 427,
}
SETSOCKOPT = 54
SOL_SOCKET = 1
# setsockopt(fd, SOL_SOCKET, one of these, ...) is refused: a socket's buffers stay at the default.
BUFFER_OPTIONS = {"SO_SNDBUF": 7, "SO_RCVBUF": 8, "SO_SNDBUFFORCE": 32, "SO_RCVBUFFORCE": 33}
RET_ALLOW = 0x7FFF0000
RET_EPERM = 0x00050000 | 1
RET_ENOSYS = 0x00050000 | 38


def program():
    """The filter as (code, jt, jf, k) instructions: classic BPF over struct seccomp_data."""
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    # Labels are resolved below: a jump names the instruction it goes to (always a later one:
    # classic BPF jumps only forward).
    listing = [
        (ld, None, None, 4),  # arch
        (jeq, None, "enosys", AUDIT_ARCH_X86_64),  # another ABI (i386 through int 0x80): refused
        (ld, None, None, 0),  # syscall number
        (jge, "enosys", None, 0x40000000),  # the x32 ABI
        (jeq, "enosys", None, NR["clone3"]),
        (jeq, "eperm", None, NR["memfd_create"]),
        (jeq, "eperm", None, NR["shmget"]),
        (jeq, "eperm", None, NR["setsid"]),
        *((jeq, "eperm", None, nr) for nr in REFUSED.values()),
        (jeq, "sockopt", None, SETSOCKOPT),
        (jeq, "flags", None, NR["unshare"]),
        (jeq, "flags", None, NR["clone"]),
        ("allow", ret, None, None, RET_ALLOW),
        ("flags", ld, None, None, 16),  # the first argument's low 32 bits: the flags
        (jset, "eperm", None, CLONE_NEWUSER),
        (ret, None, None, RET_ALLOW),
        # setsockopt(fd, level, optname, ...): the kernel reads level and optname as ints, so
        # the low 32 bits of the second and third arguments are what it acts on.
        ("sockopt", ld, None, None, 24),  # level
        (jeq, None, "sockopt_allow", SOL_SOCKET),
        (ld, None, None, 32),  # optname
        *((jeq, "eperm", None, opt) for opt in BUFFER_OPTIONS.values()),
        ("sockopt_allow", ret, None, None, RET_ALLOW),
        ("enosys", ret, None, None, RET_ENOSYS),
        ("eperm", ret, None, None, RET_EPERM),
    ]
    labels = {}
    plain = []
    for item in listing:
        if isinstance(item[0], str):
            labels[item[0]] = len(plain)
            item = item[1:]
        plain.append(item)
    out = []
    for index, (code, jt, jf, k) in enumerate(plain):

        def rel(target):
            return 0 if target is None else labels[target] - index - 1

        out.append((code, rel(jt), rel(jf), k))
    return out


def program_bytes():
    """The program as the kernel (and bubblewrap's --seccomp) reads it: struct sock_filter[]."""
    return b"".join(struct.pack("=HBBI", *instruction) for instruction in program())


if __name__ == "__main__":
    import sys

    sys.stdout.buffer.write(program_bytes())
