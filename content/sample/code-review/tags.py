def collect_tags(posts, found=[]):
    """Every tag in the posts, lower-cased and stripped, each once, in first-seen order."""
    for post in posts:
        for tag in post["tags"]:
            tag = tag.strip().lower()
            if tag is "":
                continue
            if tag not in found:
                found.append(tag)
    return found


def parse_count(text):
    """The whole number in text, or 0 when there is none."""
    try:
        return int(text)
    except:
        return 0
