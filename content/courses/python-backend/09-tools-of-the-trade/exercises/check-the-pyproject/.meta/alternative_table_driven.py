import ntpath
import posixpath
import re
import tomllib

VALID_NAME = re.compile(r"[a-z0-9]([a-z0-9._-]*[a-z0-9])?", re.IGNORECASE)
OPERATORS = ("==", ">=", "<=", "~=", "!=", "<", ">", "@")


def _pinned(requirement):
    spec, _, _marker = requirement.partition(";")
    return any(op in spec for op in OPERATORS)


def project_problems(text):
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return ["not valid TOML: " + str(exc)]
    found = [] if doc.get("build-system", {}).get("requires") is not None else ["[build-system] requires is missing"]
    if "project" not in doc:
        found.append("[project] table is missing")
        return found
    meta = doc["project"]
    if "name" not in meta:
        found.append("project.name is missing")
    elif VALID_NAME.fullmatch(meta["name"]) is None:
        found.append("project.name %r is not a valid name" % meta["name"])
    checks = [
        ("version" in meta or "version" in meta.get("dynamic", ()), "project.version is missing (or list it in project.dynamic)"),
        ("requires-python" in meta, "project.requires-python is missing"),
    ]
    found += [message for ok, message in checks if not ok]
    found += ["dependency %r has no version constraint" % dep.strip() for dep in meta.get("dependencies", []) if not _pinned(dep)]
    return found


def venv_python(venv, os_name):
    module, parts = (ntpath, ("Scripts", "python.exe")) if os_name == "nt" else (posixpath, ("bin", "python"))
    return module.join(venv, *parts)
