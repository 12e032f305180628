"""Template filters for the public pages: page links and hidden fields that keep parameters."""
from django import template
from django.http import QueryDict

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
