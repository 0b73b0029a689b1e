import copy

CAUSE = (
    "Both copies were shallow: DEFAULTS.copy() kept the same inner dicts and tags list, and "
    "[[None] * cols] * rows put the same row list in every slot, so changing one changed them all."
)

DEFAULTS = {
    "pricing": {"currency": "EUR", "base": 40},
    "limits": {"per_order": 6},
    "tags": ["concert"],
}


def event_settings(overrides, tags=()):
    """DEFAULTS with each section of overrides applied on top, plus extra tags. DEFAULTS never changes."""
    settings = copy.deepcopy(DEFAULTS)
    for section, values in overrides.items():
        settings.setdefault(section, {}).update(values)
    settings["tags"].extend(tags)
    return settings


def seat_map(rows, cols, bookings):
    """A list of `rows` rows of `cols` seats (None = free), with each (row, col, name) booked."""
    grid = [[None] * cols] * rows
    for row, col, name in bookings:
        grid[row][col] = name
    return grid
