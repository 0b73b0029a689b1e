from dataclasses import dataclass, field, replace


@dataclass  # TODO: frozen and ordered
class Version:
    """A version number major.minor.patch; compares and sorts as numbers, field by field."""

    # TODO: the fields major, minor (default 0) and patch (default 0)

    def __post_init__(self):
        raise NotImplementedError("check that every part is an int and not negative")

    @classmethod
    def parse(cls, text):
        """'1.2.3' -> Version(1, 2, 3); '1.2' -> Version(1, 2, 0); '1' -> Version(1, 0, 0)."""
        raise NotImplementedError("split the text and build a Version")

    def bump(self, part):
        """A new version with `part` ('major', 'minor' or 'patch') increased by one."""
        raise NotImplementedError("return a new Version")

    def __str__(self):
        raise NotImplementedError("'1.2.3'")


@dataclass
class Release:
    """A named release; `version` may be given as a Version or as text like '1.2.0'."""

    name: str
    version: Version
    # TODO: changes, a list that starts empty (its own list for every release)

    def __post_init__(self):
        raise NotImplementedError("turn a text version into a Version")

    def add_change(self, text):
        raise NotImplementedError("append to the changes")


def latest(releases):
    """The release with the highest version, or None when there are none."""
    raise NotImplementedError("the release with the highest version")
