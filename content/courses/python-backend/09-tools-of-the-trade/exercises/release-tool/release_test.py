import io
import os
import subprocess

import pytest

from release import ConfigError, load_settings, main

ENV = {
    **os.environ,
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Grader",
    "GIT_AUTHOR_EMAIL": "grader@pydojo.invalid",
    "GIT_COMMITTER_NAME": "Grader",
    "GIT_COMMITTER_EMAIL": "grader@pydojo.invalid",
}
PYPROJECT = '[project]\nname = "shop"\nversion = "1.2.0"\nrequires-python = ">=3.11"\n'


def run(repo, *args, check=True):
    result = subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=ENV,
                            capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"the test's own git {' '.join(args)} failed: {result.stderr}")
    return result.stdout


@pytest.fixture
def repo(tmp_path):
    run(tmp_path, "init", "-q")
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "README.md").write_text("# Shop\n")
    run(tmp_path, "add", ".")
    run(tmp_path, "commit", "-q", "-m", "Shop 1.2.0")
    return tmp_path


def tags(repo):
    return run(repo, "tag", "--list").split()


def release(repo, capsys, *options, env=None, stream=None):
    stream = io.StringIO() if stream is None else stream
    status = main([*options, str(repo)], env or {}, stream)
    return status, stream.getvalue().splitlines()


# --- settings from the environment --------------------------------------------------------------

def test_default_settings():
    assert load_settings({}) == {"tag_prefix": "v", "log_level": "INFO", "allow_dirty": False}


def test_settings_from_the_environment():
    env = {"RELEASE_TAG_PREFIX": "release-", "RELEASE_LOG_LEVEL": "debug", "RELEASE_ALLOW_DIRTY": " Yes", "HOME": "/x"}
    assert load_settings(env) == {"tag_prefix": "release-", "log_level": "DEBUG", "allow_dirty": True}


@pytest.mark.parametrize(
    "env, message",
    [
        ({"RELEASE_LOG_LEVEL": "LOUD"}, "RELEASE_LOG_LEVEL: unknown log level 'LOUD'"),
        ({"RELEASE_ALLOW_DIRTY": "maybe"}, "RELEASE_ALLOW_DIRTY: expected yes/no, true/false or 1/0, got 'maybe'"),
    ],
)
def test_bad_settings(env, message):
    with pytest.raises(ConfigError) as excinfo:
        load_settings(env)
    assert str(excinfo.value) == message


# --- the release ----------------------------------------------------------------------------------

def test_tags_the_release(repo, capsys):
    status, output = release(repo, capsys)
    assert status == 0, f"a clean repository with version 1.2.0 should be released (status 0); it printed {output}"
    assert tags(repo) == ["v1.2.0"]
    assert run(repo, "cat-file", "-t", "v1.2.0").strip() == "tag", (
        "make an annotated tag (git tag --annotate ... --message ...): a release records who tagged it,"
        " when and why; a lightweight tag is only a name"
    )
    assert run(repo, "tag", "-l", "--format=%(contents:subject)", "v1.2.0").strip() == "Release 1.2.0"
    assert run(repo, "rev-list", "-n", "1", "v1.2.0") == run(repo, "rev-parse", "HEAD")
    assert output == ["INFO tagged v1.2.0"]


def test_dry_run(repo, capsys):
    status, output = release(repo, capsys, "--dry-run")
    assert (status, tags(repo), output) == (0, [], ["INFO would tag v1.2.0"])


def test_prefix_from_the_environment(repo, capsys):
    status, output = release(repo, capsys, env={"RELEASE_TAG_PREFIX": "release-"})
    assert (status, tags(repo)) == (0, ["release-1.2.0"]), (
        "settings come from the env dict main is given (RELEASE_TAG_PREFIX), not from os.environ"
    )


def test_a_changed_file_stops_the_release(repo, capsys):
    (repo / "README.md").write_text("# Shop, edited\n")
    status, output = release(repo, capsys)
    assert (status, tags(repo)) == (1, []), "a release of uncommitted changes can never be rebuilt: refuse (status 1)"
    assert output == ["ERROR working tree is not clean: README.md"]


def test_an_untracked_file_stops_the_release(repo, capsys):
    (repo / "secret.env").write_text("TOKEN=x\n")
    status, output = release(repo, capsys)
    assert (status, tags(repo)) == (1, []), (
        "an untracked file (secret.env) also makes the tree not clean: `git status --porcelain`"
        " lists it with ??; it may be part of the build"
    )
    assert output == ["ERROR working tree is not clean: secret.env"]


def test_allow_dirty(repo, capsys):
    (repo / "README.md").write_text("# Shop, edited\n")
    status, output = release(repo, capsys, env={"RELEASE_ALLOW_DIRTY": "1"})
    assert (status, tags(repo)) == (0, ["v1.2.0"])


def test_an_existing_tag_is_not_moved(repo, capsys):
    run(repo, "tag", "v1.2.0")
    (repo / "README.md").write_text("# Shop 2\n")
    run(repo, "commit", "-qam", "More")
    status, output = release(repo, capsys)
    assert (status, output) == (1, ["ERROR tag v1.2.0 already exists"])
    assert run(repo, "rev-list", "-n", "1", "v1.2.0") == run(repo, "rev-parse", "HEAD~1")


def test_no_version(repo, capsys):
    (repo / "pyproject.toml").write_text('[project]\nname = "shop"\ndynamic = ["version"]\n')
    run(repo, "commit", "-qam", "Dynamic version")
    status, output = release(repo, capsys)
    assert (status, output) == (1, ["ERROR pyproject.toml has no project.version"])


@pytest.mark.parametrize(
    "env, line",
    [
        ({"RELEASE_LOG_LEVEL": "LOUD"}, "ERROR RELEASE_LOG_LEVEL: unknown log level 'LOUD'"),
        ({"RELEASE_ALLOW_DIRTY": "maybe"}, "ERROR RELEASE_ALLOW_DIRTY: expected yes/no, true/false or 1/0, got 'maybe'"),
    ],
)
def test_a_bad_setting_is_status_2(repo, capsys, env, line):
    status, output = release(repo, capsys, env=env)
    assert (status, output, tags(repo)) == (2, [line], []), (
        "a bad setting is a usage error, status 2 (like bad arguments), with the ConfigError's message"
        " after 'ERROR ', and nothing is tagged"
    )


def test_usage_is_status_2(capsys):
    assert main([], {}, io.StringIO()) == 2, "no REPO argument: argparse's usage error, and main returns 2"


def test_log_levels(repo, capsys):
    status, output = release(repo, capsys, "--dry-run", env={"RELEASE_LOG_LEVEL": "DEBUG"})
    assert status == 0 and output[-1] == "INFO would tag v1.2.0"
    assert any(line.startswith("DEBUG ") for line in output), "at DEBUG, say what you found (the version, say)"
    status, output = release(repo, capsys, "--dry-run", env={"RELEASE_LOG_LEVEL": "WARNING"})
    assert (status, output) == (0, []), "at WARNING, a release that went well prints nothing"


def test_each_line_once_across_runs(repo, capsys):
    stream = io.StringIO()
    for _ in range(3):
        status, output = release(repo, capsys, "--dry-run", stream=stream)
    assert output == ["INFO would tag v1.2.0"] * 3, (
        "each line once: main sets up logging on every call, so remove the handlers of the previous call"
    )


def test_each_line_once_with_a_new_stream(repo, capsys):
    release(repo, capsys, "--dry-run")
    status, output = release(repo, capsys, "--dry-run")
    assert output == ["INFO would tag v1.2.0"], (
        "each line once: main sets up logging on every call, so remove the handlers of the previous call"
    )
