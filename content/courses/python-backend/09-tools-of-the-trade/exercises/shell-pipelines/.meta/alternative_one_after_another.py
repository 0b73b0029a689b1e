import subprocess


def run_pipeline(commands, input_text=""):
    """Each program runs to the end before the next starts; fine for small data."""
    data, statuses = input_text, []
    for args in commands:
        try:
            done = subprocess.run(args, input=data, stdout=subprocess.PIPE, text=True)
        except FileNotFoundError:
            data = ""
            statuses.append(127)
            continue
        data = done.stdout
        statuses.append(done.returncode if done.returncode >= 0 else 128 + abs(done.returncode))
    return data, statuses


def pipefail(statuses):
    failed = [s for s in statuses if s]
    return failed[-1] if failed else 0
