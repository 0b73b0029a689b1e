"""Stock keeping: items, their movements, and the rules for receiving and shipping them.

The public API is what this file imports; everything else is an implementation detail.
"""
from .errors import OutOfStock, UnknownItem
from .models import Item, Movement
from .service import Inventory

__all__ = ["Inventory", "Item", "Movement", "OutOfStock", "UnknownItem"]
