def read_settings(path):
    with open(path, encoding="utf-8") as handle:
        rows = handle.readlines()
    pairs = []
    for lineno in range(1, len(rows) + 1):
        content = rows[lineno - 1].strip()
        if not content or content.startswith("#"):
            continue
        if "=" not in content:
            raise ValueError(f"line {lineno}: expected key = value")
        name, val = content.split("=", 1)
        pairs.append((name.strip().lower(), val.strip()))
    return dict(pairs)


def write_settings(path, settings):
    with open(path, "w", encoding="utf-8") as handle:
        for name, val in sorted(settings.items()):
            print(name, "=", val, file=handle)
