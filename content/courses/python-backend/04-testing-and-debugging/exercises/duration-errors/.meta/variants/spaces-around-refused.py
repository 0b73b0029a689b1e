"""Durations in the job scheduler's config: "90s", "15m", "1h30m"."""

import re

_DURATION = re.compile(r"(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")


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
    cleaned = text
    match = _DURATION.fullmatch(cleaned)
    if not cleaned or match is None:
        raise ValueError(f"not a duration: {text!r}")
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds
