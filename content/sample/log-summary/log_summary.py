"""Summarize a service's log file by level."""

# Levels from least to most severe.
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")

# The threshold summarize() uses when it is not given one. Read it when summarize() runs.
DEFAULT_LEVEL = "INFO"


def summarize(log_path, summary_path, level=None):
    """Count the log's entries by level and write those at or above the threshold.

    Writes one "LEVEL: count" line per reported level to `summary_path`, prints a one-line
    report, and returns the reported counts as a dict.
    """
    raise NotImplementedError("Write the body of summarize() and delete this line.")
