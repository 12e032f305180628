"""`extract_entities --resolve`: the current rules applied again from the spans the model found, without it."""
import pytest
from django.core.management import call_command

from archive.entities import extraction
from archive.entities.curation import rename_entity, set_entity_kind
from archive.models import Entity, Mention, RecognisedSpans
from tests.entities.builders import article_with, names_in

pytestmark = pytest.mark.django_db


def resolve():
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("extract_entities", "--resolve", "--no-index", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def no_model(monkeypatch):
    """Fails if the model is asked to read anything; returns the texts it was asked about otherwise."""
    asked = []
    real = extraction.start_finding

    def counting(texts, **options):
        texts = list(texts)
        asked.extend(texts)
        return real(texts, **options)

    monkeypatch.setattr(extraction, "start_finding", counting)
    return asked


def test_resolving_again_needs_no_model_and_keeps_curator_decisions(nlp, no_model):
    first = article_with("Finance Minister Dragana Kostic met bankers in Novi Sad on Monday.")
    second = article_with("Dragana Kostic said on Tuesday that the deal was done in Kragujevac.")
    assert RecognisedSpans.objects.count() == 2
    kostic = Entity.objects.get(key="dragana kostic")
    rename_entity(kostic, "Dragana Kostić (minister)")
    set_entity_kind(Entity.objects.get(key="kragujevac"), "organisation")
    Mention.objects.all().delete()  # as if the rules had changed since
    no_model.clear()
    output, errors = resolve()
    assert no_model == [[]] or all(not texts for texts in no_model)
    assert "2 articles extracted" in output and "0 read by the model" in output
    assert "100%" in errors  # the progress bar
    assert "Dragana Kostić (minister)" in names_in(first) and "Dragana Kostić (minister)" in names_in(second)
    assert Entity.objects.get(key="kragujevac").kind == "organisation"


def test_an_article_whose_text_changed_is_read_by_the_model_again(nlp, no_model):
    article = article_with("Finance Minister Dragana Kostic met bankers in Novi Sad on Monday.")
    article.body = "Finance Minister Dragana Kostic met bankers in Subotica on Monday."
    article.save()
    no_model.clear()
    output, _ = resolve()
    assert "1 read by the model" in output
    assert "Subotica" in names_in(article) and "Novi Sad" not in names_in(article)


def test_automatic_merges_are_made_afresh_but_curators_merges_stay(nlp):
    for day in range(3):
        article_with(f"Finance Minister Dragana Kostic spoke on day {day} in Belgrade.")
    bare = article_with("Minister Kostic said the budget would pass.")
    kostic = Entity.objects.get(key="dragana kostic")
    assert "Dragana Kostic" in names_in(bare)  # the surname's only person, named in full three times
    surname = Entity.objects.get(key="kostic")
    assert surname.merged_into == kostic and surname.merged_automatically
    resolve()
    surname.refresh_from_db()
    assert surname.merged_into == kostic and "Dragana Kostic" in names_in(bare)
