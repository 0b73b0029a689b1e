import unittest

import pytest

import inventory
import inventory.errors as errors
import inventory.models as models
import inventory.service as service


def stocked():
    """An inventory with tea (5) and cake (0)."""
    inv = service.Inventory()
    inv.add_item("T-1", "Tea")
    inv.add_item("C-1", "Cake")
    inv.receive("T-1", 5, "first delivery")
    return inv


# --- the package and its public API --------------------------------------------------------

class PublicApiTest(unittest.TestCase):
    def test_the_package_re_exports_its_public_names(self):
        self.assertIs(inventory.Inventory, service.Inventory)
        self.assertIs(inventory.Item, models.Item)
        self.assertIs(inventory.Movement, models.Movement)
        self.assertIs(inventory.OutOfStock, errors.OutOfStock)
        self.assertIs(inventory.UnknownItem, errors.UnknownItem)

    def test_all_lists_the_public_names(self):
        self.assertEqual(sorted(inventory.__all__), ["Inventory", "Item", "Movement", "OutOfStock", "UnknownItem"])

    def test_the_errors_are_kinds_of_built_in_errors(self):
        self.assertTrue(issubclass(errors.UnknownItem, LookupError), "UnknownItem should be a LookupError")
        self.assertTrue(issubclass(errors.OutOfStock, ValueError), "OutOfStock should be a ValueError")


# --- models --------------------------------------------------------------------------------

class ModelsTest(unittest.TestCase):
    def test_item(self):
        item = models.Item("T-1", "Tea", 3)
        self.assertEqual((item.sku, item.name, item.quantity), ("T-1", "Tea", 3))
        self.assertEqual(models.Item("T-1", "Tea"), models.Item(sku="T-1", name="Tea", quantity=0))

    def test_movement_is_a_frozen_value(self):
        movement = models.Movement("T-1", -2)
        self.assertEqual(movement, models.Movement(sku="T-1", change=-2, note=""))
        with self.assertRaises(AttributeError):
            movement.change = 5


# --- the service ---------------------------------------------------------------------------

def test_add_item_returns_the_new_item():
    assert service.Inventory().add_item("T-1", "Tea") == models.Item("T-1", "Tea", 0)


def test_add_item_twice_is_refused():
    inv = stocked()
    with pytest.raises(ValueError):
        inv.add_item("T-1", "Green tea")
    assert inv.get("T-1") == models.Item("T-1", "Tea", 5)


def test_receive_and_ship_return_the_new_quantity():
    inv = stocked()
    assert inv.receive("T-1", 3) == 8
    assert inv.ship("T-1", 6, "order 17") == 2
    assert inv.get("T-1") == models.Item("T-1", "Tea", 2)


def test_shipping_everything_is_allowed():
    inv = stocked()
    assert inv.ship("T-1", 5) == 0


def test_shipping_more_than_the_stock_raises_out_of_stock():
    inv = stocked()
    with pytest.raises(errors.OutOfStock) as excinfo:
        inv.ship("T-1", 7)
    error = excinfo.value
    assert (error.sku, error.requested, error.available) == ("T-1", 7, 5)
    assert str(error) == "cannot ship 7 of 'T-1': only 5 in stock"
    assert inv.get("T-1").quantity == 5, "a refused shipment must not change the stock"


@pytest.mark.parametrize("action", ["get", "receive", "ship"])
def test_unknown_skus_raise_unknown_item(action):
    inv = stocked()
    args = ("X-9",) if action == "get" else ("X-9", 1)
    with pytest.raises(errors.UnknownItem):
        getattr(inv, action)(*args)


@pytest.mark.parametrize("quantity", [0, -3, 2.5, "4"])
def test_quantities_must_be_positive_whole_numbers(quantity):
    inv = stocked()
    with pytest.raises(ValueError):
        inv.receive("T-1", quantity)
    with pytest.raises(ValueError):
        inv.ship("T-1", quantity)
    assert inv.get("T-1").quantity == 5
    assert len(inv.movements()) == 1


def test_get_returns_a_copy():
    inv = stocked()
    item = inv.get("T-1")
    item.quantity = 1000
    assert inv.get("T-1").quantity == 5, "changing the Item that get() returned changed the stock"


def test_movements_are_recorded_oldest_first():
    inv = stocked()
    inv.ship("T-1", 2, "order 17")
    inv.receive("C-1", 12)
    assert inv.movements() == [
        models.Movement("T-1", 5, "first delivery"),
        models.Movement("T-1", -2, "order 17"),
        models.Movement("C-1", 12),
    ]


def test_movements_of_one_sku():
    inv = stocked()
    inv.receive("C-1", 12)
    inv.ship("T-1", 1)
    assert inv.movements("T-1") == [models.Movement("T-1", 5, "first delivery"), models.Movement("T-1", -1)]


def test_refused_shipments_are_not_movements():
    inv = stocked()
    with pytest.raises(errors.OutOfStock):
        inv.ship("T-1", 99)
    assert inv.movements() == [models.Movement("T-1", 5, "first delivery")]


def test_low_stock_lists_items_below_the_threshold_by_sku():
    inv = stocked()
    inv.add_item("B-1", "Biscuits")
    inv.receive("B-1", 2)
    assert inv.low_stock(3) == [models.Item("B-1", "Biscuits", 2), models.Item("C-1", "Cake", 0)]
    assert inv.low_stock(0) == []
    assert inv.low_stock(6) == [models.Item("B-1", "Biscuits", 2), models.Item("C-1", "Cake", 0), models.Item("T-1", "Tea", 5)]


def test_every_inventory_is_separate():
    first = stocked()
    second = service.Inventory()
    with pytest.raises(errors.UnknownItem):
        second.get("T-1")
    assert second.movements() == []
    assert len(first.movements()) == 1
