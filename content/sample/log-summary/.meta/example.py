"""Summarize a service's log file by level."""

import os

# Levels from least to most severe.
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# The threshold summarize() uses when it is not given one. Read it when summarize() runs.
DEFAULT_LEVEL = "INFO"


def summarize(log_path, summary_path, level=None):
    """Count the log's entries by level and write those at or above the threshold.

    Writes one "LEVEL: count" line per reported level to `summary_path`, prints a one-line
    report, and returns the reported counts as a dict.
    """
    threshold = (DEFAULT_LEVEL if level is None else level).upper()
    if threshold not in LEVELS:
        raise ValueError(f"unknown level {threshold!r}: expected one of {', '.join(LEVELS)}")

    counts = dict.fromkeys(LEVELS, 0)
    skipped = 0
    with open(log_path, encoding="utf-8") as log:
        for line in log:
            fields = line.split(maxsplit=3)
            if not fields:
                continue
            if len(fields) < 3 or fields[2].upper() not in counts:
                skipped += 1
                continue
            counts[fields[2].upper()] += 1

    reported = {name: counts[name] for name in LEVELS[LEVELS.index(threshold) :]}
    with open(summary_path, "w", encoding="utf-8") as summary:
        for name, count in reported.items():
            summary.write(f"{name}: {count}\n")

    entries = sum(counts.values())
    kept = sum(reported.values())
    name = os.path.basename(log_path)
    print(f"{name}: {kept} of {entries} entries at {threshold} or above ({skipped} skipped)")
    return reported
