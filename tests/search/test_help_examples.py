"""Every example on the search help page finds something in the demo archive the project ships."""
from io import StringIO

import pytest
from django.core.management import call_command

from archive.search import SearchQuery, search
from archive.search.help import SYNTAX

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

EXAMPLES = [example.strip() for _, examples, _ in SYNTAX for example in examples.split(", ")]


def test_every_help_example_finds_articles_in_the_demo_archive():
    # With entities: person:, org: and place: examples need the names the model finds.
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    answers = {example: search(SearchQuery(q=example)) for example in EXAMPLES}
    failing = {example: (result.total, result.notes) for example, result in answers.items()
               if result.total == 0 or result.notes}
    assert not failing, f"help examples that find nothing or need a note: {failing}"
    assert len(EXAMPLES) >= 20
