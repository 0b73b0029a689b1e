def collect_tags(posts):
    """Every tag in the posts, lower-cased and stripped, each once, in first-seen order."""
    found = []
    seen = set()
    for post in posts:
        for tag in post["tags"]:
            tag = tag.strip().lower()
            if not tag or tag in seen:
                continue
            seen.add(tag)
            found.append(tag)
    return found


def parse_count(text):
    """The whole number in text, or 0 when there is none."""
    try:
        return int(text)
    except ValueError:
        return 0
