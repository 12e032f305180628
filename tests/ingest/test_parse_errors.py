"""Pages that cannot become articles fail with a clear reason, quickly, and never crash otherwise."""
import random
import time

import pytest

from archive.ingest.parse import MAX_PAGE_CHARS, parse_text
from archive.ingest.types import PageError

GOOD = (
    " date 2021-03-05 Business Bread prices will not go up The trade minister said on Friday that the price "
    "of bread would stay the same. Source: Tanjug Friday, March 5, 2021 | 14:07 Tweet Share EPA/ JANE DOE\n\n"
    "The first paragraph of the body.\n\n\n\nThe second paragraph of the body."
)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty page"),
        ("   \n\n\t\n", "empty page"),
        (" date 2021-03-05 ", "date prefix with no page text"),
        (" date 2021-03-05 \n\n\n", "date prefix with no page text"),
        (GOOD.replace("2021-03-05", "2020-13-45"), "impossible date 2020-13-45"),
        (GOOD.split("\n\n")[0], "header with no body"),
        (" date 2021-03-05 Just a headline and nothing else", "header with no body"),
        ("Business Title words here A lede sentence comes here.\n\nA body paragraph.", "missing date"),
        ("PK\x03\x04\x00\x00binary", "not text"),
    ],
)
def test_bad_pages_are_refused_with_a_reason(text, reason):
    with pytest.raises(PageError, match=reason):
        parse_text(text)


def test_body_without_header_is_refused():
    paragraph = "He also said that the talks would go on next week and that both sides were ready to meet. " * 3
    with pytest.raises(PageError, match="body with no header"):
        parse_text(f" date 2021-03-05 \n\n{paragraph}\n\n{paragraph}")


def test_a_truncated_page_still_parses():
    page = parse_text(GOOD[:-12])
    assert page.paragraphs[-1] == "The second paragraph"


# These bounds catch runaway (super-linear) parsing, which costs minutes, not a slow machine: they count
# this process's CPU time, which other work on the machine does not inflate, and leave a wide margin.
def cpu_seconds(work) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def test_page_over_the_size_limit_is_refused_at_once():
    def parse_oversized():
        with pytest.raises(PageError, match="page too large"):
            parse_text("x" * (MAX_PAGE_CHARS + 1))

    assert cpu_seconds(parse_oversized) < 1


@pytest.mark.parametrize(
    "text",
    [
        " date 2021-03-05 Politics " + "Title words " * 400_000 + "Tweet Share EPA/ X\n\nBody.",
        " date 2021-03-05 Headline here\n\n" + "A paragraph of the body with some words in it.\n\n" * 90_000,
        " date 2021-03-05 " + "word " * 990_000,
        " date 2021-03-05 Headline\n" + "\n" * 4_900_000,
        " date 2021-03-05 " + "AB/ Friday, March " * 250_000,
        GOOD.split("\n")[0] + " Friday, March 5, 2021 | Source: " * 100_000 + "\n\nBody.",
    ],
    ids=["long-header", "long-body", "one-long-line", "only-newlines", "dateline-fragments", "runaway-header"],
)
def test_pages_near_the_size_limit_finish_quickly(text):
    def parse_or_refuse():
        try:
            parse_text(text)
        except PageError:
            pass

    assert cpu_seconds(parse_or_refuse) < 5


def test_mangled_pages_fail_only_with_page_errors():
    rng = random.Random(20210305)
    alphabet = list(" \n\n\n.:|/\"\u201c\u201e,-0123456789aZ") + ["Source: ", "Tweet Share ", "Friday, March 5, 2021 | 14:07 "]
    for _ in range(400):
        text = list(GOOD)
        for _ in range(rng.randint(1, 25)):
            position = rng.randrange(len(text) + 1)
            action = rng.random()
            if action < 0.4:
                text.insert(position, rng.choice(alphabet))
            elif action < 0.8 and position < len(text):
                del text[position: position + rng.randint(1, 40)]
            else:
                text = text[:position]
        try:
            parse_text("".join(text))
        except PageError:
            pass
