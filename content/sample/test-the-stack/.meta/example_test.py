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


def test_pop_on_empty_raises():
    with pytest.raises(IndexError):
        Stack().pop()


def test_peek_does_not_remove():
    s = Stack()
    s.push("a")
    assert s.peek() == "a"
    assert len(s) == 1
