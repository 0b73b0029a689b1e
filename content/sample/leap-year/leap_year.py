def is_leap_year(year):
    """Return True if `year` (1 or later) is a leap year in the Gregorian calendar."""
    raise NotImplementedError("Write the body of is_leap_year() and delete this line.")
