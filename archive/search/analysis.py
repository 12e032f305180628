"""Text analysis shared by indexing and querying.

Words are lower-cased, transliterated from Serbian Cyrillic to Latin and
stripped of diacritics, so "Вучић", "Vučić" and "vucic" are one word; the
content analyzer then stems English words. The same chain runs on documents
and on query words, which is what makes the folding symmetric.
"""
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

# Serbian Cyrillic (and the few Russian letters seen in names) to Latin, with
# the Latin diacritics already dropped: ђ is written "dj" as in ASCII Serbian.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ж": "z",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "c", "џ": "dz", "ш": "s", "й": "j", "ы": "y",
    "э": "e", "ю": "ju", "я": "ja", "ё": "e", "щ": "sc", "ъ": "", "ь": "",
}
# Letters that Unicode decomposition does not reduce to ASCII.
_SPECIAL = {"đ": "dj", "ð": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"}
_TABLE = str.maketrans({**_CYRILLIC, **_SPECIAL})

STOP_WORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the to was were will with".split()
)


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lower-case, transliterate Cyrillic and drop diacritics: "Вучић" -> "vucic"."""
    word = word.lower()
    if word.isascii():
        return word
    word = word.translate(_TABLE)
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class FoldFilter(Filter):
    """Applies `fold` to every token (cheap: ASCII words pass straight through)."""

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            if not text.isascii():
                token.text = fold(text)
            yield token


def _tokenizer():
    # Words with inner apostrophes or dots kept together ("u.s", "o'neill").
    return RegexTokenizer(r"\w+(?:[.'’]\w+)*")


def content_analyzer():
    """Analyzer of searchable text: fold, drop a few stop words, stem English."""
    return (
        _tokenizer()
        | LowercaseFilter()
        | FoldFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | StemFilter(lang="en", cachesize=200_000)
    )


def plain_analyzer():
    """Analyzer without stemming: names and the spelling vocabulary."""
    return _tokenizer() | LowercaseFilter() | FoldFilter()


CONTENT = content_analyzer()
PLAIN = plain_analyzer()


def analyze(text: str, analyzer=CONTENT) -> list[str]:
    """The index terms of `text` under `analyzer`, in order."""
    return [t.text for t in analyzer(text)]
