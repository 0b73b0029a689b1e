from dataclasses import dataclass, field, replace


@dataclass(frozen=True, order=True)
class Version:
    """A version number major.minor.patch; compares and sorts as numbers, field by field."""

    major: int
    minor: int = 0
    patch: int = 0

    def __post_init__(self):
        for name in ("major", "minor", "patch"):
            value = getattr(self, name)
            if type(value) is not int:
                raise TypeError(f"{name} must be an int, got {type(value).__name__}")
            if value < 0:
                raise ValueError(f"{name} must not be negative, got {value}")

    @classmethod
    def parse(cls, text):
        """'1.2.3' -> Version(1, 2, 3); '1.2' -> Version(1, 2, 0); '1' -> Version(1, 0, 0)."""
        parts = text.split(".")
        if not 1 <= len(parts) <= 3:
            raise ValueError(f"not a version: {text!r}")
        return cls(*(int(part) for part in parts))

    def bump(self, part):
        """A new version with `part` ('major', 'minor' or 'patch') increased by one."""
        if part == "major":
            return replace(self, major=self.major + 1, minor=0, patch=0)
        if part == "minor":
            return replace(self, minor=self.minor + 1, patch=0)
        if part == "patch":
            return replace(self, patch=self.patch + 1)
        raise ValueError(f"unknown part {part!r}: expected 'major', 'minor' or 'patch'")

    def __str__(self):
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass
class Release:
    """A named release; `version` may be given as a Version or as text like '1.2.0'."""

    name: str
    version: Version
    changes: list = field(default_factory=list)

    def __post_init__(self):
        if isinstance(self.version, str):
            self.version = Version.parse(self.version)
        if not isinstance(self.version, Version):
            raise TypeError(f"version must be a Version or a str, got {type(self.version).__name__}")

    def add_change(self, text):
        self.changes.append(text)


def latest(releases):
    """The release with the highest version, or None when there are none."""
    return max(releases, key=lambda release: release.version, default=None)
