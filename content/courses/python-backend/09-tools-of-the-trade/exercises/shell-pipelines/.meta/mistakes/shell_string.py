import subprocess


def run_pipeline(commands, input_text=""):
    """Build the command line and let the shell do the piping."""
    line = " | ".join(" ".join(args) for args in commands)
    done = subprocess.run(["bash", "-c", "set -o pipefail; " + line + "; echo \"${PIPESTATUS[@]}\" >&2"],
                          input=input_text, capture_output=True, text=True)
    statuses = [int(s) for s in done.stderr.split()[-len(commands):]]
    return done.stdout, statuses


def pipefail(statuses):
    for status in reversed(statuses):
        if status != 0:
            return status
    return 0
