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


def _records(value):
    """Every dict inside a list of records and batches (lists), nested to any depth, in order."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [record for item in value for record in _records(item)]
    return []  # anything else is not a record


def _whole_number(value):
    """The int in an int or a string of digits (spaces around allowed), else None. bool is no number."""
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal():
        return int(value.strip())
    return None


def _name(value):
    """The name with its whitespace tidied, or None for anything blank or not a string."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _tags(value):
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return sorted({tag.strip().lower() for tag in value if isinstance(tag, str) and tag.strip()})


def _clean(record):
    """The cleaned record, or None when it has to be skipped."""
    record_id = _whole_number(record.get("id"))
    if record_id is None or record_id < 1:
        return None
    seats = record.get("seats")
    if seats is None or (isinstance(seats, str) and not seats.strip()):
        seats = 1
    else:
        seats = _whole_number(seats)
        if seats is None or seats < 0:
            return None
    customer = record["customer"] if isinstance(record.get("customer"), dict) else record
    email = customer.get("email")
    plan = record.get("plan")
    return {
        "id": record_id,
        "name": _name(customer.get("name")),
        "email": (email.strip().lower() or None) if isinstance(email, str) else None,
        "plan": PLAN_ALIASES.get(plan.strip().lower(), "unknown") if isinstance(plan, str) else "unknown",
        "seats": seats,
        "tags": _tags(record.get("tags")),
    }


def clean_records(raw_json_text):
    """Parse the export and return its clean records, one per id, sorted by id."""
    data = json.loads(raw_json_text)
    if not isinstance(data, list):
        raise ValueError("expected a JSON list at the top level")
    by_id = {}
    for record in _records(data):
        cleaned = _clean(record)
        if cleaned is not None and cleaned["id"] not in by_id:
            by_id[cleaned["id"]] = cleaned
    return sorted(by_id.values(), key=lambda r: r["id"])


def summarize(records):
    """Counts for a list of clean records."""
    plans = {}
    for record in records:
        plans[record["plan"]] = plans.get(record["plan"], 0) + 1
    return {
        "customers": len(records),
        "seats": sum(record["seats"] for record in records),
        "missing_email": sum(1 for record in records if record["email"] is None),
        "plans": sorted(plans.items(), key=lambda pair: (-pair[1], pair[0])),
    }
