import pytest

from config import ConfigError, load_config, parse_bool, parse_port


@pytest.mark.parametrize("text, expected", [("8080", 8080), (" 443 ", 443), ("1", 1), ("65535", 65535)])
def test_parse_port(text, expected):
    assert parse_port(text) == expected


@pytest.mark.parametrize("text", ["eighty", "", "80.5", "8080a", "0x50"])
def test_port_that_is_not_a_number(text):
    with pytest.raises(ValueError) as excinfo:
        parse_port(text)
    assert str(excinfo.value) == f"port must be a whole number, got {text!r}"


@pytest.mark.parametrize("text, port", [("0", 0), ("65536", 65536), ("70000", 70000), ("-1", -1)])
def test_port_out_of_range(text, port):
    with pytest.raises(ValueError) as excinfo:
        parse_port(text)
    assert str(excinfo.value) == f"port must be between 1 and 65535, got {port}"


@pytest.mark.parametrize("text", ["true", "yes", "on", "1", "TRUE", " Yes ", "On"])
def test_parse_bool_true(text):
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["false", "no", "off", "0", "False", " NO", "oFf "])
def test_parse_bool_false(text):
    assert parse_bool(text) is False


@pytest.mark.parametrize("text", ["maybe", "", "2", "y", "truee"])
def test_parse_bool_rejects(text):
    with pytest.raises(ValueError) as excinfo:
        parse_bool(text)
    assert str(excinfo.value) == f"expected true/false, yes/no, on/off or 1/0, got {text!r}"


def test_load_config_defaults():
    assert load_config({"PORT": "8080"}) == {"host": "localhost", "port": 8080, "debug": False, "workers": 1}


def test_load_config_every_setting():
    env = {"HOST": "0.0.0.0", "PORT": " 443", "DEBUG": "Yes", "WORKERS": "4", "UNRELATED": "x"}
    assert load_config(env) == {"host": "0.0.0.0", "port": 443, "debug": True, "workers": 4}


def test_debug_off():
    assert load_config({"PORT": "80", "DEBUG": "0"})["debug"] is False


@pytest.mark.parametrize(
    "env, message",
    [
        ({}, "PORT is required"),
        ({"HOST": "example.com"}, "PORT is required"),
        ({"PORT": "eighty"}, "PORT: port must be a whole number, got 'eighty'"),
        ({"PORT": "99999"}, "PORT: port must be between 1 and 65535, got 99999"),
        ({"PORT": "80", "DEBUG": "maybe"}, "DEBUG: expected true/false, yes/no, on/off or 1/0, got 'maybe'"),
        ({"PORT": "80", "WORKERS": "0"}, "WORKERS: must be a whole number of at least 1, got '0'"),
        ({"PORT": "80", "WORKERS": "-2"}, "WORKERS: must be a whole number of at least 1, got '-2'"),
        ({"PORT": "80", "WORKERS": "many"}, "WORKERS: must be a whole number of at least 1, got 'many'"),
        ({"PORT": "80", "WORKERS": "2.5"}, "WORKERS: must be a whole number of at least 1, got '2.5'"),
    ],
)
def test_load_config_errors(env, message):
    with pytest.raises(ConfigError) as excinfo:
        load_config(env)
    assert str(excinfo.value) == message


def test_config_error_is_a_value_error():
    with pytest.raises(ValueError):
        load_config({"PORT": "eighty"})


def test_a_broken_caller_is_not_a_config_error():
    # None instead of a string is a bug in the code that calls load_config, not a bad setting.
    with pytest.raises(Exception) as excinfo:
        load_config({"PORT": None})
    assert not isinstance(excinfo.value, ValueError), (
        f"load_config({{'PORT': None}}) raised {type(excinfo.value).__name__}: None is a bug in the"
        " caller, not a bad setting. Catch only ValueError and let other errors through"
    )


@pytest.mark.parametrize("variable", ["DEBUG", "WORKERS"])
def test_only_value_errors_become_config_errors(variable):
    # The same for the optional settings: catching every exception would hide the bug, and so
    # would treating None as "not set" (the variable IS in env, with a value that is not a string).
    env = {"PORT": "80", variable: None}
    try:
        load_config(env)
    except ValueError as error:
        pytest.fail(
            f"load_config({env!r}) raised {type(error).__name__}: {error}. None is a bug in the"
            " caller, not a bad setting: catch only ValueError and let other errors through"
        )
    except Exception:
        return
    pytest.fail(
        f"load_config({env!r}) returned normally: {variable} is in env, with None instead of a string."
        " That is a bug in the caller: parse it as any other value and let the TypeError or"
        " AttributeError through, instead of treating it as unset (test `in env`, not `.get() is None`)"
    )


@pytest.mark.parametrize(
    "env, message",
    [
        ({"PORT": "-1"}, "PORT: port must be between 1 and 65535, got -1"),
        ({"PORT": "80", "WORKERS": "-1"}, "WORKERS: must be a whole number of at least 1, got '-1'"),
    ],
)
def test_minus_one_as_in_the_examples(env, message):
    with pytest.raises(ConfigError) as excinfo:
        load_config(env)
    assert str(excinfo.value) == message, (
        "as the examples show: a port of -1 is a whole number out of range (the number, without quotes),"
        " a WORKERS of -1 gets the WORKERS message with the text as given (in quotes)"
    )
