/**
 * Python lines for a function body (4 spaces in, with `os`, `libc = ctypes.CDLL(None)` and a
 * list `done` in scope) that try to hold memory no rlimit counts — a user namespace of its own
 * (to mount a tmpfs of any size), memfd, SysV shared memory — and check that threads and
 * subprocesses still work. Each attack that succeeds, or thread or subprocess that fails, is
 * appended to `done`. Run by the fork server's tests and the per-grade sandbox's.
 */
export const MEMORY_ATTEMPTS = `    if libc.unshare(0x10000000) == 0:
        done.append("unshare(CLONE_NEWUSER)")
    try:
        os.memfd_create("big")
        done.append("memfd_create")
    except OSError:
        pass
    if libc.shmget(0, 1 << 20, 0o1600) >= 0:
        done.append("shmget")
    # Threads and processes still work (clone3 answers ENOSYS: the C library uses clone).
    import subprocess, threading
    seen = []
    thread = threading.Thread(target=lambda: seen.append(1))
    thread.start()
    thread.join()
    if seen != [1]:
        done.append("a thread did not run")
    if subprocess.run(["/usr/bin/true"]).returncode != 0:
        done.append("a subprocess did not run")
`;
