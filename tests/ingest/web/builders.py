"""Web pages and web archives written for the tests: invented news, home pages, listings, errors.

Every page here is made up for the project; the shapes follow what news sites
and crawlers produce (meta tags, JSON-LD, share bars, teasers, menus).
"""
import gzip
import io
import json
from datetime import UTC, datetime

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

BODY = [
    "The city council of Novi Sad approved on Tuesday a plan to rebuild the old river port, "
    "turning the warehouses into a public market, a library and two hundred flats.",
    "The mayor said the work would start next spring and take three years, paid for by the city, "
    "the province and a loan from a development bank that was signed last month.",
    "Residents of the nearby streets asked for a new bus line and more parking, and the council "
    "promised to hold a public hearing on the traffic plan before the end of the year.",
    "Architects who entered the design competition will present their models in the town hall "
    "gallery from Monday, and visitors can vote for the one they like best.",
]
MENU = ["Home", "Politics", "Business", "Sport", "Culture", "World", "Contact", "About us"]


def menu_html() -> str:
    links = "".join(f'<li><a href="/{item.lower()}/">{item}</a></li>' for item in MENU)
    return f"<nav><ul>{links}</ul></nav>"


def article_html(
    title="Old river port to become a market and library",
    paragraphs=None,
    *,
    published="2021-03-09T14:05:00+01:00",
    og_type="article",
    lang="en",
    canonical="",
    site_name="Danube Daily",
    author="Mira Petrov",
    charset="utf-8",
    json_ld=True,
    extra_head="",
    teasers=True,
) -> str:
    """A news article page with the usual furniture around it."""
    paragraphs = BODY if paragraphs is None else paragraphs
    head = [f'<meta charset="{charset}">' if charset else "", f"<title>{title} | {site_name}</title>"]
    head.append(f'<meta property="og:title" content="{title}">')
    if og_type:
        head.append(f'<meta property="og:type" content="{og_type}">')
    if site_name:
        head.append(f'<meta property="og:site_name" content="{site_name}">')
    if published and not json_ld:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        head.append(f'<meta name="author" content="{author}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    if json_ld and published:
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                "datePublished": published, "author": {"@type": "Person", "name": author},
                "publisher": {"@type": "Organization", "name": site_name}}
        head.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    head.append(extra_head)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    related = ""
    if teasers:
        related = "<aside><h3>More news</h3><ul>" + "".join(
            f'<li><a href="/news/{i}">Teaser headline number {i} about the region</a></li>' for i in range(5)
        ) + "</ul></aside>"
    html_lang = f' lang="{lang}"' if lang else ""
    return (
        f"<!DOCTYPE html><html{html_lang}><head>{''.join(head)}</head><body>{menu_html()}"
        f"<main><article><h1>{title}</h1><p class=\"byline\">By {author}</p>{body}</article></main>"
        f"{related}<footer><p>Copyright 2021 {site_name}. All rights reserved.</p></footer></body></html>"
    )


def listing_html(count=20) -> str:
    """A section front: headlines as links with a line of teaser each."""
    items = "".join(
        f'<div class="teaser"><h2><a href="/news/2021/03/{i:02d}/story-{i}">Headline of story {i} about the '
        f'council and the budget for next year</a></h2><p><a href="/news/2021/03/{i:02d}/story-{i}">Read the '
        f'whole story number {i} on our site today</a></p></div>'
        for i in range(1, count + 1)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Politics | Danube Daily</title>'
        f'<meta property="og:type" content="website"></head><body>{menu_html()}<main>{items}</main></body></html>'
    )


def error_html() -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><title>404 Page not found</title></head><body>'
        f"{menu_html()}<h1>Page not found</h1><p>The page you asked for does not exist or was moved. "
        "Try the search box or go back to the front page.</p></body></html>"
    )


def empty_html() -> str:
    return '<!DOCTYPE html><html><head><title>Loading</title></head><body><div id="app"></div></body></html>'


def b92_html(*, nav_id="112233", section_path="politics") -> tuple[str, str]:
    """A b92.net English article page and its address."""
    url = f"https://www.b92.net/eng/news/{section_path}.php?yyyy=2021&mm=03&dd=09&nav_id={nav_id}"
    body = "".join(f"<p>{p}</p>" for p in BODY)
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Council backs river port plan - B92.net</title>"
        '<meta property="og:site_name" content="B92.net"></head><body>'
        f"{menu_html()}<div class=\"article\"><div class=\"crumbs\">News / Politics</div>"
        "<h1>Council backs river port plan</h1>"
        "<p class=\"lede\">The Novi Sad city council approved a plan for the old river port on Tuesday.</p>"
        "<div class=\"source\">Source: Tanjug, Beta</div>"
        "<div class=\"date\">Tuesday, March 9, 2021 | 14:05</div>"
        "<div class=\"share\">Tweet Share</div>"
        f"{body}</div></body></html>"
    )
    return html, url


class WarcBuilder:
    """Writes a WARC (gzipped per record unless gzip=False) from invented records."""

    def __init__(self, gzip=True):
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=gzip)
        # (start, end) of every record written, in order.
        self.spans = []
        self._write(self.writer.create_warcinfo_record("test.warc", {"software": "tests"}))

    def _write(self, record):
        start = self.buffer.tell()
        self.writer.write_record(record)
        self.spans.append((start, self.buffer.tell()))

    def response(self, url, body, *, status="200 OK", content_type="text/html; charset=utf-8", when=None,
                 request=True, extra_headers=()):
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        http = StatusAndHeaders(status, [("Content-Type", content_type), *extra_headers], protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(data), http_headers=http,
            warc_headers_dict={"WARC-Date": _warc_date(when)},
        )
        self._write(record)
        if request:
            request_http = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "example")], is_http_request=True)
            self._write(self.writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), http_headers=request_http))
        return record

    def revisit_of(self, original, *, when=None):
        record = self.writer.create_revisit_record(
            original.rec_headers.get_header("WARC-Target-URI"),
            digest=original.rec_headers.get_header("WARC-Payload-Digest"),
            refers_to_uri=original.rec_headers.get_header("WARC-Target-URI"),
            refers_to_date=original.rec_headers.get_header("WARC-Date"),
            warc_headers_dict={"WARC-Date": _warc_date(when)},
        )
        self._write(record)

    def resource(self, url, body, content_type="text/html"):
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        self._write(self.writer.create_warc_record(
            url, "resource", payload=io.BytesIO(data), warc_content_type=content_type))

    def data(self) -> bytes:
        return self.buffer.getvalue()

    def write(self, path):
        path.write_bytes(self.data())
        return path


def _warc_date(when) -> str:
    when = when or datetime(2021, 3, 10, 8, 30, tzinfo=UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def arc_file(pages: list[tuple[str, str]]) -> bytes:
    """An ARC (version 1) file, gzipped per record, with an HTML response for each (url, html)."""

    def record(header: str, body: bytes) -> bytes:
        return gzip.compress(header.encode() + b"\n" + body + b"\n")

    version = b"1 0 Tests\nURL IP-address Archive-date Content-type Archive-length\n"
    data = record(f"filedesc://tests.arc 0.0.0.0 20210310083000 text/plain {len(version)}", version)
    for url, html in pages:
        body = html.encode()
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
        data += record(f"{url} 192.0.2.1 20210310083000 text/html {len(http)}", http)
    return data
