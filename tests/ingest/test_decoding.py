"""Page bytes to text: UTF-8, byte-order marks, legacy encodings recognised, binary and undecodable refused."""
import codecs

import pytest

from archive.ingest.decoding import decode_bytes, decode_page
from archive.ingest.types import PageError

SERBIAN = "Vučić je rekao da će Đoković i Šćepanović doći u Niš, a žene će čekati ispred."
FRENCH = "Le président a déclaré à Genève que la fête aurait lieu près du lac, où l'on mange très bien."


def test_utf8_is_read_as_is_with_newlines_normalised():
    assert decode_page(b"Naslov\r\nprvi red\rdrugi red\n") == "Naslov\nprvi red\ndrugi red\n"
    assert decode_bytes(SERBIAN.encode()).note == ""


def test_utf8_byte_order_mark_is_dropped():
    assert decode_page(codecs.BOM_UTF8 + "Vučić".encode()) == "Vučić"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_byte_order_mark(encoding):
    data = SERBIAN.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    decoded = decode_bytes(data)
    assert decoded.text == SERBIAN
    assert "UTF-16" in decoded.note


def test_windows_1250_serbian_letters_are_recognised():
    decoded = decode_bytes(SERBIAN.encode("cp1250"))
    assert decoded.text == SERBIAN
    assert "Windows-1250" in decoded.note


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_legacy_text_is_read_as_windows_1252(encoding):
    decoded = decode_bytes(FRENCH.encode(encoding))
    assert decoded.text == FRENCH
    assert "Windows-1252" in decoded.note


def test_latin1_bytes_undefined_in_windows_1252_fall_back_to_latin1():
    data = "Caf\xe9 \x81 bar".encode("latin-1")
    decoded = decode_bytes(data)
    assert decoded.text == "Caf\xe9 \x81 bar" and decoded.encoding == "latin-1"


def test_nul_bytes_mean_a_binary_file():
    with pytest.raises(PageError, match="binary file"):
        decode_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))


def test_mostly_control_bytes_mean_a_binary_file():
    with pytest.raises(PageError, match="binary file"):
        decode_page(bytes(range(1, 9)) * 100 + b"some text")


def test_bytes_fitting_no_encoding_are_refused_with_the_reason():
    data = b" date 2020-06-12 " + bytes(range(0x80, 0x100)) * 20
    with pytest.raises(PageError, match="undecodable text: not UTF-8"):
        decode_page(data)


def test_bad_utf16_after_its_byte_order_mark_is_refused():
    with pytest.raises(PageError, match="undecodable text.*UTF-16"):
        decode_page(codecs.BOM_UTF16_LE + b"a\x00\x00\xdc")


def test_a_character_cut_by_a_truncated_file_is_dropped_with_a_note():
    decoded = decode_bytes("Rekao je Vučić".encode()[:-1])
    assert decoded.text == "Rekao je Vuči"
    assert "middle of a UTF-8 character" in decoded.note


def test_utf16_without_byte_order_mark_is_recognised_by_its_zero_bytes():
    decoded = decode_bytes(SERBIAN.encode("utf-16-le"))
    assert decoded.text == SERBIAN and "without a byte-order mark" in decoded.note


def test_utf8_with_a_few_windows_1250_bytes_keeps_both():
    data = "Vučić je rekao: ".encode() + "Đoković i Šćepanović".encode("cp1250") + " u Nišu.".encode()
    decoded = decode_bytes(data)
    assert decoded.text == "Vučić je rekao: Đoković i Šćepanović u Nišu."
    assert "mostly UTF-8" in decoded.note and "Windows-1250" in decoded.note


def test_utf8_byte_order_mark_on_a_truncated_page():
    assert decode_page(codecs.BOM_UTF8 + "Vučić".encode()[:-1]) == "Vuči"
