import json

import pytest

from exporters import CsvExporter, Exporter, JsonLinesExporter, MemoryFile, Writable, export_to

PEOPLE = [
    {"id": 1, "name": "Ada", "city": "London"},
    {"id": 2, "name": "Grace", "city": "New York"},
]


# --- the abstract base class ---------------------------------------------------------------

def test_exporter_cannot_be_instantiated():
    with pytest.raises(TypeError):
        Exporter()


def test_header_and_line_are_the_abstract_methods():
    assert Exporter.__abstractmethods__ == frozenset({"header", "line"})


@pytest.mark.parametrize("name", ["CsvExporter", "JsonLinesExporter"])
def test_concrete_exporters_are_exporters(name):
    import exporters

    cls = getattr(exporters, name)
    assert issubclass(cls, Exporter), f"{name} must inherit from Exporter"
    assert isinstance(cls(), Exporter)


def test_export_is_written_once_in_the_base_class():
    assert CsvExporter.export is Exporter.export, "CsvExporter should inherit export(), not define its own"
    assert JsonLinesExporter.export is Exporter.export, "JsonLinesExporter should inherit export(), not define its own"


# --- CSV -----------------------------------------------------------------------------------

def test_csv_export():
    assert CsvExporter().export(PEOPLE) == "id,name,city\n1,Ada,London\n2,Grace,New York\n"


def test_csv_header_and_line():
    exporter = CsvExporter()
    assert exporter.header(["id", "name"]) == "id,name"
    assert exporter.line({"name": "Ada", "id": 1}, ["id", "name"]) == "1,Ada"


def test_csv_with_another_separator():
    assert CsvExporter(separator=";").export(PEOPLE) == "id;name;city\n1;Ada;London\n2;Grace;New York\n"


@pytest.mark.parametrize(
    "value, cell",
    [
        ("Lovelace, Ada", '"Lovelace, Ada"'),
        ('the "Countess"', '"the ""Countess"""'),
        ("two\nlines", '"two\nlines"'),
        (None, ""),
        (2.5, "2.5"),
        (True, "True"),
    ],
    ids=["separator", "double quotes", "newline", "None", "float", "bool"],
)
def test_csv_cells(value, cell):
    assert CsvExporter().line({"id": 7, "value": value}, ["id", "value"]) == "7," + cell


def test_csv_quotes_only_its_own_separator():
    assert CsvExporter(separator=";").line({"name": "Lovelace, Ada"}, ["name"]) == "Lovelace, Ada"
    assert CsvExporter(separator=";").line({"name": "a;b"}, ["name"]) == '"a;b"'


def test_columns_come_from_the_first_record():
    records = [{"id": 1, "name": "Ada"}, {"name": "Grace", "id": 2, "extra": "ignored"}, {"id": 3}]
    assert CsvExporter().export(records) == "id,name\n1,Ada\n2,Grace\n3,\n"


# --- JSON lines ----------------------------------------------------------------------------

def test_json_lines_export():
    text = JsonLinesExporter().export(PEOPLE)
    assert text.endswith("\n")
    assert [json.loads(line) for line in text.splitlines()] == PEOPLE


def test_json_lines_has_no_header_and_keeps_the_column_order():
    exporter = JsonLinesExporter()
    assert exporter.header(["id", "name"]) is None
    assert exporter.line({"name": "Ada", "id": 1}, ["id", "name"]) == '{"id": 1, "name": "Ada"}'


def test_json_lines_missing_values_are_null():
    assert JsonLinesExporter().export([{"id": 1, "name": "Ada"}, {"id": 2}]) == (
        '{"id": 1, "name": "Ada"}\n{"id": 2, "name": null}\n'
    )


@pytest.mark.parametrize("name", ["CsvExporter", "JsonLinesExporter"])
def test_no_records_export_as_empty_text(name):
    import exporters

    assert getattr(exporters, name)().export([]) == ""


# --- the Writable protocol -----------------------------------------------------------------

def test_memory_file_collects_what_is_written():
    target = MemoryFile()
    target.write("id,name\n")
    target.write("1,Ada\n")
    assert target.getvalue() == "id,name\n1,Ada\n"


def test_memory_files_are_separate():
    first, second = MemoryFile(), MemoryFile()
    first.write("only here")
    assert second.getvalue() == ""


def test_a_memory_file_is_writable_without_inheriting():
    assert isinstance(MemoryFile(), Writable)
    bases = [cls.__name__ for cls in MemoryFile.__mro__]
    inherits = "Writable" in bases
    assert inherits is False, "MemoryFile should fit the protocol by its shape, not by inheriting from it"


@pytest.mark.parametrize("value", ["some text", ["a", "list"], {"write": "a dict"}, 42, None])
def test_plain_values_are_not_writable(value):
    assert not isinstance(value, Writable)


def test_an_exporter_is_not_writable():
    assert not isinstance(CsvExporter(), Writable)


# --- export_to -----------------------------------------------------------------------------

def test_export_to_writes_the_export_and_returns_the_count():
    target = MemoryFile()
    assert export_to(CsvExporter(), PEOPLE, target) == 2
    assert target.getvalue() == "id,name,city\n1,Ada,London\n2,Grace,New York\n"


def test_export_to_with_json_lines():
    target = MemoryFile()
    assert export_to(JsonLinesExporter(), PEOPLE[:1], target) == 1
    assert target.getvalue() == '{"id": 1, "name": "Ada", "city": "London"}\n'


@pytest.mark.parametrize("target", [[], "out.csv", None], ids=["a list", "a file name", "None"])
def test_export_to_refuses_a_target_that_is_not_writable(target):
    with pytest.raises(TypeError):
        export_to(CsvExporter(), PEOPLE, target)


@pytest.mark.parametrize(
    "make_exporter",
    [lambda: "csv", lambda: None, lambda: MemoryFile()],
    ids=["a string", "None", "a MemoryFile"],
)
def test_export_to_refuses_something_that_is_not_an_exporter(make_exporter):
    target = MemoryFile()
    with pytest.raises(TypeError):
        export_to(make_exporter(), PEOPLE, target)
    assert target.getvalue() == "", "nothing may be written when the exporter is refused"
