"""Template filters for the public pages: page links and hidden fields that keep parameters."""
from django import template
from django.http import QueryDict
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import time as time_filter
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

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
    stamp = date_filter(at, "c") if article.has_time else date_filter(day, "Y-m-d")
    shown = date_filter(day, "j F Y")
    if article.has_time and show_time:
        shown = f"{shown}, {time_filter(at, 'H:i')}"
    section = _linked("· ", article.section) if article.section else ""
    agencies = "".join(_linked("· " if n == 0 else ", ", agency) for n, agency in enumerate(article.agencies.all()))
    site = _linked("· ", article.site) if article.site and show_site else ""
    return mark_safe(
        f'<p class="meta">\n  <time datetime="{conditional_escape(stamp)}">{conditional_escape(shown)}</time>\n'
        f"  {section}\n  {agencies}\n  {site}\n</p>\n"
    )


def _linked(before, named):
    return f'{before}<a href="{conditional_escape(named.get_absolute_url())}">{conditional_escape(named.name)}</a>'
