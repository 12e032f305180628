"""Pages written for the import tests, and a fixture that records the after-save steps."""
import pytest

LAYOUT_A = (
    ' date 2021-03-05 Society "Bread prices will not go up" The trade minister said on Friday that the price '
    "of bread would stay the same until the end of the year. Source: Tanjug, Beta Friday, March 5, 2021 | 09:41 "
    "Tweet Share EPA-EFE/JANE DOE\n\nThe first paragraph of the body tells what happened next.\n\n\n\n"
    "The second paragraph adds the reactions of the opposition.\n\n\n\nThe third paragraph closes the story."
)

LAYOUT_B = """ date 2021-03-05 Society 4

"Bread prices will not go up"

The trade minister said on Friday that the price of bread would stay the same until the end of the year.

Source: tanjug, Beta

Share

EPA-EFE/JANE DOE

The first paragraph of the body tells what happened next.

Read more

Comments 4

Send your comment

page 1 of 12 go to page
"""


def layout_a(title="Ministers meet in Belgrade on energy deal", day="2020-06-12", time="23:26", body=None):
    """A b92 layout-A page; `body` paragraphs default to three sentences about the title."""
    paragraphs = body or [f"The first paragraph about {title.lower()}.", "A second paragraph.", "A third one."]
    weekday_dates = {"2020-06-12": "Friday, June 12, 2020", "2020-06-13": "Saturday, June 13, 2020"}
    dateline = f"{weekday_dates.get(day, 'Friday, June 12, 2020')} | {time}"
    return (
        f" date {day} Politics {title} The two ministers agreed on Friday to go on with the talks. "
        f"Source: Tanjug {dateline} Tweet Share EPA/ JANE DOE\n\n" + "\n\n\n\n".join(paragraphs)
    )


def write_pages(folder, pages: dict, encoding="utf-8"):
    """Write {name: text or bytes} under a folder; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in pages.items():
        data = content if isinstance(content, bytes) else content.encode(encoding)
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def after_save_calls(monkeypatch):
    """Record the after-save steps: {"entities": [ids...], "index": [ids...]}.

    Extraction runs for real but with a model that finds nothing (no spaCy
    here); the index is replaced by the recorder.
    """
    from archive.entities import extraction

    calls = {"entities": [], "index": []}
    real_extract = extraction.extract_articles

    def recording_extract(ids, **options):
        calls["entities"].append(list(ids))
        return real_extract(ids, **options)

    monkeypatch.setattr(extraction, "start_finding", lambda texts, **kw: lambda: [[] for _ in texts])
    monkeypatch.setattr("archive.entities.extract_articles", recording_extract)
    monkeypatch.setattr("archive.search.index_articles", lambda ids: calls["index"].append(list(ids)))
    return calls
