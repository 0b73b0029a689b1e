import re
import tomllib
from pathlib import PurePosixPath, PureWindowsPath

NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)


def project_problems(text):
    """Problems of the pyproject.toml in text, as a list of messages (empty when it is fine)."""
    raise NotImplementedError


def venv_python(venv, os_name):
    """The path of the Python interpreter inside the virtual environment folder venv."""
    raise NotImplementedError
