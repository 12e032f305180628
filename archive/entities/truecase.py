"""Headlines and lines in capitals, written in ordinary case before the model reads them.

A model trained on ordinary text takes almost every word of "SUBROTO SAYS
OPEC WILL KEEP PRICES" for a name, so all-capital lines are a source of
fragments ("SUBROTO SAYS", "REAGAN UNLIKELY"). Each word of such a line is
written the way the rest of the article writes it ("Subroto", "says"); a word
the article does not use takes the spelling most common in the articles read
with it (a headline-only brief about "PRESIDENT REAGAN" among stories naming
Reagan), then the spelling of a known name ("OPEC", "Japan"), or else lower
case (the line's first word capitalised). So a headline adds no name that the
body, its neighbours or the archive's knowledge do not support.

The result has exactly the length of the input, so every offset the model
returns indexes the original text as well.
"""
import re
from collections import Counter

# A word: letters, with inner dots or apostrophes ("U.S", "it's", "O'Neill").
_WORD = re.compile(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*")
# A line is in capitals when this share of its cased letters are capitals (and it has enough of them).
SHOUTING_SHARE = 0.8
SHOUTING_MIN_LETTERS = 6


# Deleting the capitals (or the small letters) of a line and comparing lengths counts them at C speed.
_NO_UPPER = {code: None for code in range(0x2000) if chr(code).isupper()}
_NO_LOWER = {code: None for code in range(0x2000) if chr(code).islower()}


def is_shouting(line: str) -> bool:
    """Whether a line is written in capitals (a wire headline, a table heading)."""
    upper = len(line) - len(line.translate(_NO_UPPER))
    if upper < SHOUTING_MIN_LETTERS:
        return False
    lower = len(line) - len(line.translate(_NO_LOWER))
    return upper >= SHOUTING_SHARE * (upper + lower)


def word_counts(text: str) -> Counter:
    """How often each spelling of each word appears in the lines of a text not in capitals."""
    counts = Counter()
    for line in text.split("\n"):
        if not is_shouting(line):
            counts.update(_WORD.findall(line))
    return counts


def best_spellings(counts: Counter) -> dict:
    """{lower-case word: its most common spelling} from word_counts()."""
    best, seen = {}, {}
    for word, n in counts.items():
        folded = word.casefold()
        if n > seen.get(folded, 0):
            best[folded], seen[folded] = word, n
    return best


def spellings_in(texts) -> dict:
    """{lower-case word: its most common spelling} over the lines of these texts not in capitals."""
    counts = Counter()
    for text in texts:
        counts.update(word_counts(text))
    return best_spellings(counts)


def truecase(text: str, known_spellings=None, neighbours=None, counts=None) -> str:
    """The text with its all-capital lines in ordinary case; same length, other lines untouched.

    neighbours: spellings_in() of the texts read with this one; known_spellings:
    {lower-case word: spelling} of known names (the knowledge module's); counts:
    word_counts() of this text, when the caller has them already.
    """
    lines = text.split("\n")
    shouting = [is_shouting(line) for line in lines]
    if not any(shouting):
        return text
    own = best_spellings(word_counts(text) if counts is None else counts)
    sources = (own, neighbours or {}, known_spellings or {})
    out = []
    for line, loud in zip(lines, shouting):
        out.append(_recase(line, sources) if loud else line)
    return "\n".join(out)


def _recase(line, sources):
    pieces, position, first = [], 0, True
    for match in _WORD.finditer(line):
        word = match.group()
        folded = word.casefold()
        spelling = next((source[folded] for source in sources if folded in source), None)
        if spelling is None:
            spelling = word.lower()
            if first:
                spelling = spelling[:1].upper() + spelling[1:]
        if len(spelling) != len(word):  # a letter whose case changes its length: leave the word alone
            spelling = word
        pieces.append(line[position : match.start()])
        pieces.append(spelling)
        position = match.end()
        first = False
    pieces.append(line[position:])
    return "".join(pieces)
