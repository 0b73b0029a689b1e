def is_leap_year(year):
    """Return True if `year` (1 or later) is a leap year in the Gregorian calendar."""
    if year < 1:
        raise ValueError(f"years start at 1, got {year}")
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
