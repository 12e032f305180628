from archive.batches import chunks


def test_chunks_cut_any_iterable_into_lists_of_at_most_the_size():
    assert list(chunks(iter(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunks([], 3)) == []
    assert list(chunks("ab", 0)) == [["a"], ["b"]]
