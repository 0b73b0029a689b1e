"""Not run: in a write-the-tests exercise the learner's test file is the test file.
See docs/course-format.md, "Write-the-tests exercises"."""
