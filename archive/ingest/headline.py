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
    east west upper lower saint st. san western eastern northern southern central until since amid toward
    towards across through among near around upon within without""".split()
)
# Words that typically open a lede sentence and rarely stand capitalised inside
# a sentence-case headline.
_LEDE_OPENERS = frozenset(
    """the a an in on at after before according during following this these those it he she they we i
    there some several many most all as with despite although while when since by from over more nearly
    almost about around today yesterday tonight earlier last until if under unlike one two three four
    five six seven eight nine ten serbian russian chinese american european german french british
    president prime minister police citizens members representatives authorities officials health
    serbia's belgrade's eu's us u.s. un nato's prime hungarian croatian bosnian montenegrin albanian
    macedonian slovenian italian turkish ukrainian greek romanian bulgarian austrian""".split()
)
# Offices that follow what they are of ("Finance Minister"): capitalised after a
# capital they continue a name rather than open a lede.
_OFFICES = frozenset("president minister police officials authorities health".split())
# Headlines of one or two words are rare; between 4 and 14 words all lengths are usual.
_TITLE_LENGTH_PENALTY = {1: 4.0, 2: 1.5, 3: 0.5}
_REPORTING_VERBS = frozenset(
    "said says told announced stated warned stressed confirmed reported noted added assessed believes "
    "explained pointed emphasized emphasised claims claimed".split()
)
_MEDIA_SUFFIX = re.compile(
    r"(?:\s+|^)[(\[]?((?:PHOTO|PHOTOS|VIDEO|VIDEOS|AUDIO|FOTO|GALLERY|UPDATE|UPDATED)"
    r"(?:\s*/\s*(?:PHOTO|PHOTOS|VIDEO|VIDEOS|FOTO|AUDIO))?)[)\]]?$"
)
_MEDIA_WORD = re.compile(
    r"^(?:PHOTO|PHOTOS|VIDEO|VIDEOS|AUDIO|FOTO|GALLERY|UPDATE|UPDATED)(?:/(?:PHOTO|PHOTOS|VIDEO|VIDEOS|FOTO|AUDIO))?$"
)
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


# Capitalised in English but not names: after them a capital still starts something new.
_CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


def _bare(word: str) -> str:
    return word.strip("\"'\u201c\u201d\u201e(),:;.!?").removesuffix("'s").removesuffix("\u2019s")


def _is_capitalised(word: str) -> bool:
    first = word.lstrip("(")[:1]
    return first.isupper() or first.isdigit() or first in OPEN_QUOTES


def _score(words: list[str], lowered: list[str], i: int, sentence_bound: int, title_names: set[str]) -> float:
    """How likely the lede starts at words[i] (the title is words[:i]).

    `title_names` holds the capitalised words before i (bare, no punctuation).
    """
    prev, word, key = words[i - 1], words[i], lowered[i]
    if not _is_capitalised(word):
        return float("-inf")
    score = 0.0
    if _MEDIA_WORD.match(prev.strip("()[]")):
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
    opener = key.strip("\"'\u201c\u201e(")
    prev_is_name = _is_capitalised(prev) and not prev[0].isdigit() and prev_key not in _CALENDAR_WORDS
    if word[0].isdigit():
        score -= 1  # a number after a verb is its object ("reaches 168 metres"); ledes spell numbers out
    elif opener in _LEDE_OPENERS and not (prev_is_name and opener in _OFFICES):
        score += 3
    elif not prev_is_name:
        score += 1  # a capital right after a lowercase word: sentence case turning into a new sentence
    else:
        score -= 1  # two capitals in a row are more often one name
    if any(w in _REPORTING_VERBS for w in lowered[i + 1: i + 9]):
        score += 1
    if prev_is_name and _bare(prev) == _bare(word):
        score += 3  # "... in Belgrade Belgrade Mayor ...": the lede repeats the headline's last word
    if i + 1 < len(words) and _is_capitalised(words[i + 1]) and _bare(words[i + 1]) in title_names:
        score += 2  # "Aleksandar Vucic ..." opening the lede after a headline about "Vucic"
    if i >= 2 and lowered[i - 2] == "to" and prev.islower():
        score -= 2  # "to visit | Belgrade": the infinitive wants its object
    title_words, lede_words = i, len(words) - i
    score -= _TITLE_LENGTH_PENALTY.get(title_words, 0.0) + 0.25 * max(0, title_words - 14)
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
            if _MEDIA_WORD.match(words[j + 1].strip("()[]")) and j + 2 < len(words):
                return j + 2  # '"Quote" VIDEO Lede...': the marker belongs to the headline
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
    title_names = set()
    for i in range(1, min(len(words), _MAX_TITLE_WORDS)):
        if _is_capitalised(words[i - 1]):
            title_names.add(_bare(words[i - 1]))
        score = _score(words, lowered, i, sentence_bound, title_names)
        if score > best_score:
            best, best_score = i, score
    if best is None:
        return text, ""
    return " ".join(words[:best]), " ".join(words[best:])
