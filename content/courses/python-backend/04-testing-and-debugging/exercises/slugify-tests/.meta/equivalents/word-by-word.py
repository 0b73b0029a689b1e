ALLOWED = set("abcdefghijklmnopqrstuvwxyz0123456789")


def slugify(title):
    words = []
    current = ""
    for ch in title.lower():
        if ch in ALLOWED:
            current += ch
        elif current:
            words.append(current)
            current = ""
    if current:
        words.append(current)
    if not words:
        return "untitled"
    return "-".join(words)
