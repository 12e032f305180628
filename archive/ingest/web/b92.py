"""b92.net pages as HTML: the site's own structured fields, which win over generic extraction.

b92's English pages print the section in the address (`/eng/news/politics.php`)
and in the breadcrumb, the wire agencies on a `Source:` line under the lede,
and a Belgrade-time dateline (`Friday, June 12, 2020 | 23:26`). These are read
from the page's visible text with the same rules as the b92 text profile.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from archive.ingest.agencies import split_agencies
from archive.ingest.datelines import B92_DATELINE, b92_dateline
from archive.ingest.dates import weekday_mismatch
from archive.ingest.profiles.b92 import SECTIONS
from archive.ingest.web.extract import Extraction
from archive.ingest.web.urls import site_host

SITE = "b92.net"
_SOURCE_LINE = re.compile(r"^(?:Source|Izvor):\s*(.{1,120})$", re.IGNORECASE)
_SECTION_BY_NAME = {name.lower(): name for name in SECTIONS}
# Lines that are the page's furniture around the article, not its text.
_CHROME_LINE = re.compile(r"^(?:Tweet|Share|Like|Email|Print|Comments(?::? ?\d+)?)(?: (?:Tweet|Share|Like))*$", re.I)
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
    "footer", "aside", "nav", "table", "tr", "td", "th", "blockquote", "figure", "figcaption", "main", "dt", "dd",
}
_INVISIBLE = {"script", "style", "noscript", "template", "head"}


@dataclass
class B92Fields:
    """What the b92 layout says beyond the generic extraction."""

    section: str = ""
    agencies: list[str] = field(default_factory=list)
    dateline: str = ""
    published: date | datetime | None = None
    problems: list[str] = field(default_factory=list)


def is_b92(url: str, extraction: Extraction) -> bool:
    """A b92.net page: by its address, or (for a saved page without one) by the site's name."""
    if url:
        return site_host(urlsplit(url).hostname or "") == SITE
    return site_host(extraction.hostname) == SITE or extraction.site_name.strip().lower() in ("b92", "b92.net")


def read_b92(tree: HtmlElement, url: str, extraction: Extraction) -> B92Fields:
    """The section, agencies and dateline of a b92 page."""
    fields = B92Fields(section=_section(url, extraction))
    lines = visible_lines(tree)
    for line in lines:
        source = _SOURCE_LINE.match(line)
        if source:
            fields.agencies = split_agencies(source.group(1))
            break
    for line in lines:
        found = B92_DATELINE.search(line)
        if not found:
            continue
        dateline = b92_dateline(found)
        if dateline is None:
            fields.problems.append(f"impossible dateline {found.group(0)!r} ignored")
            continue
        if weekday_mismatch(found.group(1), dateline.day):
            fields.problems.append(f"the dateline's weekday does not fit its date: {found.group(0)!r}")
        fields.dateline, fields.published = dateline.text, dateline.published()
        break
    return fields


def clean_paragraphs(paragraphs: list[str], fields: B92Fields) -> list[str]:
    """The article's paragraphs without the Source line, the dateline and share buttons, if extraction kept them."""
    kept = []
    for paragraph in paragraphs:
        if _SOURCE_LINE.match(paragraph) or _CHROME_LINE.match(paragraph):
            continue
        if fields.dateline and paragraph.strip(" |") == fields.dateline:
            continue
        kept.append(paragraph)
    return kept


def _section(url: str, extraction: Extraction) -> str:
    """The section from the address (`/eng/news/politics.php`, `/eng/sport/...`), else from the page's category."""
    path = urlsplit(url).path.lower() if url else ""
    for part in reversed([p for p in path.split("/") if p]):
        name = part.rsplit(".", 1)[0].replace("_", "-")
        if name in _SECTION_BY_NAME:
            return _SECTION_BY_NAME[name]
    for category in extraction.categories:
        if category.lower() in _SECTION_BY_NAME:
            return _SECTION_BY_NAME[category.lower()]
    return ""


def visible_lines(tree: HtmlElement) -> list[str]:
    """The page's visible text, one line per block element, spaces folded."""
    body = tree.find(".//body")
    chunks: list[str] = []
    _collect(body if body is not None else tree, chunks)
    lines = (" ".join(line.split()) for line in "".join(chunks).split("\n"))
    return [line for line in lines if line]


def _collect(element: HtmlElement, chunks: list[str]) -> None:
    if not isinstance(element.tag, str) or element.tag in _INVISIBLE:
        return
    block = element.tag in _BLOCK_TAGS
    if block:
        chunks.append("\n")
    if element.text:
        chunks.append(element.text)
    for child in element:
        _collect(child, chunks)
        if child.tail:
            chunks.append(child.tail)
    if block:
        chunks.append("\n")
