from datetime import datetime, timedelta, timezone

import pytest

from schedule import every_day, hours_between, local_time, to_utc

UTC = timezone.utc


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    "text, zone, expected",
    [
        ("2026-01-15 09:30", "Europe/Paris", utc(2026, 1, 15, 8, 30)),      # winter: UTC+1
        ("2026-07-15 09:30", "Europe/Paris", utc(2026, 7, 15, 7, 30)),      # summer: UTC+2
        ("2026-07-15 09:30", "America/New_York", utc(2026, 7, 15, 13, 30)),  # UTC-4
        ("2026-07-15 09:30", "Asia/Kolkata", utc(2026, 7, 15, 4, 0)),        # UTC+5:30
        ("2026-07-15 09:30", "UTC", utc(2026, 7, 15, 9, 30)),
    ],
)
def test_to_utc(text, zone, expected):
    result = to_utc(text, zone)
    assert result == expected, (
        f"{text} in {zone} is {expected:%H:%M} UTC: the offset depends on the zone AND the date"
        " (daylight saving time), so look it up with zoneinfo.ZoneInfo, never a fixed +1"
    )
    assert result.utcoffset() == timedelta(0), "return the moment in UTC (an aware datetime with tzinfo=timezone.utc)"


def test_a_time_the_clocks_skip_does_not_exist():
    # On 2026-03-29 at 02:00 the clocks in Paris jump to 03:00.
    with pytest.raises(ValueError) as excinfo:
        to_utc("2026-03-29 02:30", "Europe/Paris")
        pytest.fail("02:30 on 2026-03-29 never happens in Paris: raise ValueError instead of inventing a time")
    assert str(excinfo.value) == "2026-03-29 02:30 does not exist in Europe/Paris"


def test_a_repeated_time_is_the_first_one():
    # On 2026-10-25 at 03:00 the clocks in Paris go back to 02:00: 02:30 happens twice.
    assert to_utc("2026-10-25 02:30", "Europe/Paris") == utc(2026, 10, 25, 0, 30)


@pytest.mark.parametrize(
    "moment, zone, expected",
    [
        (utc(2026, 3, 30, 7, 30), "Europe/Paris", "2026-03-30 09:30 CEST"),
        (utc(2026, 1, 1, 0, 30), "Europe/Paris", "2026-01-01 01:30 CET"),
        (utc(2026, 1, 1, 0, 30), "America/Los_Angeles", "2025-12-31 16:30 PST"),
        (datetime(2026, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=2))), "UTC", "2026-06-01 10:00 UTC"),
    ],
)
def test_local_time(moment, zone, expected):
    assert local_time(moment, zone) == expected


@pytest.mark.parametrize("call", [
    lambda: local_time(datetime(2026, 1, 1, 12, 0), "Europe/Paris"),
    lambda: hours_between(datetime(2026, 1, 1), utc(2026, 1, 2)),
    lambda: every_day(datetime(2026, 1, 1, 9, 0), 2, "Europe/Paris"),
])
def test_naive_datetimes_are_refused(call):
    with pytest.raises(ValueError) as excinfo:
        call()
        pytest.fail("a naive datetime (no tzinfo) must raise ValueError: nobody knows which 12:00 it means")
    assert str(excinfo.value) == "naive datetime: give it a time zone"


def test_every_day_keeps_the_wall_clock_time_across_the_change():
    first = to_utc("2026-03-27 09:00", "Europe/Paris")  # Friday; the clocks change on Sunday
    days = every_day(first, 4, "Europe/Paris")
    assert [local_time(day, "Europe/Paris") for day in days] == [
        "2026-03-27 09:00 CET",
        "2026-03-28 09:00 CET",
        "2026-03-29 09:00 CEST",
        "2026-03-30 09:00 CEST",
    ], (
        "the daily meeting stays at 09:00 in Paris: add calendar days to the wall-clock time, then"
        " convert; adding 24 hours in UTC moves it to 10:00 after the clocks change"
    )
    assert [day.utcoffset() for day in days] == [timedelta(0)] * 4


def test_every_day_in_autumn_in_new_york():
    first = utc(2026, 10, 31, 13, 0)  # 09:00 in New York (EDT)
    days = every_day(first, 3, "America/New_York")
    assert days == [utc(2026, 10, 31, 13, 0), utc(2026, 11, 1, 14, 0), utc(2026, 11, 2, 14, 0)]


def test_hours_between():
    assert hours_between(utc(2026, 5, 1, 8, 0), utc(2026, 5, 1, 17, 30)) == 9.5
    paris_midnights = to_utc("2026-03-29 00:00", "Europe/Paris"), to_utc("2026-03-30 00:00", "Europe/Paris")
    assert hours_between(*paris_midnights) == 23.0, "the day the clocks go forward has 23 hours"
