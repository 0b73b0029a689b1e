import pytest

import log_summary
from log_summary import summarize

SAMPLE_LOG = """\
2024-05-01 12:00:00 INFO Service started
2024-05-01 12:00:01 DEBUG Cache warmed

2024-05-01 12:00:02 WARNING Slow response from billing
this line is not a log entry
2024-05-01 12:00:03 ERROR Disk full on /var
2024-05-01 12:00:04 info Retrying
"""


def write_log(tmp_path, text, name="app.log"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def read_summary(path):
    return path.read_text(encoding="utf-8")


def test_summary_file_covers_info_and_above_by_default(tmp_path):
    log = write_log(tmp_path, SAMPLE_LOG)
    out = tmp_path / "summary.txt"
    summarize(str(log), str(out))
    assert read_summary(out) == "INFO: 2\nWARNING: 1\nERROR: 1\nCRITICAL: 0\n"


def test_returns_the_counts_it_wrote(tmp_path):
    log = write_log(tmp_path, SAMPLE_LOG)
    counts = summarize(str(log), str(tmp_path / "summary.txt"))
    assert counts == {"INFO": 2, "WARNING": 1, "ERROR": 1, "CRITICAL": 0}


def test_an_explicit_level_narrows_the_summary(tmp_path):
    log = write_log(tmp_path, SAMPLE_LOG)
    out = tmp_path / "summary.txt"
    summarize(str(log), str(out), level="ERROR")
    assert read_summary(out) == "ERROR: 1\nCRITICAL: 0\n"


def test_an_explicit_level_ignores_case(tmp_path):
    log = write_log(tmp_path, SAMPLE_LOG)
    out = tmp_path / "summary.txt"
    summarize(str(log), str(out), level="debug")
    assert read_summary(out) == "DEBUG: 1\nINFO: 2\nWARNING: 1\nERROR: 1\nCRITICAL: 0\n"


def test_prints_a_one_line_report(tmp_path, capsys):
    log = write_log(tmp_path, SAMPLE_LOG)
    summarize(str(log), str(tmp_path / "summary.txt"))
    assert capsys.readouterr().out == "app.log: 4 of 5 entries at INFO or above (1 skipped)\n"


def test_the_report_names_the_log_file_not_its_folder(tmp_path, capsys):
    folder = tmp_path / "logs"
    folder.mkdir()
    log = write_log(folder, "2024-05-01 09:15:00 CRITICAL Power lost\n", name="power.log")
    summarize(str(log), str(tmp_path / "summary.txt"), level="critical")
    assert capsys.readouterr().out == "power.log: 1 of 1 entries at CRITICAL or above (0 skipped)\n"


def test_blank_lines_are_neither_entries_nor_skipped(tmp_path, capsys):
    log = write_log(tmp_path, "\n   \n2024-05-01 10:00:00 WARNING Low memory\n\t\n")
    out = tmp_path / "summary.txt"
    summarize(str(log), str(out), level="WARNING")
    assert capsys.readouterr().out == "app.log: 1 of 1 entries at WARNING or above (0 skipped)\n"
    assert read_summary(out) == "WARNING: 1\nERROR: 0\nCRITICAL: 0\n"


def test_lines_without_a_known_level_are_skipped(tmp_path, capsys):
    text = (
        "2024-05-01 10:00:00 NOTICE Unknown level\n"
        "2024-05-01 10:00:01\n"
        "ERROR at the start of the line\n"
        "2024-05-01 10:00:02 ERROR\n"
        "2024-05-01 10:00:03 Error Mixed case is fine\n"
    )
    log = write_log(tmp_path, text)
    out = tmp_path / "summary.txt"
    summarize(str(log), str(out), level="ERROR")
    assert capsys.readouterr().out == "app.log: 2 of 2 entries at ERROR or above (3 skipped)\n"
    assert read_summary(out) == "ERROR: 2\nCRITICAL: 0\n"


def test_an_empty_log_gives_zero_counts(tmp_path, capsys):
    log = write_log(tmp_path, "")
    out = tmp_path / "summary.txt"
    summarize(str(log), str(out), level="ERROR")
    assert read_summary(out) == "ERROR: 0\nCRITICAL: 0\n"
    assert capsys.readouterr().out == "app.log: 0 of 0 entries at ERROR or above (0 skipped)\n"


def test_an_existing_summary_is_replaced(tmp_path):
    log = write_log(tmp_path, SAMPLE_LOG)
    out = tmp_path / "summary.txt"
    out.write_text("stale contents from yesterday\n" * 3, encoding="utf-8")
    summarize(str(log), str(out), level="ERROR")
    assert read_summary(out) == "ERROR: 1\nCRITICAL: 0\n"


def test_the_default_level_is_read_when_summarize_is_called(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(log_summary, "DEFAULT_LEVEL", "WARNING")
    log = write_log(tmp_path, SAMPLE_LOG)
    out = tmp_path / "summary.txt"
    summarize(str(log), str(out))
    assert read_summary(out) == "WARNING: 1\nERROR: 1\nCRITICAL: 0\n"
    assert capsys.readouterr().out == "app.log: 2 of 5 entries at WARNING or above (1 skipped)\n"


def test_an_explicit_level_wins_over_the_default(tmp_path, monkeypatch):
    monkeypatch.setattr(log_summary, "DEFAULT_LEVEL", "CRITICAL")
    log = write_log(tmp_path, SAMPLE_LOG)
    out = tmp_path / "summary.txt"
    summarize(str(log), str(out), level="WARNING")
    assert read_summary(out) == "WARNING: 1\nERROR: 1\nCRITICAL: 0\n"


def test_an_unknown_level_raises_before_writing_anything(tmp_path):
    log = write_log(tmp_path, SAMPLE_LOG)
    out = tmp_path / "summary.txt"
    with pytest.raises(ValueError, match="LOUD"):
        summarize(str(log), str(out), level="LOUD")
    assert not out.exists()
