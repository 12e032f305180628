"""The entity benchmark's split detector: real splits counted, ambiguous short names and chance initials not."""
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from archive.entities.knowledge import knowledge

BENCH = Path(__file__).resolve().parents[2] / "bench" / "entity_quality.py"


def detector(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH.parent))  # it imports benchlib beside it
    spec = importlib.util.spec_from_file_location("entity_quality", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.find_splits


@dataclass
class Named:
    pk: int
    name: str
    key: str
    kind: str
    mention_count: int


ENTITIES = [
    Named(1, "Farm Credit Board", "farm credit board", "organisation", 40),
    Named(2, "Farm Credits Board", "farm credits board", "organisation", 3),  # a spelling of 1
    Named(3, "FCB", "fcb", "organisation", 6),  # named beside 1: a split
    Named(4, "Fast Cable Brands", "fast cable brands", "organisation", 30),  # FCB by chance
    Named(5, "Petrovic", "petrovic", "person", 30),
    Named(6, "Ana Petrovic", "ana petrovic", "person", 12),
    Named(7, "Marko Petrovic", "marko petrovic", "person", 11),  # neither dominates: ambiguous
    Named(8, "Grain Board", "grain board", "organisation", 25),
    Named(9, "U.S. Grain Board", "us grain board", "organisation", 4),  # a country in front: a split
    Named(10, "Metal Exchange", "metal exchange", "organisation", 20),
    Named(11, "Tokyo Metal Exchange", "tokyo metal exchange", "organisation", 5),  # a city in front: another one
    Named(12, "Jovanovic", "jovanovic", "person", 9),
    Named(13, "Ivan Jovanovic", "ivan jovanovic", "person", 20),  # dominates: a split
    Named(14, "Iva Jovanovic", "iva jovanovic", "person", 2),
]


def test_splits_are_counted_and_ambiguous_short_names_and_chance_initials_are_not(monkeypatch):
    entities = {e.pk: e for e in ENTITIES}
    keys = {e.pk: {e.key} for e in ENTITIES}
    shared = {frozenset({1, 3})}
    splits, _, ambiguous = detector(monkeypatch)(
        ENTITIES, entities, keys, knowledge(), together=lambda a, b: frozenset({a, b}) in shared
    )
    assert {frozenset(pair[:2]) for pair in splits} == {
        frozenset({1, 2}), frozenset({3, 1}), frozenset({8, 9}), frozenset({12, 13}),
    }
    assert {frozenset(pair[:2]) for pair in ambiguous} == {frozenset({5, 6}), frozenset({5, 7})}
