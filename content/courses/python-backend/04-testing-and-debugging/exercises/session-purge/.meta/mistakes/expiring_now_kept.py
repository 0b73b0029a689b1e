CAUSE = (
    "Both methods removed sessions from the list while iterating over it, so the remaining "
    "items shifted down one index and the loop skipped the next session, or ran past the end "
    "of the shorter list."
)


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
        return self._keep(lambda session: session["expires_at"] >= now)

    def log_out_user(self, user):
        """Remove every session of `user` (logged out on all devices); return how many."""
        return self._keep(lambda session: session["user"] != user)

    def _keep(self, wanted):
        """Keep only the sessions for which wanted(session) is true; return how many went."""
        kept = [session for session in self._sessions if wanted(session)]
        removed = len(self._sessions) - len(kept)
        self._sessions = kept
        return removed
