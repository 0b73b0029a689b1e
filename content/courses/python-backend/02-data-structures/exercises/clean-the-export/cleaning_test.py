import json

import pytest

from cleaning import clean_records, summarize

# A sample of the real export: three generations of records, batches, duplicates and noise.
SAMPLE = r"""
[
  {"id": 3, "customer": {"name": "  Ada   Lovelace ", "email": " ADA@Example.com"},
   "plan": "Pro", "seats": "3", "tags": "beta, VIP"},
  {"id": "1", "name": "Grace Hopper", "email": "grace@navy.mil", "plan": "professional",
   "seats": 5, "tags": ["Navy", "vip", "VIP "]},
  [
    {"id": " 7 ", "customer": {"name": "Alan Turing", "email": ""}, "plan": "basic", "seats": ""},
    {"id": 4, "customer": {"name": "", "email": "anon@example.com"}, "plan": "  team ",
     "seats": 0, "tags": null},
    [
      {"id": 9, "customer": {"name": "Katherine\tJohnson", "email": "KJ@nasa.gov"},
       "plan": "Business", "seats": "12", "tags": ["", "math"]}
    ]
  ],
  {"id": "3", "customer": {"name": "Ada L. (duplicate)", "email": "ada2@example.com"},
   "plan": "free", "seats": 1},
  {"id": "abc", "customer": {"name": "Bad Id"}, "plan": "pro", "seats": 1},
  {"customer": {"name": "No Id"}, "plan": "pro"},
  {"id": true, "customer": {"name": "Boolean Id"}, "plan": "pro"},
  {"id": 0, "customer": {"name": "Zero Id"}, "plan": "pro"},
  {"id": 5, "customer": {"name": "Edsger Dijkstra", "email": null}, "plan": "pro", "seats": "two"},
  {"id": 6, "customer": {"name": "Barbara Liskov", "email": "barbara@mit.edu"},
   "plan": "Enterprise", "seats": null, "tags": "  "},
  {"id": 2, "name": "Linus", "email": "LINUS@kernel.org", "plan": "Trial", "seats": "2.5"},
  {"id": 8, "name": "Margaret Hamilton", "email": "margaret@apollo.org"},
  "not a record",
  42,
  null,
  {"id": 5, "customer": {"name": "Edsger W. Dijkstra", "email": "EWD@utexas.edu"},
   "plan": "Teams", "seats": 2, "tags": "Algorithms"},
  {"id": "10", "customer": {"name": "Hedy Lamarr", "email": "hedy@example.com"},
   "plan": "FREE", "seats": " 4 ", "tags": ["Radio", "radio", " patents "]}
]
"""

SAMPLE_CLEAN = [
    {"id": 1, "name": "Grace Hopper", "email": "grace@navy.mil", "plan": "pro", "seats": 5, "tags": ["navy", "vip"]},
    {"id": 3, "name": "Ada Lovelace", "email": "ada@example.com", "plan": "pro", "seats": 3, "tags": ["beta", "vip"]},
    {"id": 4, "name": None, "email": "anon@example.com", "plan": "team", "seats": 0, "tags": []},
    {"id": 5, "name": "Edsger W. Dijkstra", "email": "ewd@utexas.edu", "plan": "team", "seats": 2, "tags": ["algorithms"]},
    {"id": 6, "name": "Barbara Liskov", "email": "barbara@mit.edu", "plan": "unknown", "seats": 1, "tags": []},
    {"id": 7, "name": "Alan Turing", "email": None, "plan": "free", "seats": 1, "tags": []},
    {"id": 8, "name": "Margaret Hamilton", "email": "margaret@apollo.org", "plan": "unknown", "seats": 1, "tags": []},
    {"id": 9, "name": "Katherine Johnson", "email": "kj@nasa.gov", "plan": "team", "seats": 12, "tags": ["math"]},
    {"id": 10, "name": "Hedy Lamarr", "email": "hedy@example.com", "plan": "free", "seats": 4, "tags": ["patents", "radio"]},
]

FULL = {"id": 1, "name": "Ada", "email": "ada@example.com", "plan": "pro", "seats": 2, "tags": []}


def clean_one(**fields):
    """Clean an export holding a single record with these fields; None if it was skipped."""
    records = clean_records(json.dumps([fields]))
    assert len(records) <= 1, f"one record in, {len(records)} out"
    return records[0] if records else None


def with_changes(**changes):
    return {**FULL, **changes}


# ---- the whole sample -------------------------------------------------------------------


def test_the_sample_ids():
    assert [record["id"] for record in clean_records(SAMPLE)] == [1, 3, 4, 5, 6, 7, 8, 9, 10]


def test_the_sample():
    records = clean_records(SAMPLE)
    by_id = {record["id"]: record for record in records}
    for expected in SAMPLE_CLEAN:
        found = expected["id"] in by_id
        assert found, f"the record with id {expected['id']} is missing: it was skipped, but it should be kept"
        assert by_id[expected["id"]] == expected, f"the record with id {expected['id']}"
    assert records == SAMPLE_CLEAN, "one record per id, sorted by id"


def test_the_summary_of_the_sample():
    assert summarize(SAMPLE_CLEAN) == {
        "customers": 9,
        "seats": 29,
        "missing_email": 1,
        "plans": [("team", 3), ("free", 2), ("pro", 2), ("unknown", 2)],
    }


def test_clean_then_summarize():
    assert summarize(clean_records(SAMPLE))["plans"] == [("team", 3), ("free", 2), ("pro", 2), ("unknown", 2)]


# ---- one rule at a time -----------------------------------------------------------------


def test_a_clean_record_stays_the_same():
    assert clean_one(**FULL) == FULL


@pytest.mark.parametrize(
    "raw_id, expected",
    [(17, 17), ("17", 17), (" 17 ", 17), ("007", 7)],
    ids=["int", "string of digits", "spaces around", "leading zeros"],
)
def test_id(raw_id, expected):
    actual = clean_one(**{**FULL, "id": raw_id})
    assert actual is not None, f"id {raw_id!r}: the record was skipped, but it should be kept"
    assert actual == with_changes(id=expected), f"id {raw_id!r}"


@pytest.mark.parametrize(
    "raw_id",
    [None, "", "  ", "abc", "1.5", 1.5, "-3", -3, 0, True, [1], {"id": 1}],
    ids=["null", "empty", "blank", "letters", "decimal string", "float", "negative string",
         "negative", "zero", "true", "list", "object"],
)
def test_records_with_a_bad_id_are_skipped(raw_id):
    assert clean_one(**{**FULL, "id": raw_id}) is None, f"id {raw_id!r} should skip the record"


def test_a_record_without_an_id_is_skipped():
    fields = dict(FULL)
    del fields["id"]
    assert clean_one(**fields) is None


@pytest.mark.parametrize(
    "raw_name, expected",
    [
        ("Ada Lovelace", "Ada Lovelace"),
        ("  Ada Lovelace\n", "Ada Lovelace"),
        ("Ada    King \t Lovelace", "Ada King Lovelace"),
        ("", None),
        ("   ", None),
        (None, None),
        (42, None),
    ],
    ids=["clean", "stripped", "inner whitespace", "empty", "blank", "null", "a number"],
)
def test_name(raw_name, expected):
    actual = clean_one(**{**FULL, "name": raw_name})
    assert actual is not None, f"name {raw_name!r}: the record was skipped, but it should be kept"
    assert actual == with_changes(name=expected), f"name {raw_name!r}"


@pytest.mark.parametrize(
    "raw_email, expected",
    [
        ("ADA@Example.COM", "ada@example.com"),
        ("  ada@example.com ", "ada@example.com"),
        ("", None),
        (" ", None),
        (None, None),
        (["ada@example.com"], None),
    ],
    ids=["lowercased", "stripped", "empty", "blank", "null", "a list"],
)
def test_email(raw_email, expected):
    actual = clean_one(**{**FULL, "email": raw_email})
    assert actual is not None, f"email {raw_email!r}: the record was skipped, but it should be kept"
    assert actual == with_changes(email=expected), f"email {raw_email!r}"


def test_missing_name_and_email_are_none():
    fields = {"id": 4, "plan": "pro", "seats": 1}
    assert clean_one(**fields) == {"id": 4, "name": None, "email": None, "plan": "pro", "seats": 1, "tags": []}


def test_name_and_email_inside_customer():
    fields = {"id": 4, "customer": {"name": " Bo ", "email": "BO@X.IO"}, "plan": "pro", "seats": 1}
    assert clean_one(**fields) == {"id": 4, "name": "Bo", "email": "bo@x.io", "plan": "pro", "seats": 1, "tags": []}


def test_customer_that_is_not_an_object_is_ignored():
    fields = {"id": 4, "customer": "Bo", "name": "Bo Smith", "email": "bo@x.io", "seats": 1}
    assert clean_one(**fields)["name"] == "Bo Smith"


@pytest.mark.parametrize(
    "raw_plan, expected",
    [
        ("pro", "pro"),
        ("Pro", "pro"),
        ("  PRO ", "pro"),
        ("Professional", "pro"),
        ("basic", "free"),
        ("Trial", "free"),
        ("FREE", "free"),
        ("teams", "team"),
        ("Business", "team"),
        ("Enterprise", "unknown"),
        ("", "unknown"),
        (None, "unknown"),
        (3, "unknown"),
    ],
    ids=["pro", "capitalised", "spaces and capitals", "alias professional", "alias basic",
         "alias trial", "FREE", "alias teams", "alias business", "not in the table", "empty",
         "null", "a number"],
)
def test_plan(raw_plan, expected):
    actual = clean_one(**{**FULL, "plan": raw_plan})
    assert actual is not None, f"plan {raw_plan!r}: the record was skipped, but it should be kept"
    assert actual == with_changes(plan=expected), f"plan {raw_plan!r}"


def test_missing_plan_is_unknown():
    fields = dict(FULL)
    del fields["plan"]
    assert clean_one(**fields) == with_changes(plan="unknown")


@pytest.mark.parametrize(
    "raw_seats, expected",
    [(3, 3), ("3", 3), (" 12 ", 12), (0, 0), ("0", 0), (None, 1), ("", 1), ("  ", 1)],
    ids=["int", "string", "spaces around", "zero is a real value", "zero as a string",
         "null means 1", "empty means 1", "blank means 1"],
)
def test_seats(raw_seats, expected):
    actual = clean_one(**{**FULL, "seats": raw_seats})
    assert actual is not None, f"seats {raw_seats!r}: the record was skipped, but it should be kept"
    assert actual == with_changes(seats=expected), f"seats {raw_seats!r}"


def test_missing_seats_means_one():
    fields = dict(FULL)
    del fields["seats"]
    assert clean_one(**fields) == with_changes(seats=1)


@pytest.mark.parametrize(
    "raw_seats",
    ["two", "2.5", 2.5, -1, "-1", True, [2]],
    ids=["a word", "a decimal string", "a float", "negative", "negative string", "true", "a list"],
)
def test_records_with_bad_seats_are_skipped(raw_seats):
    assert clean_one(**{**FULL, "seats": raw_seats}) is None, f"seats {raw_seats!r} should skip the record"


@pytest.mark.parametrize(
    "raw_tags, expected",
    [
        (["b", "a"], ["a", "b"]),
        ("beta, VIP", ["beta", "vip"]),
        (["VIP", "vip ", " Vip"], ["vip"]),
        ("x,,y, ,", ["x", "y"]),
        (["", "  "], []),
        ("", []),
        (None, []),
        (7, []),
        (["ok", 7, None], ["ok"]),
    ],
    ids=["a list, sorted", "a comma-separated string", "duplicates after cleaning",
         "empty parts", "only blanks", "empty string", "null", "a number", "non-strings in the list"],
)
def test_tags(raw_tags, expected):
    actual = clean_one(**{**FULL, "tags": raw_tags})
    assert actual is not None, f"tags {raw_tags!r}: the record was skipped, but it should be kept"
    assert actual == with_changes(tags=expected), f"tags {raw_tags!r}"


# ---- the export as a whole --------------------------------------------------------------


def test_records_are_sorted_by_id():
    raw = json.dumps([with_changes(id=3), with_changes(id=1), with_changes(id="2")])
    assert [r["id"] for r in clean_records(raw)] == [1, 2, 3]


def test_the_first_record_of_an_id_wins():
    raw = json.dumps([with_changes(name="First"), with_changes(id="1", name="Second")])
    assert clean_records(raw) == [with_changes(name="First")]


def test_a_skipped_record_does_not_block_its_id():
    raw = json.dumps([with_changes(seats="many", name="Broken"), with_changes(name="Valid")])
    assert clean_records(raw) == [with_changes(name="Valid")]


def test_batches_nested_to_any_depth():
    raw = json.dumps([[with_changes(id=2)], [[[with_changes(id=3)]], []], with_changes(id=1)])
    assert [r["id"] for r in clean_records(raw)] == [1, 2, 3]


def test_batches_keep_the_first_record_in_reading_order():
    raw = json.dumps([[[with_changes(name="Inner first")]], with_changes(name="Outer later")])
    assert clean_records(raw) == [with_changes(name="Inner first")]


def test_noise_is_ignored():
    raw = json.dumps(["text", 3, None, True, [None, "more"], FULL])
    assert clean_records(raw) == [FULL]


def test_an_empty_export():
    assert clean_records("[]") == []
    assert clean_records("[[], [[]]]") == []


@pytest.mark.parametrize(
    "text",
    ['{"id": 1}', '"records"', "42", "null", "not json", '[{"id": 1'],
    ids=["an object", "a string", "a number", "null", "not JSON", "broken JSON"],
)
def test_the_top_level_must_be_a_list(text):
    with pytest.raises(ValueError):
        clean_records(text)


# ---- summarize --------------------------------------------------------------------------


def test_summary_of_nothing():
    assert summarize([]) == {"customers": 0, "seats": 0, "missing_email": 0, "plans": []}


def test_summary_counts():
    records = [
        with_changes(id=1, seats=3, plan="free", email=None),
        with_changes(id=2, seats=0, plan="team"),
        with_changes(id=3, seats=10, plan="free", email=None),
    ]
    assert summarize(records) == {
        "customers": 3,
        "seats": 13,
        "missing_email": 2,
        "plans": [("free", 2), ("team", 1)],
    }


def test_summary_plans_with_equal_counts_are_alphabetical():
    records = [with_changes(id=i, plan=plan) for i, plan in enumerate(["unknown", "team", "pro", "free", "pro"])]
    assert summarize(records)["plans"] == [("pro", 2), ("free", 1), ("team", 1), ("unknown", 1)]
