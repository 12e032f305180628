"""The Solr configset analyses text as the archive's own analyzer does, word for word.

Solr's field analysis (/analysis/field) is asked for the index terms of every
demo page and of a list of awkward spellings, and must give exactly the terms
of archive.search.analysis, numbered without gaps (a phrase with a stop word
inside matches on both backends).
"""
from pathlib import Path
from urllib.parse import urlencode

import pytest

from archive.folding import fold
from archive.ingest.decoding import decode_page
from archive.ingest.types import PageError
from archive.search.analysis import CONTENT, PLAIN, analyze
from archive.search.solr.admin import configset_dir

pytestmark = [pytest.mark.solr, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[3]
AWKWARD = [
    "Вучић у Београду; Ђоковић и Џеко — ЉУБАВ, Њива, Шабац, Жаба, Чачак, Ћуприја",
    "Đinđić, Dragan Đilas and ĐOKOVIĆ met Zoran Živković in Niš and Šabac",
    "Straße, Ærø, Øresund, Łódź, Þórshöfn, Œuvre, naïve café, Ångström, İstanbul",
    "The Bank of England's rate, the U.S. dollar, O'Neill’s pub, it's a 3.5% rise",
    "snake_case words, e-mail, 2020-06-12, 10,000 dinars, COVID-19, A.B.C., x.y",
    "a an and are as at be by for from has have in is it its of on or that the to was were will with",
    "The rates were raised and the banks are running: privatisation, privatization, governments",
    "Щи, Юрий, Яна, Ёлка, объект, Эстония, Мышь",
]


def solr_terms(client, alias, field_type, text):
    answer = client.post_bytes(
        f"/{alias}/analysis/field",
        urlencode({"analysis.fieldtype": field_type, "analysis.fieldvalue": text}).encode(),
        "application/x-www-form-urlencoded",
    )
    stages = answer["analysis"]["field_types"][field_type]["index"]
    tokens = stages[-1]  # the last filter's output
    positions = [token["position"] for token in tokens]
    assert positions == list(range(1, len(tokens) + 1)), f"gaps in the positions of {text[:60]!r}"
    return [token["text"] for token in tokens]


@pytest.fixture
def solr(settings, solr_cloud):
    from archive.search.backend import get_backend
    from tests.search.conftest import TEST_ALIAS, use_solr

    use_solr(settings, solr_cloud, TEST_ALIAS)
    backend = get_backend()
    backend.collections.ensure_live()
    return backend


def texts():
    out = list(AWKWARD)
    for page in sorted((ROOT / "demo" / "pages").glob("*.txt")):
        try:
            out.append(decode_page(page.read_bytes()))
        except PageError:  # the demo's deliberately broken pages are never indexed
            continue
    return out


def test_text_fields_analyse_as_the_archive_does(solr):
    for text in texts():
        assert solr_terms(solr.client, solr.collections.alias, "text_content", text) == analyze(text, CONTENT), text[:80]


def test_name_fields_analyse_as_the_archive_does(solr):
    for text in texts():
        assert solr_terms(solr.client, solr.collections.alias, "text_plain", text) == analyze(text, PLAIN), text[:80]


def test_every_letter_mapping_of_the_configset_folds_as_the_archive_does():
    for line in (configset_dir() / "fold-letters.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith('"'):
            source, target = (part.strip().strip('"') for part in line.split("=>"))
            assert fold(source) == target, line
