import re

_PART = re.compile(r"(\d+)([hms])")
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}
_ALLOWED_ORDERS = {"h", "m", "s", "hm", "hs", "ms", "hms"}


def parse_duration(value):
    if not isinstance(value, str):
        raise TypeError(f"parse_duration() expected a str, got {type(value).__name__}")
    body = value.strip()
    parts = _PART.findall(body)
    rebuilt = "".join(number + unit for number, unit in parts)
    order = "".join(unit for _, unit in parts)
    if rebuilt != body or order not in _ALLOWED_ORDERS:
        raise ValueError(f"not a duration: {value!r}")
    return sum(int(number) * _UNIT_SECONDS[unit] for number, unit in parts)
