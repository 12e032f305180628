"""Atom feeds: any search (the search page's parameters), any section, agency, site or entity.

Every feed holds the latest FEED_SIZE public articles, newest first.

A feed's address opened in a browser shows a page, not raw XML: a request
that prefers HTML to Atom (a browser's Accept header) gets the same entries
as an HTML page saying how to follow the feed. Feed readers, which ask for
Atom or for anything, get the Atom document; ?format=atom always does.
"""
import html
from dataclasses import dataclass, replace

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator

from archive.entities.selectors import entity_articles, public_entity
from archive.models import Agency, Article, Section, Site
from archive.web.exports import result_ids
from archive.web.headlines import article_headline
from archive.web.search_form import read_search, search_query_params
from archive.web.selectors import articles_in_order, filed_under

FEED_SIZE = 50
ARCHIVE_NAME = "The archive"


class ArticleFeed(Feed):
    """What every archive feed shares: Atom, one entry per article, a plain-text summary."""

    feed_type = Atom1Feed
    author_name = ARCHIVE_NAME

    def __call__(self, request, *args, **kwargs):
        if wants_page(request):
            response = self.page(request, *args, **kwargs)
        else:
            response = super().__call__(request, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        return response

    def page(self, request, *args, **kwargs):
        """The feed as an HTML page, for a browser that opened its address."""
        feed = self.get_feed(self.get_object(request, *args, **kwargs), request)
        items = [dict(item, summary=html.unescape(item.get("description") or "")) for item in feed.items]
        return render(request, "archive/feed.html", {
            "feed": feed.feed,
            "items": items,
            "feed_url": request.build_absolute_uri(),
            "atom_url": _with_format_atom(request),
        })

    def item_title(self, article):
        return article_headline(article, with_body=True)

    def item_description(self, article):
        # The lede, or the start of the body when there is none. Django marks the
        # Atom summary as HTML, so the plain text is escaped to be shown as written.
        text = article.lede or (article.paragraphs[0] if article.paragraphs else "")
        return escape(Truncator(text).words(80))

    def item_link(self, article):
        return article.get_absolute_url()

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_extra_kwargs(self, article):
        # Kept beside the entry for the HTML page, which writes no time for a story dated only by its day.
        return {"has_time": article.has_time, "day": article.published_date}

    def item_categories(self, article):
        names = [article.section.name] if article.section else []
        return names + [agency.name for agency in article.agencies.all()]


def wants_page(request) -> bool:
    """Whether the client prefers an HTML page to Atom (a browser), unless ?format=atom asks for the XML."""
    if request.GET.get("format") == "atom":
        return False
    return request.get_preferred_type(["application/atom+xml", "text/html"]) == "text/html"


def _with_format_atom(request):
    params = request.GET.copy()
    params["format"] = "atom"
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _latest(queryset):
    return (
        queryset.select_related("section", "site")
        .prefetch_related("agencies")
        .defer("raw_text")  # the archived page: never in a feed, often the largest column
        .order_by("-published_at", "-id")[:FEED_SIZE]
    )


@dataclass
class _Search:
    query: object
    page_params: str
    feed_params: str


class SearchFeed(ArticleFeed):
    """The latest matches of a search; the parameters are those of the search page."""

    def get_object(self, request, *args, **kwargs):
        query = read_search(request).query
        # Links carry only the parameters that were valid, as the search page's do.
        params = search_query_params(query)
        page_params = params.urlencode()
        params.pop("sort", None)
        # A feed follows what is new, whatever order the page was sorted in.
        return _Search(replace(query, sort="newest", page=1), page_params, params.urlencode())

    def title(self, subject):
        words = f"“{subject.query.q}”" if subject.query.q else "all articles"
        filters = _describe_filters(subject.query)
        return f"{ARCHIVE_NAME}: search for {words}{filters}"

    def subtitle(self, subject):
        return f"The latest {FEED_SIZE} matching articles, newest first."

    def link(self, subject):
        page = reverse("archive:search")
        return f"{page}?{subject.page_params}" if subject.page_params else page

    def feed_url(self, subject):
        path = reverse("archive:search-feed")
        return f"{path}?{subject.feed_params}" if subject.feed_params else path

    def items(self, subject):
        return list(articles_in_order(result_ids(subject.query, limit=FEED_SIZE)))


def _describe_filters(query):
    parts = []
    for label, values in (
        ("section", query.sections),
        ("agency", query.agencies),
        ("site", query.sites),
        ("entity", query.entities),
        ("topic", query.topics),
        ("country", query.countries),
    ):
        if values:
            parts.append(f"{label} {', '.join(values)}")
    if query.date_from or query.date_to:
        parts.append(f"dates {query.date_from or '…'} to {query.date_to or '…'}")
    return f" ({'; '.join(parts)})" if parts else ""


class _FilingFeed(ArticleFeed):
    """The latest articles of one section, agency or site."""

    model = None
    label = ""

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def title(self, filing):
        return f"{ARCHIVE_NAME}: {self.label} {filing.name}"

    def subtitle(self, filing):
        return f"The latest {FEED_SIZE} articles filed under {filing.name}, newest first."

    def link(self, filing):
        return filing.get_absolute_url()

    def items(self, filing):
        return _latest(self.filter_articles(Article.objects.published(), filing))

    def filter_articles(self, articles, filing):
        raise NotImplementedError


class SectionFeed(_FilingFeed):
    model, label = Section, "section"

    def filter_articles(self, articles, section):
        return articles.filter(section=section)


class AgencyFeed(_FilingFeed):
    model, label = Agency, "agency"

    def filter_articles(self, articles, agency):
        # As the agency's page reads them: a common agency newest first, stopping after the feed's entries
        # (a plain join sorted every article of an agency with all the archive's articles: 0.45 s).
        return filed_under(articles, "agency", agency)


class SiteFeed(_FilingFeed):
    model, label = Site, "site"

    def filter_articles(self, articles, site):
        return articles.filter(site=site)


class EntityFeed(ArticleFeed):
    """The latest public articles that mention one entity."""

    def __call__(self, request, *args, **kwargs):
        entity = public_entity(kwargs.get("slug"))
        if entity is None:
            # Unknown, rejected, or named only in hidden articles: one answer for all three.
            raise Http404("There is no entity at this address.")
        if entity.slug != kwargs.get("slug"):
            # An entity merged into another lives on under the survivor's feed.
            return redirect("archive:entity-feed", slug=entity.slug, permanent=True)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug):
        return public_entity(slug)

    def title(self, entity):
        return f"{ARCHIVE_NAME}: articles mentioning {entity.name}"

    def subtitle(self, entity):
        return f"The latest {FEED_SIZE} articles that mention {entity.name}, newest first."

    def link(self, entity):
        return entity.get_absolute_url()

    def items(self, entity):
        return _latest(entity_articles(entity))
