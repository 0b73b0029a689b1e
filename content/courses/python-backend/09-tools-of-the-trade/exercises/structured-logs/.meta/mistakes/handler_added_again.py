import json
import logging

SECRET_FIELDS = {"password", "token", "secret", "authorization", "api_key"}

# Every attribute a LogRecord has before `extra=` adds its own (plus what Formatter sets).
STANDARD = set(vars(logging.LogRecord("x", logging.INFO, "x", 1, "x", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        """One JSON object: level, logger, message and the record's extra fields."""
        entry = {"level": record.levelname, "logger": record.name, "message": record.getMessage()}
        for name, value in vars(record).items():
            if name not in STANDARD:
                entry[name] = "***" if name.lower() in SECRET_FIELDS else value
        if record.exc_info:
            entry["error"] = f"{record.exc_info[0].__name__}: {record.exc_info[1]}"
        return json.dumps(entry, default=str)


def configure_logging(level_name, stream):
    """Send the "shop" loggers' records at level_name and above to stream, as JSON lines."""
    level = logging.getLevelName(level_name.upper())
    if not isinstance(level, int):
        raise ValueError(f"unknown log level {level_name!r}")
    logger = logging.getLogger("shop")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


def log_request(method, path, status, duration_ms, **fields):
    """Log one HTTP request on the "shop.http" logger, at a level that fits its status."""
    if status >= 500:
        level = logging.ERROR
    elif status >= 400:
        level = logging.WARNING
    else:
        level = logging.INFO
    extra = {"method": method, "path": path, "status": status, "duration_ms": duration_ms, **fields}
    logging.getLogger("shop.http").log(level, "%s %s %s", method, path, status, extra=extra)
