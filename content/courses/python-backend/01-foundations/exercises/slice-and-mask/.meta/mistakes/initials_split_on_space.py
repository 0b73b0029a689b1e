def mask_card(number):
    """Mask every digit but the last four: '**** **** **** 1234'."""
    digits = number.replace(" ", "").replace("-", "")
    if len(digits) < 4:
        raise ValueError("too short")
    masked = "*" * (len(digits) - 4) + digits[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def initials(full_name):
    """'ada lovelace' -> 'A.L.'"""
    return "".join(word[0].upper() + "." for word in full_name.split(" "))


def shorten(text, width):
    """At most `width` characters; cut text ends with '…'."""
    if len(text) <= width:
        return text
    return text[: width - 1].rstrip() + "…"
