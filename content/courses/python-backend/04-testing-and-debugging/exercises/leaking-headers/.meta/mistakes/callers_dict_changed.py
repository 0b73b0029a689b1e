CAUSE = (
    "The mutable default argument headers={} is created once when the function is defined, "
    "so every call without headers shared the same dict and kept the Authorization header "
    "set by an earlier call."
)


def build_request(method, path, token=None, headers=None):
    """Return the request the API client sends: {"method", "path", "headers"}.

    - "method" is uppercased.
    - "headers" always has "Accept": "application/json"; with a token it also has
      "Authorization": "Bearer <token>". Extra `headers` from the caller are included too, and
      the caller's dict is not changed.
    - Each request gets only its own headers.
    """
    if headers is None:
        headers = {}
    headers["Accept"] = "application/json"
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return {"method": method.upper(), "path": path, "headers": headers}


def build_traced_request(method, path, trace_id, token=None):
    """Like build_request, plus an "X-Trace-Id" header so the request can be followed through
    the logs of every service it reaches."""
    request = build_request(method, path, token=token)
    request["headers"]["X-Trace-Id"] = trace_id
    return request
