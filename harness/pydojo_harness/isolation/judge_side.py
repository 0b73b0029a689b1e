"""The judge's side of isolation: starts the host process with its limits, puts proxies for
the solution modules in sys.modules, enforces the per-test time limit, and restarts the host
after it crashes or is killed."""
import os
import signal
import sys
import time
import weakref

from ..capture import human_bytes
from ..errors import LearnerExit, LimitExceeded
from . import mirror, protocols, scripts
from .endpoint import Endpoint
from .policy import JudgePolicy
from .remote import Remote
from .wire import ChannelClosed, ChannelTimeout, ProtocolError, read_frame

HARNESS_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOST_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "host.py")


def _make_undumpable():
    """Stops same-uid processes (the learner's) from ptracing us or opening /proc/<pid>/fd."""
    try:
        import ctypes

        from .prefork import LIBC

        if LIBC is None:
            raise OSError("the C library cannot be loaded through ctypes")
        PR_SET_DUMPABLE = 4
        if LIBC.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl failed")
    except (OSError, AttributeError, ImportError) as exc:
        if os.environ.get("PYDOJO_REQUIRE_HARDENING") == "1":
            raise RuntimeError(f"cannot protect the judge process: {exc}") from exc


def _limits_preexec(limits):
    """For a host started as a new interpreter: its own process group in the grade's session (as a
    forked host: prefork._become_host), death with the judge, limits."""
    from .prefork import apply_limits

    def apply():
        os.setpgid(0, 0)
        try:  # the learner's process dies with the judge, whatever kills it
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        apply_limits(limits)

    return apply


class ForkedProcess:
    """The pre-forked host, handled like a subprocess.Popen."""

    def __init__(self, pid):
        self.pid = pid
        self.returncode = None

    def kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def wait(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG if deadline is not None else 0)
            if pid == self.pid:
                self.returncode = os.waitstatus_to_exitcode(status)
                break
            if deadline is not None and time.monotonic() > deadline:
                import subprocess

                raise subprocess.TimeoutExpired("host", timeout)
            time.sleep(0.005)
        return self.returncode


_preforked = None


def prefork_host(subject_fd=None, keep_out=None):
    """Called by the judge before it reads the job: a host waiting for its init frame. The host
    keeps `subject_fd` (the code under test of a write-the-tests run, which only the host may
    read); the judge closes its copy at once."""
    global _preforked
    from .prefork import fork_host

    _make_undumpable()
    _preforked = fork_host(HARNESS_DIR, subject_fd)
    if subject_fd is not None:
        os.close(subject_fd)


def _host_env(work_dir):
    return {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "PYTHONIOENCODING": "utf-8",
        "HOME": work_dir,
        # One malloc arena per thread would reserve 64 MB of address space each.
        "MALLOC_ARENA_MAX": "2",
    }


# The methods of an iterator or generator whose StopIteration ends an iteration by design.
_ITERATION_METHODS = frozenset(("__next__", "send", "throw"))


class JudgeEndpoint(Endpoint):
    # A learner's object compared with a value of the judge's is compared here (remote.py).
    decides_comparisons = True

    def __init__(self, rfd, wfd, session):
        super().__init__(rfd, wfd, JudgePolicy(session))
        self.session = session
        self.closed = False
        # The learner's objects the tests looked up as an iterator's `__next__`, `send` or
        # `throw`: the only calls whose StopIteration ends an iteration (`call`). Known here,
        # by the name the judge asked for, never by what the learner's process says they are.
        # Kept by identity (id -> weak reference): a proxy's own hash and == ask the learner.
        self._iteration_methods = {}

    def _live(self, proxy):
        """The endpoint to use for `proxy`: a stale proxy is re-resolved after a restart."""
        if not self.closed:
            return self
        return self.session.refresh(proxy)

    def op(self, proxy, name, args):
        live = self._live(proxy)
        try:
            return Endpoint.op(live, proxy, name, args)
        except StopIteration:
            # As out of a call (below): a learner's `__bool__`, `__len__`, `__str__`... raising
            # it inside the test's `all(map(bool, xs))` ended the map as if every item had been
            # checked. Only `next(it)` ends an iteration by design.
            if name == "next":
                raise
            raise RuntimeError(_STOP_ITERATION) from None

    def getattr(self, proxy, name):
        live = self._live(proxy)
        try:
            value = Endpoint.getattr(live, proxy, name)
        except StopIteration:
            raise RuntimeError(_STOP_ITERATION) from None  # a property's, as out of a call
        if name in _ITERATION_METHODS and type(value) is Remote:
            known, key = self._iteration_methods, id(value)
            known[key] = weakref.ref(value, lambda _ref: known.pop(key, None))
        path = object.__getattribute__(proxy, "_pd_path")
        return _track(value, self.session, path + (name,)) if path else value

    def setattr(self, proxy, name, value):
        try:
            return Endpoint.setattr(self._live(proxy), proxy, name, value)
        except StopIteration:
            raise RuntimeError(_STOP_ITERATION) from None

    def call(self, proxy, args, kwargs):
        try:
            return Endpoint.call(self._live(proxy), proxy, args, kwargs)
        except StopIteration:
            # Out of a function called in a test, StopIteration would end the test's own loop
            # or `map`/`zip`/`all` early, as if every item had been checked (`all(map(f, xs))`
            # with an `f` that raises it is True). Python turns it into RuntimeError where it
            # leaves a generator (PEP 479); here, where it leaves a learner's function. Calls
            # that end an iteration by design (`__next__`, `send`, `throw`) go through
            # `callattr`, `next(it)` through an operator, and `it.__next__` looked up first and
            # called after (`_iteration_methods`). Not a proxy whose type the learner's process
            # names a builtin: a dict subclass's bound `__getitem__` runs its `__missing__`.
            known = self._iteration_methods.get(id(proxy))
            if known is not None and known() is proxy:
                raise
            raise RuntimeError(_STOP_ITERATION) from None

    def callattr(self, proxy, name, args, kwargs):
        try:
            return Endpoint.callattr(self._live(proxy), proxy, name, args, kwargs)
        except StopIteration:
            if name in _ITERATION_METHODS:
                raise
            raise RuntimeError(_STOP_ITERATION) from None

    def exit(self, proxy, exc_type, exc):
        if isinstance(exc, (LimitExceeded, LearnerExit)):
            # The learner's process was stopped (or stopped itself) inside the block: that is
            # the test's outcome, and there may be no process left to tell.
            return False
        try:
            swallowed = Endpoint.exit(self._live(proxy), proxy, exc_type, exc)
        except StopIteration:
            raise RuntimeError(_STOP_ITERATION) from None  # as out of any other call
        # A learner's `__exit__` may swallow what its own block raised, never the test's
        # verdict: a failed assert, `pytest.fail`, a `pytest.raises` that saw nothing, a skip.
        if swallowed and isinstance(exc, (AssertionError, _outcome_exceptions())):
            return False
        return swallowed

    def request(self, message, track=None):
        if mirror.changes_pending(self):
            # What the tests changed in the standard library since this host last heard
            # (a patched `input`, `sys.argv`, an environment variable...): see mirror.py.
            changes = mirror.changes_for(self)
            if changes:
                message["p"] = self.codec.encode(changes)
        try:
            return super().request(message, track)
        except ChannelTimeout:
            raise self.session.fail_timeout() from None
        except (ChannelClosed, ProtocolError) as exc:
            raise self.session.fail_closed(exc) from None

    def on_reply(self, reply):
        out = reply.get("out")
        if isinstance(out, str) and out:
            sys.stdout.write(out)
        err = reply.get("stderr")
        if isinstance(err, str) and err:
            # To a test's capsys when one is capturing (`readouterr().err`); else with the
            # learner's other output, in the test's result.
            (sys.stderr if getattr(sys.stderr, "pydojo_capsys", False) else sys.stdout).write(err)
        if "logs" in reply:
            mirror.replay_logs(reply["logs"])
        if "warnings" in reply:
            mirror.replay_warnings(reply["warnings"])
        if reply.get("trunc") and hasattr(sys.stdout, "truncated"):
            sys.stdout.truncated = True


class MemoryWatch:
    """The learner's processes' memory together, in a sandbox (the job's `grade_memory_bytes`).

    RLIMIT_AS bounds each process; a learner who forks 30 processes could hold 30 times it (one
    grade held 3.7 GB that way, and four at once could exhaust the machine). In a sandbox the
    judge shares its PID namespace with the learner's processes alone, so every 20 ms it adds
    up what the others hold: their resident pages, and once that is over the budget their
    proportional share (processes forked from one another share pages; one that hides its
    share, undumpable, counts whole). Over the budget, it ends them all, and the test under way
    fails with the memory limit. A burst between two looks (20 ms apart) can go over briefly."""

    INTERVAL_S = 0.02

    def __init__(self, session, budget):
        import threading

        self.session = session
        self.budget = budget
        self.me = os.getpid()
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.stopped = threading.Event()
        threading.Thread(target=self._watch, name="pydojo-memory", daemon=True).start()

    def _others(self):
        """Every process of the grade but the judge (and bubblewrap's PID 1 when it isn't)."""
        pids = []
        for name in os.listdir("/proc"):
            if name.isdigit() and int(name) not in (self.me, 1):
                pids.append(int(name))
        return pids

    def _resident(self, pid):
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                return int(f.read().split()[1]) * self.page
        except (OSError, ValueError, IndexError):
            return 0  # gone meanwhile

    def _share(self, pid):
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
                for line in f:
                    if line.startswith(b"Pss:"):
                        return int(line.split()[1]) * 1024
        except (OSError, ValueError, IndexError):
            pass
        return self._resident(pid)

    def _watch(self):
        while not self.stopped.wait(self.INTERVAL_S):
            pids = self._others()
            resident = {pid: self._resident(pid) for pid in pids}
            if sum(resident.values()) <= self.budget:
                continue
            # Shares cost a walk of each process's pages: the largest first, and no more once
            # they are over (a look stays short while the learner's processes take the CPU).
            held = 0
            for pid in sorted(pids, key=resident.get, reverse=True):
                held += self._share(pid)
                if held > self.budget:
                    break
            else:
                continue
            self.session.memory_note = (
                f"memory limit: your program's processes held at least {held / (1024 * 1024):.0f} MB "
                f"together, over the limit of {human_bytes(self.budget)}, so they were stopped"
            )
            self._end_all()

    def _state(self, pid):
        """The process's state letter (R, S, D, T, Z...), or None when it is gone."""
        try:
            with open(f"/proc/{pid}/stat", "rb") as f:
                return f.read().rpartition(b")")[2].split()[0].decode()
        except (OSError, IndexError, UnicodeDecodeError):
            return None

    def _end_all(self):
        """Ends every process of the learner's, also those forked after the look that found
        them over: one left alive holds the learner's end of the channel to the judge open (a
        child inherits it), and the test would wait for its time limit instead of ending with
        the memory limit (seen on a loaded machine, where a fork loop was half-way when the
        watch looked). First each is stopped, until a look finds none still running (a stopped
        process cannot fork), then all are killed; at most 2 s of looks."""
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            running = [pid for pid in self._others() if self._state(pid) not in (None, "T", "t", "Z", "X")]
            if not running:
                break
            for pid in running:
                try:
                    os.kill(pid, signal.SIGSTOP)
                except OSError:
                    pass
            time.sleep(0.001)
        for pid in self._others():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass

    def stop(self):
        self.stopped.set()


class Session:
    """One grade's learner process (restarted as needed) and the proxies that reach it."""

    def __init__(self, job):
        self.job = job
        self.limits = dict(job.get("limits", {}))
        self.test_timeout = float(self.limits.get("test_timeout_s", 5))
        self.memory_text = human_bytes(int(self.limits.get("memory_bytes", 256 * 1024 * 1024)))
        self.process = None
        self.endpoint = None
        self.gen = 0
        self.modules = {}
        self.death_note = None
        # Why the memory watch (MemoryWatch) ended the learner's processes, until it is reported.
        self.memory_note = None
        budget = job.get("grade_memory_bytes")
        self.memory_watch = MemoryWatch(self, int(budget)) if isinstance(budget, int) and budget > 0 else None

    # -- host lifecycle ----------------------------------------------------------
    def _start(self):
        global _preforked
        if _preforked is not None:
            pid, rfd, wfd = _preforked
            _preforked = None
            self.process = ForkedProcess(pid)
            from .wire import write_frame

            write_frame(wfd, {"init": {
                "solution_dir": self.job["solution_dir"],
                "work_dir": self.job["work_dir"],
                "output_bytes": int(self.limits.get("output_bytes", 1 << 20)),
                "limits": self.limits,
                "env": _host_env(self.job["work_dir"]),
                "hidden_subject": bool(self.job.get("hidden_subject")),
            }})
        elif self.job.get("hidden_subject"):
            # Only the first host ever received the code under test; there is no second copy.
            raise LimitExceeded("crash", "not run: the code under test was stopped by an earlier test (a time limit or a crash), so the remaining tests could not run")
        else:
            # A new interpreter (after a time limit or a crash in an earlier test): its start-up
            # is the harness's time, not the test's. On a loaded machine it took most of a 1 s
            # limit, and the test after a time limit failed with a timeout of its own.
            spawned = time.monotonic()
            rfd, wfd = self._spawn()
            if getattr(self, "_deadline", None) is not None:
                self._deadline += time.monotonic() - spawned
        self.gen += 1
        self.endpoint = JudgeEndpoint(rfd, wfd, self)
        self.endpoint.gen = self.gen
        self.endpoint.deadline = self.deadline

    def _spawn(self):
        import subprocess

        req_r, req_w = os.pipe()
        rep_r, rep_w = os.pipe()
        args = [
            sys.executable, "-I", "-S", HOST_SCRIPT, HARNESS_DIR, self.job["solution_dir"],
            self.job["work_dir"], str(req_r), str(rep_w), str(self.limits.get("output_bytes", 1 << 20)),
        ]
        self.process = subprocess.Popen(
            args,
            pass_fds=(req_r, rep_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            env=_host_env(self.job["work_dir"]),
            cwd=self.job["work_dir"],
            preexec_fn=_limits_preexec(self.limits),
        )
        os.close(req_r)
        os.close(rep_w)
        try:
            # The host's first frame says it is ready; no learner's code has run before it.
            ready = read_frame(rep_r, time.monotonic() + max(30.0, self.test_timeout))
        except (ChannelTimeout, ChannelClosed, ProtocolError) as exc:
            ready = exc
        if ready != {"ready": True}:
            self.process.kill()
            self.process.wait()
            self.process = None
            os.close(rep_r)
            os.close(req_w)
            raise LimitExceeded("crash", f"your program's process could not be started ({ready!r})")
        return rep_r, req_w

    def _kill(self, wait=True):
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.kill()
        except ProcessLookupError:
            pass
        if wait:
            self.process.wait()
        self.endpoint.closed = True
        for fd in (self.endpoint.rfd, self.endpoint.wfd):
            try:
                os.close(fd)
            except OSError:
                pass
        self.process = None
        self.endpoint = None

    def ensure(self):
        if self.endpoint is None:
            self._start()
        return self.endpoint

    def fail_timeout(self):
        self._kill()
        return LimitExceeded("timeout", f"timeout after {self.test_timeout:g} s: the test did not finish in time (an infinite loop, or work that grows too fast?)")

    def fail_closed(self, exc):
        import subprocess

        process = self.process
        code = None
        if process is not None:
            try:
                code = process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        self._kill()
        if code is None or code in (3,):
            return LimitExceeded("crash", f"your program's process stopped unexpectedly ({exc})")
        if code < 0:
            sig = -code
            if sig == signal.SIGXCPU:
                return LimitExceeded("timeout", "CPU time limit exceeded")
            if sig == signal.SIGXFSZ:
                return LimitExceeded("file-size", "file size limit exceeded")
            if sig == signal.SIGKILL:
                note, self.memory_note = self.memory_note, None
                return LimitExceeded("memory", note or f"your program was killed (memory limit {self.memory_text}?)")
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
            return LimitExceeded("crash", f"your program crashed ({name})")
        return LearnerExit(f"your code ended the process (exit code {code}), e.g. with os._exit(); return a value instead")

    # -- deadlines ---------------------------------------------------------------
    @property
    def deadline(self):
        return self._deadline

    def set_deadline(self, seconds):
        self._deadline = time.monotonic() + seconds
        if self.endpoint is not None:
            self.endpoint.deadline = self._deadline

    def begin_test(self, name):
        self.set_deadline(self.test_timeout)

    def refresh(self, proxy):
        """Points a proxy from before a restart at the same object in the new host."""
        path = object.__getattribute__(proxy, "_pd_path")
        if not path:
            raise LimitExceeded(
                "crash", "this object was created before your program was restarted (after a crash or timeout in an earlier test)"
            )
        value = self.remote_module(path[0])
        for attr in path[1:]:
            value = getattr(value, attr)
        if type(value) is not Remote:
            raise LimitExceeded("crash", "your program changed after it was restarted")
        for slot in ("_pd_ep", "_pd_rid", "_pd_info", "_pd_gen"):
            object.__setattr__(proxy, slot, object.__getattribute__(value, slot))
        return self.endpoint

    def close(self, wait=True):
        """Ends the learner's process. `wait=False` when the judge is PID 1 of the grade's PID
        namespace and leaves right after the verdict: the host is killed (it runs no more code)
        but not waited for, so its teardown (freeing the ~13 MB it copied, 2-3 ms on a VM where
        page work is dear) runs beside the verdict instead of before it. The kernel reaps it
        when the namespace ends with the judge, and the runner gives the grade's uid back only
        then."""
        if self.memory_watch is not None:
            self.memory_watch.stop()
        if self.endpoint is not None:
            self._kill(wait=wait)

    # -- proxies -----------------------------------------------------------------
    def module_proxy(self, name):
        proxy = object.__new__(SolutionModule)
        object.__setattr__(proxy, "_pd_session", self)
        object.__setattr__(proxy, "_pd_name", name)
        return proxy

    def remote_module(self, name):
        endpoint = self.ensure()
        cached = self.modules.get(name)
        if cached is not None and object.__getattribute__(cached, "_pd_gen") == self.gen:
            return cached
        module = endpoint.request({"op": "import", "n": name})
        self.modules[name] = module
        return module


class SolutionModule:
    """What `import hello` gives the tests: attribute access goes to the learner's module in
    the host (imported on first use, and again after a restart)."""

    __slots__ = ("_pd_session", "_pd_name", "__weakref__")

    def __getattr__(self, attr):
        session = object.__getattribute__(self, "_pd_session")
        name = object.__getattribute__(self, "_pd_name")
        if attr in ("__name__", "__spec__", "__path__", "__file__", "__loader__", "__package__"):
            if attr == "__name__":
                return name
            if attr == "__path__" and any(m.startswith(name + ".") for m in session.job.get("solution_modules", [])):
                return []
            raise AttributeError(attr)
        if attr == "__all__":
            # `from solution import *` (Python reads `__all__` first, then gets each name).
            return _star_names(session.remote_module(name), sys._getframe(1).f_globals)
        value = getattr(session.remote_module(name), attr)
        return _track(value, session, (name, attr))

    def __setattr__(self, attr, value):
        session = object.__getattribute__(self, "_pd_session")
        setattr(session.remote_module(object.__getattribute__(self, "_pd_name")), attr, value)

    def __delattr__(self, attr):
        session = object.__getattribute__(self, "_pd_session")
        delattr(session.remote_module(object.__getattribute__(self, "_pd_name")), attr)

    def __repr__(self):
        return f"<learner module {object.__getattribute__(self, '_pd_name')!r}>"

    def __dir__(self):
        session = object.__getattribute__(self, "_pd_session")
        return dir(session.remote_module(object.__getattribute__(self, "_pd_name")))


_STOP_ITERATION = (
    "your function raised StopIteration: outside an iterator's __next__ it would silently end "
    "the caller's loop; return a value, or raise another exception"
)


def _outcome_exceptions():
    """The pytest shim's skip/xfail outcomes (its `Failed` is an AssertionError already)."""
    outcomes = sys.modules.get("pytest._outcomes")
    return getattr(outcomes, "OutcomeException", AssertionError)


def _star_names(module, importer):
    """What `from solution import *` binds in a test module: the learner module's public names
    (those of its `__all__` if it is a list of strings, else all), except a name the test module
    already has (`pytest`, `unittest`, a helper of the tests), a builtin's (`all`, `len`,
    `isinstance`...) or one the grader reads in a test module (`pytestmark`...). A star import
    brings in the code under test; it must never swap the tests' own tools for the learner's (a `pytest.raises` that swallows everything, an `all`
    that is always True). A test that wants a learner function named like a builtin imports it
    by name. Names starting with "_" never come (a learner's `__builtins__` would become the
    builtins of the test functions defined after the import)."""
    import builtins

    listed = dir(module)
    names = list(listed) if isinstance(listed, list) else []
    declared = getattr(module, "__all__", None) if "__all__" in names else None
    if isinstance(declared, (list, tuple)) and all(type(n) is str for n in declared):
        names = list(declared)
    return [
        n
        for n in names
        if type(n) is str and n.isidentifier() and not n.startswith("_")
        and n not in importer and not hasattr(builtins, n) and n not in _GRADER_NAMES
    ]


# Names a test module defines for the grader (its marks, its module-level set-up): a star
# import never brings the learner's (a `pytestmark` of the learner's skipped every test).
_GRADER_NAMES = frozenset(
    {"pytestmark", "pytest_plugins", "setup_module", "teardown_module", "setup_function",
     "teardown_function", "setUpModule", "tearDownModule"}
)


def _track(value, session, path):
    """Remembers how a module attribute was reached, so it works again after a restart."""
    if type(value) is Remote:
        object.__setattr__(value, "_pd_path", path)
    return value


def _dataclasses_across(session):
    """`dataclasses.fields`, `asdict`, `astuple`, `is_dataclass` and `replace` given a learner's
    object or class: answered by the learner's process, where it is a dataclass (here it is a
    proxy, which they would not recognise). What comes back is data, as from any call."""
    mirror.after_import("dataclasses", lambda dataclasses: _dataclasses_wrapped(dataclasses, session))


def _dataclasses_wrapped(dataclasses, session):
    import functools

    def across(name):
        original = getattr(dataclasses, name)
        if getattr(original, "_pydojo_across", False):
            return original

        def call(obj, *args, **kwargs):
            if type(obj) is Remote:
                try:
                    there = getattr(session.remote_module("dataclasses"), name)
                except PermissionError:  # a write-the-tests run: only the code under test
                    return original(obj, *args, **kwargs)
                return there(obj, *args, **kwargs)
            return original(obj, *args, **kwargs)

        functools.update_wrapper(call, original)
        call._pydojo_across = True
        return call

    for name in ("fields", "asdict", "astuple", "is_dataclass", "replace"):
        setattr(dataclasses, name, across(name))


def start_session(job):
    """Hardens the judge, and makes the solution modules importable as proxies."""
    _make_undumpable()
    protocols.install()  # isinstance(learner_object, TestProtocol) in the tests
    hidden = bool(job.get("hidden_subject"))
    if not hidden:
        # Not in a write-the-tests run: there the tests are the learner's, and the host holds
        # code they must not read (a patched `compile` would be handed its source).
        mirror.install()  # the tests' patches of the standard library reach the learner's code
    session = Session(job)
    _dataclasses_across(session)
    if not hidden:
        scripts.install(session)  # runpy, importlib.reload, subprocess: the learner's file runs there
    session.set_deadline(session.test_timeout)
    names = set()
    for module in job.get("solution_modules", []):
        parts = module.split(".")
        for i in range(1, len(parts) + 1):
            names.add(".".join(parts[:i]))
    for name in sorted(names):
        sys.modules[name] = session.module_proxy(name)
    session.ensure()  # start the learner's interpreter now, while the judge loads the tests
    return session
