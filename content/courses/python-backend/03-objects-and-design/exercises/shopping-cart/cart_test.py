import pytest

from cart import Cart


def test_a_new_cart_is_empty():
    cart = Cart("ada")
    assert cart.owner == "ada"
    assert cart.total_items() == 0
    assert cart.quantity("tea") == 0


def test_add_accumulates_per_sku():
    cart = Cart("ada")
    cart.add("tea", 2)
    cart.add("cake")
    cart.add("tea", 3)
    assert (cart.quantity("tea"), cart.quantity("cake"), cart.total_items()) == (5, 1, 6)


def test_add_and_remove_return_the_cart_for_chaining():
    cart = Cart("ada")
    assert cart.add("tea", 2) is cart
    assert cart.remove("tea") is cart
    assert cart.add("cake").add("cake").quantity("cake") == 2


def test_every_cart_has_its_own_items():
    ada = Cart("ada").add("tea", 2)
    bo = Cart("bo")
    assert bo.quantity("tea") == 0, "Cart('bo') sees the tea added to Cart('ada'): are the items shared?"
    assert bo.total_items() == 0
    assert ada.quantity("tea") == 2


def test_remove_some():
    cart = Cart("ada").add("tea", 5).remove("tea", 2)
    assert cart.quantity("tea") == 3


def test_removing_the_last_one_drops_the_sku():
    cart = Cart("ada").add("tea", 2).add("cake").remove("tea", 2)
    assert cart == Cart("ada").add("cake")
    assert repr(cart) == "Cart('ada', {'cake': 1})"


def test_remove_an_unknown_sku_raises_key_error():
    cart = Cart("ada").add("tea")
    with pytest.raises(KeyError):
        cart.remove("coffee")


def test_remove_more_than_the_cart_holds_raises_and_changes_nothing():
    cart = Cart("ada").add("tea", 2)
    with pytest.raises(ValueError):
        cart.remove("tea", 3)
    assert cart.quantity("tea") == 2


@pytest.mark.parametrize("quantity", [0, -2, 1.5, "2"], ids=["zero", "negative", "float", "text"])
def test_add_rejects_quantities_that_are_not_positive_whole_numbers(quantity):
    cart = Cart("ada").add("tea")
    with pytest.raises(ValueError):
        cart.add("tea", quantity)
    assert cart.quantity("tea") == 1, f"a rejected add('tea', {quantity!r}) must not change the cart"


@pytest.mark.parametrize("quantity", [0, -1], ids=["zero", "negative"])
def test_remove_rejects_quantities_that_are_not_positive(quantity):
    cart = Cart("ada").add("tea", 2)
    with pytest.raises(ValueError):
        cart.remove("tea", quantity)
    assert cart.quantity("tea") == 2


def test_repr_shows_owner_and_items_sorted_by_sku():
    cart = Cart("ada").add("tea", 2).add("cake").add("apple", 4)
    assert repr(cart) == "Cart('ada', {'apple': 4, 'cake': 1, 'tea': 2})"


def test_repr_of_an_empty_cart():
    assert repr(Cart("bo")) == "Cart('bo', {})"


def test_carts_with_the_same_owner_and_items_are_equal():
    first = Cart("ada").add("tea", 2).add("cake")
    second = Cart("ada").add("cake").add("tea").add("tea")
    assert first == second
    assert not (first != second)


def test_carts_with_different_items_are_not_equal():
    assert Cart("ada").add("tea", 2) != Cart("ada").add("tea", 3)
    assert Cart("ada").add("tea") != Cart("ada").add("cake")
    assert Cart("ada") != Cart("ada").add("tea")


def test_carts_of_different_owners_are_not_equal():
    assert Cart("ada").add("tea") != Cart("bo").add("tea")


@pytest.mark.parametrize("other", [None, 42, ("ada", {})], ids=["None", "an int", "a tuple"])
def test_a_cart_is_never_equal_to_something_else(other):
    cart = Cart("ada")
    assert (cart == other) is False
    assert (cart != other) is True


def test_a_cart_is_not_hashable_because_it_can_change():
    with pytest.raises(TypeError):
        hash(Cart("ada"))


def test_merge_adds_the_other_cart_and_leaves_it_alone():
    mine = Cart("ada").add("tea", 2)
    theirs = Cart("bo").add("tea").add("cake", 3)
    assert mine.merge(theirs) is mine
    assert mine == Cart("ada").add("tea", 3).add("cake", 3)
    assert theirs == Cart("bo").add("tea").add("cake", 3)
