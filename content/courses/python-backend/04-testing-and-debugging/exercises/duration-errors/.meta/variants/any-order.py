"""Durations in the job scheduler's config: "90s", "15m", "1h30m"."""

import re

_TOKEN = re.compile(r"(\d+)([a-z])")
_SECONDS = {"h": 3600, "m": 60, "s": 1}


def parse_duration(text):
    """Return the number of seconds in a duration such as "90s", "15m", "2h" or "1h30m15s".

    - The units are h (hours), m (minutes) and s (seconds), lowercase, in that order, each at
      most once.
    - Every number has a unit: "90" is not a duration.
    - Spaces around the text are ignored; spaces inside it are not allowed.
    - Anything else, including "", raises ValueError("not a duration: <the text, quoted>").
    - A value that is not a str raises TypeError.
    """
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
