"""The host: the only process that runs the learner's code. It serves the judge's requests
(import, getattr, call, operators) and sends back values, references and exceptions.

Started by the judge as `python3 -I -S host.py <harness-dir> <solution-dir> <work-dir>
<request-fd> <reply-fd> <output-bytes>`.
"""
import io
import os
import sys
import traceback


def _setup_path(harness_dir, solution_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    sys.path.insert(0, harness_dir)
    from pydojo_harness.isolation import endpoint, wire  # noqa: F401 - loaded before learner code
    from pydojo_harness import perf_host  # noqa: F401 - measurements the judge asks for (perf.py)
    from pydojo_harness import http_host  # noqa: F401 - requests to the learner's app (http_client.py)

    sys.path.remove(harness_dir)
    sys.path.insert(0, solution_dir)


class _Capture(io.TextIOBase):
    """Learner's stdout during one request; bounded by what is left of the output budget."""

    def __init__(self, budget, sibling=None):
        super().__init__()
        self.budget = budget
        self.parts = []
        self.used = 0
        self.truncated = False
        self.sibling = sibling  # stdout's capture, for stderr's: one budget for both

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = self.budget.remaining - self.used - (self.sibling.used if self.sibling is not None else 0)
        if room > 0:
            self.parts.append(text[:room])
            self.used += min(len(text), room)
        if len(text) > max(room, 0):
            self.truncated = True
        return len(text)

    @property
    def encoding(self):
        return "utf-8"


class _Budget:
    def __init__(self, total):
        self.remaining = total


def _fork_by_default():
    """Python 3.14 starts process pools with `forkserver` by default on Linux; the sandbox's 3.11
    forks. A fresh interpreter cannot start inside the host (its inherited descriptors and
    limits), so a learner's `ProcessPoolExecutor()` works the same on every CPython here: the
    host makes `fork` the default, as Python did before 3.14."""
    if sys.platform != "linux" or sys.version_info < (3, 14):
        return
    import multiprocessing

    try:
        multiprocessing.set_start_method("fork")
    except RuntimeError:
        pass  # already chosen


def serve(solution_dir, work_dir, rfd, wfd, output_bytes, restricted=False, announce=False):
    """Serves the judge's requests until the pipe closes. Never returns. `restricted`: the
    host holds the code under test of a write-the-tests run, and the judge runs the learner's
    tests, which may only call that code (see SubjectPolicy). `announce`: a host the judge
    started during a test (after a time limit or a crash) says when it is ready, so the time
    a new interpreter takes to start is not charged to the test (Session._spawn)."""
    from pydojo_harness.isolation import mirror, protocols
    from pydojo_harness.isolation.endpoint import Endpoint
    from pydojo_harness.isolation.policy import HostPolicy, SubjectPolicy
    from pydojo_harness.isolation.wire import ChannelClosed, read_frame, write_frame

    from pydojo_harness import perf_host

    protocols.install()  # isinstance(test_object, LearnerProtocol) in the learner's code
    perf_host.count_rows()  # rows the learner's code fetches from sqlite3 (perf.operations)
    _fork_by_default()

    os.chdir(work_dir)
    # Output written to the file descriptors directly goes nowhere; print() is captured.
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)  # nothing of the learner's reaches the runner's stderr either
    os.close(devnull)
    budget = _Budget(int(output_bytes))

    class HostEndpoint(Endpoint):
        def serve_one(self, message):
            capture = _Capture(budget)
            errors = _Capture(budget, capture)
            saved = sys.stdout, sys.stderr
            sys.stdout, sys.stderr = capture, errors
            self._capture, self._errors = capture, errors
            try:
                super().serve_one(message)
            finally:
                sys.stdout, sys.stderr = saved

        def decorate_reply(self, reply):
            for key, capture in (("out", self._capture), ("stderr", self._errors)):
                if capture.parts:
                    reply[key] = "".join(capture.parts)
                if capture.truncated:
                    reply["trunc"] = True
            budget.remaining -= self._capture.used + self._errors.used
            self._capture.parts, self._capture.used = [], 0
            self._errors.parts, self._errors.used = [], 0
            logs = mirror.take_logs()
            if logs:
                reply["logs"] = logs  # the learner's log records, for a test's caplog (mirror.py)
            given = mirror.take_warnings()
            if given:
                reply["warnings"] = given  # the learner's warnings, for a test's pytest.warns

    policy = SubjectPolicy(solution_dir) if restricted else HostPolicy(solution_dir)
    endpoint = HostEndpoint(int(rfd), int(wfd), policy)
    if announce:
        write_frame(endpoint.wfd, {"ready": True})  # before any of the learner's code runs
    while True:
        try:
            message = read_frame(endpoint.rfd)
        except ChannelClosed:
            os._exit(0)
        try:
            endpoint.serve_one(message)
        except ChannelClosed:
            os._exit(0)
        except BaseException:  # noqa: BLE001 - the host must not die on its own bugs
            traceback.print_exc()
            os._exit(3)


def main(argv):
    harness_dir, solution_dir, work_dir, rfd, wfd, output_bytes = argv[1:7]
    _setup_path(harness_dir, solution_dir)
    serve(solution_dir, work_dir, rfd, wfd, output_bytes, announce=True)


if __name__ == "__main__":
    main(sys.argv)
