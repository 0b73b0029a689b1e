import pytest

from text_tools import initials, mask_card, shorten


@pytest.mark.parametrize(
    "number, expected",
    [
        ("4111 1111 1111 1234", "**** **** **** 1234"),
        ("5500-0000-0000-0004", "**** **** **** 0004"),
        ("4242424242424242", "**** **** **** 4242"),
    ],
    ids=["spaces", "dashes", "plain"],
)
def test_mask_card(number, expected):
    assert mask_card(number) == expected


def test_mask_card_never_shows_more_than_four_digits():
    masked = mask_card("1234 5678 9012 3456")
    assert sum(ch.isdigit() for ch in masked) == 4


def test_mask_card_too_short():
    with pytest.raises(ValueError, match="too short"):
        mask_card("12 3")


@pytest.mark.parametrize(
    "name, expected",
    [("ada lovelace", "A.L."), ("  grace   brewster  hopper ", "G.B.H."), ("Linus", "L."), ("émile zola", "É.Z.")],
)
def test_initials(name, expected):
    assert initials(name) == expected


@pytest.mark.parametrize(
    "text, width, expected",
    [
        ("Hello, world", 8, "Hello,…"),
        ("Hello, world", 7, "Hello,…"),
        ("Hello, world", 9, "Hello, w…"),
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("abcdefghijk", 5, "abcd…"),
    ],
)
def test_shorten(text, width, expected):
    assert shorten(text, width) == expected


def test_shortened_text_is_never_too_long():
    for width in range(2, 30):
        assert len(shorten("the quick brown fox jumps over the lazy dog", width)) <= width
