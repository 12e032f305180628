"""Finding the article a page is another capture of when the two drew the headline boundary differently.

An article is known by site, day and folded headline. A layout A header whose
headline ran on into the lede (or stopped short) gives another headline than
the layout B capture of the same story, so the keys differ. The keys the page
would have under each headline its header allows (see
`captures.candidate_titles`) find the other capture; then the surer boundary
wins on both sides.
"""
from archive.ingest.captures import apply_boundary, candidate_titles, confidence_of, resplit, split_record
from archive.ingest.identity import identity_key
from archive.ingest.types import ParsedPage
from archive.models import Article

# Articles parsed before splits carried a confidence: a guess that any explicit
# boundary beats and a fair rule-based one ties with.
UNKNOWN_CONFIDENCE = 0.5
# Keys per query: well inside every database's limit on query parameters.
_CHUNK = 900


def alternative_keys(page: ParsedPage) -> list[str]:
    """The identity keys of the other headlines this page's header allows (none for explicit identities)."""
    if page.identity or confidence_of(page.extra) is None:
        return []
    return [identity_key(page, title=title) for title in candidate_titles(page.title, page.lede)]


def articles_with_keys(keys: set[str]) -> list[Article]:
    """Stored articles whose identity key is one of these (raw text left unread)."""
    keys, found = sorted(keys), []
    for start in range(0, len(keys), _CHUNK):
        found += Article.objects.filter(identity_key__in=keys[start: start + _CHUNK]).defer("raw_text")
    return found


def find_other_capture(page: ParsedPage, by_key: dict[str, Article]) -> Article | None:
    """The article (stored or new in this batch) whose headline is another cut of this page's header."""
    for key in alternative_keys(page):
        article = by_key.get(key)
        if article is not None:
            return article
    return None


def agree_on_boundary(page: ParsedPage, article: Article, taken_keys) -> bool:
    """Give the page and the article the surer of their two boundaries (in place).

    Returns True when the article was changed (re-cut, with the page's key
    unless another article holds it), so the caller saves it.
    """
    page_sure = confidence_of(page.extra) or 0.0
    article_sure = confidence_of(article.extra)
    article_sure = UNKNOWN_CONFIDENCE if article_sure is None else article_sure
    if page_sure <= article_sure:
        apply_boundary(page, article.title, article_sure)
        return False
    cut = resplit(article.title, article.lede, page.title)
    if cut is None:
        return False
    article.title, article.lede = cut
    article.extra = {**(article.extra or {}), "split": split_record(page_sure, "capture", title=page.title)}
    # Mention offsets point into the old title and lede.
    article.entities_extracted_at = None
    key = identity_key(page)
    if key not in taken_keys:
        article.identity_key = key
    return True
