"""Run one management command in a process of its own that stops, alive, at a chosen point.

    python tests/crash/runner.py POINT COMMAND [ARGS...]

At POINT the process writes the point's name to the file CRASH_MARKER names
and waits; the test then kills it with SIGKILL, exactly there. POINT "none"
runs the command through. The points wrap the archive's own steps without
changing what they do:

- saved:       a batch of pages has been committed by the importer
- extracting:  a batch of entity extraction has been committed (batches of 5)
- indexing:    the search index was updated, before what it owed is cleared
- building:    a rebuild has written part of the new index, before the swap
"""
import functools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")


def stop_here(point):
    Path(os.environ["CRASH_MARKER"]).write_text(point)
    time.sleep(3600)  # until the SIGKILL


def after(module, name, point, *, calls=1):
    """Stop after the `calls`-th call of module.name has returned."""
    real = getattr(module, name)
    count = {"n": 0}

    @functools.wraps(real)
    def wrapped(*args, **kwargs):
        result = real(*args, **kwargs)
        count["n"] += 1
        if count["n"] == calls:
            stop_here(point)
        return result

    setattr(module, name, wrapped)


def install(point):
    from archive import search
    from archive.entities import extraction
    from archive.ingest import service

    # Small extraction batches, so an extraction can be stopped half done.
    extract = extraction.extract_articles
    extraction.extract_articles = functools.partial(extract, batch_size=5)
    if point == "saved":
        after(service.PageImporter, "_save", point, calls=2)
    elif point == "extracting":
        _stop_after_commit(extraction, calls=2)
    elif point == "indexing":
        after(search, "index_articles", point)
    elif point == "building":
        real = search.rebuild_index

        def rebuild(*, progress=None, processes=1):
            def step(n):
                if progress:
                    progress(n)
                stop_here(point)

            return real(progress=step, processes=processes)

        search.rebuild_index = rebuild
    elif point != "none":
        raise SystemExit(f"unknown point {point}")


def _stop_after_commit(extraction, *, calls):
    """_store runs inside its batch's transaction: stop once the `calls`-th such transaction has committed."""
    from django.db import transaction

    real = extraction._store
    count = {"n": 0}

    def store(documents):
        result = real(documents)
        count["n"] += 1
        if count["n"] == calls:
            transaction.on_commit(lambda: stop_here("extracting"))
        return result

    extraction._store = store


def main():
    point, command, *args = sys.argv[1:]
    import django

    django.setup()
    install(point)
    from django.core.management import call_command

    call_command(command, *args)


if __name__ == "__main__":
    main()
