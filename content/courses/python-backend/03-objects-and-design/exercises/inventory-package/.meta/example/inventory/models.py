"""The data of the inventory package: plain dataclasses, no rules and no imports from the service."""
from dataclasses import dataclass


@dataclass
class Item:
    sku: str
    name: str
    quantity: int = 0


@dataclass(frozen=True)
class Movement:
    """One change of stock: positive when received, negative when shipped."""

    sku: str
    change: int
    note: str = ""
