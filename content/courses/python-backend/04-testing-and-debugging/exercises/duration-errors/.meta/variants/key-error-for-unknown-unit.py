import re

_TOKEN = re.compile(r"(\d+)([a-z])")
_SECONDS = {"h": 3600, "m": 60, "s": 1}
_ORDER = "hms"


def parse_duration(text):
    if not isinstance(text, str):
        raise TypeError(f"parse_duration() expected a str, got {type(text).__name__}")
    cleaned = text.strip()
    tokens = _TOKEN.findall(cleaned)
    if not cleaned or "".join(number + unit for number, unit in tokens) != cleaned:
        raise ValueError(f"not a duration: {text!r}")
    total = 0
    previous = -1
    for number, unit in tokens:
        total += int(number) * _SECONDS[unit]
        position = _ORDER.index(unit)
        if position <= previous:
            raise ValueError(f"not a duration: {text!r}")
        previous = position
    return total
