CAUSE = (
    "Both functions treated the end as inclusive, but a slice and range() stop before their "
    "end index, so each one left out its last item: an off-by-one error."
)


def paginate(items, page, per_page):
    """Return page `page` (counting from 1) of `items`, `per_page` items per page:
    {"items": [...], "page": page, "pages": the number of pages}.

    An empty list has one (empty) page. A page below 1 or above the number of pages raises
    ValueError.
    """
    pages = max(1, (len(items) + per_page - 1) // per_page)
    if not 1 <= page <= pages:
        raise ValueError(f"page {page} does not exist (there are {pages})")
    start = (page - 1) * per_page
    end = start + per_page
    return {"items": items[start:end], "page": page, "pages": pages}


def page_links(current, pages, around=2):
    """The page numbers to link to under a list: from current - around to current + around,
    both included, but never below 1 or above `pages`."""
    first = max(1, current - around)
    last = min(pages, current + around)
    return list(range(first, last))
