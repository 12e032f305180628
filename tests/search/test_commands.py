"""The search, rebuild_index and check_index commands."""
import json
from io import StringIO

import pytest
from django.core.management import call_command

from archive import search
from tests.factories import make_article

pytestmark = pytest.mark.usefixtures("backend")


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_search_command_json():
    article = make_article(title="Grain <exports> rise", paragraphs=["Wheat exports rose sharply."])
    make_article(title="Unrelated")
    search.index_articles([article.pk])
    data = json.loads(run("search", "wheat export", "--json", "--limit", "5"))
    assert data["total"] == 1
    hit = data["hits"][0]
    assert hit["id"] == article.pk and hit["title"] == "Grain <exports> rise"
    assert hit["published"].startswith("2020-06-1") and hit["score"] > 0
    assert "Wheat exports" in hit["snippet"] and "<mark>" not in hit["snippet"]


@pytest.mark.django_db
def test_search_command_text_and_bad_query():
    make_article(title="Grain exports")
    call_command("rebuild_index", verbosity=0)
    assert "1 articles match" in run("search", "grain")
    assert "0 articles match" in run("search", "((( date:2020-99")


@pytest.mark.django_db
def test_rebuild_and_check_commands():
    for i in range(3):
        make_article(title=f"Coffee {i}")
    assert "Indexed 3 articles" in run("rebuild_index", "--processes", "1")
    assert "0 articles missing" in run("check_index")
