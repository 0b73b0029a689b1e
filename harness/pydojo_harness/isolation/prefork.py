"""A host forked from the judge before the job is read, so a grade does not pay for starting a
second interpreter. The child keeps nothing of the judge's that matters: it is forked before
any test is loaded, closes every inherited descriptor but its two pipes and stderr, and waits
for an `init` frame with the grade's folders and limits before it runs any learner code.
"""
import os
import signal
import sys

from .wire import read_frame


def apply_limits(limits):
    """Sets the learner's rlimits: address space, file size, open files, CPU, no core dumps, and
    processes (only enforced for a non-root uid; the judge, bwrap and the host already count)."""
    import resource

    pairs = [
        (resource.RLIMIT_AS, limits.get("memory_bytes")),
        (resource.RLIMIT_FSIZE, limits.get("file_size_bytes")),
        (resource.RLIMIT_NOFILE, limits.get("open_files")),
        (resource.RLIMIT_CPU, limits.get("cpu_seconds")),
        (resource.RLIMIT_CORE, 0),
    ]
    if limits.get("processes") and os.getuid() != 0:
        pairs.append((resource.RLIMIT_NPROC, int(limits["processes"]) + 4))
    for which, value in pairs:
        if value is None:
            continue
        value = int(value)
        _soft, hard = resource.getrlimit(which)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        resource.setrlimit(which, (value, value if which != resource.RLIMIT_CPU else value + 1))


def _load_libc():
    try:
        import ctypes

        lib = ctypes.CDLL(None, use_errno=True)
        for name in ("prctl", "mallopt"):
            getattr(lib, name)  # looked up now, and kept on the object: not once per grade
        lib.madvise.argtypes = (ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int)
        return lib
    except (OSError, AttributeError, ImportError):
        return None


# The C library through ctypes for the judge and the host, made at import: under the fork server
# that is once, before any grade (making a CDLL defines a ctypes class; in each forked grade
# that cost a few milliseconds of copy-on-write faults).
LIBC = _load_libc()


MADV_POPULATE_WRITE = 23  # Linux 5.14
# Mappings never to populate: the stack grows on its own, and the kernel's own pages.
_NOT_POPULATED = (b"[stack]", b"[vvar]", b"[vdso]", b"[vsyscall]")
# A bound on what is populated: a warm judge has about 13 MB of such pages; a mapping larger
# than this is a reservation (never to be committed whole), and the total stays small.
_POPULATE_MAX_MAPPING = 32 << 20
_POPULATE_MAX_TOTAL = 96 << 20


# Whether the host forked from this judge copies its pages ahead (`populate_host_pages`). The
# fork server says, slot by slot, whether a slot is made ahead of its grade with a core to spare
# (`copy_ahead`); a judge started afresh always lets it.
_copy_ahead = True


def copy_ahead(flag):
    """Sets whether the host this judge forks copies its pages ahead of the job (decision 0012,
    addendum 2026-12-07 (later)): worth it when the copy runs on a core nothing else needs, and
    CPU taken from other grades when the machine is busy. The judge itself always copies."""
    global _copy_ahead
    _copy_ahead = flag is True


def populate_host_pages():
    """In the host, before its init frame: `populate_private_pages` if the slot was made ahead
    with a core to spare (`copy_ahead`); otherwise 0, and the host copies each page of the
    zygote's when it first writes it."""
    return populate_private_pages() if _copy_ahead else 0


def populate_private_pages():
    """Gives this process now its own copy of every private writable page it still shares with
    the process it was forked from (and maps those never touched), with one madvise call per
    mapping instead of one page fault per page while the grade runs. The judge and its host
    call it before the job arrives, so under the fork server the cost falls while a slot waits
    for its grade. On a VM where each fault traps to the hypervisor, a fault cost about 18 us
    and a populated page about 5 (decision 0012). Returns the bytes populated; 0 where the
    kernel (before 5.14) or the platform has no MADV_POPULATE_WRITE."""
    if LIBC is None or not sys.platform.startswith("linux"):
        return 0
    try:
        with open("/proc/self/maps", "rb") as maps:
            lines = maps.read().splitlines()
    except OSError:
        return 0
    done = 0
    for line in lines:
        fields = line.split()
        if len(fields) < 2 or fields[1] != b"rw-p" or (len(fields) > 5 and fields[5] in _NOT_POPULATED):
            continue
        low, high = (int(x, 16) for x in fields[0].split(b"-"))
        if high - low > _POPULATE_MAX_MAPPING or done + (high - low) > _POPULATE_MAX_TOTAL:
            continue
        if LIBC.madvise(low, high - low, MADV_POPULATE_WRITE) != 0:
            if done == 0:
                return 0  # not supported here (EINVAL): the pages fault in as before
            continue  # e.g. a mapping that went away meanwhile
        done += high - low
    return done


def _prctl(option, value):
    if LIBC is None:
        return None
    LIBC.prctl(option, value, 0, 0, 0)
    return LIBC


def _read_all(fd):
    chunks = []
    while True:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


class SubjectFinder:
    """Imports the code under test of a write-the-tests run from memory: it never exists as a
    file the learner's tests (in the judge) could open."""

    def __init__(self, files):
        self.sources = {}
        for f in files:
            path = f["path"]
            if path.endswith(".py"):
                name = path[:-3].replace("/", ".")
                if name.endswith(".__init__"):
                    name = name[: -len(".__init__")]
                self.sources[name] = (path, f["content"])

    def find_spec(self, fullname, path=None, target=None):
        import importlib.machinery

        if fullname in self.sources:
            is_pkg = self.sources[fullname][0].endswith("__init__.py")
            return importlib.machinery.ModuleSpec(fullname, self, origin="<subject>", is_package=is_pkg)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        path, source = self.sources[module.__name__]
        if module.__spec__ is not None and module.__spec__.submodule_search_locations is not None:
            module.__path__ = []
        exec(compile(source, "<subject>/" + path, "exec"), module.__dict__)


# Imported by the fork server for its judges (judge._preload_judge_only), never used here.
_JUDGE_ONLY = ("pydojo_harness.perf", "pydojo_harness.db", "pydojo_harness.http_client")


def _become_host(rfd, wfd, harness_dir, subject_fd=None):
    """In the child: wait for init, set up the learner's world, serve forever."""
    populate_host_pages()  # before the grade, as the judge does (nothing of the job is here yet)
    # What needs nothing of the job, done while the host waits (not between the judge's init
    # and its first request, which it would otherwise hold up by about a millisecond).
    for name in [m for m in sys.modules if m == "pytest" or m.startswith("pytest.") or m in _JUDGE_ONLY]:
        del sys.modules[name]  # the learner's process gets no grader modules it didn't import
    from .host import serve

    # Its own process group, ended as one at the end of the grade, in the grade's session: the
    # kernel schedules a session as one group (autogroup), so however many processes the
    # learner starts, the grade gets one share of the CPU beside other grades (setsid is refused
    # by the seccomp filter: seccomp_filter.py).
    os.setpgid(0, 0)
    libc = _prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: die with the judge
    if libc is not None:
        try:
            libc.mallopt(-8, 2)  # M_ARENA_MAX: threads must not reserve 64 MB of arena each
        except AttributeError:
            pass
    init = read_frame(rfd)["init"]
    hidden = bool(init.get("hidden_subject"))
    subject = None
    if subject_fd is not None:
        data = _read_all(subject_fd) if hidden else b""
        os.close(subject_fd)
        if hidden:
            import json

            subject = SubjectFinder(json.loads(data.decode("utf-8") or "[]"))
    # The judge stays undumpable. The host need not be, except when it holds the code under
    # test of a write-the-tests run, which the tests in the judge must not read from its memory.
    _prctl(4, 0 if hidden else 1)
    os.environ.clear()
    os.environ.update(init["env"])
    apply_limits(init["limits"])
    shim = os.path.join(harness_dir, "pydojo_harness", "shim")
    sys.path[:] = [init["solution_dir"]] + [p for p in sys.path if p not in (harness_dir, shim)]
    if subject is not None:
        sys.meta_path.insert(0, subject)
    serve(init["solution_dir"], init["work_dir"], rfd, wfd, init["output_bytes"], restricted=hidden)


def _close_all_but(keep, low, high):
    """Closes the descriptors low..high-1 that are not in `keep` (os.closerange between them:
    one close per descriptor, no exception for each one that was not open)."""
    start = low
    for fd in sorted(fd for fd in keep if low <= fd < high) + [high]:
        os.closerange(start, fd)
        start = fd + 1


def fork_host(harness_dir, subject_fd=None):
    """Forks a waiting host; returns (pid, read_fd, write_fd) for the judge, or None."""
    req_r, req_w = os.pipe()
    rep_r, rep_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            keep = {req_r, rep_w, 2} | ({subject_fd} if subject_fd is not None else set())
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)
            os.dup2(devnull, 1)
            os.close(devnull)
            _close_all_but(keep, 3, 1024)
            _become_host(req_r, rep_w, harness_dir, subject_fd)
        finally:
            os._exit(4)
    os.close(req_r)
    os.close(rep_w)
    return pid, rep_r, req_w
