"""Reading request parameters: the fields every form shares and one table of what to say.

Every public form (the search, the listings, the entity directory) reports a
value it cannot use as a `Problem`: the parameter, what was given and why it
was refused. The HTML pages drop such a value and show `problem.note`, a
sentence for the reader; the API refuses the request with a 400 whose
`parameters` map each parameter to `problem.reason`. Both sentences come from
WORDING, so the two never drift apart.
"""
import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django import forms

MAX_QUERY_LENGTH = 500
MAX_VALUES_PER_FILTER = 10
# A page number larger than this is still a page number, just far past the end.
PAGE_CEILING = 1_000_000_000

# What a parameter is called in a sentence ({a_label} adds "a" or "an").
LABELS = {
    "q": "query",
    "section": "section",
    "agency": "agency",
    "site": "site",
    "entity": "entity",
    "kind": "kind of entity",
    "date_from": "start date",
    "date_to": "end date",
    "sort": "sort order",
    "order": "order",
    "letter": "letter",
    "show": "choice of names",
    "page": "page number",
    "per_page": "number of results per page",
}

# code -> (reason for the API, sentence for the page). Placeholders: {label},
# {value} (as given, shortened), {choices}, {fallback}, {limit}.
WORDING = {
    "not_a_date": (
        "not a date; write 2020-06-12 or 12 June 2020",
        "The {label} “{value}” is not a date (write it like 12 June 2020) and was ignored.",
    ),
    "not_a_choice": (
        "must be {choices}",
        "“{value}” is not {a_label} ({choices}); {fallback}.",
    ),
    "not_a_page": (
        "must be a whole number from 1",
        "“{value}” is not a page number; showing the first page.",
    ),
    "not_a_number": (
        "must be a whole number from 1 to {limit}",
        "“{value}” is not {a_label} from 1 to {limit} and was ignored.",
    ),
    "malformed": (
        "not a valid {label}: {value}",
        "“{value}” is not a valid {label} and was ignored.",
    ),
    "unknown": (
        "no such {label}: {value}",
        "There is no {label} “{value}”; that filter was ignored.",
    ),
    "too_many": (
        "at most {limit} values",
        "Only the first {limit} {label} filters were used.",
    ),
    "unsearchable": (
        "cannot be searched",
        "The query held characters that cannot be searched and was ignored.",
    ),
}

# What the page does instead, for refused choices.
FALLBACKS = {
    "sort": "results use the default order",
    "kind": "it was ignored",
    "order": "showing A to Z",
    "letter": "showing every letter",
    "show": "showing names from two articles or more",
}


def shorten(value, limit=40) -> str:
    """A value as the reader gave it, without control characters, cut to `limit` characters."""
    value = clean_text(str(value))
    return value if len(value) <= limit else value[: limit - 1] + "…"


def clean_text(value: str) -> str:
    # Control characters (NUL above all) upset the database and the query parser alike.
    return "".join(ch for ch in value if unicodedata.category(ch)[0] != "C" or ch == "\t").strip()


@dataclass(frozen=True)
class Problem:
    """A parameter value that could not be used."""

    param: str
    code: str
    value: str = ""
    choices: str = ""
    limit: int = 0

    def _format(self, template):
        label = LABELS.get(self.param, self.param)
        return template.format(
            label=label,
            a_label=("an " if label[0] in "aeiou" else "a ") + label,
            value=shorten(self.value),
            choices=self.choices,
            fallback=FALLBACKS.get(self.param, "it was ignored"),
            limit=self.limit,
        )

    @property
    def reason(self) -> str:
        """Why the API refuses it, in a few words."""
        return self._format(WORDING[self.code][0])

    @property
    def note(self) -> str:
        """What the page tells the reader it did instead."""
        return self._format(WORDING[self.code][1])


def choices_text(choices) -> str:
    values = [str(value) for value, _ in choices if value]
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else "".join(values)


class NotedForm(forms.Form):
    """A form that turns its errors into Problems, and collects notes about values it adjusted.

    Fields raise ValidationError with `code` set to a key of WORDING; a
    choice field's own "invalid_choice" becomes "not_a_choice".
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.adjustments = []  # sentences: the value was used, changed (shortened, swapped)
        self.extra_problems = []  # problems found in clean_<field>, beside the field errors

    def problems(self) -> list[Problem]:
        self.is_valid()
        found = list(self.extra_problems)
        for name, errors in self.errors.as_data().items():
            if name not in self.fields:
                continue
            code = errors[0].code or "malformed"
            field = self.fields[name]
            if code in ("invalid_choice", "invalid", "required") and hasattr(field, "choices"):
                code = "not_a_choice"
            elif code in ("null_characters_not_allowed",):
                code = "unsearchable"
            elif code not in WORDING:
                code = getattr(field, "problem_code", "malformed")
            found.append(Problem(
                param=name,
                code=code,
                value=self._raw(name),
                choices=choices_text(field.choices) if hasattr(field, "choices") else "",
                limit=getattr(field, "limit", 0),
            ))
        return found

    def _raw(self, name):
        data = self.data
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name, "")]
        return ", ".join(str(value) for value in values)

    def notes(self) -> list[str]:
        """Every sentence the page shows about the parameters, in a stable order."""
        return list(dict.fromkeys([problem.note for problem in self.problems()] + self.adjustments))

    def order_date_range(self, cleaned: dict) -> dict:
        """Swap a date range given end first (a reader's slip, not an error), with a note saying so."""
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.adjustments.append("The start date was after the end date, so the two were swapped.")
            cleaned["date_from"], cleaned["date_to"] = end, start
        return cleaned


# --- Fields ---------------------------------------------------------------

_MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[./]\s?(\d{1,2})[./]\s?(\d{4})\.?")
_WRITTEN = re.compile(r"(?:(\d{1,2})\.?\s+)?([a-z]+)\.?,?\s+(?:(\d{1,2}),?\s+)?(\d{4})")


def parse_day(text: str, *, end: bool = False) -> date | None:
    """A day as people write it on this site, or None.

    Takes 2020-06-12, 12 June 2020, 12 Jun 2020, June 12, 2020, 12.6.2020 and
    12/06/2020 (day first, as in Serbia and Britain). A year or a month alone
    (2020, 2020-06, June 2020) stands for its first day, or its last when `end`.
    """
    text = " ".join((text or "").strip().lower().split())
    year = month = day = None
    if match := _ISO.fullmatch(text):
        year, month, day = (int(part) if part else None for part in match.groups())
    elif match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif (match := _WRITTEN.fullmatch(text)) and match.group(2) in _MONTHS and not (match.group(1) and match.group(3)):
        month, year = _MONTHS[match.group(2)], int(match.group(4))
        day = int(match.group(1) or match.group(3)) if (match.group(1) or match.group(3)) else None
    else:
        return None
    try:
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return date(year, month, day)
    except ValueError:
        return None


def format_day(value: date | None) -> str:
    """A day the way the site writes it (and parse_day reads it back): "12 June 2020"."""
    return f"{value.day} {value:%B %Y}" if value else ""


class OptionalField(forms.Field):
    """A request parameter a reader may leave out: every field of these forms is one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class DayField(OptionalField):
    """A day written as the site writes it; a year or month stands for its first (or, with end=True, last) day."""

    widget = forms.TextInput

    def __init__(self, *, end=False, **kwargs):
        super().__init__(**kwargs)
        self.end = end

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, date):
            return value
        day = parse_day(str(value), end=self.end)
        if day is None:
            raise forms.ValidationError("not a date", code="not_a_date")
        return day

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "autocomplete": "off", "spellcheck": "false"}

    def prepare_value(self, value):
        return format_day(value) if isinstance(value, date) else value


class PageField(OptionalField):
    """A page number: any whole number from 1. One past the end is the pager's to report, not the form's."""

    problem_code = "not_a_page"

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip()
        if not text.isascii() or not text.isdigit() or int(text) < 1:
            raise forms.ValidationError("not a page", code="not_a_page")
        return min(int(text), PAGE_CEILING)


class SlugListField(OptionalField):
    """Several values of a repeated parameter (?section=a&section=b), stripped, blanks and repeats dropped."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return list(dict.fromkeys(clean_text(str(item)) for item in value if item and clean_text(str(item))))
