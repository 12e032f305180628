"""Files that are plainly not pages, by their name: skipped without being read as pages.

Their bytes are still kept with the reason (see the skipped pages in the
admin), so a curator can promote one that was a page after all; it is then
read as a text page.
"""
from archive.ingest.formats._base import PageRead, SourceFormat
from archive.ingest.formats.text_pages import TextPages
from archive.ingest.types import NotAnArticle, ParsedPage, RawPage

# By suffix: what the file is. Containers are not listed, whether the archive
# reads them (.zip, .tar.gz, .warc.gz) or not (.gz, .7z: they may hold pages,
# and failing tells the operator to unpack them); nor are web pages (.html).
_SUFFIXES = {
    ".dtd": "a DTD (document type definition)",
    ".md": "Markdown text (documentation)", ".markdown": "Markdown text (documentation)",
    ".rst": "reStructuredText (documentation)",
    ".csv": "a table (CSV)", ".tsv": "a table (TSV)",
    ".json": "JSON data", ".jsonl": "JSON data", ".ndjson": "JSON data", ".geojson": "JSON data",
    ".xml": "XML data", ".xsd": "an XML schema", ".xsl": "an XML stylesheet", ".rss": "a news feed",
    ".atom": "a news feed",
    ".yaml": "settings (YAML)", ".yml": "settings (YAML)", ".toml": "settings (TOML)", ".ini": "settings (INI)",
    ".cfg": "settings", ".conf": "settings",
    ".log": "a log",
    ".css": "a stylesheet", ".js": "a script", ".mjs": "a script", ".map": "a source map",
    ".py": "source code", ".sh": "a shell script", ".sql": "SQL", ".pl": "source code",
    ".pdf": "a PDF document", ".doc": "a word-processor document", ".docx": "a word-processor document",
    ".odt": "a word-processor document", ".rtf": "a word-processor document",
    ".xls": "a spreadsheet", ".xlsx": "a spreadsheet", ".ods": "a spreadsheet",
    ".ppt": "a presentation", ".pptx": "a presentation",
    ".jpg": "an image", ".jpeg": "an image", ".png": "an image", ".gif": "an image", ".webp": "an image",
    ".svg": "an image", ".ico": "an image", ".bmp": "an image", ".tif": "an image", ".tiff": "an image",
    ".avif": "an image", ".heic": "an image",
    ".mp3": "audio", ".wav": "audio", ".ogg": "audio", ".m4a": "audio", ".flac": "audio",
    ".mp4": "video", ".webm": "video", ".mov": "video", ".avi": "video", ".mkv": "video",
    ".woff": "a font", ".woff2": "a font", ".ttf": "a font", ".otf": "a font", ".eot": "a font",
    ".exe": "a program", ".dll": "a program", ".so": "a program", ".bin": "binary data",
    ".swf": "a Flash file", ".db": "a database file", ".sqlite": "a database file",
}
# By the whole name (any suffix, any case): files every website or software folder has.
_NAMES = {
    "robots.txt": "crawler rules (robots.txt)", "humans.txt": "a site's credits (humans.txt)",
    "ads.txt": "an advertising list (ads.txt)", "app-ads.txt": "an advertising list (app-ads.txt)",
    "security.txt": "a security contact (security.txt)", "sitemap.txt": "a sitemap (a list of addresses)",
    "readme": "a README", "license": "a licence", "licence": "a licence", "copying": "a licence",
    "changelog": "a change log", "install": "installation notes", "authors": "a list of authors",
    "makefile": "a build file", "dockerfile": "a build file",
}


def _base_name(name: str) -> str:
    return name.replace("\\", "/").rpartition(":")[2].rpartition("/")[2].lower()


def not_a_page(name: str) -> str:
    """What a file of this name is when plainly not a page; '' otherwise."""
    base = _base_name(name)
    if base in _NAMES:
        return _NAMES[base]
    stem, dot, suffix = base.rpartition(".")
    if dot and stem in _NAMES and suffix in ("txt", "md", "rst", ""):
        return _NAMES[stem]
    return _SUFFIXES.get(f".{suffix}", "") if dot else ""


class NotPages(SourceFormat):
    name = "not-pages"

    def claims(self, name: str) -> bool:
        return bool(not_a_page(name))

    def parse(self, page: RawPage, *, promoted: bool = False) -> PageRead:
        if promoted:
            return TextPages().parse(page, promoted=True)
        raise NotAnArticle(f"file type: {not_a_page(page.name)}, by its name")

    def reparse(self, profile: str, raw_text: str, *, source_name: str = "") -> ParsedPage:
        return TextPages().reparse(profile, raw_text, source_name=source_name)
