"""A last-in, first-out stack. This is the code your tests should check."""


class Stack:
    def __init__(self):
        self._items = []

    def push(self, item):
        if item is not None:
            self._items.append(item)

    def pop(self):
        if not self._items:
            raise IndexError("pop from an empty stack")
        return self._items.pop()

    def peek(self):
        if not self._items:
            raise IndexError("peek at an empty stack")
        return self._items[-1]

    def __len__(self):
        return len(self._items)
