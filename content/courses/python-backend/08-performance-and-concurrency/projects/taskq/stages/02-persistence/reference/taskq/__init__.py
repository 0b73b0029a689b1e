"""Taskq: a small background job runner (standard library only)."""
from .queue import Queue

__all__ = ["Queue"]
