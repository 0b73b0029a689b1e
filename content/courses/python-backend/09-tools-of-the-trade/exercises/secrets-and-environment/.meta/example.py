import os
import stat
import subprocess

SECRET_SUFFIXES = ("_TOKEN", "_SECRET", "_PASSWORD", "_KEY")


def child_env(base, overrides=None):
    """A new dict: base without secret-looking variables, then overrides (None removes one)."""
    env = {name: value for name, value in base.items() if not name.upper().endswith(SECRET_SUFFIXES)}
    for name, value in (overrides or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def run_tool(args, overrides=None):
    """Run args with child_env(os.environ, overrides); return (exit status, stdout text)."""
    done = subprocess.run(args, env=child_env(os.environ, overrides), stdout=subprocess.PIPE, text=True)
    return done.returncode, done.stdout


def write_secret(path, text):
    """Write text to path so that only its owner can read or write it (mode 0o600)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # new files: 0o600 from the start
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        os.fchmod(file.fileno(), 0o600)  # an existing file keeps its old mode unless we change it
        file.write(text)


def exposed_to(path):
    """Who besides the owner has any permission on path: a sorted list, subset of ["group", "others"]."""
    mode = os.stat(path).st_mode
    who = []
    if mode & stat.S_IRWXG:
        who.append("group")
    if mode & stat.S_IRWXO:
        who.append("others")
    return who
