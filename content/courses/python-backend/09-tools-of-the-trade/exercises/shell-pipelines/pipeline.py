import subprocess


def run_pipeline(commands, input_text=""):
    """Run commands (lists of arguments) as `a | b | c`; return (last output, [exit statuses])."""
    raise NotImplementedError


def pipefail(statuses):
    """The pipeline's status under `set -o pipefail`: the rightmost non-zero status, else 0."""
    raise NotImplementedError
