"""The archive's own page files: one page a file, a ` date ` prefix, read by the site profiles.

Which site a page comes from is decided by what its text looks like (see
`archive.ingest.profiles`): b92.net's layouts, or the generic profile for any
other news site. Before a parse becomes an article, `news_check` asks whether
the page is news at all; a page that is plainly something else is skipped as
not an article even when its parse failed.
"""
from archive.ingest import news_check
from archive.ingest.decoding import decode_bytes
from archive.ingest.formats._base import PageRead, SourceFormat
from archive.ingest.parse import parse_text
from archive.ingest.profiles import all_profiles
from archive.ingest.records import ENCODING_NOTE_PREFIX
from archive.ingest.types import NotAnArticle, PageError, ParsedPage, RawPage


class TextPages(SourceFormat):
    name = "text-pages"

    @property
    def profiles(self) -> tuple[str, ...]:
        return tuple(module.NAME for module in all_profiles())

    def claims(self, name: str) -> bool:
        # The fallback: any file no other format claimed is read as a page.
        return True

    def parse(self, page: RawPage, *, promoted: bool = False) -> PageRead:
        if not page.data.strip():
            raise PageError("empty file: no text at all" if not page.data else "empty page: only white space")
        decoded = decode_bytes(page.data)
        try:
            parsed = parse_text(decoded.text, source_name=page.name)
        except PageError as error:
            reason = "" if promoted else news_check.shape_reason(decoded.text)
            if reason:
                raise NotAnArticle(reason) from error
            raise
        reason = "" if promoted else news_check.article_reason(decoded.text, parsed)
        if reason:
            raise NotAnArticle(reason)
        if decoded.note:
            # Reading the bytes is not repeated by a re-parse, so the note travels with the article.
            parsed.problems.insert(0, f"{ENCODING_NOTE_PREFIX} {decoded.note}")
        return PageRead(decoded.text, parsed)

    def reparse(self, profile: str, raw_text: str, *, source_name: str = "") -> ParsedPage:
        return parse_text(raw_text, source_name=source_name)
