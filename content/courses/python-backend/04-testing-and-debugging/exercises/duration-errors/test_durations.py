from durations import parse_duration


def test_ninety_seconds():
    # Correct, but every broken copy gets this one right: the bugs are in the error cases.
    assert parse_duration("90s") == 90
