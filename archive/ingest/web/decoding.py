"""HTML bytes to text: the charset the server sent, a byte-order mark, the page's meta tag, else a guess.

Bytes that are valid UTF-8 with non-ASCII letters are UTF-8 whatever the page
declares: legacy 8-bit text almost never forms valid UTF-8 by chance, and old
sites that moved to UTF-8 often kept their old meta tag. Otherwise the declared
charset is used; with none, or when the bytes do not fit it, the general
decoder's checks decide.
Like browsers, ISO-8859-1 and ASCII are read as Windows-1252, their superset.
"""
import codecs
import re

from archive.ingest.decoding import DecodedText, decode_bytes

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
# Browsers look for the meta tag near the start; this is generous for pages with long heads.
_PRESCAN_BYTES = 16 * 1024
_BROWSER_ALIASES = {"iso8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252"}
_NEWLINES = re.compile(r"\r\n?")


def declared_charset(data: bytes, content_type: str = "") -> tuple[str, str]:
    """The codec name the server or the page declares, and where it was declared; ('', '') when none."""
    found = _HEADER_CHARSET.search(content_type or "")
    if found and _codec(found.group(1)):
        return _codec(found.group(1)), "the server's Content-Type header"
    found = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    if found and _codec(found.group(1).decode("ascii", "replace")):
        return _codec(found.group(1).decode("ascii", "replace")), "a meta tag in the page"
    return "", ""


def _codec(label: str) -> str:
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return ""
    return _BROWSER_ALIASES.get(name, name)


def decode_html(data: bytes, content_type: str = "") -> DecodedText:
    """Decode a page's bytes and say how; raises PageError for bytes that are not text."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    codec, where = declared_charset(data, content_type)
    if not data.isascii() and _is_utf8(data):
        return decode_bytes(data)
    if codec and codec not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            pass
        else:
            if "\x00" not in text[:4096]:
                note = f"decoded as {codec} (declared in {where})"
                return DecodedText(_NEWLINES.sub("\n", text), codec, note)
    decoded = decode_bytes(data)
    if codec and codec != decoded.encoding and not codec.startswith("utf-16"):
        note = f"{where} declares {codec}, but the bytes are not; " + (decoded.note or f"read as {decoded.encoding}")
        return DecodedText(decoded.text, decoded.encoding, note)
    return decoded


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
