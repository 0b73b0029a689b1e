import pytest

from pagination import page_links, paginate

LETTERS = list("abcdefg")  # 7 items


@pytest.mark.parametrize(
    "page, expected",
    [(1, ["a", "b", "c"]), (2, ["d", "e", "f"]), (3, ["g"])],
    ids=["page 1", "page 2", "last page is partial"],
)
def test_pages_of_three(page, expected):
    assert paginate(LETTERS, page, 3) == {"items": expected, "page": page, "pages": 3}


def test_every_item_is_on_exactly_one_page():
    seen = []
    for page in range(1, 4):
        seen += paginate(LETTERS, page, 3)["items"]
    assert seen == LETTERS


def test_one_item_per_page():
    assert paginate(LETTERS, 4, 1)["items"] == ["d"]


def test_everything_fits_on_one_page():
    assert paginate(["a", "b"], 1, 10) == {"items": ["a", "b"], "page": 1, "pages": 1}


def test_an_exact_number_of_pages():
    assert paginate(list(range(6)), 2, 3) == {"items": [3, 4, 5], "page": 2, "pages": 2}


def test_an_empty_list_has_one_empty_page():
    assert paginate([], 1, 5) == {"items": [], "page": 1, "pages": 1}


@pytest.mark.parametrize("page", [0, 4, -1])
def test_pages_that_do_not_exist(page):
    with pytest.raises(ValueError):
        paginate(LETTERS, page, 3)


@pytest.mark.parametrize(
    "current, pages, expected",
    [
        (5, 10, [3, 4, 5, 6, 7]),
        (1, 10, [1, 2, 3]),
        (10, 10, [8, 9, 10]),
        (2, 3, [1, 2, 3]),
        (1, 1, [1]),
    ],
    ids=["middle", "first page", "last page", "few pages", "a single page"],
)
def test_page_links(current, pages, expected):
    assert page_links(current, pages) == expected


def test_page_links_with_a_wider_window():
    assert page_links(6, 20, around=4) == [2, 3, 4, 5, 6, 7, 8, 9, 10]
