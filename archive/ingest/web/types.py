"""The shapes of web input: one captured page, and the outcome "not an article"."""
from dataclasses import dataclass
from datetime import datetime

from archive.ingest.types import PageError


# An HTML page past this size is no single article (the largest of the 181
# benchmark pages is 1.4 MB, inline scripts included); parsing it would hold
# hundreds of MB for one page.
MAX_HTML_BYTES = 8_000_000


class NotAnArticle(PageError):
    """A page that was read fine but is no news article (a home page, a listing, an image...).

    The message is the reason shown in the import summary. Not a failure: the
    run does not exit non-zero for it. It is a PageError so that code that only
    knows failures (a re-parse) still stops on it.
    """


@dataclass
class WebCapture:
    """One page from the web: a WARC record's payload or a saved HTML file.

    `headers` is the record's header text as archived (WARC headers, then the
    HTTP headers of a response), kept with the article so the page can be read
    again later; empty for a saved file.
    """

    name: str
    data: bytes
    url: str = ""
    captured_at: datetime | None = None
    status: int | None = None
    content_type: str = ""
    headers: str = ""
    # Set when the payload was cut at the size limit (the record was larger).
    full_size: int | None = None
    # Bytes of the input file this page took (the whole record), for a progress bar by bytes.
    disk_bytes: int = 0
