class ConfigError(ValueError):
    """A setting is missing or has a value that can't be used."""


def parse_port(text):
    """The port in text as an int from 1 to 65535; ValueError with a clear message otherwise."""
    raise NotImplementedError("convert, then check the range")


def parse_bool(text):
    """True for true/yes/on/1, False for false/no/off/0 (any case); ValueError otherwise."""
    raise NotImplementedError("normalise the text, then compare")


def load_config(env):
    """{"host", "port", "debug", "workers"} from the variables in env; ConfigError if one is wrong."""
    raise NotImplementedError("one setting at a time")
