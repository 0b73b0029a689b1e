import pytest

import read_number
from read_number import ask_number, to_number


@pytest.mark.parametrize(
    "text, expected",
    [("42", 42), (" -7 ", -7), ("0", 0), ("3.5", 3.5), ("-0.25", -0.25), ("1e3", 1000.0)],
)
def test_to_number_converts(text, expected):
    assert to_number(text) == expected


def test_whole_numbers_stay_ints():
    assert type(to_number("42")) is int
    assert type(to_number("42.0")) is float


@pytest.mark.parametrize("text", ["forty", "", "4 2", "3,5", "12abc"])
def test_to_number_rejects_text(text):
    with pytest.raises(ValueError) as excinfo:
        to_number(text)
    assert str(excinfo.value) == f"not a number: {text!r}"


def answers(*texts):
    """A fake input() that answers with `texts`, one per call, and records the prompts."""
    queue = list(texts)
    prompts = []

    def fake_input(prompt=""):
        prompts.append(prompt)
        if not queue:
            raise AssertionError(f"input() was called more times than expected (prompt {prompt!r})")
        return queue.pop(0)

    fake_input.prompts = prompts
    return fake_input


def test_ask_number_returns_the_first_number(monkeypatch):
    monkeypatch.setattr(read_number, "input", answers("12"), raising=False)
    assert ask_number("How many? ") == 12


def test_ask_number_retries_after_bad_answers(monkeypatch, capsys):
    fake = answers("lots", "a dozen", "12.5")
    monkeypatch.setattr(read_number, "input", fake, raising=False)
    assert ask_number("How many? ") == 12.5
    assert capsys.readouterr().out == "Please type a number.\nPlease type a number.\n"


def test_ask_number_uses_the_prompt_each_time(monkeypatch):
    fake = answers("x", "3")
    monkeypatch.setattr(read_number, "input", fake, raising=False)
    ask_number("Age: ")
    assert fake.prompts == ["Age: ", "Age: "]


def test_ask_number_gives_up(monkeypatch, capsys):
    monkeypatch.setattr(read_number, "input", answers("a", "b"), raising=False)
    assert ask_number("How many? ", attempts=2) is None
    assert capsys.readouterr().out == "Please type a number.\nPlease type a number.\nGiving up.\n"
