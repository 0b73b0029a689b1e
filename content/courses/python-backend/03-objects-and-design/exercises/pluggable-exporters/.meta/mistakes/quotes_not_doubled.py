"""Exporters turn records (dicts) into text; export_to writes that text to anything writable."""
import json
from abc import ABC, abstractmethod
from typing import Protocol, runtime_checkable


class Exporter(ABC):
    """The shape of every exporter: subclasses say how a header and a line look."""

    @abstractmethod
    def header(self, columns):
        """The first line for these column names, or None if the format has no header."""

    @abstractmethod
    def line(self, record, columns):
        """One record as one line of text, its values in the order of `columns`."""

    def export(self, records):
        """All records as text, one line each (after the header, if any), each ending in a newline."""
        if not records:
            return ""
        columns = list(records[0])
        lines = []
        header = self.header(columns)
        if header is not None:
            lines.append(header)
        lines.extend(self.line(record, columns) for record in records)
        return "".join(line + "\n" for line in lines)


class CsvExporter(Exporter):
    def __init__(self, separator=","):
        self.separator = separator

    def header(self, columns):
        return self.separator.join(self._cell(column) for column in columns)

    def line(self, record, columns):
        return self.separator.join(self._cell(record.get(column)) for column in columns)

    def _cell(self, value):
        text = "" if value is None else str(value)
        if self.separator in text or '"' in text or "\n" in text:
            text = '"' + text + '"'
        return text


class JsonLinesExporter(Exporter):
    def header(self, columns):
        return None

    def line(self, record, columns):
        return json.dumps({column: record.get(column) for column in columns})


@runtime_checkable
class Writable(Protocol):
    """Anything with a write(text) method: an open file, io.StringIO, a socket wrapper..."""

    def write(self, text): ...


class MemoryFile:
    """Collects written text in memory. It does not inherit from Writable: it just fits it."""

    def __init__(self):
        self._parts = []

    def write(self, text):
        self._parts.append(text)
        return len(text)

    def getvalue(self):
        return "".join(self._parts)


def export_to(exporter, records, target):
    """Write `records`, exported by `exporter`, to `target` in one write; return how many."""
    if not isinstance(exporter, Exporter):
        raise TypeError(f"expected an Exporter, got {type(exporter).__name__}")
    if not isinstance(target, Writable):
        raise TypeError(f"cannot write to a {type(target).__name__}: it has no write() method")
    target.write(exporter.export(records))
    return len(records)
