"""Figures read from the index's columns: an entity's public articles per month and the entities
named with it, and the articles per month of a section, site or agency.

Counting these in the database joins every mention of the entity to its
article; for a name in a fifth of a million articles that is seconds. The
index already holds each document's entities and day as arrays, so the same
figures are a mask and two counts.
"""
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from archive.search import engine
from archive.search.vocabulary import KIND_SLOTS, packed_entity_id


@dataclass
class EntityProfile:
    total: int  # public articles naming the entity
    months: list = field(default_factory=list)  # [(first day of month, articles)], oldest first
    companions: list = field(default_factory=list)  # [(entity id, shared articles)], most shared first


def entity_profile(entity_id: int) -> EntityProfile:
    """Articles per month and companions of one entity, as the live index has them."""
    state = engine.current_state()
    arrays = state.arrays
    codes = [entity_id * KIND_SLOTS + slot for slot in range(KIND_SLOTS)]  # whatever kind it was indexed as
    mask = arrays.entities.any_in(codes) & arrays.live
    values, counts = arrays.entities.count(mask)
    ids = packed_entity_id(values)
    keep = ids != entity_id
    ids, counts = ids[keep], counts[keep]
    order = np.lexsort((ids, -counts))
    return EntityProfile(
        total=int(mask.sum()),
        months=_months(arrays.day[mask]),
        companions=[(int(ids[i]), int(counts[i])) for i in order],
    )


def _months(days) -> list:
    """[(first day of month, documents)] of yyyymmdd day numbers, oldest first."""
    months, per_month = np.unique(days // 100, return_counts=True)
    return [(date(int(m) // 100, int(m) % 100, 1), int(n)) for m, n in zip(months, per_month) if m % 100]


def filed_months(kind: str, owner_id: int) -> tuple[int, list]:
    """(total, months) of the public articles filed under a section, site or agency (kind names which).

    The database groups every one of an owner's rows by day for this: a second
    and more for an agency with a hundred thousand articles.
    """
    arrays = engine.current_state().arrays
    if kind == "agency":
        mask = arrays.agencies.any_in([owner_id])
    elif kind in ("section", "site"):
        mask = getattr(arrays, kind) == owner_id
    else:
        raise ValueError(f"no filing kind {kind!r}")
    mask &= arrays.live
    return int(mask.sum()), _months(arrays.day[mask])
