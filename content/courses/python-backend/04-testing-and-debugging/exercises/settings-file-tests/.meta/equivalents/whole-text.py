from pathlib import Path


def read_settings(path):
    result = {}
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    for index, raw in enumerate(lines):
        text = raw.strip()
        if text == "" or text[0] == "#":
            continue
        cut = text.find("=")
        if cut < 0:
            raise ValueError("line %d: expected key = value" % (index + 1))
        result[text[:cut].strip().lower()] = text[cut + 1 :].strip()
    return result


def write_settings(path, settings):
    body = "".join("%s = %s\n" % (name, settings[name]) for name in sorted(settings))
    Path(path).write_text(body, encoding="utf-8")
