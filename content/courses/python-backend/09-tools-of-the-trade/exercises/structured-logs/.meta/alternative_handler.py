import json
import logging

SECRET_FIELDS = {"password", "token", "secret", "authorization", "api_key"}
_FIELDS = "_shop_fields"  # the structured fields ride on the record under one attribute


class JsonFormatter(logging.Formatter):
    def format(self, record):
        fields = getattr(record, _FIELDS, {})
        shown = {k: ("***" if k.casefold() in SECRET_FIELDS else v) for k, v in fields.items()}
        return json.dumps({"level": record.levelname, "logger": record.name, "message": record.getMessage(), **shown})


class _JsonLines(logging.StreamHandler):
    """Marks its own handlers, so configure_logging can find and replace them."""


def configure_logging(level_name, stream):
    levels = logging.getLevelNamesMapping()
    if level_name.upper() not in levels:
        raise ValueError(f"unknown log level {level_name!r}")
    shop = logging.getLogger("shop")
    shop.handlers = [h for h in shop.handlers if not isinstance(h, _JsonLines)]
    handler = _JsonLines(stream)
    handler.setFormatter(JsonFormatter())
    shop.addHandler(handler)
    shop.setLevel(levels[level_name.upper()])
    shop.propagate = False


def log_request(method, path, status, duration_ms, **fields):
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    data = dict(method=method, path=path, status=status, duration_ms=duration_ms)
    data.update(fields)
    logging.getLogger("shop.http").log(level, f"{method} {path} {status}", extra={_FIELDS: data})
