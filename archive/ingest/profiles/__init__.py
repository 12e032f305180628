"""Site profiles: one module per kind of page; adding a site is adding a module here.

A profile module (any module in this package whose name does not start with
an underscore) defines:

- ``NAME`` (str) and ``VERSION`` (int, raised whenever its output changes),
- ``score(page: PageText) -> int``: 0 when the page is not its kind, higher
  the surer it is,
- ``parse(page: PageText) -> ParsedPage``, raising PageError for bad pages.

The profile with the highest score parses the page; `generic` always scores 1
so every page has a parser.
"""
import importlib
import pkgutil
from functools import cache
from types import ModuleType

from archive.ingest.profiles._base import PageText

__all__ = ["PageText", "all_profiles", "choose_profile", "get_profile"]


@cache
def all_profiles() -> tuple[ModuleType, ...]:
    """Every profile module in this package, imported once."""
    modules = []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            modules.append(importlib.import_module(f"{__name__}.{info.name}"))
    return tuple(sorted(modules, key=lambda m: m.NAME))


def get_profile(name: str) -> ModuleType:
    """The profile called `name`; KeyError when there is none."""
    for module in all_profiles():
        if name == module.NAME:
            return module
    raise KeyError(name)


def choose_profile(page: PageText) -> ModuleType:
    """The profile that recognises the page best."""
    best, best_score = None, 0
    for module in all_profiles():
        score = module.score(page)
        if score > best_score:
            best, best_score = module, score
    if best is None:
        return get_profile("generic")
    return best
