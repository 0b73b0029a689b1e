from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def _aware(moment):
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: give it a time zone")
    return moment


def to_utc(local_text, zone):
    """'2026-03-30 09:30' on the wall clocks of zone (e.g. 'Europe/Paris') as an aware UTC datetime."""
    wall = datetime.strptime(local_text, "%Y-%m-%d %H:%M")
    tz = ZoneInfo(zone)
    moment = wall.replace(tzinfo=tz).astimezone(timezone.utc)
    if moment.astimezone(tz).replace(tzinfo=None) != wall:  # the clocks jumped over this time
        raise ValueError(f"{local_text} does not exist in {zone}")
    return moment


def local_time(moment, zone):
    """The aware datetime moment as 'YYYY-MM-DD HH:MM TZ' on the wall clocks of zone."""
    return _aware(moment).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def every_day(first, count, zone):
    """count UTC datetimes, one a day, all at first's wall-clock time in zone."""
    start = _aware(first).astimezone(timezone.utc)
    return [start + timedelta(days=n) for n in range(count)]


def hours_between(start, end):
    """The real time between two aware datetimes, in hours (a float)."""
    return (_aware(end) - _aware(start)).total_seconds() / 3600
