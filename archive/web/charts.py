"""Bar charts drawn on the server as inline SVG: geometry here, markup in _bar_chart.html.

The SVG has no viewBox: horizontal positions are percentages of its width and
vertical ones pixels of its fixed height, so the chart fills any width while
its labels keep their size (no stretched text, no inline style, no script).

- Heights are linear, or logarithmic when the counts span more than
  LOG_RANGE times, and a bar with anything in it is at least MIN_BAR pixels
  tall: a month of 2 articles stays visible beside one of 700 (the labelled
  gridlines give the scale).
- Consecutive bars more than one period apart (eras of the archive, see
  search/timeline.py) are separated by a break in the axis, not by decades of
  empty slots.
- Years, months or days are labelled along the axis; which labels fit is
  worked out for a wide and for a narrow screen (`wide`, `narrow`).
- Each bar's exact count shows above it on hover and keyboard focus.
"""
import calendar
import math
from dataclasses import dataclass, field
from datetime import date

from archive.search.timeline import next_period, timeline_from_days

HEIGHT = 150  # px, the whole chart
TOP = 20  # px above the tallest bar, for the count shown on hover
AXIS = 112  # px, the baseline
MIN_BAR = 3  # px, the least a period with anything is drawn
GAP_SLOTS = 1.6  # a break between eras is this many bars wide
MAX_SLOT = 6.0  # % of the width: few bars are not drawn as slabs
# Assumed chart widths (px) for choosing labels that do not overlap.
WIDE_PX, NARROW_PX = 800, 340
CHAR_PX = 6.6  # average width of a label character at the chart's font size


@dataclass
class Bar:
    x: float  # % of the width
    width: float  # % of the width
    y: float  # px
    height: float  # px
    count: int
    label: str
    href: str
    value_x: float = 0.0  # % where the count is written on hover
    value_anchor: str = "middle"

    @property
    def centre(self):
        return round(self.x + self.width / 2, 3)

    @property
    def count_text(self):
        """The count with thousands separators, as the page writes counts (once, not per use)."""
        return f"{self.count:,}"


@dataclass
class Gap:
    x: float  # % of the width, centre of the break
    label: str  # e.g. "1988–2018"

    @property
    def marks(self):
        """The two slanted strokes of a broken axis, as (x1 %, x2 %)."""
        return [(round(self.x - 0.9, 3), round(self.x - 0.1, 3)), (round(self.x + 0.1, 3), round(self.x + 0.9, 3))]

    @property
    def mask_x(self):
        return round(self.x - 0.7, 3)


@dataclass
class Tick:
    x: float  # % of the width, the tick mark
    label: str
    major: bool
    wide: bool = True  # shown on wide screens
    narrow: bool = False  # shown on narrow screens
    anchor: str = "start"
    text_x: float = 0.0  # % of the width, where the label is written


@dataclass
class Gridline:
    y: float  # px
    label: str


@dataclass
class Chart:
    bars: list
    height: int
    axis: int
    peak: int
    title: str
    unit: str
    first_label: str
    last_label: str
    gaps: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    gridlines: list = field(default_factory=list)
    log_scale: bool = False

    @property
    def summary(self):
        """One sentence for screen readers: the span, the peak and the breaks."""
        text = f"{self.title}: {self.first_label} to {self.last_label}, at most {self.peak} in one {self.unit}"
        if self.gaps:
            text += "; nothing from " + ", ".join(gap.label for gap in self.gaps)
        return text + "."


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
        return start.strftime("%B %Y")
    return f"{start.day} {start:%B %Y}"


def monthly_bars(points):
    """Monthly (first of month, count) points as timeline bars: eras apart, empty months within them as zeros."""
    counts = {}
    for day, count in points:
        start = date(day.year, day.month, 1)
        counts[start] = counts.get(start, 0) + int(count)
    bars, unit = timeline_from_days(counts)
    if unit == "day":  # monthly data never splits into days
        first, last = bars[0][0], bars[-1][0]
        bars, current = [], date(first.year, first.month, 1)
        while current <= last:
            bars.append((current, counts.get(current, 0)))
            current = next_period(current, "month")
        unit = "month"
    return bars, unit


def _gap_label(before, after, unit):
    """The periods a break stands for: the ones after `before` and before `after`."""
    first = next_period(before, unit)
    last = date.fromordinal(after.toordinal() - 1)
    if unit == "year":
        return f"{first.year}–{last.year}" if first.year != last.year else str(first.year)
    if unit == "month":
        if (first.year, first.month) == (last.year, last.month):
            return f"{first:%B %Y}"
        return f"{first:%b %Y}–{last:%b %Y}" if first.year != last.year else f"{first:%b}–{last:%b %Y}"
    if first == last:
        return f"{first.day} {first:%B %Y}"
    return f"{first.day} {first:%b %Y}–{last.day} {last:%b %Y}"


@dataclass(frozen=True)
class Scale:
    """Counts to pixels. Linear unless the counts span more than LOG_RANGE times; then logarithmic,
    so that a month of 2 articles stays visible beside one of 700."""

    peak: int
    log: bool

    def height(self, count):
        plot = AXIS - TOP
        if not count:
            return 0.0
        share = math.log10(1 + count) / math.log10(1 + self.peak) if self.log else count / self.peak
        return max(MIN_BAR, plot * share)

    def gridline_values(self):
        if self.log:
            values = [10 ** power for power in range(1, int(math.log10(self.peak)) + 1)]
            values = [value for value in values if value < self.peak * 0.8]
            return [self.peak, *values[-3:]]
        half = _nice(self.peak / 2)
        return [self.peak] + ([half] if self.peak >= 4 and half < self.peak * 0.8 else [])


LOG_RANGE = 20


def _nice(value):
    """A round number near `value` for a gridline (1, 2, 5, 10, 20, 50...)."""
    if value < 1:
        return 0
    power = 10 ** int(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value * 0.75:
            return step * power
    return 10 * power


def bar_chart(points, *, unit, href_for, title):
    """A Chart of (period start, count) points; href_for(first_day, last_day) links each bar."""
    points = [(start, int(count)) for start, count in points]
    if not points:
        return None
    peak = max(count for _, count in points) or 1
    smallest = min((count for _, count in points if count), default=1)
    scale = Scale(peak=peak, log=peak > LOG_RANGE * smallest)
    # Slots: one per bar, GAP_SLOTS per break between non-consecutive periods.
    positions, gaps, slot_index = [], [], 0.0
    for index, (start, _) in enumerate(points):
        if index and next_period(points[index - 1][0], unit) < start:
            gaps.append((slot_index + GAP_SLOTS / 2, _gap_label(points[index - 1][0], start, unit)))
            slot_index += GAP_SLOTS
        positions.append(slot_index)
        slot_index += 1
    slot = min(MAX_SLOT, 100 / slot_index)
    offset = (100 - slot * slot_index) / 2
    bar_width = slot * 0.78
    bars = []
    for (start, count), position in zip(points, positions):
        height = scale.height(count)
        first_day, last_day = period_bounds(start, unit)
        x = offset + position * slot + (slot - bar_width) / 2
        bar = Bar(
            x=round(x, 3), width=round(bar_width, 3), y=round(AXIS - height, 2), height=round(height, 2),
            count=count, label=period_label(start, unit), href=href_for(first_day, last_day),
        )
        bar.value_x, bar.value_anchor = bar.centre, "middle"
        if bar.centre < 4:
            bar.value_x, bar.value_anchor = round(x, 3), "start"
        elif bar.centre > 96:
            bar.value_x, bar.value_anchor = round(x + bar_width, 3), "end"
        bars.append(bar)
    gridlines = [Gridline(y=round(AXIS - scale.height(value), 2), label=f"{value:,}")
                 for value in scale.gridline_values()]
    return Chart(
        bars=bars,
        height=HEIGHT,
        axis=AXIS,
        peak=peak,
        title=title,
        unit=unit,
        first_label=period_label(points[0][0], unit),
        last_label=period_label(points[-1][0], unit),
        gaps=[Gap(x=round(offset + at * slot, 3), label=label) for at, label in gaps],
        ticks=_ticks(points, bars, unit),
        gridlines=gridlines,
        log_scale=scale.log,
    )


def _candidates(points, bars, unit):
    """(priority, x %, labels, major) for every label the axis could carry: lower priority is placed
    first, and each label has a shorter variant for when the longer one does not fit."""
    found = []
    for index, ((start, _), bar) in enumerate(zip(points, bars)):
        era_start = index == 0 or next_period(points[index - 1][0], unit) < start
        if unit == "year":
            year = str(start.year)
            if era_start or start.year % 10 == 0:
                found.append((0, bar.x, (year,), True))
            else:
                found.append((1 if start.year % 5 == 0 else 2, bar.x, (year,), False))
        elif unit == "month":
            if era_start:
                found.append((0, bar.x, (f"{start:%b %Y}", str(start.year)), True))
            elif start.month == 1:
                found.append((0, bar.x, (str(start.year),), True))
            else:
                found.append((1 if start.month in (4, 7, 10) else 3, bar.x, (f"{start:%b}",), False))
        elif era_start or start.day == 1:
            found.append((0, bar.x, (f"{start.day} {start:%b %Y}" if era_start else f"{start:%b %Y}",
                                     f"{start:%b %Y}", f"{start:%b}"), True))
        elif start.day in (8, 15, 22):
            found.append((1, bar.x, (str(start.day),), False))
    return found


MAX_SHIFT = 6.0  # % a label may move right of its tick to clear the one before it


def _ticks(points, bars, unit):
    """Axis labels: the most telling first (eras, years), each kept only where it overlaps none placed before.

    Worked out for a wide and a narrow screen; CSS shows one set or the other.
    Every major label is first placed in its shortest form, so that two eras
    close together both get a year; then each is lengthened where it still fits.
    """
    candidates = sorted(_candidates(points, bars, unit), key=lambda c: (c[0], c[1]))
    ticks = []
    for width_px, flag in ((WIDE_PX, "wide"), (NARROW_PX, "narrow")):
        placed = {}  # candidate index -> (label, text x, anchor, left, right)
        firsts = [index for index, candidate in enumerate(candidates) if candidate[0] == 0]
        others = [index for index, candidate in enumerate(candidates) if candidate[0] != 0]
        for index in firsts:  # every era and year, in its shortest form
            _, x, labels, major = candidates[index]
            spot = _spot(_taken(placed), x, labels[-1], width_px, major)
            if spot:
                placed[index] = (labels[-1], *spot)
        for index in firsts:  # then as long as it fits
            _, x, labels, major = candidates[index]
            for label in labels[:-1] if index in placed else ():
                spot = _spot(_taken(placed, skip=index), x, label, width_px, major)
                if spot:
                    placed[index] = (label, *spot)
                    break
        for index in others:  # then months or days between them
            _, x, labels, major = candidates[index]
            for label in labels:
                spot = _spot(_taken(placed), x, label, width_px, major)
                if spot:
                    placed[index] = (label, *spot)
                    break
        for index, (label, text_x, anchor, _, _) in placed.items():
            x, major = candidates[index][1], candidates[index][3]
            ticks.append(Tick(x=x, label=label, major=major, wide=flag == "wide", narrow=flag == "narrow",
                              anchor=anchor, text_x=round(text_x, 3)))
    return _merged(ticks)


def _taken(placed, skip=None):
    return [(left, right) for index, (*_, left, right) in placed.items() if index != skip]


def _spot(taken, x, label, width_px, major):
    """(text x, anchor, left, right) where a label for the tick at x fits, or None.

    Only a year or an era start moves aside (up to MAX_SHIFT); a month or day
    name belongs under its bar. A label that would run off the right edge is
    written leftwards from its tick.
    """
    span = (len(label) * CHAR_PX + 6) / width_px * 100
    if x + span > 100:
        return (x, "end", x - span, x) if _fits(taken, x - span, x) else None
    shift = 0.0
    while shift <= (MAX_SHIFT if major else 0):
        if _fits(taken, x + shift, x + shift + span):
            return (x + shift, "start", x + shift, x + shift + span)
        shift += 0.5
    return None


def _fits(taken, left, right):
    """Whether a label from left to right (%) stays on the chart and clear of the ones taken."""
    return left >= 0 and right <= 100 and not any(left < end and start < right for start, end in taken)


def _merged(ticks):
    """One tick per (place, label, position) shown on wide, narrow or both screens."""
    merged = {}
    for tick in ticks:
        key = (tick.x, tick.label, tick.text_x, tick.anchor)
        if key in merged:
            merged[key].wide |= tick.wide
            merged[key].narrow |= tick.narrow
        else:
            merged[key] = tick
    return sorted(merged.values(), key=lambda tick: (tick.x, not tick.wide))
