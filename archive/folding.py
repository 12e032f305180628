"""Folding: one place that decides when two spellings are the same word.

Search terms, entity keys, marked words and slugs all fold the same way:
lower case, Serbian (and common Russian) Cyrillic written in Latin, Serbian
`đ` as `dj` (as English-language Serbian media spell Djokovic), other
diacritics dropped. So "Вучић", "Vučić", "VUCIC" and "vucic" are one word.

One variant differs and must: `identity_title_fold_v1`, the title part of an
article's identity key. Keys made with it are stored in existing archives,
and a re-import finds its article by recomputing the key, so that function
is frozen as it was first written (`đ` to `d`, Cyrillic kept as it is).
Never change it; a better rule would need a new name and a migration that
recomputes every stored key.

Pure string functions: nothing here imports Django or the rest of the app,
so every layer may use it.
"""
import re
import unicodedata
from functools import lru_cache

# Serbian Cyrillic (and the Russian letters seen in names) to Latin, diacritics
# already dropped: these letters never need the Unicode decomposition below.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ж": "z",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "c", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "c", "џ": "dz", "ш": "s", "й": "j", "ы": "y",
    "э": "e", "ю": "ju", "я": "ja", "ё": "e", "щ": "sc", "ъ": "", "ь": "",
}
# Serbian Cyrillic to Serbian Latin with its diacritics, for text shown to people.
_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š",
    "й": "j", "ы": "y", "э": "e", "ю": "ju", "я": "ja", "щ": "šč", "ъ": "", "ь": "", "ё": "e",
}
# Lower-case letters that Unicode decomposition does not reduce to a base letter.
_SPECIAL = {"đ": "dj", "ð": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"}
_FOLD_TABLE = str.maketrans({**_CYRILLIC, **_SPECIAL})
_WORD = re.compile(r"[^\W_]+")


def _drop_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case, Latin script, no diacritics; punctuation and spaces kept: "Вучић" -> "vucic".

    Memoised because search folds the same words over and over.
    """
    text = text.casefold()
    if text.isascii():
        return text
    return _drop_marks(text.translate(_FOLD_TABLE))


def name_key(text: str) -> str:
    """The matching key of a name: its folded words joined by one space ("Botsan-Kharchenko" -> "botsan kharchenko")."""
    return " ".join(_WORD.findall(fold(text)))


def folded_words(text: str) -> list[str]:
    """The folded words of a text, punctuation dropped."""
    return _WORD.findall(fold(text))


def transliterate(text: str) -> str:
    """Serbian (and common Russian) Cyrillic letters written in Latin script, case and diacritics kept."""
    out = []
    for char in text:
        lower = char.lower()
        latin = _CYRILLIC_TO_LATIN.get(lower)
        if latin is None:
            out.append(char)
        elif char != lower and latin:
            out.append(latin[0].upper() + latin[1:])
        else:
            out.append(latin)
    return "".join(out)


def strip_diacritics(text: str) -> str:
    """The same text, case and punctuation kept, without diacritics ("Vučić" -> "Vucic", "Đilas" -> "Djilas")."""
    text = "".join(_SPECIAL.get(c.lower(), c).capitalize() if c.isupper() else _SPECIAL.get(c, c) for c in text)
    return _drop_marks(text)


# --- Frozen: the identity key of existing archives depends on every character below. ---

_IDENTITY_V1_UNDECOMPOSED = str.maketrans(
    {"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae"}
)
_IDENTITY_V1_NOT_WORD = re.compile(r"[\W_]+")


def identity_title_fold_v1(text: str) -> str:
    """FROZEN. The headline as it enters an article's identity key: 'Vučić: „Da“' -> 'vucic da'.

    Differs from `fold` on purpose and for good: `đ` becomes `d` and Cyrillic
    stays Cyrillic, because that is how the keys stored in existing archives
    were made. tests/test_folding.py pins its output.
    """
    text = unicodedata.normalize("NFKD", text.translate(_IDENTITY_V1_UNDECOMPOSED))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _IDENTITY_V1_NOT_WORD.sub(" ", text.lower()).strip()
