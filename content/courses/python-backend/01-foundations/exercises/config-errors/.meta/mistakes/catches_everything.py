class ConfigError(ValueError):
    """A setting is missing or has a value that can't be used."""


TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")


def parse_port(text):
    """The port in text as an int from 1 to 65535; ValueError with a clear message otherwise."""
    try:
        port = int(text)
    except ValueError:
        raise ValueError(f"port must be a whole number, got {text!r}") from None
    if not 1 <= port <= 65535:
        raise ValueError(f"port must be between 1 and 65535, got {port}")
    return port


def parse_bool(text):
    """True for true/yes/on/1, False for false/no/off/0 (any case); ValueError otherwise."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"expected true/false, yes/no, on/off or 1/0, got {text!r}")


def parse_workers(text):
    try:
        workers = int(text)
    except ValueError:
        workers = 0
    if workers < 1:
        raise ValueError(f"must be a whole number of at least 1, got {text!r}")
    return workers


def load_config(env):
    """{"host", "port", "debug", "workers"} from the variables in env; ConfigError if one is wrong."""
    if "PORT" not in env:
        raise ConfigError("PORT is required")
    config = {"host": env.get("HOST", "localhost"), "port": None, "debug": False, "workers": 1}
    parsers = [("PORT", "port", parse_port), ("DEBUG", "debug", parse_bool), ("WORKERS", "workers", parse_workers)]
    for variable, key, parse in parsers:
        if variable not in env:
            continue
        try:
            config[key] = parse(env[variable])
        except Exception as error:
            raise ConfigError(f"{variable}: {error}") from error
    return config
