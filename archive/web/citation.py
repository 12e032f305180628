"""How to cite an article: a plain-text reference and a BibTeX entry."""
import re

from archive.folding import fold

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bibtex_escape(text):
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def _authors(article, agencies) -> tuple[list[str], bool]:
    """Who wrote the article, and whether they are people.

    The byline the page gives names people; without one, the wire agencies
    are the authors, then the publisher; "The archive" only when nothing
    names anyone.
    """
    byline = getattr(article, "byline", "")
    if byline:
        return [byline], True
    names = [agency.name for agency in agencies] or [_publisher(article)]
    return [name for name in dict.fromkeys(names) if name] or ["The archive"], False


def _publisher(article) -> str:
    return getattr(article, "publisher", "") or (article.site.name if article.site else "")


def citation_text(article, agencies, permalink, headline=None):
    """A plain-text reference: author, headline (as the page shows it), publisher and date, permalink."""
    day = article.published_date
    headline = headline or article.title
    authors, _ = _authors(article, agencies)
    author = ", ".join(authors)
    publisher = _publisher(article)
    where = f"{publisher}, " if publisher and publisher != author else ""
    return f"{author}. “{headline}”. {where}{day.day} {day:%B %Y}. {permalink}"


def citation_bibtex(article, agencies, permalink, headline=None):
    """A BibTeX @misc entry whose key is made from the date and the first words of the headline.

    The title is the headline as the page shows it (a wire headline in capitals
    in its readable case), double-braced so BibTeX keeps its case.
    """
    day = article.published_date
    words = re.findall(r"[a-z0-9]+", fold(article.title))[:3]
    key = f"{day:%Y%m%d}-{'-'.join(words) or article.pk}"
    authors, people = _authors(article, agencies)
    # People's names are left for BibTeX to read; an agency's name is braced to stay whole.
    author = " and ".join(_bibtex_escape(name) if people else "{" + _bibtex_escape(name) + "}" for name in authors)
    fields = [
        ("title", "{" + _bibtex_escape(headline or article.title) + "}"),
        ("author", author),
        ("year", str(day.year)),
        ("month", day.strftime("%b").lower()),
        ("day", str(day.day)),
        ("howpublished", r"\url{" + _bibtex_escape(permalink) + "}"),
    ]
    if _publisher(article):
        fields.insert(2, ("publisher", _bibtex_escape(_publisher(article))))
    if article.url:
        fields.append(("note", r"Original at \url{" + _bibtex_escape(article.url) + "}"))
    body = ",\n".join(f"  {name} = {{{value}}}" if name not in {"year", "month", "day"} else f"  {name} = {value}"
                      for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"
