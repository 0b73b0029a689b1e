class Stack:
    def __init__(self):
        self.__data = []

    def push(self, value):
        self.__data.insert(0, value)

    def pop(self):
        try:
            return self.__data.pop(0)
        except IndexError:
            raise IndexError("pop from an empty stack") from None

    def peek(self):
        if len(self.__data) == 0:
            raise IndexError("peek at an empty stack")
        return self.__data[0]

    def __len__(self):
        return len(self.__data)
