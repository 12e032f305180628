"""Bytes to text: UTF-8 first, then byte-order marks, then the legacy encodings of the region.

Archived pages are meant to be UTF-8, but collections gathered over years hold
pages saved as UTF-16 (with a byte-order mark), Windows-1250 (common on Serbian
and other Central European sites) and Latin-1 / Windows-1252. Binary files and
bytes that fit none of these are refused with a reason rather than guessed at.
"""
import codecs
import re
from dataclasses import dataclass

from archive.ingest.types import PageError

# Bytes whose meaning differs between Windows-1250 and Windows-1252 and that
# point to a Slavic text in 1250 (ć đ Ć Đ Ś ś Ź ź ...) while their 1252
# meaning (æ ð Æ Ð Œ œ ...) is rare in the Western languages that use 1252.
# Š š Ž ž sit at the same bytes in both, but only Slavic text uses them much.
_CENTRAL_BYTES = frozenset(b"\xe6\xf0\xc6\xd0\x8c\x9c\x8f\x9f\x8a\x9a\x8e\x9e\xb9\xa5\xb3\xa3\xbe\xbc")
# Bytes whose 1252 meaning (à ñ ê ì ò å ø ã õ û ...) is common in Western text
# while their 1250 meaning (ŕ ń ę ě ň ĺ ř ă ő ű ...) needs a Central European
# context; they vote for 1252. È/è (č in 1250) is common on both sides, so it
# does not vote.
_WESTERN_BYTES = frozenset(b"\xe0\xc0\xf1\xd1\xea\xca\xec\xcc\xf2\xd2\xe5\xc5\xf8\xd8\xe3\xc3\xf5\xd5\xfb\xdb")
# Control characters other than tab, newline, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_NEWLINES = re.compile(r"\r\n?")
# A well-formed UTF-8 sequence of two to four bytes.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ESCAPED = re.compile("[\udc80-\udcff]+")
# Byte sets to delete with translate(), leaving only the bytes to count (done in C).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13)))
_ASCII = bytes(range(0x80))
_NOT_CENTRAL = bytes(b for b in range(256) if b not in _CENTRAL_BYTES)
_NOT_WESTERN = bytes(b for b in range(256) if b not in _WESTERN_BYTES)
_BINARY_SAMPLE = 64 * 1024


@dataclass(frozen=True)
class DecodedText:
    """Text decoded from a page's bytes, with the encoding that was used."""

    text: str
    encoding: str
    # A message for the operator when the bytes were not plain UTF-8.
    note: str = ""


def decode_page(data: bytes) -> str:
    """Decode a page's bytes to text with normalised newlines; raises PageError."""
    return decode_bytes(data).text


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a page's bytes and say how; raises PageError for binary or undecodable data."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return _finish(_strict(data, "utf-32"), "utf-32", "decoded from UTF-32 (byte-order mark)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _finish(_strict(data, "utf-16"), "utf-16", "decoded from UTF-16 (byte-order mark)")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    utf16 = _utf16_without_mark(data)
    if utf16 is not None:
        return utf16
    _refuse_binary(data)
    try:
        return _finish(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    return _utf8_with_cut_end(data, utf8_error) or _mostly_utf8(data) or _legacy(data, utf8_error)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise PageError(
            f"undecodable text: it starts with a {encoding.upper()} byte-order mark "
            f"but byte {error.start} is not valid {encoding.upper()}"
        ) from None


def _refuse_binary(data: bytes) -> None:
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return
    if b"\x00" in sample:
        raise PageError(f"binary file: contains NUL bytes ({len(data):,} bytes), not a text page")
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls > len(sample) * 0.05:
        raise PageError(f"binary file: {controls:,} control bytes in the first {len(sample):,}, not a text page")


def _utf8_with_cut_end(data: bytes, error: UnicodeDecodeError) -> DecodedText | None:
    """UTF-8 whose only flaw is a character cut in half by a truncated file."""
    if error.reason != "unexpected end of data" or len(data) - error.start > 3:
        return None
    try:
        text = data[: error.start].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _finish(text, "utf-8", "the file ends in the middle of a UTF-8 character; the cut character was dropped")


def _utf16_without_mark(data: bytes) -> DecodedText | None:
    """UTF-16 saved without a byte-order mark: ASCII-range text shows a zero in every other byte."""
    sample = data[:4096]
    if len(sample) < 16 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > len(odd) * 0.7 and even.count(0) < len(even) * 0.1:
        encoding = "utf-16-le"
    elif even.count(0) > len(even) * 0.7 and odd.count(0) < len(odd) * 0.1:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return _finish(text, encoding, "decoded from UTF-16 without a byte-order mark (recognised by its zero bytes)")


def _mostly_utf8(data: bytes) -> DecodedText | None:
    """UTF-8 with a few stray legacy bytes (a page edited in two encodings): those read on their own."""
    valid = len(_UTF8_SEQUENCE.findall(data))
    # surrogateescape keeps each undecodable byte as one lone surrogate, in place.
    escaped = data.decode("utf-8", errors="surrogateescape")
    stray = "".join(_ESCAPED.findall(escaped)).encode("utf-8", errors="surrogateescape")
    # Legacy 8-bit text almost never forms valid UTF-8 sequences by chance,
    # so a fair number of them means the page is UTF-8 at heart.
    if valid < 2 or valid * 4 < len(stray):
        return None
    encoding, label = _legacy_guess(stray)

    def read_legacy(match):
        return match.group().encode("utf-8", errors="surrogateescape").decode(encoding, errors="replace")

    text = _ESCAPED.sub(read_legacy, escaped)
    return _finish(text, "utf-8", f"mostly UTF-8, but {len(stray)} byte(s) were not; those were read as {label}")


def _legacy_guess(high: bytes) -> tuple[str, str]:
    central = len(high.translate(None, _NOT_CENTRAL))
    western = len(high.translate(None, _NOT_WESTERN))
    if central > western:
        return "cp1250", "Windows-1250"
    return "cp1252", "Windows-1252 (Latin-1)"


def _legacy(data: bytes, utf8_error: UnicodeDecodeError) -> DecodedText:
    high = data.translate(None, _ASCII)
    # Legacy 8-bit text in these languages is mostly ASCII with accented
    # letters sprinkled in; bytes that are mostly high are something else.
    if len(high) > len(data) * 0.3:
        raise PageError(
            f"undecodable text: not UTF-8 (bad byte at offset {utf8_error.start}) and "
            f"{len(high) * 100 // len(data)}% of the bytes are non-ASCII, which fits no "
            "supported legacy encoding (Windows-1250, Windows-1252, Latin-1)"
        )
    encoding, label = _legacy_guess(high)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        encoding, label = "latin-1", "Latin-1"
        text = data.decode(encoding)
    non_ascii = sum(1 for char in text if ord(char) >= 0x80)
    implausible = len(_CONTROL.findall(text))
    if implausible > max(2, non_ascii // 10):
        raise PageError(
            f"undecodable text: not UTF-8 (bad byte at offset {utf8_error.start}), and read as "
            f"{label} it holds {implausible} control characters"
        )
    return _finish(text, encoding, f"not UTF-8: decoded as {label} (legacy encoding recognised by its letters)")


def _finish(text: str, encoding: str, note: str = "") -> DecodedText:
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    return DecodedText(text=text, encoding=encoding, note=note)
