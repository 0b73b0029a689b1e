from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def _aware(moment):
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("naive datetime: give it a time zone")
    return moment


def to_utc(local_text, zone):
    """'2026-03-30 09:30' on the wall clocks of zone (e.g. 'Europe/Paris') as an aware UTC datetime."""
    wall = datetime.strptime(local_text, "%Y-%m-%d %H:%M")
    offset = ZoneInfo(zone).utcoffset(datetime(wall.year, 1, 1))  # the zone's usual offset
    moment = wall.replace(tzinfo=timezone(offset)).astimezone(timezone.utc)
    return moment


def local_time(moment, zone):
    """The aware datetime moment as 'YYYY-MM-DD HH:MM TZ' on the wall clocks of zone."""
    return _aware(moment).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def every_day(first, count, zone):
    """count UTC datetimes, one a day, all at first's wall-clock time in zone."""
    wall = _aware(first).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    days = (wall + timedelta(days=n) for n in range(count))  # calendar days on the wall clock
    return [day.replace(tzinfo=ZoneInfo(zone)).astimezone(timezone.utc) for day in days]


def hours_between(start, end):
    """The real time between two aware datetimes, in hours (a float)."""
    return (_aware(end) - _aware(start)).total_seconds() / 3600
