"""The one address of a listing page, for <link rel="canonical">.

A listing can be reached with parameters in any order, with defaults spelt
out, with tracking tags or with values it drops; search engines should index
one address per page: the path, the parameters that choose what it lists (as
the page carries them on to its next page) and the page number.
"""
from django.http import QueryDict


def canonical_url(request, params=None, page=1) -> str:
    """The canonical absolute address of this page of a listing."""
    query = params.copy() if isinstance(params, QueryDict) else QueryDict(mutable=True)
    query.pop("page", None)
    if page and page > 1:
        query["page"] = str(page)
    encoded = query.urlencode()
    return request.build_absolute_uri(request.path + (f"?{encoded}" if encoded else ""))
