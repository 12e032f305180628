"""The article page, at its permalink /articles/YYYY/MM/DD/<slug>/.

Two articles of one day can share a slug (the same headline from two
agencies). The plain permalink then lists them, and each one is reachable
at /articles/YYYY/MM/DD/<slug>/<n>/, n counting from 1 in import order,
which never changes for the articles already there.
"""
from datetime import date

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import http_date

from archive.web import marking, metadata, selectors
from archive.web.citation import citation_bibtex, citation_text
from archive.web.headlines import article_headline
from archive.web.params import MAX_QUERY_LENGTH


def permalink_day(year, month, day):
    """The date in a permalink, or a 404 when it is not one."""
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError, OverflowError):
        raise Http404("That address does not contain a valid date.") from None


def _canonical(day, slug, number=None):
    kwargs = {"year": day.year, "month": f"{day.month:02d}", "day": f"{day.day:02d}", "slug": slug}
    if number:
        kwargs["number"] = number
        return reverse("archive:article-detail-numbered", kwargs=kwargs)
    return reverse("archive:article-detail", kwargs=kwargs)


def article_detail(request, year, month, day, slug):
    published = permalink_day(year, month, day)
    if (month, day) != (f"{published.month:02d}", f"{published.day:02d}"):
        return redirect(_canonical(published, slug) + _query_suffix(request), permanent=True)
    candidates = selectors.articles_at_permalink(published, slug)
    if not candidates:
        raise Http404("No article was published under that address.")
    if len(candidates) > 1:
        choices = [(number, article, _canonical(published, slug, number))
                   for number, article in enumerate(candidates, start=1)]
        return render(request, "archive/article_choices.html", {"day": published, "choices": choices}, status=300)
    return _render_article(request, candidates[0])


def article_detail_numbered(request, year, month, day, slug, number):
    published = permalink_day(year, month, day)
    candidates = selectors.articles_at_permalink(published, slug)
    if not 1 <= number <= len(candidates):
        raise Http404("No article was published under that address.")
    if len(candidates) == 1:
        return redirect(_canonical(published, slug) + _query_suffix(request), permanent=True)
    return _render_article(request, candidates[number - 1], permalink=_canonical(published, slug, number))


def _query_suffix(request):
    return f"?{request.GET.urlencode()}" if request.GET else ""


def _render_article(request, article, permalink=None):
    q = (request.GET.get("q") or "")[:MAX_QUERY_LENGTH]
    mentions = selectors.article_mentions(article)
    agencies = list(article.agencies.all())
    permalink = request.build_absolute_uri(permalink or article.get_absolute_url())
    headline = article_headline(article, with_body=True)
    entities_by_kind = {}
    for mention in mentions:
        entities_by_kind.setdefault(mention.entity.get_kind_display(), []).append(mention.entity)
    response = render(request, "archive/article_detail.html", {
        "article": article,
        "agencies": agencies,
        "headline": headline,
        # Shown on request when the headline is shown in another case than the source's capitals.
        "original_headline": article.title if headline != article.title else "",
        "text": marking.render_article_text(article, mentions, q, title=headline),
        "q": q,
        # A dateline that only repeats the date and time shown above adds nothing.
        "show_dateline": bool(article.dateline) and str(article.published_date.year) not in article.dateline,
        "entities_by_kind": sorted(entities_by_kind.items()),
        "related": selectors.related_articles(article, limit=5),
        "permalink": permalink,
        "canonical_url": permalink,
        "cite_text": citation_text(article, agencies, permalink, headline),
        "cite_bibtex": citation_bibtex(article, agencies, permalink, headline),
        "json_ld": metadata.json_ld(metadata.news_article(
            article, headline=headline, permalink=permalink, agencies=agencies,
            entities=[mention.entity for mention in mentions], absolute=request.build_absolute_uri,
        )),
        "open_graph": metadata.open_graph(article, headline=headline, permalink=permalink),
    })
    # With the ETag the middleware adds, a client or cache can ask "changed since?".
    response["Last-Modified"] = http_date(article.updated_at.timestamp())
    return response
