"""The seccomp filter every grade runs under on x86_64 (docs/security.md): what `RLIMIT_AS`
cannot bound is refused. A user namespace of its own (clone/unshare with CLONE_NEWUSER) would let
a grade mount a tmpfs of any size; memfd_create and SysV shmget make memory no rlimit counts.
clone3's flags sit behind a pointer a filter cannot read, so it answers ENOSYS and the C library
falls back to clone. Other syscall ABIs (i386 through int 0x80, x32) are refused.

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
RET_ALLOW = 0x7FFF0000
RET_EPERM = 0x00050000 | 1
RET_ENOSYS = 0x00050000 | 38


def program():
    """The filter as (code, jt, jf, k) instructions: classic BPF over struct seccomp_data."""
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    # Labels are resolved below: a jump names the instruction it goes to.
    listing = [
        (ld, None, None, 4),  # arch
        (jeq, None, "enosys", AUDIT_ARCH_X86_64),  # another ABI (i386 through int 0x80): refused
        (ld, None, None, 0),  # syscall number
        (jge, "enosys", None, 0x40000000),  # the x32 ABI
        (jeq, "enosys", None, NR["clone3"]),
        (jeq, "eperm", None, NR["memfd_create"]),
        (jeq, "eperm", None, NR["shmget"]),
        (jeq, "eperm", None, NR["setsid"]),
        (jeq, "flags", None, NR["unshare"]),
        (jeq, "flags", None, NR["clone"]),
        ("allow", ret, None, None, RET_ALLOW),
        ("flags", ld, None, None, 16),  # the first argument's low 32 bits: the flags
        (jset, "eperm", None, CLONE_NEWUSER),
        (ret, None, None, RET_ALLOW),
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
