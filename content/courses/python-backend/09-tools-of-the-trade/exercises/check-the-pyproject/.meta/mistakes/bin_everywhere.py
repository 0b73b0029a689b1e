import re
import tomllib
from pathlib import PurePosixPath, PureWindowsPath

NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)
CONSTRAINT = re.compile(r"[<>=!~@]")


def has_constraint(requirement):
    """'requests>=2.31', 'rich[jupyter]==13.7 ; python_version < "3.12"', 'pkg @ https://...'."""
    before_marker = requirement.split(";", 1)[0]
    return CONSTRAINT.search(before_marker) is not None


def project_problems(text):
    """Problems of the pyproject.toml in text, as a list of messages (empty when it is fine)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [f"not valid TOML: {error}"]
    problems = []
    if "requires" not in data.get("build-system", {}):
        problems.append("[build-system] requires is missing")
    project = data.get("project")
    if project is None:
        return problems + ["[project] table is missing"]
    name = project.get("name")
    if name is None:
        problems.append("project.name is missing")
    elif not NAME.match(name):
        problems.append(f"project.name {name!r} is not a valid name")
    if "version" not in project and "version" not in project.get("dynamic", []):
        problems.append("project.version is missing (or list it in project.dynamic)")
    if "requires-python" not in project:
        problems.append("project.requires-python is missing")
    for requirement in project.get("dependencies", []):
        if not has_constraint(requirement):
            problems.append(f"dependency {requirement.strip()!r} has no version constraint")
    return problems


def venv_python(venv, os_name):
    """The path of the Python interpreter inside the virtual environment folder venv."""
    return str(PurePosixPath(venv, "bin", "python"))
