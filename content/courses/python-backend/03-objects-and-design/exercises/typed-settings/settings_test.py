import pytest

from settings import ExperimentSettings, ServerSettings, SettingsError, WorkerSettings, load_settings

DB = {"DATABASE_URL": "postgres://db/shop"}


def server(**env):
    return load_settings(ServerSettings, {**DB, **env})


# --- reading each type ------------------------------------------------------------------------

def test_only_the_required_setting_gives_the_defaults():
    assert load_settings(ServerSettings, DB) == ServerSettings(database_url="postgres://db/shop")


def test_every_type_is_converted():
    settings = server(HOST="0.0.0.0", PORT="9000", DEBUG="true", TIMEOUT="2.5",
                      ALLOWED_HOSTS="shop.example,api.example", LOG_FILE="/var/log/shop.log")
    assert settings == ServerSettings(
        database_url="postgres://db/shop", host="0.0.0.0", port=9000, debug=True, timeout=2.5,
        allowed_hosts=["shop.example", "api.example"], log_file="/var/log/shop.log",
    )
    assert (type(settings.port), type(settings.debug), type(settings.timeout)) == (int, bool, float), (
        "the values must be converted to the field's type, not kept as strings"
    )


def test_spaces_around_a_value_are_ignored():
    settings = server(PORT=" 9000 ", HOST="  localhost ", DEBUG=" false\n")
    assert (settings.port, settings.host, settings.debug) == (9000, "localhost", False)


def test_variables_that_are_not_settings_are_ignored():
    assert server(PATH="/usr/bin", HOME="/root", port="1") == ServerSettings(database_url="postgres://db/shop"), (
        "only the upper-case name of each field counts: PATH, HOME and 'port' are not settings"
    )


@pytest.mark.parametrize("text, expected", [
    ("true", True), ("TRUE", True), ("True", True), ("1", True),
    ("false", False), ("False", False), ("FALSE", False), ("0", False),
])
def test_booleans(text, expected):
    assert server(DEBUG=text).debug is expected, f"DEBUG={text!r} must give {expected}"


@pytest.mark.parametrize("text", ["yes", "no", "on", "", "2", "truthy"])
def test_other_booleans_are_refused(text):
    with pytest.raises(SettingsError) as caught:
        server(DEBUG=text)
        pytest.fail(f"DEBUG={text!r} must be refused: only true/false and 1/0 are booleans")
    assert caught.value.errors == {"DEBUG": f"expected true or false, got {text!r}"}


@pytest.mark.parametrize("text", ["eighty", "8080.0", "", "80 80"])
def test_an_integer_that_is_not_one(text):
    with pytest.raises(SettingsError) as caught:
        server(PORT=text)
    assert caught.value.errors == {"PORT": f"expected an integer, got {text!r}"}


def test_a_number_that_is_not_one():
    with pytest.raises(SettingsError) as caught:
        server(TIMEOUT="fast")
    assert caught.value.errors == {"TIMEOUT": "expected a number, got 'fast'"}


@pytest.mark.parametrize("text, expected", [
    ("shop.example", ["shop.example"]),
    ("a.example, b.example", ["a.example", "b.example"]),
    (" a ,, b , ", ["a", "b"]),
    ("", []),
])
def test_lists_are_comma_separated(text, expected):
    assert server(ALLOWED_HOSTS=text).allowed_hosts == expected, f"ALLOWED_HOSTS={text!r}"


def test_list_items_are_converted_too():
    settings = load_settings(WorkerSettings, {"QUEUE": "mail", "RETRY_DELAYS": "2, 10,60"})
    assert settings.retry_delays == [2, 10, 60]


def test_a_bad_list_item_is_reported():
    with pytest.raises(SettingsError) as caught:
        load_settings(WorkerSettings, {"QUEUE": "mail", "RETRY_DELAYS": "2,soon,60"})
    assert caught.value.errors == {"RETRY_DELAYS": "expected an integer, got 'soon'"}


def test_default_factories_give_the_default():
    settings = load_settings(WorkerSettings, {"QUEUE": "mail"})
    assert settings == WorkerSettings(queue="mail")
    assert settings.retry_delays == [1, 5, 30], "a field with default_factory is optional: it gets factory()"


@pytest.mark.parametrize("env, expected", [({}, None), ({"LOG_FILE": ""}, None), ({"LOG_FILE": "app.log"}, "app.log")])
def test_optional_fields(env, expected):
    assert server(**env).log_file == expected


def test_an_optional_integer():
    assert load_settings(WorkerSettings, {"QUEUE": "q", "MAX_JOBS": "100"}).max_jobs == 100
    assert load_settings(WorkerSettings, {"QUEUE": "q", "MAX_JOBS": " "}).max_jobs is None
    with pytest.raises(SettingsError) as caught:
        load_settings(WorkerSettings, {"QUEUE": "q", "MAX_JOBS": "many"})
    assert caught.value.errors == {"MAX_JOBS": "expected an integer, got 'many'"}


def test_an_empty_string_is_a_valid_str():
    assert server(HOST="").host == ""


# --- prefix -----------------------------------------------------------------------------------

def test_the_prefix_comes_before_every_name():
    env = {"WORKER_QUEUE": "mail", "WORKER_CONCURRENCY": "16", "WORKER_DRY_RUN": "1", "CONCURRENCY": "2"}
    assert load_settings(WorkerSettings, env, prefix="WORKER_") == WorkerSettings(queue="mail", concurrency=16, dry_run=True)


def test_errors_use_the_full_variable_name():
    with pytest.raises(SettingsError) as caught:
        load_settings(WorkerSettings, {"QUEUE": "mail", "WORKER_CONCURRENCY": "lots"}, prefix="WORKER_")
    assert caught.value.errors == {"WORKER_QUEUE": "required", "WORKER_CONCURRENCY": "expected an integer, got 'lots'"}


# --- errors -----------------------------------------------------------------------------------

def test_a_missing_required_setting():
    with pytest.raises(SettingsError) as caught:
        load_settings(ServerSettings, {"PORT": "9000"})
    assert caught.value.errors == {"DATABASE_URL": "required"}


def test_every_problem_is_reported_at_once():
    env = {"PORT": "eighty", "DEBUG": "yes", "HOST": "ok", "TIMEOUT": "fast", "ALLOWED_HOSTS": "a,b"}
    with pytest.raises(SettingsError) as caught:
        load_settings(ServerSettings, env)
        pytest.fail("four settings are wrong: load_settings must raise SettingsError")
    errors = caught.value.errors
    assert errors == {
        "DATABASE_URL": "required",
        "PORT": "expected an integer, got 'eighty'",
        "DEBUG": "expected true or false, got 'yes'",
        "TIMEOUT": "expected a number, got 'fast'",
    }, "all problems in one SettingsError, not just the first one"
    assert list(errors) == ["DATABASE_URL", "PORT", "DEBUG", "TIMEOUT"], "in the order of the dataclass fields"
    assert str(caught.value) == (
        "invalid settings: DATABASE_URL: required; PORT: expected an integer, got 'eighty'; "
        "DEBUG: expected true or false, got 'yes'; TIMEOUT: expected a number, got 'fast'"
    )


def test_a_settings_error_is_a_value_error():
    with pytest.raises(ValueError):
        load_settings(ServerSettings, {})


def test_an_unsupported_field_type_is_a_type_error():
    with pytest.raises(TypeError) as caught:
        load_settings(ExperimentSettings, {"NAME": "checkout-v2"})
        pytest.fail("ExperimentSettings has a dict field: load_settings must raise TypeError")
    assert "flags" in str(caught.value), f"the message must name the field, got {str(caught.value)!r}"


def test_an_unsupported_type_is_reported_even_when_its_variable_is_missing():
    with pytest.raises(TypeError):
        load_settings(ExperimentSettings, {})
        pytest.fail("a field type load_settings can't read is a bug in the program, found before reading env")
