"""An entity's public articles per month and the entities named with it, from the index's columns.

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
    months, per_month = np.unique(arrays.day[mask] // 100, return_counts=True)
    values, counts = arrays.entities.count(mask)
    ids = packed_entity_id(values)
    keep = ids != entity_id
    ids, counts = ids[keep], counts[keep]
    order = np.lexsort((ids, -counts))
    return EntityProfile(
        total=int(mask.sum()),
        months=[(date(int(m) // 100, int(m) % 100, 1), int(n)) for m, n in zip(months, per_month) if m % 100],
        companions=[(int(ids[i]), int(counts[i])) for i in order],
    )
