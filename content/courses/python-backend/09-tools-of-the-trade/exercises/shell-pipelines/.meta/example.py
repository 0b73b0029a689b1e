import subprocess
import threading


def shell_status(returncode):
    """Popen says -15 for "killed by signal 15"; a shell says 128 + 15."""
    return 128 - returncode if returncode < 0 else returncode


def feed(stream, text):
    try:
        stream.write(text)
    except BrokenPipeError:
        pass  # the program exited without reading all of its input: that is its business
    finally:
        try:
            stream.close()
        except BrokenPipeError:
            pass


def run_pipeline(commands, input_text=""):
    """Run commands (lists of arguments) as `a | b | c`; return (last output, [exit statuses])."""
    processes = []
    upstream = subprocess.PIPE  # the first program reads what we write
    for args in commands:
        try:
            process = subprocess.Popen(args, stdin=upstream, stdout=subprocess.PIPE, text=True)
        except FileNotFoundError:
            process = None  # the shell says 127, "command not found", and goes on
        if upstream not in (subprocess.PIPE, subprocess.DEVNULL):
            upstream.close()  # the next program holds the read end now; we must not
        processes.append(process)
        upstream = process.stdout if process else subprocess.DEVNULL
    writer = None
    if processes[0] is not None:
        writer = threading.Thread(target=feed, args=(processes[0].stdin, input_text))
        writer.start()
    output = processes[-1].stdout.read() if processes[-1] else ""
    if processes[-1]:
        processes[-1].stdout.close()
    if writer:
        writer.join()
    return output, [shell_status(p.wait()) if p else 127 for p in processes]


def pipefail(statuses):
    """The pipeline's status under `set -o pipefail`: the rightmost non-zero status, else 0."""
    for status in reversed(statuses):
        if status != 0:
            return status
    return 0
