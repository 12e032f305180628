"""The start of a page a curator looks at: text as text, anything else as a hex dump.

A binary file decoded as text is a screen of replacement characters and
control codes (mojibake) that tells nothing; sixteen bytes a line in hex with
their printable characters beside them show what the file is (a PDF, a ZIP,
an image) and where text, if any, begins. Whether bytes are text is decided
as the importer decides it (ingest.decoding), legacy encodings included.
"""
from archive.ingest.decoding import decode_bytes
from archive.ingest.types import PageError

PREVIEW_BYTES = 4000
HEX_PREVIEW_BYTES = 512


def hex_dump(data: bytes, limit=HEX_PREVIEW_BYTES) -> str:
    """Offset, sixteen bytes in hex and their printable ASCII, a line per sixteen bytes."""
    lines = []
    for offset in range(0, min(len(data), limit), 16):
        chunk = data[offset : offset + 16]
        hexes = " ".join(f"{byte:02x}" for byte in chunk)
        text = "".join(chr(byte) if 32 <= byte < 127 else "." for byte in chunk)
        lines.append(f"{offset:08x}  {hexes:<47}  |{text}|")
    return "\n".join(lines)


def page_preview(data: bytes) -> tuple[str, str]:
    """("text" or "hex", the preview) of the start of a page, ending with how many bytes are not shown."""
    try:
        text = decode_bytes(data[:PREVIEW_BYTES]).text
    except PageError:
        shown = min(len(data), HEX_PREVIEW_BYTES)
        more = f"\n… {len(data) - shown:,} more bytes" if len(data) > shown else ""
        return "hex", hex_dump(data) + more
    more = f"\n… {len(data) - PREVIEW_BYTES:,} more bytes" if len(data) > PREVIEW_BYTES else ""
    return "text", text + more
