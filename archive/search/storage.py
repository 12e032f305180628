"""Where the index lives, one writer at a time, and the atomic swap of a rebuilt index.

Layout under settings.ARCHIVE_INDEX_DIR:

    CURRENT        the name of the live generation folder (replaced atomically)
    gen-<stamp>/   a complete Whoosh index
    writer.lock    held (fcntl) by whoever writes to the live generation

Every writer takes writer.lock first and waits its turn, with backoff, so two
imports, an admin edit and a rebuild's final swap never meet Whoosh's own
LockError. A rebuild writes a new generation without the lock and takes it
only to catch up and swap, so imports are not held up for the whole rebuild.
"""
import contextlib
import fcntl
import logging
import os
import shutil
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from whoosh import index
from whoosh.index import LockError

from archive.search.backend import SearchUnavailable
from archive.search.schema import PAIR_FIELDS, build_schema

log = logging.getLogger("archive.search")

POINTER = "CURRENT"
# The edit mark in a generation folder (mark_edit): no dot in the name, so Whoosh's clean-up of
# files it no longer needs (segment files are <index>_<segment>.<ext>) leaves it alone.
EDITS_MARK = "EDITS_"
_held = threading.local()  # the lock is re-entrant within one thread


class IndexBusy(SearchUnavailable):
    """The index stayed locked for longer than ARCHIVE_INDEX_LOCK_TIMEOUT."""


class IndexOutdated(SearchUnavailable):
    """The live index lacks fields this version writes: it must be rebuilt before it takes updates."""


_roots = {}  # the configured index folder -> its Path (every search asks for it)


def root() -> Path:
    configured = settings.ARCHIVE_INDEX_DIR
    path = _roots.get(configured)
    if path is None:
        path = _roots[configured] = Path(configured)
    if not os.path.isdir(path):
        path.mkdir(parents=True, exist_ok=True)
    return path


def lock_timeout() -> float:
    return float(settings.ARCHIVE_INDEX_LOCK_TIMEOUT)


@contextlib.contextmanager
def writer_lock(timeout=None):
    """Hold the index's writer lock, waiting (with backoff) while someone else does."""
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    timeout = lock_timeout() if timeout is None else timeout
    deadline = time.monotonic() + timeout
    delay = 0.01
    with open(root() / "writer.lock", "a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise IndexBusy(f"the search index stayed busy for {timeout:.0f} s") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.5)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_generation() -> Path:
    """An empty index in a new generation folder (not yet live)."""
    path = root() / f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:6]}"
    path.mkdir()
    index.create_in(str(path), build_schema())
    return path


def current_path() -> Path:
    """The live generation's folder, creating an empty index the first time."""
    pointer = root() / POINTER
    try:
        name = pointer.read_text().strip()
        if name and (root() / name).is_dir():
            return root() / name
    except FileNotFoundError:
        pass
    with writer_lock():
        # Someone may have created it while we waited for the lock.
        if pointer.exists() and (root() / pointer.read_text().strip()).is_dir():
            return root() / pointer.read_text().strip()
        path = new_generation()
        swap_to(path)
        return path


def current_name() -> str:
    """The live generation's name, cheap enough to check on every search."""
    return live_name() or current_path().name


def live_name() -> str | None:
    """The live generation's name, or None while there is no index yet.

    For readers: it never creates the index, so never waits for the writer lock.
    """
    pointer = root() / POINTER
    try:
        found = os.stat(pointer)
    except FileNotFoundError:
        return None
    # The pointer is replaced by a rename (swap_to): a new file, so another inode, time or size.
    stamp = found.st_ino, found.st_mtime_ns, found.st_size
    kept = _pointers.get(pointer)
    if kept is not None and kept[0] == stamp and kept[1] - found.st_mtime_ns > _SAME_TICK_NS:
        return kept[2]
    read_at = time.time_ns()
    try:
        name = pointer.read_text().strip() or None
    except FileNotFoundError:
        return None
    _pointers[pointer] = (stamp, read_at, name)
    return name



def latest_commit(generation: str) -> int:
    """The number of the last finished commit in a generation folder (Whoosh's latest generation), -1 if none."""
    return _commit_numbers(root() / generation)[1]


def live_version() -> tuple[str, str]:
    """The index's state as two values, read with one listing of the live folder: (edits, additions).

    `additions` changes with every commit: Whoosh writes a commit's table of
    contents (_MAIN_<n>.toc) under a temporary name and renames it, so a number
    here is a finished commit. `edits` changes with a swapped rebuild and with
    every commit that removed or replaced a document or was not an import's
    (see live_writer): a commit of an import's new articles moves only
    `additions`, as the import's rows do in the database (archive.page_version).
    """
    folder = root()
    name = live_name()
    if name is None:
        return f"{folder}:", ""
    edits, commits = _commit_numbers(folder / name)
    return f"{folder}:{name}:{edits}", str(commits)


# Every page asks for live_version() (the kept pages' key) and every search for live_name() and
# latest_commit(); listing a generation folder of a hundred files costs more than answering a kept page.
# Any file made, renamed or removed in a folder moves the folder's modification time, so a listing is reused
# while that time is unchanged, and a file read again while it is the same file of the same time and size;
# both only once they were read this long after that time: a change in the same tick of the file system's
# clock could leave it unchanged.
_SAME_TICK_NS = 2_000_000_000
_listings = {}  # folder -> (its modification time, when it was listed, (edits, commits))
_pointers = {}  # pointer file -> ((inode, modification time, size), when it was read, the name it held)


def _commit_numbers(path: Path) -> tuple[int, int]:
    """(highest edit mark, highest finished commit) in a generation folder; (0, -1) when it is gone."""
    try:
        changed = os.stat(path).st_mtime_ns
    except FileNotFoundError:  # swapped away between the two reads: the next read sees the new one
        return 0, -1
    kept = _listings.get(path)
    if kept is not None and kept[0] == changed and kept[1] - changed > _SAME_TICK_NS:
        return kept[2]
    listed_at = time.time_ns()
    commits, edits = [], []
    try:
        for entry in os.listdir(path):
            if entry.startswith("_MAIN_") and entry.endswith(".toc") and entry[6:-4].isdigit():
                commits.append(int(entry[6:-4]))
            elif entry.startswith(EDITS_MARK) and entry[len(EDITS_MARK):].isdigit():
                edits.append(int(entry[len(EDITS_MARK):]))
    except FileNotFoundError:
        return 0, -1
    numbers = max(edits, default=0), max(commits, default=-1)
    _listings[path] = (changed, listed_at, numbers)
    return numbers


def mark_edit(path: Path) -> None:
    """Count the commit just made in the generation at `path` as an edit (live_version); the writer lock held.

    The mark is an empty file whose name holds a number, the new one made before
    the old ones go, so a reader in between sees the higher one.
    """
    numbers = [int(entry[len(EDITS_MARK):]) for entry in os.listdir(path)
               if entry.startswith(EDITS_MARK) and entry[len(EDITS_MARK):].isdigit()]
    (path / f"{EDITS_MARK}{max(numbers, default=0) + 1}").touch()
    for number in numbers:
        (path / f"{EDITS_MARK}{number}").unlink(missing_ok=True)


def swap_to(path: Path):
    """Make `path` the live generation in one atomic rename; keep the previous one.

    The previous generation stays on disk one more round because a searcher in
    another process may still be reading it; older ones are removed.
    """
    pointer = root() / POINTER
    previous = pointer.read_text().strip() if pointer.exists() else ""
    tmp = root() / f"{POINTER}.{uuid.uuid4().hex[:6]}"
    tmp.write_text(path.name)
    os.replace(tmp, pointer)
    for old in root().glob("gen-*"):
        if old.name not in (path.name, previous):
            shutil.rmtree(old, ignore_errors=True)


def open_index(path: Path | None = None):
    return index.open_dir(str(path or current_path()))


def open_index_for_reading(path: Path):
    """The index at `path` with its files read through memory maps (mapped.py): for searchers only."""
    from archive.search.mapped import MappedStorage

    return MappedStorage(str(path)).open_index()


@contextlib.contextmanager
def live_writer(**writer_options):
    """A Whoosh writer on the live index, under the writer lock; commits on success.

    The commit counts as an edit (mark_edit) unless it only added documents for an
    import (archive.page_version.additions_only()).
    """
    from archive import page_version

    with writer_lock():
        path = current_path()
        ix = open_index(path)
        _refuse_outdated(ix)
        writer = _whoosh_writer(ix, **writer_options)
        deleted = writer.deleted_count()
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        # Read before the commit, which may merge the deleted documents away.
        removed = writer.deleted_count() > deleted
        writer.commit()
        if removed or not page_version.counts_as_additions():
            mark_edit(path)


def _refuse_outdated(ix):
    # An index from before a field was added still answers searches, but Whoosh refuses
    # documents with the new field: say what to do instead of failing on every update.
    # The pair fields are optional: without them phrases read positions (slower, same answers).
    missing = set(build_schema().names()) - set(ix.schema.names()) - set(PAIR_FIELDS.values())
    if missing:
        raise IndexOutdated(
            "the search index was written by an earlier version of the archive"
            f" (it has no {', '.join(sorted(missing))}); run `manage.py rebuild_index` to bring it up to date"
        )


# Separate files per segment, not Whoosh's compound file: a reader of a
# compound segment copies the whole postings file into memory, which would
# make a web process hold the index in RAM.
WRITER_DEFAULTS = {"compound": False}


def _whoosh_writer(ix, timeout=None, **options):
    """ix.writer(), waiting out a Whoosh lock held by a process that ignores ours."""
    deadline = time.monotonic() + (lock_timeout() if timeout is None else timeout)
    delay = 0.02
    options = {**WRITER_DEFAULTS, **options}
    while True:
        try:
            return ix.writer(**options)
        except LockError:
            if time.monotonic() > deadline:
                raise IndexBusy("the search index stayed locked") from None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
