"""The query language explained for readers, as data the search help page renders.

Each entry is (syntax, example, explanation). Plain text only: templates escape
it, so nothing here needs to be trusted as HTML.
"""

INTRO = (
    "Type words to find articles that contain all of them. Spelling, capitals and accents do not "
    "matter much: vucic finds Vučić, and Cyrillic Вучић finds both. Word endings are handled too: "
    "bank finds banks and banking."
)

SYNTAX = [
    ("words", "central bank", "Articles containing all the words, anywhere in headline, lede or text."),
    ("OR", "dinar OR euro", "Either word (OR in capitals)."),
    ("NOT or -", "bank NOT federal, bank -federal", "Leave out articles containing a word."),
    ('"phrase"', '"central bank"', "The words next to each other, in this order."),
    ("( )", "(dinar OR euro) inflation", "Group alternatives."),
    ("prefix*", "vaccin*", "Words starting with these letters (at least 2 before the *)."),
    ("fuzzy~", "goverment~", "Words within one letter's change; ~2 allows two."),
    ("title:", "title:elections", "Only in headlines."),
    ("person:", 'person:"Aleksandar Vučić", person:brnabic', "Articles naming this person (names and known aliases)."),
    ("org:", "org:batut", "Articles naming this organisation."),
    ("place:", "place:nis", "Articles naming this place."),
    ("section:", "section:politics", "Only this section, by its name or the short name in its address."),
    ("agency:", "agency:tanjug", "Only articles from this agency."),
    ("site:", "site:b92, site:b92.net", "Only articles from this site, by its name or its address."),
    ("date:", "date:2020, date:2020-06, date:2020-06-21", "Published that year, month or day."),
    (
        "date:[… TO …]",
        "date:[2020-01-01 TO 2020-06-30], date:[2019 TO *]",
        "Published in a range; * leaves an end open.",
    ),
]

LIMITS = [
    "A word cannot start with * (that would read every word in the archive); the * is dropped.",
    "A prefix* or fuzzy~ word stands for at most its 200 most common matches.",
    "Only the first 40 terms of a long query are used.",
    "Very common words (the, of, and…) are skipped.",
    "When part of a query cannot be understood, the rest is searched and a note says what was left out.",
]

ORDER = (
    "Results are ordered by relevance (matches in headlines count most, rare words more than common "
    "ones) or by date, newest or oldest first. The count of matching articles is exact."
)
