"""One web page (a WARC record or a saved HTML file) into a ParsedPage, or the reason it is none.

The text stored with the article is the raw record: the WARC and HTTP headers
as archived, then the decoded HTML (a saved file has no headers). Reading it
again (`parse_web_record`) gives the same article, so `reparse` works on web
pages as on text pages, and a curator sees what the crawler saw.
"""
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from archive.ingest.decoding import DecodedText
from archive.ingest.records import ENCODING_NOTE_PREFIX
from archive.ingest.types import NotAnArticle, PageError, ParsedPage
from archive.ingest.web import b92, checks
from archive.ingest.web.decoding import decode_html
from archive.ingest.web.extract import Extraction, extract_article, parse_html
from archive.ingest.web.types import MAX_HTML_BYTES
from archive.ingest.web.urls import page_identity, site_host

PROFILE = "html"
B92_PROFILE = "b92-html"
PROFILES = (PROFILE, B92_PROFILE)
VERSION = 1

_HEADER_END = re.compile(r"\r?\n\r?\n")
_RESPONSE = re.compile(rb"^WARC-Type:[ \t]*response[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
_SINGLE_FILE_URL = re.compile(r"<!--\s*Page saved with SingleFile\s+url:\s*(\S+)", re.IGNORECASE)


@dataclass
class RecordHead:
    """What the headers of a raw record say about the page."""

    url: str = ""
    captured_at: datetime | None = None
    status: int | None = None
    content_type: str = ""
    location: str = ""


def decode_record(data: bytes) -> DecodedText:
    """The raw record as text (headers, then the decoded HTML), with a note on the encoding; raises PageError."""
    split = header_length(data)
    headers, payload = data[:split].decode("utf-8", "replace"), data[split:]
    if len(payload) > MAX_HTML_BYTES:
        raise PageError(
            f"page too large: {len(payload):,} bytes of HTML, the limit is {MAX_HTML_BYTES:,}; not a single article"
        )
    head, _ = split_record(headers)
    # A redirect or an error says so in its status, whatever its body holds.
    reason = checks.status_reason(head.status, head.location)
    if reason:
        raise NotAnArticle(reason)
    if not payload.strip():
        raise NotAnArticle("no article text: the page is empty")
    decoded = decode_html(payload, head.content_type)
    return DecodedText(headers + decoded.text, decoded.encoding, decoded.note)


def read_web_page(data: bytes, *, name: str = "", promoted: bool = False) -> tuple[str, ParsedPage]:
    """Decode and parse one page (a record's bytes or a saved file's); raises NotAnArticle or PageError.

    Returns the raw record text kept with the article, and the parse.
    `promoted`: a curator decided it is an article (see parse_web_record).
    """
    decoded = decode_record(data)
    page = parse_web_record(decoded.text, source_name=name, promoted=promoted)
    if decoded.note:
        # Reading the bytes is not repeated by a re-parse, so the note travels with the article.
        page.problems.insert(0, f"{ENCODING_NOTE_PREFIX} {decoded.note}")
    return decoded.text, page


def resource_record(url: str, html: bytes, *, captured_at: datetime | None = None) -> bytes:
    """A page known by its address, as the bytes of a WARC resource record (for pages saved with their URL)."""
    lines = ["WARC/1.0", "WARC-Type: resource", f"WARC-Target-URI: {url}", "Content-Type: text/html"]
    if captured_at is not None:
        lines.append(f"WARC-Date: {captured_at.isoformat()}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + html


def header_length(data: bytes) -> int:
    """Where a record's payload starts: after the WARC headers and, in a response, the HTTP headers."""
    if not data.startswith(b"WARC/"):
        return 0
    end = data.find(b"\r\n\r\n")
    if end < 0:
        return len(data)
    start = end + 4
    if data[start : start + 5] == b"HTTP/" and _RESPONSE.search(data[:end]):
        end = data.find(b"\r\n\r\n", start)
        start = end + 4 if end >= 0 else len(data)
    return start


def split_record(raw: str) -> tuple[RecordHead, str]:
    """The record's headers, read, and its HTML."""
    head, rest = RecordHead(), raw
    if raw.startswith("WARC/"):
        block, rest = _take_block(raw)
        fields = _header_fields(block)
        head.url = fields.get("warc-target-uri", "").strip("<>")
        head.captured_at = _warc_date(fields.get("warc-date", ""))
        head.content_type = fields.get("content-type", "")
        if fields.get("warc-type") == "response" and rest.startswith("HTTP/"):
            block, rest = _take_block(rest)
            status_line, _, _ = block.partition("\n")
            http = _header_fields(block)
            head.status = _status(status_line)
            head.content_type = http.get("content-type", "")
            head.location = http.get("location", "")
    return head, rest


def parse_web_record(raw: str, *, source_name: str = "", promoted: bool = False) -> ParsedPage:
    """Parse the raw record text of one page; raises NotAnArticle or PageError.

    `promoted`: a curator decided the page is an article, so the checks that
    judge whether it is one (status, address, content) are not asked; a page
    with no HTML or no title still cannot become one.
    """
    head, html = split_record(raw)
    reason = "" if promoted else checks.status_reason(head.status, head.location)
    if reason:
        raise NotAnArticle(reason)
    tree = parse_html(html)
    if tree is None:
        raise NotAnArticle("no article text: the page has no HTML in it")
    url = head.url or _saved_from(html)
    extraction = extract_article(tree, url=url)
    reason = checks.address_reason(url)
    url = _article_url(url, extraction.canonical_url)
    reason = reason or checks.address_reason(url)
    if reason and not promoted:
        raise NotAnArticle(reason)
    fields = b92.read_b92(tree, url, extraction) if b92.is_b92(url, extraction) else None
    if fields is not None:
        extraction.paragraphs = b92.clean_paragraphs(extraction.paragraphs, fields)
    published = (fields.published if fields else None) or extraction.published
    reason = "" if promoted else checks.content_reason(extraction, url=url, has_date=published is not None)
    if reason:
        raise NotAnArticle(reason)
    if not extraction.title:
        raise NotAnArticle("no headline: the page has no title")
    problems = list(fields.problems) if fields else []
    if published is None and extraction.text_date is not None:
        published = extraction.text_date
        problems.append("date: taken from the page's text, not from its markup")
    if published is None:
        published = _capture_day(head, problems)
    return _parsed(extraction, fields, url, published, head, problems)


def _parsed(extraction: Extraction, fields, url: str, published, head: RecordHead, problems: list[str]) -> ParsedPage:
    host = site_host(urlsplit(url).hostname or "") if url else site_host(extraction.hostname)
    page = ParsedPage(
        profile=B92_PROFILE if fields else PROFILE,
        profile_version=VERSION,
        title=extraction.title,
        published=published,
        site=b92.SITE if fields else host,
        paragraphs=extraction.paragraphs,
        url=url,
        language=extraction.language or "en",
        problems=problems,
        identity=page_identity(url),
    )
    if fields:
        page.section, page.agencies, page.dateline = fields.section, fields.agencies, fields.dateline
    elif extraction.categories and len(extraction.categories[0]) <= 40:
        page.section = extraction.categories[0]
    extra = {"byline": extraction.byline, "site_name": extraction.site_name, "description": extraction.description}
    if head.captured_at:
        extra["captured_at"] = head.captured_at.isoformat()
    if head.url and head.url != url:
        extra["captured_url"] = head.url
    page.extra = {key: value for key, value in extra.items() if value}
    return page


def _article_url(captured: str, canonical: str) -> str:
    """The canonical address when it names a page of the same site, else the captured one.

    Some sites point every page's canonical link at their front page; that
    would make all their articles one.
    """
    if not canonical:
        return captured
    if not captured:
        return canonical
    same_site = site_host(urlsplit(canonical).hostname or "") == site_host(urlsplit(captured).hostname or "")
    if same_site and not checks.address_reason(canonical).startswith("home page"):
        return canonical
    return captured


def _capture_day(head: RecordHead, problems: list[str]) -> date:
    if head.captured_at is None:
        raise PageError("no date: the page gives no publication date and was saved without a capture date")
    problems.append("date: the page gives no publication date; the day it was captured is used")
    return head.captured_at.date()


def _saved_from(html: str) -> str:
    """The address a browser or SingleFile noted when the page was saved."""
    head = html[:4096]
    found = _SAVED_FROM.search(head) or _SINGLE_FILE_URL.search(head)
    return found.group(1) if found else ""


def _take_block(text: str) -> tuple[str, str]:
    end = _HEADER_END.search(text)
    if end is None:
        return text, ""
    return text[: end.start()], text[end.end() :]


def _header_fields(block: str) -> dict[str, str]:
    fields = {}
    for line in block.splitlines()[1:]:
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() not in fields:
            fields[name.strip().lower()] = value.strip()
    return fields


def _status(line: str) -> int | None:
    parts = line.split()
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else None


def _warc_date(value: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    for candidate in (value.replace("Z", "+00:00"), value):
        try:
            parsed = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    # ARC files date records as 14 digits: 20080430204825.
    if len(value) == 14 and value.isdigit():
        return datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    return None
