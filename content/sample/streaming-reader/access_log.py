def bytes_by_status(path):
    """Total response bytes per status code in the access log at `path`, one line at a time."""
    raise NotImplementedError("loop over the open file: for line in handle")
