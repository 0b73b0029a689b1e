from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def to_utc(local_text, zone):
    """'2026-03-30 09:30' on the wall clocks of zone (e.g. 'Europe/Paris') as an aware UTC datetime."""
    raise NotImplementedError


def local_time(moment, zone):
    """The aware datetime moment as 'YYYY-MM-DD HH:MM TZ' on the wall clocks of zone."""
    raise NotImplementedError


def every_day(first, count, zone):
    """count UTC datetimes, one a day, all at first's wall-clock time in zone."""
    raise NotImplementedError


def hours_between(start, end):
    """The real time between two aware datetimes, in hours (a float)."""
    raise NotImplementedError
