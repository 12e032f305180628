"""Page numbers for lists and search results, keeping every other parameter."""
from dataclasses import dataclass

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404


@dataclass
class Pager:
    number: int
    num_pages: int
    params: object  # the QueryDict every page link keeps
    count: int = 0  # how many items in all

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


class PageOutOfRange(Http404):
    """A page number past the end of the list: the reader is told how many pages there are."""


def paginate(items, *, page, per_page, params):
    """(objects on the page, Pager); a page past the end is a 404 with a clear reason."""
    paginator = Paginator(items, per_page)
    try:
        current = paginator.page(page)
    except EmptyPage:
        raise PageOutOfRange(f"There is no page {page}; the last page is {paginator.num_pages}.") from None
    return list(current.object_list), Pager(
        number=page, num_pages=paginator.num_pages, params=params, count=paginator.count
    )
