CAUSE = ""  # optional, not graded: in one sentence, why do expired sessions survive, and why does log_out_user crash?


class SessionStore:
    """The login sessions of a web app, oldest first."""

    def __init__(self):
        self._sessions = []

    def add(self, session_id, user, expires_at):
        """Record a session of `user` that is valid until `expires_at` (seconds)."""
        self._sessions.append({"id": session_id, "user": user, "expires_at": expires_at})

    def ids(self):
        """The ids of the sessions in the store, oldest first."""
        return [session["id"] for session in self._sessions]

    def purge(self, now):
        """Remove every session whose expires_at is `now` or earlier; return how many."""
        removed = 0
        for session in list(self._sessions):  # a copy: removing from the original is safe
            if session["expires_at"] <= now:
                self._sessions.remove(session)
                removed += 1
        return removed

    def log_out_user(self, user):
        """Remove every session of `user` (logged out on all devices); return how many."""
        removed = 0
        for index in range(len(self._sessions)):
            if self._sessions[index]["user"] == user:
                del self._sessions[index]
                removed += 1
        return removed
