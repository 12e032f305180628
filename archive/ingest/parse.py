"""Turning the text of one archived page into a ParsedPage.

`parse_text` takes the ` date ` prefix off, lets the site profiles decide
whose page it is (the file carries no URL, so by what the text looks like),
and checks the result is a usable article.
"""
from archive.ingest.dates import split_prefix
from archive.ingest.profiles import PageText, choose_profile
from archive.ingest.types import PageError, ParsedPage

# No news article comes near this (the longest run to some 100,000
# characters); a bigger page is a dump or a mistake, refused before any work.
MAX_PAGE_CHARS = 5_000_000


def parse_text(text: str, *, source_name: str = "") -> ParsedPage:
    """Parse one page's decoded text; raise PageError with the reason when it cannot be an article."""
    if not text or not text.strip():
        raise PageError("empty page: the file has no text")
    if len(text) > MAX_PAGE_CHARS:
        raise PageError(
            f"page too large: {len(text):,} characters (the limit is {MAX_PAGE_CHARS:,}); not a single article"
        )
    if "\x00" in text[:4096]:
        raise PageError("not text: the page contains NUL characters (a binary file?)")
    prefix, rest = split_prefix(text)
    if not rest.strip():
        raise PageError("date prefix with no page text after it")
    page = PageText.from_text(prefix, rest, source_name)
    profile = choose_profile(page)
    result = profile.parse(page)
    if not result.title:
        raise PageError(f"no headline found ({profile.NAME} profile)")
    if not result.paragraphs:
        raise PageError(f"header with no body: no article text after the headline ({profile.NAME} profile)")
    return result
