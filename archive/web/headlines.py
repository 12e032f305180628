"""Wire headlines in capitals, shown in a readable case; the original stays as it was.

Wire services sent headlines in capitals ("GULF ARAB OIL MINISTERS MEET IN
BAHRAIN"). Read in a list they shout and are slow to read, so pages show them
in sentence case, each word as the article's own text writes it: "Gulf Arab
oil ministers meet in Bahrain". A word the text does not use is lower-cased,
unless it looks like an abbreviation (U.S., a word without vowels) or names a
company (in angle brackets, before a <TICKER>, or ending in INC, CORP...),
where each word is capitalised. Only the case changes, letter for letter, so
marks placed on the original fit the new case.
"""
import html
import re
import threading
from collections import OrderedDict

# A word: letters with inner dots, apostrophes, ampersands or hyphens (U.S., O'NEILL, AT&T, ASHTON-TATE).
_WORD = re.compile(r"[^\W\d_]+(?:[.'’&-][^\W\d_]+)*\.?")
_VOWELS = set("aeiouyAEIOUY")
# Short English words: a headline word of up to four letters that is none of
# these and that the text does not spell otherwise is taken for an acronym (USDA, USSR, OPEC).
_SHORT_WORDS = frozenset("""
a an and are as at be by for from has have in is it its of on or that the to was were will with
up out off new old two one six ten set sets cut cuts buy buys sell net say says said may see sees seen
top pay pays hit hits rise rose fall fell plan deal bid bids sale unit loss debt bank rate oil gas tax
year week day days talk talk bond note gold corn rice meat beef pork ore tin zinc lead iron coal cost
aid ban end ends win wins lose more less most over into near than then but not no yes all any some
next last due key big high low back down gain firm flat pact fund arm get gets give hold keep lift
make move name open show take urge use want warn work late good bad poor post ups hike drop dip ease
sees eye eyes seek ask asks call law bill vote term rule job jobs city farm food land sea air war
peace army test home life man men war cash loan loans free fair data line lines shop shops car cars
bus ship port rail road tour film art book club team game race cup goal star park zoo day sun
this what when who how why where which after amid also again against says told plus per year near
fail fails file files able well ok via vs rate each both such much many very only just even ever
inc co corp ltd plc llc mln bln dlr dlrs pct qtr shr shrs cts stg avg div rev revs oper ups sets mths yr link
meet meets held sign signs deal deals vote cuts seen lead leads ends open opens shut stop stay plan plans
told gave give sent send took went goes come came face faces hope fear fears need needs pull push halt
curb curbs boom bust slow fast hard soft long tiny huge main rest part half full zero none real true
news case town area zone camp base wage fees fee rent poll list sold kill dies dead hurt fire rain snow
wind heat cold warm army navy oust quit join leave bars lost gets sets seek sees mark next once half
tops nears aims lags sank sink eyed fund made make doubt rift spat row rows bids probe urge put puts
""".split())
# Always capitalised in English, whether or not the article's text shows it.
_CAPITALISED = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "iran iraq cuba peru chad mali oman fiji laos togo asia bonn rome oslo kiev lima riga baku doha".split()
)


def is_shouting(title: str) -> bool:
    """Whether a headline is written in capitals (at least two words of three letters or more)."""
    letters = [char for char in title if char.isalpha()]
    long_words = [word for word in _WORD.findall(title) if len(word) >= 3]
    return bool(letters) and len(long_words) >= 2 and not any(char.islower() for char in letters)


# A word with the run of other characters before it: findall reads a text's words with their places in C,
# where finditer's match objects cost three calls a word.
_GAPPED_WORD = re.compile(r"([\W\d_]*)(" + _WORD.pattern + ")")
_LETTER = re.compile(r"[^\W\d_]")
_JOINERS = frozenset(".'’&-")


def _scan(text: str, wanted=None) -> list:
    """(word, start, end) of each word of running text, in order, read once for _forms and _names.

    With `wanted` (lower-case words) only the words that may be one of them,
    a full stop after one included.
    """
    # Lowered whole, the text must keep each letter's place (İ lowers to two characters) and lower each word
    # as it lowers alone: Σ does not (a word's last Σ becomes ς or σ by what follows it in the text).
    if wanted is not None and "Σ" not in text:
        lowered = text.lower()
        if len(lowered) == len(text):
            return _scan_for(text, lowered, wanted)
    scanned, position = [], 0
    for gap, word in _GAPPED_WORD.findall(text):
        start = position + len(gap)
        position = start + len(word)
        if wanted is None or _is_wanted(word.lower(), wanted):
            scanned.append((word, start, position))
    return scanned


def _is_wanted(lower, wanted):
    return lower in wanted or (lower[-1] == "." and lower[:-1] in wanted)


def _scan_for(text, lowered, wanted):
    """_scan's answer for a few wanted words, found where the text spells them rather than by reading every
    word: a headline asks about its eight or so words in a text of several hundred (a listing asks twenty)."""
    found = {}
    for word in wanted:
        start = lowered.find(word)
        while start != -1:
            if start not in found and _opens_word(text, start):
                match = _WORD.match(text, start)
                if _is_wanted(match.group().lower(), wanted):
                    found[start] = (match.group(), start, match.end())
            start = lowered.find(word, start + 1)
    return [found[start] for start in sorted(found)]


def _opens_word(text, start):
    """Whether a word of _WORD begins at `start` (a letter): not after a letter, nor after a letter and a
    joining mark (U.S.A, AT&T), which the word before would have taken in."""
    if start == 0:
        return True
    before = text[start - 1]
    if _LETTER.match(before):
        return False
    return not (before in _JOINERS and start >= 2 and _LETTER.match(text[start - 2]))


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens the text, a line or a sentence (. ! ? or : then only white space)."""
    before = text[max(0, start - 3) : start]
    stripped = before.rstrip()
    return start == 0 or "\n" in before or (stripped != "" and stripped[-1] in ".!?:")


def _sentence_stop(word: str) -> str:
    """The word without the full stop of a sentence; an abbreviation's (U.S.) stays."""
    return word[:-1] if word.endswith(".") and "." not in word[:-1] else word


def _forms(text: str, scanned=None, wanted=None) -> dict:
    """{lower-case word: its most frequent spelling in running text}, sentence starts left out.

    With `wanted` (lower-case words), only those: a headline asks about its own words only.
    """
    seen = {}
    for word, start, _end in _scan(text, wanted) if scanned is None else scanned:
        word = _sentence_stop(word)
        lower = word.lower()
        if wanted is not None and lower not in wanted:
            continue
        if _opens_sentence(text, start):
            continue  # a capital here says nothing about the word
        if word.isupper() and len(word) > 5 and not _looks_like_abbreviation(word):
            continue  # long words in capitals are another headline or a table, not a spelling
        spellings = seen.get(lower)
        if spellings is None:
            seen[lower] = spellings = {}
        spellings[word] = spellings.get(word, 0) + 1
    return {key: _usual(counts) for key, counts in seen.items()}


def _names(text: str, scanned=None, wanted=None) -> dict:
    """{"world bank": ("World", "Bank")}: two capitalised words in a row in running text, a name's words.

    They keep their capitals in the headline even where one of them is more
    often a common word in the text ("the bank said" beside "the World Bank").
    With `wanted` (lower-case words), only pairs of those.
    """
    pairs = {}
    words = _scan(text, wanted) if scanned is None else scanned
    for (a, a_start, a_end), (b, b_start, _b_end) in zip(words, words[1:]):
        # One space between them: next to each other in the text (no word can lie between).
        if not (a[:1].isupper() and b[:1].isupper()) or text[a_end:b_start] != " ":
            continue
        b = _sentence_stop(b)
        key = f"{a.lower()} {b.lower()}"
        if wanted is not None and (a.lower() not in wanted or b.lower() not in wanted):
            continue
        if a.lower() in _SHORT_WORDS and _opens_sentence(text, a_start):
            continue  # "The Bank said": the first capital is the sentence's
        if a.isupper() or b.isupper() or "." in a or "." in b:
            continue  # abbreviations and words in capitals say nothing of a name's case
        pairs[key] = (a, b)
    return pairs


def _usual(spellings: dict) -> str:
    """The spelling a word usually has; small letters when used so at least as often as capitalised.

    "Union Oil Co cut the price of crude oil": a common word inside a name is
    still a common word in the headline, and a real name is seldom written small.
    """
    best = max(spellings.items(), key=lambda item: item[1])[0]  # the first seen of the most used
    small = sum(count for spelling, count in spellings.items() if spelling.islower())
    if not best.islower() and small and small * 2 >= sum(spellings.values()):
        return best.lower()
    return best


def _looks_like_abbreviation(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return "." in word.rstrip(".") or len(letters) <= 1 or not (set(letters) & _VOWELS)


def _brackets(title):
    """(start, end, is_ticker) of each <...> in a headline: a company name, or a one-word ticker like <VIA>."""
    return [(m.start(), m.end(), len(m.group(1).split()) == 1 and len(m.group(1)) <= 6)
            for m in re.finditer(r"<([^<>]*)>", title)]


def _spelling(word, form, bracket, title, start):
    """How one word of a headline in capitals is written, given its spelling in the text (`form`)."""
    lower = word.lower()
    if form is not None and len(form) == len(word) and not (bracket and bracket[2]):
        return form  # as the article writes it
    if bracket and bracket[2] or "." in word.rstrip("."):
        return word  # a ticker such as <VIA>, or U.S.
    if lower in _CAPITALISED:
        return word[0] + word[1:].lower()
    if start and title[start - 1].isdigit():
        return lower  # 4TH
    if bracket:
        return word[0] + word[1:].lower()  # a company's name: each word capitalised
    if lower in _SHORT_WORDS:
        return lower
    if len(word) <= 4 or not set(word) & _VOWELS:
        return word  # an acronym: USDA, USSR
    return lower


# Words that end a company's name ("UNITED BRANDS INC 4TH QTR NET").
_COMPANY_ENDINGS = frozenset("inc corp co ltd plc llc ag sa nv corporation".split())
_LINKING_WORDS = frozenset("a an the to for from by in on at with into over after vs via".split())
_NAME_WORDS_MAX = 5  # a company's name is rarely longer; past that the words are the headline's own


def _company_words(matches, title, brackets, forms):
    """Indexes of the words naming a company outside brackets: those before a <TICKER> or ending in INC, CORP...

    Wire headlines open with the company ("KURZWEIL <KURM> HAS REDUCED WORK
    FORCE"). Walking back from the ticker (or from INC), the name stops at a
    separator, at a short common word or at a word the text writes in small letters.
    """
    tickers = {b[0] for b in brackets if b[2]}

    def ends_name(index):
        match = matches[index]
        rest = title[match.end() :]
        if match.end() + len(rest) - len(rest.lstrip(" ")) in tickers:
            return True
        inside = any(b[0] < match.start() < b[1] for b in brackets)
        return not inside and match.group().lower().rstrip(".") in _COMPANY_ENDINGS

    def may_name(index, formal=False):
        word = matches[index].group()
        lower = word.lower().rstrip(".")
        form = forms.get(word.lower())
        if lower in _COMPANY_ENDINGS:
            return True
        if form is not None and form.islower():
            return False
        # Before INC or CORP common words belong to the name (VALUE LINE INC), little linking words do not.
        return lower not in (_LINKING_WORDS if formal else _SHORT_WORDS)

    names = set()
    for index in range(len(matches)):
        if not ends_name(index) or not may_name(index):
            continue
        # Before INC or CORP the words up to a linking word are the name's; before a bare ticker a verb may come first.
        formal = matches[index].group().lower().rstrip(".") in _COMPANY_ENDINGS
        run = [index]
        while run[-1] > 0 and len(run) < _NAME_WORDS_MAX:
            before = run[-1] - 1
            if title[matches[before].end() : matches[before + 1].start()].strip() or not may_name(before, formal):
                break
            if not formal and _verb_like(matches[before].group(), forms):
                break  # "FAA ENDORSES SINGER <SMF>": the name is Singer
            run.append(before)
        names.update(run)
    return names


def _verb_like(word, forms):
    """A word before a ticker that reads as the headline's verb (ENDORSES, BUYS) and the text never spells."""
    return word.lower() not in forms and len(word) > 3 and word[-1] in "sS" and word[-2] not in "sS"


def _name_spelling(word, form):
    """A word of a company's name: as the text writes it with a capital, kept if it looks like an acronym,
    else capitalised (each part of a hyphenated word)."""
    if form is not None and len(form) == len(word) and not form.islower():
        return form
    lower = word.lower().rstrip(".")
    if lower in _COMPANY_ENDINGS:
        return word if len(lower) <= 2 and lower != "co" else word[0] + word[1:].lower()
    letters = [char for char in word if char.isalpha()]
    if "." in word.rstrip(".") or not (set(letters) & _VOWELS) or len(letters) <= 3 and lower not in _SHORT_WORDS:
        return word  # JC, ICH, MCI: letters read one by one
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))


def _in_name(matches, index, title, names):
    """The word's spelling in a two-word name of the text that it forms with its neighbour, or None."""
    for left, right, side in ((index - 1, index, 1), (index, index + 1, 0)):
        if left < 0 or right >= len(matches) or title[matches[left].end() : matches[right].start()] != " ":
            continue
        pair = names.get(f"{matches[left].group().lower()} {matches[right].group().lower()}")
        if pair:
            return pair[side]
    return None


# Pages write the same headlines again and again (a search's results, an entity's articles, an
# article's related stories), and reading how the text spells each word (about half a millisecond a
# headline) was most of a listing's time. The answer depends only on the two strings, so it is
# remembered for as many headlines as a busy archive's pages show: keyed by the headline and the
# text's length and hash rather than by the text itself (kilobytes each), 20,000 of them take a few
# megabytes per process.
READABLE_REMEMBERED = 20_000
_readable = OrderedDict()  # (title, len(text), hash(text)) -> readable headline, least recently used first
_readable_lock = threading.Lock()


def readable_headline(title: str, text: str = "") -> str:
    """The headline in sentence case with the words spelt as `text` spells them; unchanged unless in capitals."""
    if not is_shouting(title):
        return title
    key = (title, len(text), hash(text))
    with _readable_lock:
        found = _readable.get(key)
        if found is not None:
            _readable.move_to_end(key)
            return found
    found = _recased(title, text)
    with _readable_lock:
        _readable[key] = found
        while len(_readable) > READABLE_REMEMBERED:
            _readable.popitem(last=False)
    return found


def _recased(title, text):
    matches = list(_WORD.finditer(title))
    wanted = {match.group().lower() for match in matches}  # the only words the text is asked about
    scanned = _scan(text, wanted)
    forms = _forms(text, scanned, wanted)
    names = _names(text, scanned, wanted)
    brackets = _brackets(title)
    company = _company_words(matches, title, brackets, forms)
    out, last = [], 0
    for index, match in enumerate(matches):
        out.append(title[last : match.start()])
        word = match.group()
        bracket = next((b for b in brackets if b[0] < match.start() < b[1]), None)
        if index in company:
            spelt = _name_spelling(word, forms.get(word.lower()))
        else:
            spelt = _spelling(word, forms.get(word.lower()), bracket, title, match.start())
        named = _in_name(matches, index, title, names)
        if named and len(named) == len(word) and not bracket:
            spelt = named
        if index == 0 and spelt[:1].islower():
            spelt = spelt[0].upper() + spelt[1:]
        out.append(spelt)
        last = match.end()
    out.append(title[last:])
    readable = "".join(out)
    return readable if len(readable) == len(title) else title


_TAG = re.compile(r"(<[^>]+>)")


def recase_marked(marked_html: str, title: str, readable: str) -> str:
    """The escaped, marked headline HTML from search with its text in `readable`'s case.

    Only the letters change case, so every text piece of the HTML maps onto
    the same stretch of the readable headline; anything unexpected keeps the HTML as it was.
    """
    if readable == title:
        return marked_html
    pieces, position = [], 0
    for piece in _TAG.split(marked_html):
        if _TAG.fullmatch(piece):
            pieces.append(piece)
            continue
        plain = html.unescape(piece)
        if title[position : position + len(plain)] != plain:
            return marked_html
        pieces.append(html.escape(readable[position : position + len(plain)]))
        position += len(plain)
    return "".join(pieces) if position == len(title) else marked_html


# How much of the body, after the lede, shows how the article spells a headline's words.
SPELLING_TEXT_CHARS = 4000


def article_headline(article, *, with_body=False) -> str:
    """An article's headline for display: readable_headline with the lede and the body's start as spelling guide.

    A listing defers the body; it reads its start as `text_start` (see
    selectors.with_text_start), so a list and the article page agree.
    """
    title = article.title
    if not is_shouting(title):
        return title
    start = article.body[:SPELLING_TEXT_CHARS] if with_body else getattr(article, "text_start", "")
    return readable_headline(title, f"{article.lede}\n{start}" if start else article.lede)
