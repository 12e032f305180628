"""A small archive for the page tests: articles over two years, entities with mentions, one hidden article."""
from dataclasses import dataclass
from datetime import date, datetime

from archive.models import Entity, EntityAlias, Mention
from tests.factories import BELGRADE, make_article


@dataclass
class Sample:
    energy: object
    budget: object
    match: object
    old: object
    hidden: object
    vucic: object
    nis: object
    belgrade: object


def _entity(name, kind, count):
    from django.utils.text import slugify

    return Entity.objects.create(name=name, slug=slugify(name), kind=kind, key=name.lower(), mention_count=count)


def _mention(article, entity, text_field, needle, field_name):
    start = text_field.index(needle)
    return Mention.objects.create(
        article=article, entity=entity, count=1, offsets=[[field_name, start, start + len(needle)]],
        surface_forms=[needle],
    )


def build_sample_archive():
    """Five public articles and a hidden one; Vučić, NIS and Belgrade are mentioned."""
    energy = make_article(
        title="Vučić and ministers meet on energy deal",
        published=datetime(2020, 6, 12, 23, 26, tzinfo=BELGRADE),
        section="Politics",
        agencies=("Tanjug", "Beta"),
        lede="The ministers agreed on an energy deal in Belgrade.",
        paragraphs=("President Aleksandar Vučić said the deal with NIS was good.", "Talks <b>went on</b> late & long."),
        photo_credit="EPA/ JANE DOE",
        url="https://www.b92.net/eng/news/politics.php?id=1",
    )
    budget = make_article(
        title="Budget debate in parliament",
        published=date(2020, 6, 15),
        section="Economy",
        agencies=("Beta",),
        paragraphs=("The budget was debated in Belgrade.",),
    )
    match = make_article(
        title="Partizan wins the derby",
        published=date(2020, 5, 3),
        section="Sport",
        agencies=("Tanjug",),
        paragraphs=("A late goal decided the derby.",),
    )
    old = make_article(
        title="Refinery output rises",
        published=date(2019, 11, 20),
        section="Economy",
        agencies=("Reuters",),
        site="reuters.com",
        paragraphs=("NIS said refinery output rose in November.",),
    )
    hidden = make_article(
        title="Secret withdrawn story about Vučić",
        published=date(2020, 6, 14),
        section="Politics",
        agencies=("Tanjug",),
        paragraphs=("Aleksandar Vučić zanzibarquux.",),
        is_public=False,
    )
    vucic = _entity("Aleksandar Vučić", "person", 1)
    EntityAlias.objects.create(entity=vucic, name="Vucic", key="vucic")
    nis = _entity("NIS", "organisation", 2)
    belgrade = _entity("Belgrade", "place", 2)
    _mention(energy, vucic, energy.body, "Aleksandar Vučić", "body")
    _mention(energy, nis, energy.body, "NIS", "body")
    _mention(energy, belgrade, energy.lede, "Belgrade", "lede")
    _mention(budget, belgrade, budget.body, "Belgrade", "body")
    _mention(old, nis, old.body, "NIS", "body")
    _mention(hidden, vucic, hidden.body, "Aleksandar Vučić", "body")
    return Sample(energy, budget, match, old, hidden, vucic, nis, belgrade)


def index_sample():
    """Put every article of the sample into the (temporary) search index."""
    from archive.models import Article
    from archive.search import index_articles

    index_articles(list(Article.objects.values_list("pk", flat=True)))
