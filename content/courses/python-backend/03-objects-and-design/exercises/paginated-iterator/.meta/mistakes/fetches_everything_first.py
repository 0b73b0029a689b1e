"""Read a paginated API lazily: a page is fetched only when its first item is needed."""


class Paginator:
    """Every item of every page, in order, from fetch_page(first_page), fetch_page(first_page + 1),
    ... up to the first empty page."""

    def __init__(self, fetch_page, first_page=1):
        self._fetch_page = fetch_page
        self._first_page = first_page

    def pages(self):
        number = self._first_page
        while True:
            page = list(self._fetch_page(number))
            if not page:
                return
            yield page
            number += 1

    def __iter__(self):
        items = []
        for page in self.pages():
            items.extend(page)
        return iter(items)


def batched(iterable, size):
    """Lists of `size` items from `iterable` (the last one may be shorter), pulled lazily."""
    if type(size) is not int or size < 1:
        raise ValueError(f"size must be a whole number of at least 1, got {size!r}")
    return _batches(iter(iterable), size)


def _batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def sync(fetch_page, send_batch, batch_size):
    """Send every record, `batch_size` at a time, reading pages only as the batches need them.
    Return how many records were sent."""
    sent = 0
    for batch in batched(Paginator(fetch_page), batch_size):
        send_batch(batch)
        sent += len(batch)
    return sent
