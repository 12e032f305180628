"""Telling a headline from the lede that follows it on the same line.

b92's one-line header joins "Title Lede" with a single space and no marker.
What separates them is style: a headline has no final full stop, is usually
shorter than the lede and reads as a fragment; a lede is one or more sentences
that usually open with a subject ("The", "Serbian President ...", "In the past
24 hours") and restate the headline's key words. `split_headline` scores every
place where the lede could start with these signals and takes the best; the
gap to the runner-up becomes the split's confidence.

A general-purpose sentence segmenter does not help here: it is trained on
punctuated text and finds the unpunctuated headline boundary in about one run
in five (spaCy's parser and senter on the development set), at some 150 runs
per second. The rules below decide on their own.
"""
import math
import re
from dataclasses import dataclass
from functools import cached_property

from archive.ingest import headline_words as vocab
from archive.ingest.text import CLOSE_QUOTES, OPEN_QUOTES

_MEDIA = r"(?:PHOTO|PHOTOS|VIDEO|VIDEOS|AUDIO|FOTO|GALLERY|UPDATE|UPDATED)"
_MEDIA_SUFFIX = re.compile(rf"(?:\s+|^)[(\[]?({_MEDIA}(?:\s*/\s*{_MEDIA})?)[)\]]?$")
_MEDIA_WORD = re.compile(rf"^{_MEDIA}(?:/{_MEDIA})?$")
_LIVE_PREFIX = re.compile(r"^LIVE\s*(?::|-|\u2013)\s*(?=\S)")
_ENDS_SENTENCE = re.compile(r"[a-z0-9\u0100-\u024f)]{2,}[.!?][\"'\u201d\u2019]?$")
_SENTENCE_END_CHARS = frozenset(".!?\"'\u201d\u2019")
_TERMINATED = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)]*$|[\"\u201d\u00bb]$")
_DOUBLE_CLOSE = "\"\u201d\u201c\u00bb"
_MAX_TITLE_WORDS = 60
# An unpunctuated run this long is not a headline alone: a lede lost its full stop.
_LONG_UNTERMINATED = 20
# Headlines of one or two words are rare; between 4 and 14 words all lengths are usual.
_TITLE_LENGTH_PENALTY = {1: 4.0, 2: 1.5, 3: 0.5}

# Confidence of a split decided by a quotation that closes before a capital.
QUOTED_CONFIDENCE = 0.97
# Below this a split is shown to curators for review.
LOW_CONFIDENCE = 0.6


@dataclass(frozen=True)
class HeadlineSplit:
    title: str
    lede: str
    confidence: float
    method: str  # "quoted", "rules", or "alone" (no lede found)


def strip_media_marker(title: str) -> tuple[str, str]:
    """Split a trailing `VIDEO`, `PHOTO` or `PHOTO/VIDEO` off a headline."""
    match = _MEDIA_SUFFIX.search(title)
    if match is None or match.start() == 0:
        return title, ""
    return title[: match.start()].rstrip(" -\u2013"), match.group(1).replace(" ", "")


def strip_live_label(title: str) -> tuple[str, bool]:
    """Split a leading `LIVE:` off a headline; the page then is a live report."""
    match = _LIVE_PREFIX.match(title)
    if match is None:
        return title, False
    return title[match.end():], True


def _bare(word: str) -> str:
    return word.strip("\"'\u201c\u201d\u201e(),:;.!?").removesuffix("'s").removesuffix("\u2019s")


def _is_capitalised(word: str) -> bool:
    first = word.lstrip("(")[:1]
    return first.isupper() or first.isdigit() or first in OPEN_QUOTES


def _stem(word: str) -> str:
    """A crude stem for telling whether the lede restates a word: 'Portugal' ~ 'Portuguese'."""
    return _bare(word).lower()[:5]


class _Run:
    """The words of a "Title Lede" run and what the scorer needs to know about them."""

    def __init__(self, words: list[str]):
        self.words = words
        self.lowered = [w.lower() for w in words]
        self.keys = [w.strip("\"'\u201c\u201d\u201e()") for w in self.lowered]
        self.capitalised = [_is_capitalised(w) for w in words]
        self.sentence_bound = len(words)
        for j in range(1, min(len(words) - 1, _MAX_TITLE_WORDS + 1)):
            # (the last character first: the pattern is only worth trying on a possible sentence end)
            if words[j][-1] not in _SENTENCE_END_CHARS:
                continue
            if _ENDS_SENTENCE.search(words[j]) and words[j].lower() not in vocab.ABBREVIATIONS:
                following = j + 1
                if _MEDIA_WORD.match(words[following].strip("()[]")) and following + 1 < len(words):
                    following += 1  # "Question? PHOTO The lede": the marker belongs to the headline
                if _is_capitalised(words[following]):
                    self.sentence_bound = following
                    break

    @cached_property
    def last_seen(self) -> dict[str, int]:
        """Where each stem occurs last: a title word recurs in the lede if it occurs after the split."""
        found = {}
        for index, word in enumerate(self.words):
            if len(word) >= 4:
                found[_stem(word)] = index
        return found

    def recurs_after(self, word: str, index: int) -> bool:
        bare = _bare(word)
        if len(bare) < 4 or bare.lower() in vocab.COMMON_WORDS:
            return False
        return self.last_seen.get(_stem(word), -1) > index

    def office_phrase_at(self, i: int) -> int:
        """How many modifiers stand before the office when words[i:] open with an office and a name.

        "Health Minister Jane Doe" (one modifier), "Minister of Trade Jane Doe"
        and "Director of the Clinic Dr Jane Doe" (none) all count; -1 when
        words[i:] do not open that way.
        """
        words, keys = self.words, self.keys
        for k in range(i, min(i + 3, len(words) - 1)):
            if not _is_capitalised(words[k]) or words[k][0].isdigit():
                return -1
            if keys[k] in vocab.NAME_OFFICES:
                if not self._name_follows(k + 1):
                    return -1
                if keys[k + 1] in ("of", "for") and any(key not in vocab.LEDE_OPENERS for key in keys[i:k]):
                    return -1  # "Ilic Minister of Trade": an office "of" something takes no name before it
                return k - i
            if words[k][-1] in ",;:.":
                return -1  # "Clinic, Dr Jane Doe": the comma ends what came before
        return -1

    def _name_follows(self, k: int) -> bool:
        """Whether a name (a capital that is no office) stands at words[k], perhaps after "of [the] Body"."""
        words, keys = self.words, self.keys
        if k < len(words) and keys[k] in ("of", "for") and not words[k - 1].endswith(","):
            k += 2 if k + 1 < len(words) and keys[k + 1] == "the" else 1
            # The body the office belongs to: capitalised words, ending at the name.
            while k + 1 < len(words) and words[k][:1].isupper() and words[k + 1][:1].isupper():
                if words[k][-1] in ",;:":
                    return True  # "Minister of Trade, Jane Doe"
                k += 1
            return k > 0 and words[k - 1][:1].isupper()
        return k < len(words) and words[k][:1].isupper() and keys[k] not in vocab.NAME_OFFICES


def _score(run: _Run, i: int, title_names: set[str]) -> float:
    """How likely the lede starts at words[i] (the title is words[:i]).

    `title_names` holds the capitalised words before i (bare, no punctuation).
    """
    words, lowered = run.words, run.lowered
    prev, word = words[i - 1], words[i]
    score = 0.0
    # What the last word of the title says about the boundary.
    if _MEDIA_WORD.match(prev.strip("()[]")):
        score += 6
    elif prev[-1] in "?!":
        score += 4
    elif prev[-1] in CLOSE_QUOTES and not prev.endswith(("\",", "\u201d,")):
        score += 2
    prev_key = run.keys[i - 1]
    # "in May" ends a headline well; "may" the verb does not.
    function_word = prev_key in vocab.NO_TITLE_END and not (prev[0].isupper() and prev_key in vocab.CALENDAR_WORDS)
    if function_word or prev[-1] in ":,;-\u2013(" or prev in ("-", "\u2013"):
        score -= 5
    elif prev[-1] == "." and not prev.endswith(("...", "\u2026")) and prev_key not in vocab.ABBREVIATIONS:
        score -= 4
    elif prev_key in vocab.OBJECT_VERBS:
        score -= 3
    # What the first word of the lede says.
    opener = run.keys[i]
    prev_is_name = (
        _is_capitalised(prev)
        and not prev[0].isdigit()
        and prev_key not in vocab.CALENDAR_WORDS
        and not _MEDIA_WORD.match(prev.strip("()[]"))
    )
    modifiers = run.office_phrase_at(i)
    # "Trade Minister Petar Kovac": one modifier is usual; with two, the first may end the headline.
    office_bonus = 2 if 0 <= modifiers <= 1 else 1 if modifiers == 2 else 0
    if office_bonus and modifiers == 0 and prev_is_name and run.keys[i + 1] not in ("of", "for"):
        # "Trade | Minister Petar Kovac": the office continues the capital before it
        # (but "Smederevo | Minister of Trade Petar Kovac" starts anew).
        office_bonus = 0
    if word[0].isdigit():
        score -= 1  # a number after a verb is its object ("reaches 168 metres"); ledes spell numbers out
    elif opener in vocab.LEDE_OPENERS and not (prev_is_name and opener in vocab.OFFICES_AFTER_NAME):
        score += 3
    elif office_bonus:
        score += office_bonus  # "... Johann Berger | Foreign Minister Nikola Jovic received ..."
    elif not prev_is_name:
        score += 1  # a capital right after a lowercase word: sentence case turning into a new sentence
    else:
        score -= 1  # two capitals in a row are more often one name
    if any(w in vocab.REPORTING_VERBS for w in lowered[i + 1: i + 9]):
        score += 1
    # Given names: a full name opens ledes, and a boundary right after a given name splits a name.
    if prev_key in vocab.GIVEN_NAMES and prev_is_name and _is_capitalised(word):
        score -= 2
    elif run.keys[i] in vocab.GIVEN_NAMES and i + 1 < len(words) and words[i + 1][:1].isupper():
        score += 1
    # The lede restates the headline: its last word, or a name from it, comes again.
    if prev_is_name and _bare(prev) == _bare(word):
        score += 3  # "... in Belgrade Belgrade Mayor ...": the lede repeats the headline's last word
    elif run.recurs_after(prev, i):
        score += 1.5
    if (
        i + 1 < len(words)
        and _is_capitalised(words[i + 1])
        and _bare(words[i + 1]) in title_names
        and run.office_phrase_at(i + 1) < 0  # "Foreign" of "Foreign Minister" is no name from the title
    ):
        score += 2  # "Aleksandar Vucic ..." opening the lede after a headline about "Vucic"
    if i >= 2 and lowered[i - 2] == "to" and prev_key in vocab.OBJECT_VERBS_BASE:
        score -= 2  # "to visit | Belgrade": the infinitive wants its object
    # Lengths: headlines are short, ledes longer, and the lede is where the first sentence ends.
    title_words, lede_words = i, len(words) - i
    score -= _TITLE_LENGTH_PENALTY.get(title_words, 0.0) + 0.25 * max(0, title_words - 14)
    if lede_words < 8:
        score -= 2
    if title_words > lede_words:
        score -= 2
    if i > run.sentence_bound:
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


def _confidence(best: float, runner_up: float) -> float:
    """From the lead of the best boundary over the next one to a probability-like number."""
    margin = best - runner_up
    confidence = 1 / (1 + math.exp(-1.3 * (margin - 1.0)))
    if best < 0:
        confidence *= 0.7  # the winner has more against it than for it
    return round(confidence, 3)


def split_headline(text: str) -> HeadlineSplit:
    """Split "Title Lede" at the most likely start of the lede, with how sure that is.

    A text that does not end like a sentence is a headline alone, unless it
    is too long for one and a boundary stands out clearly.
    """
    text = text.strip()
    # A headline runs to a few dozen words at most, so only the start matters.
    # (the last item holds the rest of a long text unsplit)
    words = text.split(" ", _MAX_TITLE_WORDS + 20)
    terminated = _TERMINATED.search(text) is not None
    if len(words) < 4 or (not terminated and len(words) < _LONG_UNTERMINATED):
        return HeadlineSplit(text, "", 0.9, "alone")
    quoted = _quoted_title_end(words)
    if quoted is not None and len(words) - quoted >= 3:
        return HeadlineSplit(" ".join(words[:quoted]), " ".join(words[quoted:]), QUOTED_CONFIDENCE, "quoted")
    run = _Run(words)
    scores = []
    title_names = set()
    for i in range(1, min(len(words), _MAX_TITLE_WORDS)):
        if run.capitalised[i - 1]:
            title_names.add(_bare(words[i - 1]))
        if run.capitalised[i]:
            scores.append((_score(run, i, title_names), i))
    if not scores:
        return HeadlineSplit(text, "", 0.5, "alone")
    # On a tie the longer headline wins (on run-on pairs of unrelated headlines and
    # ledes that settles slightly more boundaries right than the shorter one).
    scores.sort(key=lambda pair: (-pair[0], -pair[1]))
    best_score, best = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else best_score - 6
    if not terminated and best_score < 3:
        return HeadlineSplit(text, "", 0.4, "alone")
    confidence = _confidence(best_score, runner_up)
    return HeadlineSplit(" ".join(words[:best]), " ".join(words[best:]), confidence, "rules")


def split_title_lede(text: str) -> tuple[str, str]:
    """(title, lede) of a "Title Lede" run; lede is "" for a headline alone."""
    found = split_headline(text)
    return found.title, found.lede
