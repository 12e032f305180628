"""Web pages in legacy encodings: declared by the server, by a meta tag, or not at all."""
from archive.ingest.web.decoding import decode_html

SERBIAN = "Čačak, Niš i Šabac: đaci će učiti u novim školama."


def _page(charset_meta=""):
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>Vesti</title></head><body><p>{SERBIAN}</p></body></html>"


def test_a_meta_declared_windows_1250_page():
    decoded = decode_html(_page("windows-1250").encode("cp1250"))
    assert SERBIAN in decoded.text and decoded.encoding == "cp1250"
    assert "meta tag" in decoded.note


def test_the_servers_charset_wins_over_a_missing_meta_tag():
    decoded = decode_html(_page().encode("iso8859_2"), "text/html; charset=ISO-8859-2")
    assert SERBIAN in decoded.text and "Content-Type header" in decoded.note


def test_an_undeclared_legacy_page_is_recognised_by_its_letters():
    decoded = decode_html(_page().encode("cp1250"))
    assert SERBIAN in decoded.text and "legacy" in decoded.note


def test_utf8_bytes_win_over_a_stale_latin1_declaration():
    decoded = decode_html(_page("iso-8859-1").encode("utf-8"))
    assert SERBIAN in decoded.text and decoded.encoding == "utf-8"


def test_latin1_is_read_as_windows_1252_like_browsers_do():
    text = "<html><head><meta charset=iso-8859-1></head><body><p>“Quoted” café</p></body></html>"
    assert "“Quoted” café" in decode_html(text.encode("cp1252")).text
