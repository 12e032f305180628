"""Where pages come from: files, folders (recursive) and .zip / .tar.gz archives.

Sources are read one file at a time, so memory stays flat however many files a
folder or an archive holds. A file inside an archive is named
`archive.zip:member/path.txt`. `iter_files` yields each file unread, so that
its source format (`archive.ingest.formats`) can choose to read it whole or
stream it; `iter_sources` reads each one whole. Anything that cannot be read
(a missing path, a corrupt archive, a page over the size limit) comes out as an
`UnreadableSource` carrying the bytes that could be read, and the walk goes on.
"""
import io
import os
import stat
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from archive.ingest.types import RawPage

TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar")
ZIP_SUFFIXES = (".zip",)


@dataclass
class UnreadableSource:
    """A file, archive or member that could not be read as a page, with what was read of it."""

    name: str
    reason: str
    data: bytes = b""
    detail: str = ""
    # Bytes of the input this took, for a progress bar by bytes (0: its data's length).
    disk_bytes: int = 0


@dataclass
class SourceFile:
    """One file found under the paths, not read yet (a member of an archive is read already)."""

    name: str
    size: int
    opener: Callable[[], BinaryIO]

    def open(self) -> BinaryIO:
        """The file's bytes as a stream, for formats that read large files piece by piece."""
        return self.opener()

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> "SourceFile":
        # Archive members are read while their archive is open; formats get them as a stream all the same.
        return cls(name, len(data), lambda: io.BytesIO(data))


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[SourceFile | UnreadableSource]:
    """Every file under these paths, in a stable order; problems are yielded, not raised."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            items = _walk_folder(path)
        elif path.exists():
            items = _read_path(path, str(path))
        else:
            items = [UnreadableSource(str(path), "not found: no such file or folder")]
        for item in items:
            item.name = storable_name(item.name)
            yield item


def iter_sources(paths: Iterable[str | os.PathLike]) -> Iterator[RawPage | UnreadableSource]:
    """Every file under these paths read whole, as one page each; problems are yielded, not raised."""
    for item in iter_files(paths):
        yield item if isinstance(item, UnreadableSource) else read_whole(item)


def read_whole(source: SourceFile) -> RawPage | UnreadableSource:
    """A file's bytes as one page, refused (but kept) when over ARCHIVE_MAX_PAGE_BYTES."""
    try:
        with source.open() as stream:
            data = stream.read()
    except OSError as error:
        return UnreadableSource(source.name, f"unreadable file: {error.strerror or error}")
    limit = settings.ARCHIVE_MAX_PAGE_BYTES
    if source.size > limit:
        return UnreadableSource(
            source.name,
            f"page too large: {source.size:,} bytes, the limit is {limit:,} (ARCHIVE_MAX_PAGE_BYTES)",
            data,
            "The page was not parsed; its bytes are kept in full with this problem.",
        )
    return RawPage(name=source.name, data=data)


def storable_name(name: str) -> str:
    """The name with undecodable bytes shown as U+FFFD.

    File names that are not valid UTF-8 reach Python as lone surrogates,
    which the database and the terminal refuse; the page must not fail for
    its name. A NUL character, which PostgreSQL refuses, is shown the same way.
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace").replace("\x00", "\ufffd")


def _is_hidden(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


def _walk_folder(root: Path) -> Iterator[SourceFile | UnreadableSource]:
    for folder, dirnames, filenames in os.walk(root):
        # Sorting in place makes os.walk descend in a stable order too.
        dirnames[:] = sorted(d for d in dirnames if not _is_hidden(d))
        for filename in sorted(filenames):
            if not _is_hidden(filename):
                path = Path(folder) / filename
                yield from _read_path(path, str(path))


def _read_path(path: Path, name: str) -> Iterator[SourceFile | UnreadableSource]:
    try:
        regular = stat.S_ISREG(path.stat().st_mode)
    except OSError as error:
        yield UnreadableSource(name, f"unreadable file: {error.strerror or error}")
        return
    if not regular:
        # Reading a named pipe would wait forever for a writer.
        yield UnreadableSource(name, "not a regular file: a pipe, socket or device is not read")
        return
    lowered = name.lower()
    if lowered.endswith(ZIP_SUFFIXES):
        yield from _read_zip(path, name)
    elif lowered.endswith(TAR_SUFFIXES):
        yield from _read_tar(path, name)
    else:
        try:
            size = path.stat().st_size
        except OSError as error:
            yield UnreadableSource(name, f"unreadable file: {error.strerror or error}")
            return
        yield SourceFile(name, size, lambda: path.open("rb"))


def _archive_bytes(path: Path) -> bytes:
    # A corrupt archive is kept whole with its problem, so nothing is lost.
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _read_zip(path: Path, name: str) -> Iterator[SourceFile | UnreadableSource]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        yield UnreadableSource(name, f"corrupt zip archive: {error}", _archive_bytes(path))
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or any(_is_hidden(part) for part in info.filename.split("/")):
                continue
            member = f"{name}:{info.filename}"
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
                yield UnreadableSource(member, f"corrupt member in zip archive: {error}", _raw_member(archive, info))
                continue
            yield SourceFile.from_bytes(member, data)


def _raw_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes as far as they can be read (CRC failures still yield the data)."""
    try:
        with archive.open(info) as stream:
            stream._expected_crc = None  # read past a bad checksum; the reason is recorded already
            return stream.read()
    except Exception:  # noqa: BLE001 - whatever is broken, the problem record must still be written
        return b""


def _read_tar(path: Path, name: str) -> Iterator[SourceFile | UnreadableSource]:
    try:
        archive = tarfile.open(path, "r:*")  # noqa: SIM115 - closed by the `with` below, once it is known to open
    except (tarfile.TarError, OSError, EOFError) as error:
        yield UnreadableSource(name, f"corrupt tar archive: {error}", _archive_bytes(path))
        return
    with archive:
        seen = 0
        while True:
            try:
                info = archive.next()
                if info is None:
                    return
                if not info.isfile() or any(_is_hidden(part) for part in info.name.split("/")):
                    continue
                stream = archive.extractfile(info)
                data = stream.read() if stream is not None else b""
            except (tarfile.TarError, OSError, EOFError, zipfile.BadZipFile) as error:
                yield UnreadableSource(
                    name,
                    f"corrupt tar archive: {error or type(error).__name__}",
                    _archive_bytes(path),
                    f"{seen} member(s) were read before the damage; the whole archive is kept with this problem.",
                )
                return
            seen += 1
            yield SourceFile.from_bytes(f"{name}:{info.name}", data)


def total_bytes(paths: Iterable[str | os.PathLike]) -> int:
    """The size of every input file together, for a progress bar by bytes."""
    total = 0
    for path in paths:
        path = Path(path)
        for file in folder_files(path) if path.is_dir() else [path]:
            try:
                total += file.stat().st_size
            except OSError:
                pass
    return total


def folder_files(root: Path) -> Iterator[Path]:
    """The files under a folder that a walk would read, in no particular order (for estimates)."""
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not _is_hidden(d)]
        yield from (Path(folder) / name for name in filenames if not _is_hidden(name))
