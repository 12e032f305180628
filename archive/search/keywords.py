"""An article's distinctive words: what finds the articles like it, for every backend.

Words are weighed by Bo1 divergence (how much more often the article uses a
word than the archive does), as Whoosh's key terms are. A word found in a
large part of the archive is left out however often the article uses it:
"pct" or "trade" say little about which story this is, and each such word
would make finding related articles read a large part of the index.
"""
import math

KEYWORDS = 12  # distinctive words of an article that find articles like it
# A word in more than this share of the archive's documents is too common to
# tell stories apart ...
COMMON_SHARE = 0.05
# ... unless the archive is so small that this many documents are more than that share.
COMMON_MIN_DOCUMENTS = 100

# What makes another article "related": it shares at least this many of the
# article's distinctive words and scores at least this share of what the
# article itself scores against them.
RELATED_MIN_SHARED = 2
RELATED_FLOOR = 0.25


def common_limit(total_documents: int) -> float:
    """The most documents a word may be found in and still count as distinctive."""
    return max(COMMON_MIN_DOCUMENTS, COMMON_SHARE * total_documents)


def distinctive_words(weights: dict, statistics: dict, total_documents: int, number: int = KEYWORDS) -> list[str]:
    """The `number` words of a text most distinctive against the archive, most distinctive first.

    `weights`: {word: occurrences in the text}; `statistics`: {word: (documents
    holding it, occurrences in the archive)}; words the archive lacks are left out.
    """
    if not total_documents:
        return []
    limit = common_limit(total_documents)
    scored = []
    for word, weight in weights.items():
        documents, occurrences = statistics.get(word, (0, 0))
        if not occurrences or documents > limit:
            continue
        f = occurrences / total_documents
        scored.append((weight * math.log2((1 + f) / f) + math.log2(1 + f), word))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [word for _, word in scored[:number]]
