"""Source formats: how a file is split into pages, and which parser reads them.

Every file a source yields (see `archive.ingest.sources`) goes to the first
format in `FORMATS` that claims it by name. The format splits it into pages
(`split`) and reads each page into an article (`parse`); `reparse` reads a
stored article's raw text again, found by the article's parser profile.

Adding a format (WARC, saved HTML...) is a module in this package with a
`SourceFormat` subclass, and its instance in `FORMATS` before `NotPages`
(which claims files that are plainly not pages by their name: .dtd, .csv,
images...) and `TextPages`, which claims every file and so must stay last.
"""
from archive.ingest.formats._base import PageRead, SourceFormat
from archive.ingest.formats.not_pages import NotPages
from archive.ingest.formats.reuters_sgml import ReutersSgml
from archive.ingest.formats.text_pages import TextPages
from archive.ingest.formats.web_archives import WebArchives
from archive.ingest.formats.web_pages import WebPages

__all__ = [
    "FORMATS", "NotPages", "PageRead", "ReutersSgml", "SourceFormat", "TextPages", "WebArchives", "WebPages",
    "format_for", "format_for_profile", "format_named",
]

FORMATS: tuple[SourceFormat, ...] = (
    ReutersSgml(),
    WebArchives(),
    WebPages(),
    NotPages(),
    TextPages(),
)


def format_for(name: str) -> SourceFormat:
    """The format that reads a file of this name."""
    return next(fmt for fmt in FORMATS if fmt.claims(name))


def format_for_profile(profile: str) -> SourceFormat:
    """The format whose parser wrote articles of this profile; text pages for any profile nobody names."""
    return next((fmt for fmt in FORMATS if profile in fmt.profiles), FORMATS[-1])


def format_named(name: str) -> SourceFormat | None:
    """The format of this `name` (as stored with a skipped page), None when there is none any more."""
    return next((fmt for fmt in FORMATS if fmt.name == name), None)
