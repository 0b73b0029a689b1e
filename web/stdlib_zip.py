"""Repacks Pyodide's standard-library zip for the browser (run by web/build.mjs).

Pyodide ships python_stdlib.zip with each of its 614 files deflated on its own: 2.5 MB, which
compression on the wire can no longer shrink. This writes the same files, in the same order with
the same names, dates and attributes, but *stored* (not compressed), so that brotli compresses the
archive as a whole: 9.7 MB stored, about 1.6 MB as brotli, against 2.5 MB. The browser inflates
it once on arrival (the HTTP layer does that) and Python's zipimport then reads stored entries
without inflating each module it imports. The same input always gives the same bytes.

Usage: python3 web/stdlib_zip.py <pyodide's python_stdlib.zip> <output zip>
"""

import os
import sys
import zipfile


def repack(source: str, target: str) -> None:
    partial = target + ".partial"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            zout.writestr(copy, b"" if info.is_dir() else zin.read(info), zipfile.ZIP_STORED)
    os.replace(partial, target)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python3 web/stdlib_zip.py <pyodide's python_stdlib.zip> <output zip>")
    repack(sys.argv[1], sys.argv[2])
