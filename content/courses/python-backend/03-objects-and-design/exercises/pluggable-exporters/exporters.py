"""Exporters turn records (dicts) into text; export_to writes that text to anything writable."""
import json
from abc import ABC, abstractmethod
from typing import Protocol, runtime_checkable


class Exporter:  # TODO: make it an abstract base class
    """The shape of every exporter: subclasses say how a header and a line look."""

    def header(self, columns):
        """The first line for these column names, or None if the format has no header."""
        raise NotImplementedError("an abstract method: subclasses must define it")

    def line(self, record, columns):
        """One record as one line of text, its values in the order of `columns`."""
        raise NotImplementedError("an abstract method: subclasses must define it")

    def export(self, records):
        """All records as text, one line each (after the header, if any), each ending in a newline."""
        raise NotImplementedError("build the text from header() and line()")


class CsvExporter:
    def __init__(self, separator=","):
        self.separator = separator

    # TODO: header() and line()


class JsonLinesExporter:
    pass  # TODO: header() and line()


class Writable:  # TODO: a runtime-checkable Protocol
    """Anything with a write(text) method: an open file, io.StringIO, a socket wrapper..."""


class MemoryFile:
    """Collects written text in memory. It does not inherit from Writable: it just fits it."""

    def write(self, text):
        raise NotImplementedError("keep the text")

    def getvalue(self):
        raise NotImplementedError("everything written so far")


def export_to(exporter, records, target):
    """Write `records`, exported by `exporter`, to `target` in one write; return how many."""
    raise NotImplementedError("check both arguments, export, write")
