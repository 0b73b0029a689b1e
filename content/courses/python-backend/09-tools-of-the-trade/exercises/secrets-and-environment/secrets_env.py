import os
import stat
import subprocess

SECRET_SUFFIXES = ("_TOKEN", "_SECRET", "_PASSWORD", "_KEY")


def child_env(base, overrides=None):
    """A new dict: base without secret-looking variables, then overrides (None removes one)."""
    raise NotImplementedError


def run_tool(args, overrides=None):
    """Run args with child_env(os.environ, overrides); return (exit status, stdout text)."""
    raise NotImplementedError


def write_secret(path, text):
    """Write text to path so that only its owner can read or write it (mode 0o600)."""
    raise NotImplementedError


def exposed_to(path):
    """Who besides the owner has any permission on path: a sorted list, subset of ["group", "others"]."""
    raise NotImplementedError
