import pytest

from pyproject_check import project_problems, venv_python

GOOD = """\
[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "order-service"
version = "1.4.0"
requires-python = ">=3.11"
dependencies = [
    "flask>=3.0,<4",
    "sqlalchemy==2.0.30",
    "rich[jupyter]~=13.7",
    "tomli>=2 ; python_version < '3.11'",
    "internal-lib @ https://example.com/internal_lib-1.0-py3-none-any.whl",
]

[project.scripts]
order-service = "order_service.cli:main"
"""


def without(text, line):
    assert line in text
    return text.replace(line, "")


def test_a_good_file_has_no_problems():
    assert project_problems(GOOD) == [], (
        "every dependency of this file has a constraint: ==, >=, <, ~= and a direct URL (@) all count,"
        " and extras [..] and markers after ; are part of the requirement"
    )


def test_not_toml():
    problems = project_problems('[project]\nname = "x\n')
    assert len(problems) == 1 and problems[0].startswith("not valid TOML: "), (
        "text that tomllib cannot parse gives one problem, 'not valid TOML: ' followed by tomllib's message"
    )


def test_build_system():
    assert project_problems(without(GOOD, 'requires = ["setuptools>=69"]\n')) == ["[build-system] requires is missing"]


def test_no_project_table():
    text = '[build-system]\nrequires = ["hatchling"]\n\n[tool.black]\nline-length = 100\n'
    assert project_problems(text) == ["[project] table is missing"]


def test_name():
    assert project_problems(without(GOOD, 'name = "order-service"\n')) == ["project.name is missing"]
    bad = GOOD.replace('"order-service"\nversion', '"order service!"\nversion')
    assert project_problems(bad) == ["project.name 'order service!' is not a valid name"]


def test_version_may_be_dynamic():
    text = without(GOOD, 'version = "1.4.0"\n')
    assert project_problems(text) == ["project.version is missing (or list it in project.dynamic)"]
    dynamic = text.replace('requires-python', 'dynamic = ["version"]\nrequires-python')
    assert project_problems(dynamic) == [], (
        "a version listed in project.dynamic is set by the build backend (from git tags, say): that is fine"
    )


def test_requires_python():
    assert project_problems(without(GOOD, 'requires-python = ">=3.11"\n')) == ["project.requires-python is missing"]


def test_unconstrained_dependencies():
    text = GOOD.replace('"flask>=3.0,<4"', '"flask"').replace("\"rich[jupyter]~=13.7\"", "\"rich[jupyter] ; os_name == 'nt'\"")
    assert project_problems(text) == [
        "dependency 'flask' has no version constraint",
        "dependency \"rich[jupyter] ; os_name == 'nt'\" has no version constraint",
    ], "a version in the marker (after ;) is not a constraint on the package"


def test_several_problems_in_order():
    text = '[project]\nname = "ok"\ndependencies = ["requests"]\n'
    assert project_problems(text) == [
        "[build-system] requires is missing",
        "project.version is missing (or list it in project.dynamic)",
        "project.requires-python is missing",
        "dependency 'requests' has no version constraint",
    ]


@pytest.mark.parametrize(
    "venv, os_name, expected",
    [
        (".venv", "posix", ".venv/bin/python"),
        ("/srv/app/.venv", "posix", "/srv/app/.venv/bin/python"),
        (".venv", "nt", ".venv\\Scripts\\python.exe"),
        ("C:\\work\\app\\env", "nt", "C:\\work\\app\\env\\Scripts\\python.exe"),
    ],
)
def test_venv_python(venv, os_name, expected):
    assert venv_python(venv, os_name) == expected, (
        "a virtual environment keeps its interpreter in bin/python on Linux and macOS (os.name"
        " 'posix') and in Scripts\\python.exe on Windows (os.name 'nt')"
    )
