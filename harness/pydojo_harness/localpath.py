"""``tmpdir``: pytest's older temporary-directory fixture, a ``py.path.local``.

Tests written for pytest before ``tmp_path`` (and many still) use ``tmpdir.join("f")``,
``.write()``, ``.read()``, ``.strpath``, ``.listdir()``, ``.check()`` and ``.ensure()``. The
``py`` library is not in the sandbox, so this is a small path object with the commonly used part
of that interface, over the same fresh directory ``tmp_path`` gives. ``str()`` and
``os.fspath()`` give its path, so it can be handed to ``open`` or to the learner's code.
"""

import os
import pathlib
import shutil

__all__ = ["LocalPath", "FIXTURES"]


class LocalPath(os.PathLike):
    """A filesystem path with the commonly used methods of ``py.path.local``."""

    def __init__(self, path="."):
        self.strpath = os.path.abspath(os.fspath(path))

    # -- naming -------------------------------------------------------------------------------
    def __fspath__(self):
        return self.strpath

    def __str__(self):
        return self.strpath

    def __repr__(self):
        return f"local({self.strpath!r})"

    def __eq__(self, other):
        try:
            return self.strpath == os.path.abspath(os.fspath(other))
        except TypeError:
            return NotImplemented

    def __hash__(self):
        return hash(self.strpath)

    def __truediv__(self, other):
        return self.join(os.fspath(other))

    @property
    def basename(self):
        return os.path.basename(self.strpath)

    @property
    def dirname(self):
        return os.path.dirname(self.strpath)

    @property
    def ext(self):
        return os.path.splitext(self.strpath)[1]

    @property
    def purebasename(self):
        return os.path.splitext(self.basename)[0]

    def dirpath(self):
        return LocalPath(self.dirname)

    def join(self, *parts):
        return LocalPath(os.path.join(self.strpath, *[os.fspath(p) for p in parts]))

    def relto(self, other):
        base = os.fspath(other)
        rel = os.path.relpath(self.strpath, base)
        return "" if rel.startswith("..") else rel

    # -- reading and writing --------------------------------------------------------------------
    def read(self, mode="r"):
        with open(self.strpath, mode) as handle:
            return handle.read()

    def read_text(self, encoding="utf-8"):
        return pathlib.Path(self.strpath).read_text(encoding=encoding)

    def read_binary(self):
        return pathlib.Path(self.strpath).read_bytes()

    def readlines(self, cr=True):
        text = self.read()
        return text.splitlines(keepends=cr)

    def write(self, data, mode="w", ensure=False):
        if ensure:
            os.makedirs(self.dirname, exist_ok=True)
        if isinstance(data, bytes) and "b" not in mode:
            mode += "b"
        with open(self.strpath, mode) as handle:
            handle.write(data)

    def write_text(self, data, encoding="utf-8", ensure=False):
        if ensure:
            os.makedirs(self.dirname, exist_ok=True)
        pathlib.Path(self.strpath).write_text(data, encoding=encoding)

    def write_binary(self, data, ensure=False):
        if ensure:
            os.makedirs(self.dirname, exist_ok=True)
        pathlib.Path(self.strpath).write_bytes(data)

    def open(self, mode="r", *args, **kwargs):
        return open(self.strpath, mode, *args, **kwargs)

    # -- the tree -------------------------------------------------------------------------------
    def exists(self):
        return os.path.exists(self.strpath)

    def isfile(self):
        return os.path.isfile(self.strpath)

    def isdir(self):
        return os.path.isdir(self.strpath)

    def check(self, exists=True, file=None, dir=None):
        """Whether the path is as described (``check()``: it exists)."""
        if file is not None and bool(file) != os.path.isfile(self.strpath):
            return False
        if dir is not None and bool(dir) != os.path.isdir(self.strpath):
            return False
        return bool(exists) == os.path.exists(self.strpath)

    def listdir(self, fil=None, sort=True):
        names = os.listdir(self.strpath)
        paths = [self.join(n) for n in (sorted(names) if sort else names)]
        if fil is None:
            return paths
        if callable(fil):
            return [p for p in paths if fil(p)]
        import fnmatch

        return [p for p in paths if fnmatch.fnmatch(p.basename, fil)]

    def mkdir(self, *parts):
        target = self.join(*parts)
        os.mkdir(target.strpath)
        return target

    def ensure(self, *parts, dir=False):
        """Creates the path (a file, or a directory with ``dir=True``) and its parents."""
        target = self.join(*parts)
        if dir:
            os.makedirs(target.strpath, exist_ok=True)
        else:
            os.makedirs(target.dirname, exist_ok=True)
            if not target.exists():
                open(target.strpath, "a").close()
        return target

    def remove(self, rec=1, ignore_errors=False):
        if os.path.isdir(self.strpath) and not os.path.islink(self.strpath):
            shutil.rmtree(self.strpath, ignore_errors=ignore_errors)
        else:
            os.remove(self.strpath)

    def size(self):
        return os.path.getsize(self.strpath)

    def chdir(self):
        old = LocalPath(os.getcwd())
        os.chdir(self.strpath)
        return old

    def as_cwd(self):
        import contextlib

        @contextlib.contextmanager
        def cwd():
            old = self.chdir()
            try:
                yield old
            finally:
                os.chdir(old.strpath)

        return cwd()


def _tmpdir(request):
    """Fixture: ``tmp_path`` as a :class:`LocalPath` (a fresh directory, removed afterwards)."""
    from .fixtures import make_tmp_path

    path = make_tmp_path(request.work_dir, request.test_name)
    try:
        yield LocalPath(path)
    finally:
        shutil.rmtree(path, ignore_errors=True)


FIXTURES = {"tmpdir": _tmpdir}
