"""Process isolation: the tests run in the judge, the learner's code in a host process, and
they talk over pipes. Values that are plain data cross by value; everything else crosses as a
reference that the other side uses through a proxy."""
