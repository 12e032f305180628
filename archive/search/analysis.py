"""Text analysis shared by indexing and querying.

Words are folded by archive.folding (lower case, Serbian Cyrillic in Latin,
no diacritics), so "Вучић", "Vučić" and "vucic" are one word; the content
analyzer then stems English words. The same chain runs on documents and on
query words, which is what makes the folding symmetric.
"""
from functools import lru_cache

from whoosh.analysis import Filter, RegexTokenizer
from whoosh.lang.snowball.english import EnglishStemmer

from archive.folding import fold

STOP_WORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the to was were will with".split()
)

_ENGLISH = EnglishStemmer()


@lru_cache(maxsize=500_000)
def stem(word: str) -> str:
    """The English stem of a folded word (memoised: news text repeats its words)."""
    return _ENGLISH.stem(word)


def plain_word(word: str) -> str:
    """The index term of one word of a name field: lower case, folded (ASCII words skip the folding)."""
    text = word.lower()
    return text if text.isascii() else fold(text)


def content_word(word: str) -> str | None:
    """The index term of one word of searchable text, or None for a stop word."""
    text = word.lower()
    if not text.isascii():
        text = fold(text)
    if text in STOP_WORDS:
        return None
    return stem(text)


class FoldFilter(Filter):
    """Lower-cases and folds every token (see plain_word)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = plain_word(token.text)
            yield token


class ContentFilter(Filter):
    """Fold, drop stop words and stem in one pass (indexing speed matters here).

    Positions are renumbered over the words kept, at index and query time
    alike, so a phrase with a stop word inside still matches.
    """

    def __call__(self, tokens):
        position = 0
        for token in tokens:
            term = content_word(token.text)
            if term is None:
                continue
            token.text = term
            if token.positions:
                token.pos = position
                position += 1
            yield token


# Words with inner apostrophes or dots kept together ("u.s", "o'neill").
WORD_PATTERN = r"\w+(?:[.'’]\w+)*"


def _tokenizer():
    return RegexTokenizer(WORD_PATTERN)


def content_analyzer():
    """Analyzer of searchable text: fold, drop a few stop words, stem English."""
    return _tokenizer() | ContentFilter()


def plain_analyzer():
    """Analyzer without stemming: names and the spelling vocabulary."""
    return _tokenizer() | FoldFilter()


CONTENT = content_analyzer()
PLAIN = plain_analyzer()

# Between the two words of a pair term. Index terms never hold a space (see WORD_PATTERN).
PAIR_SEPARATOR = " "


def pair_term(first: str, second: str) -> str:
    """The term of a pair field for two index terms at adjacent positions."""
    return f"{first}{PAIR_SEPARATOR}{second}"


class PairFilter(Filter):
    """Turns a stream of analysed tokens into one token per two adjacent ones.

    The analysers above number positions over the words they keep (a dropped
    stop word leaves no hole), so neighbours in the stream are exactly the
    words a two-word phrase matches at positions p and p + 1.
    """

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            text = token.text
            if previous is not None:
                token.text = pair_term(previous, text)
                yield token
            previous = text


# The pair fields' analysers: the same analysis as their source field, then pairs.
CONTENT_PAIRS = content_analyzer() | PairFilter()
PLAIN_PAIRS = plain_analyzer() | PairFilter()


def analyze(text: str, analyzer=CONTENT) -> list[str]:
    """The index terms of `text` under `analyzer`, in order."""
    return [t.text for t in analyzer(text)]
