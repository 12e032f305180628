"""Browse by date: years, then months, then a calendar of days, then one day's articles."""
import calendar
from datetime import date

from django.conf import settings
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from archive.web import selectors
from archive.web.canonical import canonical_url
from archive.web.filters import PageForm
from archive.web.pagination import paginate

MIN_YEAR, MAX_YEAR = 1800, 2200


def _year(year):
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise Http404("The archive has no articles from that year.")
    return int(year)


def _month(year, month):
    try:
        return date(_year(year), int(month), 1)
    except (TypeError, ValueError):
        raise Http404("That is not a month.") from None


def _canonical_redirect(request, name, year, *parts):
    """A month or day typed without its leading zero moves to the one address that is cited."""
    if all(len(part) == 2 for part in parts):
        return None
    address = reverse(f"archive:{name}", args=(year, *parts))  # the converter pads to two digits
    query = request.META.get("QUERY_STRING", "")
    return redirect(address + (f"?{query}" if query else ""), permanent=True)


def browse_index(request):
    years = selectors.year_counts()
    peak = max((count for _, count in years), default=0)
    return render(request, "archive/browse_index.html", {
        "years": years, "peak": peak, "canonical_url": canonical_url(request),
    })


def browse_year(request, year):
    year = _year(year)
    counts = selectors.month_counts(year)
    if not counts:
        raise Http404(f"The archive has no articles from {year}.")
    months = [(date(year, number, 1), counts.get(number, 0)) for number in range(1, 13)]
    years = [y for y, _ in selectors.year_counts()]
    return render(request, "archive/browse_year.html", {
        "year": year,
        "months": months,
        "peak": max(counts.values()),
        "previous_year": max((y for y in years if y < year), default=None),
        "next_year": min((y for y in years if y > year), default=None),
        "canonical_url": canonical_url(request),
    })


def _weeks(first, counts):
    """The month of `first` as weeks of (day, articles that day; None outside the month), Monday first."""
    return [
        [(day, counts.get(day, 0) if day.month == first.month else None) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]


WEEKDAYS = [calendar.day_abbr[n] for n in range(7)]


def browse_month(request, year, month):
    first = _month(year, month)
    moved = _canonical_redirect(request, "browse-month", year, month)
    if moved:
        return moved
    counts = selectors.day_counts(first.year, first.month)
    if not counts:
        raise Http404(f"The archive has no articles from {first:%B %Y}.")
    weeks = _weeks(first, counts)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    previous_month, next_month = selectors.neighbour_months(first, last)
    form = PageForm(request.GET)
    articles, pager = paginate(
        selectors.public_articles().filter(published_date__range=(first, last)).order_by("published_at", "id"),
        page=form.page_number, per_page=settings.ARCHIVE_PAGE_SIZE, params=QueryDict(mutable=True),
    )
    return render(request, "archive/browse_month.html", {
        "month": first,
        "previous_month": previous_month,
        "next_month": next_month,
        "weeks": weeks,
        "weekdays": WEEKDAYS,
        "total": sum(counts.values()),
        "articles": articles,
        "pager": pager,
        "notes": form.notes(),
        "last_day": last,
        "canonical_url": canonical_url(request, page=pager.number),
    }, status=404 if pager.past_end else 200)


def browse_day(request, year, month, day):
    try:
        current = date(_year(year), int(month), int(day))
    except (TypeError, ValueError):
        raise Http404("That is not a date.") from None
    moved = _canonical_redirect(request, "browse-day", year, month, day)
    if moved:
        return moved
    # A day page only pages: it shows no filters, so it reads none.
    form = PageForm(request.GET)
    articles, pager = paginate(
        selectors.public_articles().filter(published_date=current).order_by("published_at", "id"),
        page=form.page_number, per_page=settings.ARCHIVE_PAGE_SIZE, params=QueryDict(mutable=True),
    )
    if not pager.count:
        raise Http404(f"The archive has no articles from {current:%-d %B %Y}.")
    previous_day, next_day = selectors.neighbour_days(current)
    first = current.replace(day=1)
    return render(request, "archive/browse_day.html", {
        "day": current,
        "month": first,
        "weeks": _weeks(first, selectors.day_counts(first.year, first.month)),
        "weekdays": WEEKDAYS,
        "articles": articles,
        "pager": pager,
        "notes": form.notes(),
        "previous_day": previous_day,
        "next_day": next_day,
        "canonical_url": canonical_url(request, page=pager.number),
    }, status=404 if pager.past_end else 200)
