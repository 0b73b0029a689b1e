import json

PLAN_ALIASES = {
    "free": "free",
    "basic": "free",
    "trial": "free",
    "pro": "pro",
    "professional": "pro",
    "team": "team",
    "teams": "team",
    "business": "team",
}


def clean_records(raw_json_text):
    """Parse the export and return its clean records, one per id, sorted by id."""
    raise NotImplementedError("parse, find every record, clean each one, drop duplicates, sort")


def summarize(records):
    """Counts for a list of clean records: customers, seats, missing_email, plans."""
    raise NotImplementedError("count with a dict, then sort the plan counts")
