"""Page numbers for lists and search results, keeping every other parameter.

A page number past the end is one check for every list (`past_last_page`):
the page says so with a link to the last page and answers 404, the API
answers 404 with the same sentence.
"""
from dataclasses import dataclass

from django.core.paginator import Paginator


def past_last_page(number: int, num_pages: int) -> str | None:
    """The sentence for a page number past the last page, or None when the page exists."""
    if number <= max(1, num_pages):
        return None
    if num_pages <= 1:
        return f"Page {number:,} is past the last page: everything fits on one page."
    return f"Page {number:,} is past the last page; the last page is {num_pages:,}."


@dataclass
class Pager:
    number: int
    num_pages: int
    params: object  # the QueryDict every page link keeps
    count: int = 0  # how many items in all

    @property
    def past_end(self) -> str | None:
        """The reader's message when this page is past the last one."""
        return past_last_page(self.number, self.num_pages)

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_next(self):
        return self.number < self.num_pages

    @property
    def previous(self):
        return self.number - 1

    @property
    def next(self):
        return self.number + 1

    @property
    def window(self):
        """Page numbers to show around the current one; None marks a gap."""
        wanted = {1, self.num_pages, *range(self.number - 2, self.number + 3)}
        numbers = sorted(n for n in wanted if 1 <= n <= self.num_pages)
        shown, last = [], 0
        for number in numbers:
            if number - last > 1:
                shown.append(None)
            shown.append(number)
            last = number
        return shown


def paginate(items, *, page, per_page, params, count=None):
    """(objects on the page, Pager). A page past the end holds nothing; its pager says so (`past_end`).

    `count`, when the caller already knows how many items there are (a kept
    total), spares the COUNT over them.
    """
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: this is its value
    pager = Pager(number=page, num_pages=paginator.num_pages, params=params, count=paginator.count)
    if pager.past_end:
        return [], pager
    return list(paginator.page(page).object_list), pager
