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


def test_spaces_around_keys_and_values_are_stripped(settings_file):
    path = settings_file("  name=  orders api  \n")
    assert read_settings(path) == {"name": "orders api"}


def test_a_value_may_contain_equals_signs(settings_file):
    path = settings_file("dsn = postgres://db/app?sslmode=require\n")
    assert read_settings(path) == {"dsn": "postgres://db/app?sslmode=require"}


def test_keys_are_lowercased(settings_file):
    path = settings_file("Log_Level = DEBUG\n")
    assert read_settings(path) == {"log_level": "DEBUG"}


def test_blank_lines_and_comments_are_ignored(settings_file):
    path = settings_file("# the service\n\nport = 8080\n    # an indented comment\n   \n")
    assert read_settings(path) == {"port": "8080"}


def test_the_last_value_wins(settings_file):
    path = settings_file("port = 80\nport = 8080\n")
    assert read_settings(path) == {"port": "8080"}


def test_an_empty_file(settings_file):
    assert read_settings(settings_file("")) == {}


def test_values_keep_their_case(settings_file):
    path = settings_file("Mode = ReadOnly\n")
    assert read_settings(path) == {"mode": "ReadOnly"}
