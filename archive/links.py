"""reverse() remembered: the addresses of articles, entities and owners, which pages write by the hundred.

Django's reverse() costs tens of microseconds a call (it looks up the
resolver's tables for the language each time); a search page writes some
two hundred addresses, about a tenth of its time. An address depends only on
the URL configuration, the script prefix and the arguments, so those are the
key: a test that swaps ROOT_URLCONF or a server mounted under a prefix gets
its own entries.
"""
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def cached_reverse(viewname, **kwargs):
    """reverse(viewname, kwargs=kwargs), remembered per URL configuration and script prefix."""
    return _reverse(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), viewname, tuple(kwargs.items()))


@lru_cache(maxsize=50_000)
def _reverse(urlconf, prefix, viewname, items):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(items))
