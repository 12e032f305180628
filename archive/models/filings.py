"""Finding sections, agencies and sites the way people write them.

A reader types `site:b92`, `site:www.b92.net`, `section:Politics` or
`agency:TANJUG`; the archive knows them by slug (`b92net`, `politics`,
`tanjug`), name and, for sites, host. Every written form is compared on its
folded letters and digits only, so case, accents, dots and dashes do not matter.
"""
from urllib.parse import urlsplit

from django.db import models

from archive.folding import folded_words

# Second-level labels under which a country's sites register (bbc.co.uk, abc.net.au).
_SECOND_LEVEL = frozenset("co com net org gov ac edu".split())


def written_key(text: str) -> str:
    """What two spellings of one filing share: folded letters and digits ("B92.net" -> "b92net")."""
    return "".join(folded_words(text or ""))


def host_of(text: str) -> str:
    """The host in a URL or a bare host, without "www." ("https://www.b92.net/eng/" -> "b92.net")."""
    text = (text or "").strip().lower()
    if "://" in text:
        text = urlsplit(text).hostname or ""
    text = text.split("/", 1)[0]
    return text[4:] if text.startswith("www.") else text


def host_keys(domain: str) -> set[str]:
    """Keys a site is known by from its host: the host, and its name without the suffix ("b92")."""
    host = host_of(domain)
    labels = [label for label in host.split(".") if label]
    keys = {written_key(host)}
    if len(labels) >= 2:
        labels = labels[:-1]
        if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
            labels = labels[:-1]
        keys.add(written_key(".".join(labels)))
    return keys - {""}


class FilingQuerySet(models.QuerySet):
    def written_as(self, written) -> dict[str, list[int]]:
        """{each written form: [ids]} of the filings it names: by slug first, else by name or host.

        Forms that name nothing are left out. The tables are small (tens to
        hundreds of rows), so they are read whole and matched here.
        """
        written = [text for text in dict.fromkeys(written) if text and text.strip()]
        if not written:
            return {}
        if self.query.has_filters():
            by_slug, by_key = self._written_forms()
        else:  # the whole table: what it says is kept until the database changes
            from archive.version_memo import small_tables

            by_slug, by_key = small_tables.get(("written forms", self.model._meta.label), self._written_forms)
        found = {}
        for text in written:
            stripped = text.strip()
            if stripped.lower() in by_slug:
                found[text] = [by_slug[stripped.lower()]]
                continue
            # As written ("Business & Economy"), else as a host or URL ("https://www.b92.net/eng/").
            pks = by_key.get(written_key(stripped)) or by_key.get(written_key(host_of(stripped)))
            if not pks and len(written_key(stripped)) > 3:  # "sport" for Sports, "sports" for Sport
                singular = written_key(stripped).removesuffix("s")
                pks = [pk for key, keyed in by_key.items() if key.removesuffix("s") == singular for pk in keyed]
            if pks:
                found[text] = sorted(set(pks))
        return found

    def _written_forms(self):
        """({slug: pk}, {folded slug, name or host: [pks]}) of the filings."""
        has_domain = any(field.name == "domain" for field in self.model._meta.fields)
        columns = ("pk", "slug", "name", "domain") if has_domain else ("pk", "slug", "name")
        by_slug, by_key = {}, {}
        for row in self.values_list(*columns):
            pk, slug, name = row[:3]
            by_slug[slug] = pk
            keys = {written_key(slug), written_key(name)}
            if has_domain:
                keys |= host_keys(row[3])
            for key in keys - {""}:
                by_key.setdefault(key, []).append(pk)
        return by_slug, by_key
