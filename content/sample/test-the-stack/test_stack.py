from stack import Stack


def test_new_stack_is_empty():
    assert len(Stack()) == 0


# Add tests below: each buggy version of Stack should make at least one of them fail.
