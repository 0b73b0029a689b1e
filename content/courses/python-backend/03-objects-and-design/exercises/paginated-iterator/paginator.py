"""Read a paginated API lazily: a page is fetched only when its first item is needed."""


class Paginator:
    """Every item of every page, in order, from fetch_page(first_page), fetch_page(first_page + 1),
    ... up to the first empty page."""

    def __init__(self, fetch_page, first_page=1):
        self._fetch_page = fetch_page
        self._first_page = first_page

    def pages(self):
        raise NotImplementedError("yield each non-empty page, fetching it only when it is needed")

    def __iter__(self):
        raise NotImplementedError("yield the items of the pages, one by one")


def batched(iterable, size):
    """Lists of `size` items from `iterable` (the last one may be shorter), pulled lazily."""
    raise NotImplementedError("check size now; return a generator of lists")


def sync(fetch_page, send_batch, batch_size):
    """Send every record, `batch_size` at a time, reading pages only as the batches need them.
    Return how many records were sent."""
    raise NotImplementedError("Paginator + batched + a loop")
