"""Term dictionaries read through memory maps, for the searchers of the web processes.

Whoosh looks a term up in a segment's hash file (.trm) with a seek and a read
on a file object for every bucket and term info: a system call and several
Python calls each, about a thousand for one article's related stories. A
segment's files never change once written, so a searcher maps its term files
and reads a slice instead. Postings are read a whole term at a time (one read
however long), so mapping them too saved nothing measurable, and would count
every page of them read in the process's resident memory. Writers keep
Whoosh's own file storage.
"""
import mmap
import os

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile

MAPPED_EXTENSIONS = (".trm",)


class MappedFile(StructFile):
    """A read-only StructFile over a memory map: get() is a slice, without moving a shared position."""

    def __init__(self, mapped, name):
        super().__init__(mapped, name=name)
        self._map = mapped

    def get(self, position, length):
        return self._map[position:position + length]


class MappedStorage(FileStorage):
    """Whoosh's file storage with its non-empty term files opened for reading mapped (empty ones cannot be)."""

    def __init__(self, path):
        super().__init__(path, readonly=True)

    def open_file(self, name, **kwargs):
        if not name.endswith(MAPPED_EXTENSIONS):
            return super().open_file(name, **kwargs)
        path = self._fpath(name)
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                return super().open_file(name, **kwargs)
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return MappedFile(mapped, name)
