"""Telling a headline from the lede that follows it on the same line.

b92's one-line header joins "Title Lede" with a single space and no marker.
What separates them is style: a headline has no final full stop and reads as a
fragment; a lede is a sentence that usually opens with a subject ("The",
"Serbian President ...", "In the past 24 hours"). `split_title_lede` scores
every place where the lede could start and takes the best.
"""
import re

from archive.ingest.text import CLOSE_QUOTES, OPEN_QUOTES

# Words a headline never ends on: a split right after them cuts a phrase.
_NO_TITLE_END = frozenset(
    """a an the of to and or but in on at for with by from as than into onto over under about after
    before between during against without within via vs versus per is are was were be been will would
    shall should can could may might must has have had do does did not no nor its his her their our
    my your this that these those who whom whose which what where when why how if new mr mrs ms dr
    serbian russian chinese american european german french british hungarian croatian bosnian
    montenegrin albanian macedonian slovenian kosovo's serbia's former prime deputy acting north south
    east west upper lower saint st. san""".split()
)
# Words that typically open a lede sentence and rarely stand capitalised inside
# a sentence-case headline.
_LEDE_OPENERS = frozenset(
    """the a an in on at after before according during following this these those it he she they we i
    there some several many most all as with despite although while when since by from over more nearly
    almost about around today yesterday tonight earlier last until if under unlike one two three four
    five six seven eight nine ten serbian russian chinese american european german french british
    president prime minister police citizens members representatives authorities officials health
    serbia's belgrade's eu's us u.s. un nato's""".split()
)
_REPORTING_VERBS = frozenset(
    "said says told announced stated warned stressed confirmed reported noted added assessed believes "
    "explained pointed emphasized emphasised claims claimed".split()
)
_MEDIA_SUFFIX = re.compile(
    r"(?:\s+|^)((?:PHOTO|PHOTOS|VIDEO|VIDEOS|AUDIO|FOTO|GALLERY|UPDATE|UPDATED)"
    r"(?:\s*/\s*(?:PHOTO|PHOTOS|VIDEO|VIDEOS|FOTO|AUDIO))?)$"
)
_MEDIA_WORD = re.compile(r"^(?:PHOTO|PHOTOS|VIDEO|VIDEOS|AUDIO|FOTO|GALLERY|UPDATE|UPDATED)(?:/(?:PHOTO|PHOTOS|VIDEO|VIDEOS|FOTO|AUDIO))?$")
_ENDS_SENTENCE = re.compile(r"[a-z0-9\u0100-\u024f)]{2,}[.!?][\"'\u201d\u2019]?$")
_MAX_TITLE_WORDS = 60
_DOUBLE_CLOSE = "\"\u201d\u201c\u00bb"
_TERMINATED = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)]*$|[\"\u201d\u00bb]$")


def strip_media_marker(title: str) -> tuple[str, str]:
    """Split a trailing `VIDEO`, `PHOTO` or `PHOTO/VIDEO` off a headline."""
    match = _MEDIA_SUFFIX.search(title)
    if match is None or match.start() == 0:
        return title, ""
    return title[: match.start()].rstrip(" -\u2013"), match.group(1).replace(" ", "")


def _is_capitalised(word: str) -> bool:
    first = word.lstrip("(")[:1]
    return first.isupper() or first.isdigit() or first in OPEN_QUOTES


def _score(words: list[str], lowered: list[str], i: int, sentence_bound: int) -> float:
    """How likely the lede starts at words[i] (the title is words[:i])."""
    prev, word, key = words[i - 1], words[i], lowered[i]
    if not _is_capitalised(word):
        return float("-inf")
    score = 0.0
    if _MEDIA_WORD.match(prev):
        score += 6
    elif prev[-1] in "?!":
        score += 4
    elif prev[-1] in CLOSE_QUOTES and not prev.endswith(("\",", "\u201d,")):
        score += 2
    prev_key = lowered[i - 1].strip("\"'\u201c\u201d\u201e()")
    if prev_key in _NO_TITLE_END or prev[-1] in ":,;-\u2013(" or prev in ("-", "\u2013"):
        score -= 5
    elif prev[-1] == "." and not prev.endswith(("...", "\u2026")):
        score -= 4
    if key.strip("\"'\u201c\u201e(") in _LEDE_OPENERS:
        score += 3
    elif not _is_capitalised(prev) or prev[0].isdigit():
        score += 1  # a capital right after a lowercase word: sentence case turning into a new sentence
    else:
        score -= 1  # two capitals in a row are more often one name
    if any(w in _REPORTING_VERBS for w in lowered[i + 1: i + 9]):
        score += 1
    title_words, lede_words = i, len(words) - i
    if title_words < 3:
        score -= 3 - title_words
    score -= 0.12 * title_words
    if lede_words < 8:
        score -= 2
    if title_words > lede_words:
        score -= 2
    if i > sentence_bound:
        score -= 6
    return score


def _quoted_title_end(words: list[str]) -> int | None:
    """Where a headline that is one quotation ends, when it opens with a quote."""
    if words[0][:1] not in OPEN_QUOTES:
        return None
    for j, word in enumerate(words[:-1]):
        if j == 0 and len(word) == 1:
            continue
        if word[-1] in _DOUBLE_CLOSE and _is_capitalised(words[j + 1]):
            return j + 1
        if any(ch in _DOUBLE_CLOSE for ch in word[1 if j == 0 else 0:]):
            return None  # the quotation closed inside a word group: "quote," he said
    return None


def split_title_lede(text: str) -> tuple[str, str]:
    """Split "Title Lede" at the most likely start of the lede.

    Returns (title, lede); lede is "" when the text does not end like a
    sentence (a headline alone).
    """
    text = text.strip()
    if not _TERMINATED.search(text):
        return text, ""
    # A headline runs to a few dozen words at most, so only the start matters.
    # (the last item holds the rest of a long text unsplit)
    words = text.split(" ", _MAX_TITLE_WORDS + 20)
    if len(words) < 4:
        return text, ""
    quoted = _quoted_title_end(words)
    if quoted is not None and len(words) - quoted >= 3:
        return " ".join(words[:quoted]), " ".join(words[quoted:])
    lowered = [w.lower() for w in words]
    sentence_bound = len(words)
    for j in range(1, min(len(words) - 1, _MAX_TITLE_WORDS + 1)):
        if _ENDS_SENTENCE.search(words[j]) and _is_capitalised(words[j + 1]):
            sentence_bound = j + 1
            break
    best, best_score = None, float("-inf")
    for i in range(1, min(len(words), _MAX_TITLE_WORDS)):
        score = _score(words, lowered, i, sentence_bound)
        if score > best_score:
            best, best_score = i, score
    if best is None:
        return text, ""
    return " ".join(words[:best]), " ".join(words[best:])
