"""Not run: the grade of this exercise runs the learner's test file against the code under
test and against each buggy variant listed in .meta/pydojo.json (kind "write-tests")."""
