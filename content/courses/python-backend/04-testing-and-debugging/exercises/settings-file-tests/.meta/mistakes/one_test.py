import pytest

from settings import read_settings, write_settings


@pytest.fixture
def settings_file(tmp_path):
    """Returns a function that writes `text` to a new settings file and returns its path."""

    def write(text):
        path = tmp_path / "app.conf"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_reads_settings(settings_file):
    path = settings_file("host = localhost\nport = 8080\n")
    assert read_settings(path) == {"host": "localhost", "port": "8080"}
