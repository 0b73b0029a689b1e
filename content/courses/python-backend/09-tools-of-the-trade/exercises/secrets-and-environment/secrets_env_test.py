import json
import os
import stat
import sys

import pytest

from secrets_env import child_env, exposed_to, run_tool, write_secret

SHOW_ENV = [sys.executable, "-c", "import json, os; print(json.dumps(dict(os.environ)))"]


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_child_env_drops_secrets():
    base = {"PATH": "/usr/bin", "LANG": "C.UTF-8", "GITHUB_TOKEN": "ghp_x", "DB_PASSWORD": "hunter2",
            "aws_secret": "s", "STRIPE_KEY": "sk", "KEYBOARD": "us", "TOKEN_URL": "https://x"}
    assert child_env(base) == {"PATH": "/usr/bin", "LANG": "C.UTF-8", "KEYBOARD": "us", "TOKEN_URL": "https://x"}, (
        "variables whose name ends with _TOKEN, _SECRET, _PASSWORD or _KEY (any case) must not reach"
        " the child program; other names, even ones that contain those words, stay"
    )


def test_child_env_overrides_and_removals():
    base = {"PATH": "/usr/bin", "LANG": "C", "HOME": "/home/me"}
    env = child_env(base, {"LANG": "C.UTF-8", "DEPLOY_TOKEN": "given on purpose", "HOME": None, "MISSING": None})
    assert env == {"PATH": "/usr/bin", "LANG": "C.UTF-8", "DEPLOY_TOKEN": "given on purpose"}, (
        "overrides win (a secret passed on purpose is kept), and None removes a variable"
    )


def test_child_env_leaves_base_alone():
    base = {"PATH": "/usr/bin", "API_TOKEN": "t"}
    env = child_env(base, {"X": "1"})
    assert base == {"PATH": "/usr/bin", "API_TOKEN": "t"}, "child_env must not change the dict it was given"
    assert env is not base


def test_run_tool_status_and_output():
    assert run_tool([sys.executable, "-c", "print('hello')"]) == (0, "hello\n")
    assert run_tool([sys.executable, "-c", "import sys; sys.exit(3)"]) == (3, "")


def test_run_tool_passes_the_environment():
    status, out = run_tool(SHOW_ENV, {"APP_MODE": "report", "PYDOJO_TOKEN": "on purpose"})
    env = json.loads(out)
    assert env.get("APP_MODE") == "report"
    assert env.get("PYDOJO_TOKEN") == "on purpose"


def test_overrides_do_not_leak_into_later_runs():
    run_tool(SHOW_ENV, {"LEAKY_SETTING": "first run only"})
    status, out = run_tool(SHOW_ENV)
    assert "LEAKY_SETTING" not in json.loads(out), (
        "LEAKY_SETTING from the first run leaked into the second: the overrides changed this"
        " program's own os.environ. Build a new dict for env= instead"
    )


def test_write_secret_new_file(tmp_path):
    path = tmp_path / "db-password.txt"
    write_secret(str(path), "hunter2\n")
    assert path.read_text() == "hunter2\n"
    assert oct(mode(path)) == oct(0o600), (
        f"a secret file must have mode 0o600 (owner reads and writes, nobody else), not {oct(mode(path))}"
    )


def test_write_secret_over_an_existing_file(tmp_path):
    path = tmp_path / "api-token.txt"
    path.write_text("old token, much longer than the new one\n")
    os.chmod(path, 0o644)
    write_secret(str(path), "new\n")
    assert path.read_text() == "new\n"
    assert oct(mode(path)) == oct(0o600), (
        "an existing file keeps its mode when you open it for writing (the mode given to os.open"
        " applies only to new files): set 0o600 yourself"
    )


@pytest.mark.parametrize(
    "bits, expected",
    [(0o600, []), (0o400, []), (0o640, ["group"]), (0o604, ["others"]), (0o755, ["group", "others"]),
     (0o601, ["others"]), (0o620, ["group"])],
)
def test_exposed_to(tmp_path, bits, expected):
    path = tmp_path / "file"
    path.write_text("x")
    os.chmod(path, bits)
    assert exposed_to(str(path)) == expected, f"mode {oct(bits)}: read, write or run, any bit counts"
