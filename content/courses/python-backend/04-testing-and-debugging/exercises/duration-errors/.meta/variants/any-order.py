import re

_TOKEN = re.compile(r"(\d+)([a-z])")
_SECONDS = {"h": 3600, "m": 60, "s": 1}


def parse_duration(text):
    if not isinstance(text, str):
        raise TypeError(f"parse_duration() expected a str, got {type(text).__name__}")
    cleaned = text.strip()
    tokens = _TOKEN.findall(cleaned)
    if not cleaned or "".join(number + unit for number, unit in tokens) != cleaned:
        raise ValueError(f"not a duration: {text!r}")
    units = [unit for _, unit in tokens]
    if any(unit not in _SECONDS for unit in units) or len(set(units)) != len(units):
        raise ValueError(f"not a duration: {text!r}")
    return sum(int(number) * _SECONDS[unit] for number, unit in tokens)
