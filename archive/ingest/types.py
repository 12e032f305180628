"""The shapes that flow through an import, shared by every parser and the importer."""
from dataclasses import dataclass, field
from datetime import date, datetime


class PageError(Exception):
    """A page that cannot become an article; the message is the reason shown to the operator."""


class NotAnArticle(PageError):
    """A page that was read fine but is not a news article (a README, a DTD, a list, a home page...).

    It is skipped with its reason and kept, not counted as a failure; a
    curator who disagrees promotes it (see SourceFormat.parse). Code that does
    not know this outcome still sees a PageError, so such a page is never
    imported by mistake.
    """


class EmptyRecord(PageError):
    """A record of a collection that holds nothing at all (no title, no text).

    It is recorded as an import problem, so it is seen, but there is nothing
    in it to lose, so it does not make the run fail.
    """


@dataclass
class ParsedPage:
    """What a parser made of one page, before it touches the database.

    `published` is a datetime when the page shows a time, otherwise a date
    (the day in the site's own time zone). The datetime is aware when the
    site's time zone is known, and naive when the page gives a clock time
    only: that is read in the archive's time zone when stored.
    """

    profile: str
    profile_version: int
    title: str
    published: date | datetime
    site: str = ""  # the publisher's domain, e.g. "b92.net"
    section: str = ""
    lede: str = ""
    agencies: list[str] = field(default_factory=list)
    photo_credit: str = ""
    dateline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    url: str = ""
    language: str = "en"
    # Structured facts a source gives beyond the above (Reuters places, topics).
    extra: dict = field(default_factory=dict)
    # Things worth telling the operator that did not stop the import.
    problems: list[str] = field(default_factory=list)
    # A ready identity for sources that have one (Reuters NEWID); otherwise the
    # importer derives it from site, day and title.
    identity: str = ""

    @property
    def has_time(self) -> bool:
        return isinstance(self.published, datetime)


@dataclass
class RawPage:
    """One page as found in a source: its name (path, or archive member) and bytes."""

    name: str
    data: bytes
