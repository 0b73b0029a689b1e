FACTORS = (("h", 3600), ("m", 60), ("s", 1))


def parse_duration(text):
    if not isinstance(text, str):
        raise TypeError("parse_duration() expected a str, got " + type(text).__name__)
    rest = text.strip()
    if rest == "":
        raise ValueError("not a duration: %r" % (text,))
    total = 0
    for unit, factor in FACTORS:
        n = 0
        while n < len(rest) and rest[n].isdecimal():
            n += 1
        if n and n < len(rest) and rest[n] == unit:
            total += int(rest[:n]) * factor
            rest = rest[n + 1 :]
    if rest:
        raise ValueError("not a duration: %r" % (text,))
    return total
