"""Read and write the service's settings file: one `key = value` setting per line."""


def read_settings(path):
    """Return the settings in the file at `path` as a dict of str -> str.

    - Blank lines, and lines whose first non-space character is "#", are ignored.
    - Every other line is `key = value`. The key is what comes before the first "=", the value
      is everything after it (so a value may contain "="). Both are stripped of surrounding
      spaces, and keys are lowercased.
    - If a key appears twice, the last value wins.
    - A line without "=" raises ValueError("line N: expected key = value"), counting lines
      from 1 (blank and comment lines count too).
    - A missing file raises FileNotFoundError.
    """
    settings = {}
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            key, sep, value = stripped.partition("=")
            if not sep:
                raise ValueError(f"line {number}: expected key = value")
            settings[key.lower()] = value.strip()
    return settings


def write_settings(path, settings):
    """Write `settings` (a dict of str -> str) to `path`: one `key = value` line per setting,
    sorted by key."""
    with open(path, "w", encoding="utf-8") as file:
        for key in sorted(settings):
            file.write(f"{key} = {settings[key]}\n")
