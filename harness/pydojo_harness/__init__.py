"""PyDojo's Python harness: runs a learner's code against an exercise's tests and reports
one result (a superset of Exercism's results.json v3). See docs/harness-protocol.md."""
