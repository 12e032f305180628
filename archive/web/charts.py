"""Bar charts drawn on the server as inline SVG: geometry here, markup in _bar_chart.html."""
import calendar
from dataclasses import dataclass
from datetime import date

WIDTH = 640
HEIGHT = 120
LABEL_SPACE = 18
MAX_BAR_WIDTH = 40


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    count: int
    label: str
    href: str


@dataclass
class Chart:
    bars: list
    width: int
    height: int
    plot_height: int
    first_label: str
    last_label: str
    peak: int
    title: str


def period_bounds(start, unit):
    """The first and last day of the year, month or day that starts at `start`."""
    if unit == "year":
        return date(start.year, 1, 1), date(start.year, 12, 31)
    if unit == "month":
        last = calendar.monthrange(start.year, start.month)[1]
        return date(start.year, start.month, 1), date(start.year, start.month, last)
    return start, start


def period_label(start, unit):
    if unit == "year":
        return str(start.year)
    if unit == "month":
        return start.strftime("%b %Y")
    return start.strftime("%-d %b %Y")


def fill_months(points):
    """Monthly (first-of-month, count) points with the empty months between them added as zeros."""
    if not points:
        return []
    counts = {date(day.year, day.month, 1): count for day, count in points}
    first, last = min(counts), max(counts)
    filled, current = [], first
    while current <= last:
        filled.append((current, counts.get(current, 0)))
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return filled


def bar_chart(points, *, unit, href_for, title):
    """A Chart of (period start, count) points; href_for(first_day, last_day) links each bar."""
    points = [(start, int(count)) for start, count in points]
    if not points:
        return None
    plot_height = HEIGHT - LABEL_SPACE
    peak = max(count for _, count in points) or 1
    slot = WIDTH / len(points)
    bar_width = min(MAX_BAR_WIDTH, max(1.0, slot * 0.8))
    bars = []
    for index, (start, count) in enumerate(points):
        height = 0 if count == 0 else max(2.0, plot_height * count / peak)
        first_day, last_day = period_bounds(start, unit)
        bars.append(Bar(
            x=round(index * slot + (slot - bar_width) / 2, 2),
            y=round(plot_height - height, 2),
            width=round(bar_width, 2),
            height=round(height, 2),
            count=count,
            label=period_label(start, unit),
            href=href_for(first_day, last_day),
        ))
    return Chart(
        bars=bars,
        width=WIDTH,
        height=HEIGHT,
        plot_height=plot_height,
        first_label=bars[0].label,
        last_label=bars[-1].label,
        peak=peak,
        title=title,
    )
