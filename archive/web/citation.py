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


def _publisher(article, agencies):
    names = [agency.name for agency in agencies]
    if article.site:
        names.append(article.site.name)
    return ", ".join(dict.fromkeys(names)) or "The archive"


def citation_text(article, agencies, permalink):
    """A plain-text reference: publisher, headline, date, permalink."""
    day = article.published_date
    return f"{_publisher(article, agencies)}. “{article.title}”. {day.day} {day:%B %Y}. {permalink}"


def citation_bibtex(article, agencies, permalink):
    """A BibTeX @misc entry whose key is made from the date and the first words of the headline."""
    day = article.published_date
    words = re.findall(r"[a-z0-9]+", fold(article.title))[:3]
    key = f"{day:%Y%m%d}-{'-'.join(words) or article.pk}"
    fields = [
        ("title", "{" + _bibtex_escape(article.title) + "}"),
        ("author", "{" + _bibtex_escape(_publisher(article, agencies)) + "}"),
        ("year", str(day.year)),
        ("month", day.strftime("%b").lower()),
        ("day", str(day.day)),
        ("howpublished", r"\url{" + _bibtex_escape(permalink) + "}"),
    ]
    if article.url:
        fields.append(("note", r"Original at \url{" + _bibtex_escape(article.url) + "}"))
    body = ",\n".join(f"  {name} = {{{value}}}" if name not in {"year", "month", "day"} else f"  {name} = {value}"
                      for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"
