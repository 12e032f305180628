"""The extract_entities command."""
import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, Mention
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("extract_entities", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_missing_extracts_only_new_articles_and_indexes_them(nlp, indexed):
    done = make_article(paragraphs=["Kosovo and Serbia resumed the dialogue in Brussels."])
    call_command("extract_entities", "--article", str(done.pk), stdout=None, verbosity=0)
    new = make_article(paragraphs=["Foreign Minister Sergey Lavrov arrived in Belgrade."])
    indexed.clear()
    output = run("--missing")
    assert "1 articles extracted" in output and "0 failed" in output
    assert indexed == [[new.pk]]
    assert Article.objects.filter(entities_extracted_at__isnull=True).count() == 0


def test_all_replaces_mentions(nlp):
    article = make_article(paragraphs=["Kosovo and Serbia resumed the dialogue in Brussels."])
    run("--all", "--no-index")
    first = set(Mention.objects.filter(article=article).values_list("entity__name", flat=True))
    run("--all", "--no-index", "--batch-size", "1")
    assert set(Mention.objects.filter(article=article).values_list("entity__name", flat=True)) == first
    assert first == {"Kosovo", "Serbia", "Brussels"}


def test_unknown_article_is_a_clear_error():
    with pytest.raises(CommandError, match="no article with id 999"):
        run("--article", "999")


def test_failures_are_reported_after_the_rest_is_done(nlp, monkeypatch):
    good = make_article(paragraphs=["Kosovo and Serbia resumed the dialogue in Brussels."])
    bad = make_article(paragraphs=["Foreign Minister Sergey Lavrov arrived in Belgrade."])
    from archive.entities import bounded

    real = bounded.resolve_document

    def fragile(text, spans, **kw):
        if "Lavrov" in text:
            raise ValueError("cannot resolve")
        return real(text, spans, **kw)

    monkeypatch.setattr(bounded, "resolve_document", fragile)
    with pytest.raises(CommandError, match="1 article"):
        run("--all", "--no-index")
    assert Mention.objects.filter(article=good).count() == 3
    assert not Mention.objects.filter(article=bad).exists()
