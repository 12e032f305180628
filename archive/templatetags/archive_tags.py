"""Template filters and tags for the public pages: page links and hidden fields that keep parameters, and
the items of listings (an article's line, lists of articles and of search results, name chips)."""
from functools import lru_cache

from django import template
from django.http import QueryDict
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.template.defaultfilters import truncatewords
from django.template.defaultfilters import urlencode as urlencode_filter
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

register = template.Library()


@register.filter
def with_page(params, page):
    """A query string ("?...") of these parameters for another page of results."""
    query = params.copy() if isinstance(params, QueryDict) else QueryDict(mutable=True)
    if int(page) > 1:
        query["page"] = str(page)
    else:
        query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def hidden_inputs_for(params, excluded=""):
    """(name, value) pairs of parameters to carry as hidden fields, minus some names."""
    skip = set(excluded.split(",")) if excluded else set()
    if not isinstance(params, QueryDict):
        return []
    return [(name, value) for name, values in params.lists() if name not in skip for value in values]


@register.filter
def site_day(value):
    """A day as the site writes it and its date fields read it back: "12 June 2020"."""
    from archive.web.params import format_day

    return format_day(value)


@register.filter
def headline(article):
    """An article's headline as pages show it: a wire headline in capitals in a readable case."""
    from archive.web.headlines import article_headline

    return article_headline(article)


@register.simple_tag
def article_meta(article, show_time=False, show_site=False):
    """An article's line of date, section, agencies and site in a list of articles.

    Written here rather than as an included template: every item of every
    listing draws one, and the template engine took several times longer to
    include and fill it than this takes to write the same markup.
    """
    day = article.published_date
    at = template_localtime(article.published_at)  # in the site's time zone, as the template filters show it
    stamp = at.isoformat() if article.has_time else day.isoformat()  # what the date filter's "c" and "Y-m-d" give
    shown = _written_day(day, get_language())
    if article.has_time and show_time:
        shown = f"{shown}, {time_filter(at, 'H:i')}"
    section = _linked("· ", article.section) if article.section else ""
    agencies = "".join(_linked("· " if n == 0 else ", ", agency) for n, agency in enumerate(article.agencies.all()))
    site = _linked("· ", article.site) if article.site and show_site else ""
    return mark_safe(
        f'<p class="meta">\n  <time datetime="{conditional_escape(stamp)}">{conditional_escape(shown)}</time>\n'
        f"  {section}\n  {agencies}\n  {site}\n</p>\n"
    )


@lru_cache(maxsize=4096)
def _written_day(day, language):
    """A day as "5 March 1987" in that language: a listing writes the same few days over and over."""
    return date_filter(day, "j F Y")


def _linked(before, named):
    return f'{before}<a href="{conditional_escape(named.get_absolute_url())}">{conditional_escape(named.name)}</a>'


# The loops of the listings below are written here for the reason article_meta is: each draws one item per
# article of a page, and the template engine's loop, lookups and includes cost more than the page's queries.


@register.simple_tag
def article_items(articles, show_lede=False):
    """The items of a list of articles (partials/_article_list.html): linked headline, meta line, lede if asked."""
    items = []
    for article in articles:
        lede = ""
        if show_lede and article.lede:
            lede = f'<p class="snippet">{conditional_escape(truncatewords(article.lede, 40))}</p>'
        href, title = conditional_escape(article.get_absolute_url()), conditional_escape(headline(article))
        items.append(
            f'\n  <li class="article-item">\n    <h3 class="article-title"><a href="{href}">{title}</a></h3>\n'
            f"    {article_meta(article)}\n    {lede}\n  </li>\n  "
        )
    return mark_safe("".join(items))


@register.simple_tag
def entity_chips(entities):
    """Linked names, one chip each, coloured by their kind."""
    if not entities:
        return ""
    chips = []
    for entity in entities:
        kind, href, name = (conditional_escape(v) for v in (entity.kind, entity.get_absolute_url(), entity.name))
        chips.append(f'<li><a class="chip chip-{kind}" href="{href}">{name}</a></li>')
    return mark_safe(f'<ul class="chips" aria-label="Mentioned">{"".join(chips)}</ul>')


@register.simple_tag
def search_result_items(items, article_query=""):
    """The items of a page of search results: (article, marked headline HTML, hit, entity chips) each."""
    suffix = f"?q={conditional_escape(urlencode_filter(article_query))}" if article_query else ""
    out = []
    for article, title_html, hit, chips in items:
        snippet = hit.snippet_html
        snippet = f'<p class="snippet">{snippet}</p>' if snippet else ""
        out.append(
            f'\n      <li class="result">\n        <h2 class="article-title">'
            f'<a href="{conditional_escape(article.get_absolute_url())}{suffix}">{title_html}</a></h2>\n'
            f"        {article_meta(article, show_site=True)}\n        {snippet}\n        {entity_chips(chips)}\n"
            f"      </li>\n      "
        )
    return mark_safe("".join(out))
