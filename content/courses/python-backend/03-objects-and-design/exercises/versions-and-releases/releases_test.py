import unittest

import pytest

from releases import Release, Version, latest


class VersionTest(unittest.TestCase):
    def test_minor_and_patch_default_to_zero(self):
        self.assertEqual(Version(2), Version(2, 0, 0))
        self.assertEqual(Version(2, 5), Version(2, 5, 0))

    def test_fields_by_name(self):
        version = Version(major=1, minor=4, patch=2)
        self.assertEqual((version.major, version.minor, version.patch), (1, 4, 2))

    def test_repr_is_the_dataclass_repr(self):
        self.assertEqual(repr(Version(1, 4, 2)), "Version(major=1, minor=4, patch=2)")

    def test_str_is_dotted(self):
        self.assertEqual(str(Version(1, 4, 2)), "1.4.2")
        self.assertEqual(str(Version(3)), "3.0.0")

    def test_a_version_cannot_be_changed(self):
        version = Version(1, 2, 3)
        with self.assertRaises(AttributeError):
            version.major = 2
        self.assertEqual(version, Version(1, 2, 3))

    def test_equal_versions_hash_alike(self):
        self.assertEqual(len({Version(1, 2), Version(1, 2, 0), Version(1, 3)}), 2)
        self.assertEqual({Version(1): "first"}[Version(1, 0, 0)], "first")


class VersionOrderTest(unittest.TestCase):
    def test_compares_numbers_not_text(self):
        self.assertLess(Version(1, 9), Version(1, 10))
        self.assertGreater(Version(2, 0, 0), Version(1, 99, 99))
        self.assertLessEqual(Version(1, 2, 3), Version(1, 2, 3))

    def test_major_then_minor_then_patch(self):
        self.assertLess(Version(1, 2, 9), Version(1, 3, 0))
        self.assertLess(Version(0, 9, 9), Version(1, 0, 0))

    def test_sorted(self):
        versions = [Version(1, 10), Version(0, 9, 1), Version(1, 9, 5), Version(1, 2)]
        self.assertEqual(sorted(versions), [Version(0, 9, 1), Version(1, 2), Version(1, 9, 5), Version(1, 10)])


@pytest.mark.parametrize(
    "field, args",
    [("major", (-1,)), ("minor", (1, -2)), ("patch", (1, 0, -3))],
)
def test_negative_parts_are_refused(field, args):
    with pytest.raises(ValueError, match=field):
        Version(*args)


@pytest.mark.parametrize(
    "field, args",
    [("major", ("1",)), ("minor", (1, 2.0)), ("patch", (1, 0, None)), ("major", (True,))],
    ids=["major-str", "minor-float", "patch-None", "major-bool"],
)
def test_parts_that_are_not_ints_are_refused(field, args):
    with pytest.raises(TypeError, match=field):
        Version(*args)


@pytest.mark.parametrize(
    "text, expected",
    [("1.2.3", (1, 2, 3)), ("1.2", (1, 2, 0)), ("7", (7, 0, 0)), ("10.20.30", (10, 20, 30)), ("0.0.1", (0, 0, 1))],
)
def test_parse(text, expected):
    assert Version.parse(text) == Version(*expected)


@pytest.mark.parametrize("text", ["", "1.x", "1.2.3.4", "1..2", "one", "-1.0", "1.2 "])
def test_parse_refuses_text_that_is_not_a_version(text):
    with pytest.raises(ValueError):
        Version.parse(text)


def test_parsed_versions_sort_as_numbers():
    assert Version.parse("1.10.0") > Version.parse("1.9.9")


@pytest.mark.parametrize(
    "part, expected",
    [("major", (2, 0, 0)), ("minor", (1, 5, 0)), ("patch", (1, 4, 3))],
)
def test_bump_returns_a_new_version(part, expected):
    version = Version(1, 4, 2)
    assert version.bump(part) == Version(*expected)
    assert version == Version(1, 4, 2), "bump() must not change the version it was called on"


def test_bump_an_unknown_part():
    with pytest.raises(ValueError):
        Version(1).bump("build")


class ReleaseTest(unittest.TestCase):
    def test_starts_without_changes(self):
        release = Release("api", Version(1, 2))
        self.assertEqual(release.changes, [])
        self.assertEqual(release, Release("api", Version(1, 2, 0), []))

    def test_version_given_as_text_is_parsed(self):
        self.assertEqual(Release("api", "1.2").version, Version(1, 2, 0))

    def test_bad_version_text_is_refused(self):
        with self.assertRaises(ValueError):
            Release("api", "latest")

    def test_add_change(self):
        release = Release("api", "2.0")
        release.add_change("drop Python 3.8")
        release.add_change("faster startup")
        self.assertEqual(release.changes, ["drop Python 3.8", "faster startup"])

    def test_every_release_has_its_own_changes(self):
        first = Release("api", "1.0")
        second = Release("web", "1.0")
        first.add_change("only in api")
        self.assertEqual(second.changes, [], "a change added to one release shows up in another: is the list shared?")


class LatestTest(unittest.TestCase):
    def test_the_highest_version_wins(self):
        releases = [Release("api", "1.9.0"), Release("api", "1.10.0"), Release("api", "1.2.7")]
        self.assertEqual(latest(releases), Release("api", "1.10.0"), "1.10.0 is higher than 1.9.0: compare the Versions, not their text")

    def test_no_releases(self):
        self.assertIsNone(latest([]))
