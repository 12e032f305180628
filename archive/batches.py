"""Cutting a long sequence of ids into batches: the one helper every batched job uses."""
from collections.abc import Iterable, Iterator
from itertools import islice


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of at most `size` items (the last may be shorter); reads `items` lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, max(1, size))):
        yield chunk
