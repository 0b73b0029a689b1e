"""The job queue. Start here: see the ticket of stage 1 for what each method must do."""
import time


class Queue:
    def __init__(self, *, clock=time.time, max_attempts=3, base_delay=1.0):
        self.clock = clock
        self.max_attempts = max_attempts
        self.base_delay = base_delay

    def register(self, name, handler):
        """Makes `handler` the function that runs jobs called `name`."""
        raise NotImplementedError

    def enqueue(self, name, *args):
        """Adds a job; returns its id."""
        raise NotImplementedError

    def run_pending(self):
        """Runs every job that is due; returns how many attempts it made."""
        raise NotImplementedError

    def get(self, job_id):
        """The job as a dict, or None."""
        raise NotImplementedError

    def dead_letters(self):
        """The jobs that failed max_attempts times, oldest first."""
        raise NotImplementedError
