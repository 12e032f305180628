"""Walking sources: files, folders, zip and tar.gz archives; problems are yielded, never raised."""
import io
import os
import tarfile
import threading
import zipfile

from archive.ingest.pipeline import estimate_page_count
from archive.ingest.sources import UnreadableSource, iter_sources
from archive.ingest.types import RawPage


def _names(items):
    return [item.name for item in items]


def test_folders_are_walked_recursively_in_order_skipping_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two")
    (tmp_path / "a.txt").write_text("one")
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / ".git" / "config").write_text("x")
    items = list(iter_sources([tmp_path]))
    assert _names(items) == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "2.txt")]
    assert [i.data for i in items] == [b"one", b"two"]


def test_zip_members_are_named_after_the_archive(tmp_path):
    path = tmp_path / "pages.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("day/2.txt", "second")
        archive.writestr("day/1.txt", "first")
        archive.writestr("__MACOSX/day/._1.txt", "resource fork")
    items = list(iter_sources([path]))
    assert _names(items) == [f"{path}:day/1.txt", f"{path}:day/2.txt"]
    assert items[0].data == b"first"


def test_tar_gz_members_are_read(tmp_path):
    path = tmp_path / "pages.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for name, text in [("x/1.txt", b"first"), ("x/2.txt", b"second")]:
            info = tarfile.TarInfo(name)
            info.size = len(text)
            archive.addfile(info, io.BytesIO(text))
    items = list(iter_sources([path]))
    assert _names(items) == [f"{path}:x/1.txt", f"{path}:x/2.txt"]
    assert all(isinstance(i, RawPage) for i in items)


def test_a_corrupt_zip_is_a_problem_with_its_bytes_and_the_walk_goes_on(tmp_path):
    bad = tmp_path / "a.zip"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    (tmp_path / "b.txt").write_text("page")
    items = list(iter_sources([tmp_path]))
    assert isinstance(items[0], UnreadableSource)
    assert "corrupt zip archive" in items[0].reason
    assert items[0].data == bad.read_bytes()
    assert items[1].name.endswith("b.txt")


def test_a_truncated_tar_gz_keeps_the_pages_before_the_damage(tmp_path):
    path = tmp_path / "pages.tgz"
    with tarfile.open(path, "w:gz") as archive:
        for i in range(3):
            text = f"page {i} ".encode() * 2000
            info = tarfile.TarInfo(f"{i}.txt")
            info.size = len(text)
            archive.addfile(info, io.BytesIO(text))
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) * 2 // 3])
    items = list(iter_sources([path]))
    problems = [i for i in items if isinstance(i, UnreadableSource)]
    assert len(problems) == 1 and "corrupt tar archive" in problems[0].reason
    assert problems[0].data == whole[: len(whole) * 2 // 3]


def test_a_page_over_the_size_limit_is_refused_but_kept_whole(tmp_path, settings):
    settings.ARCHIVE_MAX_PAGE_BYTES = 1000
    (tmp_path / "big.txt").write_bytes(b"x" * 1001)
    (item,) = iter_sources([tmp_path / "big.txt"])
    assert isinstance(item, UnreadableSource)
    assert "page too large: 1,001 bytes" in item.reason
    assert item.data == b"x" * 1001


def test_a_missing_path_is_a_problem(tmp_path):
    (item,) = iter_sources([tmp_path / "nowhere"])
    assert isinstance(item, UnreadableSource) and "not found" in item.reason


def test_pages_are_read_one_at_a_time(tmp_path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(str(i))
    items = iter_sources([tmp_path])
    assert next(items).data == b"0"
    # A file that disappears after the walk started shows the next one was not read yet.
    (tmp_path / "1.txt").unlink()
    rest = list(items)
    assert isinstance(rest[0], UnreadableSource) and "unreadable file" in rest[0].reason
    assert rest[1].data == b"2"


def test_page_count_estimate(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as archive:
        archive.writestr("1.txt", "1")
        archive.writestr("2.txt", "2")
    assert estimate_page_count([tmp_path]) == 3


def test_a_named_pipe_in_a_folder_is_a_problem_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "page.txt").write_text("page")
    items = []
    # Opening a pipe blocks until a writer comes: walk in a thread so a regression fails instead of hanging.
    walker = threading.Thread(target=lambda: items.extend(iter_sources([tmp_path])), daemon=True)
    walker.start()
    walker.join(timeout=10)
    assert not walker.is_alive(), "the walk waited on the named pipe"
    assert [type(item).__name__ for item in items] == ["RawPage", "UnreadableSource"]
    assert items[1].reason.startswith("not a regular file")
    (given,) = iter_sources([tmp_path / "pipe.txt"])
    assert given.reason.startswith("not a regular file")
