"""Messages for a run in which no test could start: the learner's file or the tests failed
to load. They name the file and line and say what to do."""
import os
import re

from .errors import LearnerExit, LimitExceeded, syntax_error_message


def _solution_file(job, module):
    for name in job.get("solution_modules", []):
        if name == module:
            return name.replace(".", "/") + ".py"
    return module.replace(".", "/") + ".py"


def _is_blank(job, relpath):
    try:
        with open(os.path.join(job["solution_dir"], relpath), encoding="utf-8") as handle:
            return handle.read().strip() == ""
    except OSError:
        return False


def _syntax_message(exc, classifier):
    filename = getattr(exc, "filename", None) or "?"
    shown = classifier.display_name(filename) if filename != "?" else filename
    return syntax_error_message(exc, shown)


def load_error_message(exc, test_path, job, classifier):
    """Explains why the tests could not be loaded."""
    solution_modules = set(job.get("solution_modules", []))
    if isinstance(exc, LimitExceeded):
        return f"{exc.message} while importing your code"
    if isinstance(exc, LearnerExit):
        return exc.message + " while your module was being imported"
    remote_syntax = getattr(exc, "pydojo_syntax", None)
    if remote_syntax:
        return remote_syntax
    if isinstance(exc, SyntaxError):
        if exc.filename and classifier.is_learner_file(exc.filename):
            return _syntax_message(exc, classifier)
        return f"the test file {test_path} has a syntax error (line {exc.lineno}): {exc.msg}"
    if isinstance(exc, ImportError) and getattr(exc, "pydojo_type_name", None) is None:
        match = re.match(r"cannot import name '([^']+)' from '([^']+)'", str(exc))
        if match and match.group(2) in solution_modules:
            missing, module = match.groups()
            path = _solution_file(job, module)
            if _is_blank(job, path):
                return f"{path} is empty: write your solution in it (the tests need `{missing}`)."
            return (
                f"{path} does not define `{missing}`, which the tests import. "
                f"Check the name's spelling and that it is defined at the top level of {path}."
            )
        if exc.name in solution_modules:
            path = _solution_file(job, exc.name)
            return f"{path} was not found: the solution file must be named {path}."
    name = getattr(exc, "pydojo_type_name", None) or type(exc).__name__
    tb_text, line = classifier.learner_traceback(exc)
    if tb_text and line is not None:
        return (
            f"your code raised {name}: {exc} while it was being imported, before any test ran.\n\n"
            f"Traceback (most recent call last):\n{tb_text}"
        )
    return f"the tests in {test_path} could not be loaded: {name}: {exc}"
