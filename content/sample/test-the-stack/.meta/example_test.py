import pytest

from stack import Stack


def test_new_stack_is_empty():
    assert len(Stack()) == 0


def test_pop_returns_the_last_pushed():
    s = Stack()
    s.push(1)
    s.push(2)
    assert s.pop() == 2
    assert s.pop() == 1


def test_pop_removes_the_item():
    s = Stack()
    s.push("a")
    s.push("b")
    s.pop()
    assert len(s) == 1
    assert s.peek() == "a"


def test_pop_on_empty_raises():
    with pytest.raises(IndexError):
        Stack().pop()


def test_pop_after_emptying_raises():
    s = Stack()
    s.push(1)
    s.pop()
    with pytest.raises(IndexError):
        s.pop()


def test_peek_returns_the_newest_and_does_not_remove():
    s = Stack()
    s.push("a")
    s.push("b")
    assert s.peek() == "b"
    assert len(s) == 2
    assert s.pop() == "b"


def test_peek_on_empty_raises():
    with pytest.raises(IndexError):
        Stack().peek()


def test_len_counts_the_items_now():
    s = Stack()
    for item in range(3):
        s.push(item)
    s.pop()
    assert len(s) == 2


def test_repeated_items_and_none_are_items():
    s = Stack()
    s.push(None)
    s.push(7)
    s.push(7)
    assert len(s) == 3
    assert s.pop() == 7
    assert s.pop() == 7
    assert s.pop() is None
