"""Bare surnames join a full name only on evidence from the same period; names that moved merge."""
from datetime import date

import pytest

from archive.entities.consolidation import consolidate
from archive.models import Entity, EntityAlias, Mention
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def entity(name, kind="person"):
    key = " ".join(name.lower().split())
    return Entity.objects.create(name=name, key=key, slug=key.replace(" ", "-"), kind=kind)


def mentioned(who, year, times=1, confident=True):
    for _ in range(times):
        article = make_article(published=date(year, 5, 1))
        Mention.objects.create(article=article, entity=who, kind="person", kind_confident=confident,
                               offsets=[["body", 0, 5]], surface_forms=[who.name])


def test_a_bare_surname_joins_the_full_name_that_dominates_and_is_merged_into_it():
    james, howard, bare = entity("James Petrovic"), entity("Howard Petrovic"), entity("Petrovic")
    mentioned(james, 2020, times=4)
    mentioned(howard, 2020)
    mentioned(bare, 2020, times=2, confident=False)
    consolidate([bare.pk])
    bare.refresh_from_db()
    assert bare.merged_into == james and bare.merged_automatically
    assert Mention.objects.filter(entity=james).count() == 6 and not Mention.objects.filter(entity=bare).exists()


def test_without_a_dominant_full_name_the_surname_stays_on_its_own():
    james, howard, bare = entity("James Petrovic"), entity("Howard Petrovic"), entity("Petrovic")
    mentioned(james, 2020, times=2)
    mentioned(howard, 2020, times=2)
    mentioned(bare, 2020)
    consolidate([bare.pk])
    bare.refresh_from_db()
    assert bare.merged_into is None and Mention.objects.filter(entity=bare).count() == 1


def test_evidence_counts_in_the_same_period_only():
    james, howard, bare = entity("James Petrovic"), entity("Howard Petrovic"), entity("Petrovic")
    mentioned(james, 1987, times=3)
    mentioned(howard, 2020, times=3)
    mentioned(bare, 1987)
    mentioned(bare, 2020)
    consolidate([bare.pk])
    assert not Mention.objects.filter(entity=bare).exists()
    years = {
        who.name: set(Mention.objects.filter(entity=who).values_list("article__published_date__year", flat=True))
        for who in (james, howard)
    }
    assert years == {"James Petrovic": {1987}, "Howard Petrovic": {2020}}
    assert Mention.objects.filter(entity=james).count() == 4 and Mention.objects.filter(entity=howard).count() == 4
    bare.refresh_from_db()
    assert bare.merged_into is None  # its mentions went two ways


def test_a_single_mention_of_a_full_name_is_not_enough_evidence():
    james, bare = entity("James Petrovic"), entity("Petrovic")
    mentioned(james, 2020)
    mentioned(bare, 2020, times=3)
    consolidate([bare.pk])
    assert Mention.objects.filter(entity=bare).count() == 3


def test_a_curated_surname_is_left_as_the_curator_left_it():
    james, bare = entity("James Petrovic"), entity("Petrovic")
    mentioned(james, 2020, times=5)
    mentioned(bare, 2020)
    EntityAlias.objects.create(entity=bare, name="Petrović", key="petrovic", added_by_curator=True)
    consolidate([bare.pk])
    bare.refresh_from_db()
    assert bare.merged_into is None and Mention.objects.filter(entity=bare).count() == 1


def test_an_entity_left_without_mentions_when_its_names_moved_merges_into_where_they_went():
    old, new, busy = entity("U.s.", "place"), entity("United States", "place"), entity("Us", "place")
    mentioned(new, 2020)
    mentioned(busy, 2020)
    consolidate([new.pk], {old.pk: new.pk, busy.pk: new.pk})
    old.refresh_from_db()
    busy.refresh_from_db()
    assert old.merged_into == new and old.merged_automatically
    assert busy.merged_into is None  # still has a mention of its own: not merged behind anyone's back


def test_a_bare_surname_taken_for_an_organisation_joins_a_person_named_in_full_at_least_as_often():
    paul, bare, firm = entity("Paul Markovic"), entity("Markovic", "organisation"), entity("Heinz", "organisation")
    senator = entity("John Heinz")
    mentioned(paul, 2020, times=3)
    mentioned(bare, 2020, times=2)
    mentioned(senator, 2020, times=2)
    mentioned(firm, 2020, times=5)  # the company is named far more often than the senator
    consolidate([bare.pk, firm.pk])
    bare.refresh_from_db()
    firm.refresh_from_db()
    assert bare.merged_into == paul
    assert firm.merged_into is None and Mention.objects.filter(entity=firm).count() == 5


def test_a_bare_organisation_joins_the_same_name_with_a_country_in_front_when_that_dominates():
    qualified, bare = entity("US Treasury", "organisation"), entity("Treasury", "organisation")
    other = entity("Ruritania Treasury", "organisation")  # no known place in front: not a candidate
    mentioned(qualified, 2020, times=3)
    mentioned(other, 2020, times=9)
    mentioned(bare, 2020, times=2)
    consolidate([bare.pk])
    bare.refresh_from_db()
    assert bare.merged_into == qualified


def test_a_bare_organisation_named_more_often_than_its_qualified_form_still_joins_it():
    qualified, bare = entity("US Navy", "organisation"), entity("Navy", "organisation")
    mentioned(qualified, 2020, times=3)
    mentioned(bare, 2020, times=7)
    consolidate([bare.pk])
    bare.refresh_from_db()
    assert bare.merged_into == qualified


def test_a_stray_person_ending_in_the_same_word_does_not_keep_a_bare_organisation_from_its_qualified_form():
    qualified, bare = entity("US Navy", "organisation"), entity("Navy", "organisation")
    stray = entity("Harbour Navy")  # a headline fragment taken for a person
    mentioned(qualified, 2020, times=3)
    mentioned(bare, 2020, times=7)
    mentioned(stray, 2020)
    consolidate([bare.pk])
    bare.refresh_from_db()
    assert bare.merged_into == qualified


def test_where_no_one_dominates_the_names_around_a_bare_surname_decide():
    james, howard, bare = entity("James Petrovic"), entity("Howard Petrovic"), entity("Petrovic")
    treasury, palace = entity("Treasury", "organisation"), entity("Royal Palace", "place")
    for _ in range(3):
        article = make_article(published=date(2020, 5, 1))
        for who in (james, treasury):
            Mention.objects.create(article=article, entity=who, kind=who.kind, offsets=[["body", 0, 5]])
        article = make_article(published=date(2020, 5, 2))
        for who in (howard, palace):
            Mention.objects.create(article=article, entity=who, kind=who.kind, offsets=[["body", 0, 5]])
    with_treasury, alone = make_article(published=date(2020, 6, 1)), make_article(published=date(2020, 6, 2))
    for article, others in ((with_treasury, [treasury]), (alone, [])):
        for who in [bare, *others]:
            Mention.objects.create(article=article, entity=who, kind=who.kind, offsets=[["body", 0, 5]])
    consolidate([bare.pk])
    assert Mention.objects.filter(article=with_treasury, entity=james).exists()
    assert Mention.objects.filter(article=alone, entity=bare).exists()  # nothing around it to tell


def test_a_bare_surname_taken_for_a_place_joins_a_person_named_in_full_as_often():
    clayton, bare = entity("Clayton Jeutter"), entity("Jeutter", "place")
    mentioned(clayton, 2020, times=3)
    mentioned(bare, 2020, times=1)
    consolidate([bare.pk])
    bare.refresh_from_db()
    assert bare.merged_into == clayton


def test_a_company_short_name_joins_its_full_name_only_when_that_is_used_as_often():
    full, short = entity("Baker International", "organisation"), entity("Baker", "organisation")
    unit, parent = entity("Merrill Lynch Capital Markets", "organisation"), entity("Merrill Lynch", "organisation")
    mentioned(full, 1987, times=4)
    mentioned(short, 1987, times=3)
    mentioned(unit, 1987, times=3)
    mentioned(parent, 1987, times=5)  # the parent is named more often than its unit: it stays itself
    consolidate([short.pk, parent.pk])
    short.refresh_from_db()
    parent.refresh_from_db()
    assert short.merged_into == full and parent.merged_into is None


def test_an_acronym_merges_into_the_one_name_articles_define_it_as():
    party, acronym = entity("Progressive Farmers Union", "organisation"), entity("PFU", "organisation")
    council = entity("PFU Youth Council", "organisation")
    EntityAlias.objects.create(entity=party, name="PFU", key="pfu")  # an article named both
    EntityAlias.objects.create(entity=council, name="PFU", key="pfu")  # its first word: not its initials
    mentioned(party, 2020, times=2)
    mentioned(acronym, 2020, times=5)
    mentioned(council, 2020)
    consolidate([acronym.pk])
    acronym.refresh_from_db()
    assert acronym.merged_into == party and Mention.objects.filter(entity=party).count() == 7


def test_an_acronym_two_names_are_defined_as_stays_on_its_own():
    tin, tea = entity("Tin Producers Council", "organisation"), entity("Tea Packers Council", "organisation")
    acronym = entity("TPC", "organisation")
    for holder in (tin, tea):
        EntityAlias.objects.create(entity=holder, name="TPC", key="tpc")
        mentioned(holder, 2020)
    mentioned(acronym, 2020, times=3)
    consolidate([tin.pk, tea.pk, acronym.pk])
    acronym.refresh_from_db()
    assert acronym.merged_into is None


def test_a_familiar_first_name_merges_into_the_one_formal_name_it_stands_for():
    formal, familiar = entity("James Petrovic"), entity("Jim Petrovic")
    christopher, christine, chris = entity("Christopher Ilic"), entity("Christine Ilic"), entity("Chris Ilic")
    for person in (formal, familiar, christopher, christine, chris):
        mentioned(person, 2020, times=2)
    consolidate([familiar.pk, chris.pk])
    familiar.refresh_from_db()
    chris.refresh_from_db()
    assert familiar.merged_into == formal and Mention.objects.filter(entity=formal).count() == 4
    assert chris.merged_into is None  # Christopher or Christine: not settled


def test_the_formal_name_found_later_takes_in_the_familiar_one():
    familiar, formal = entity("Bob Lazic"), entity("Robert Lazic")
    mentioned(familiar, 2020)
    mentioned(formal, 2020)
    consolidate([formal.pk])
    familiar.refresh_from_db()
    assert familiar.merged_into == formal


def test_a_surname_with_its_particle_joins_the_full_name_that_dominates():
    full, bare = entity("Pieter de Vries Lentsch"), entity("Ana van der Berg")
    particle = entity("van der Berg")
    mentioned(bare, 2020, times=3)
    mentioned(full, 2020)
    mentioned(particle, 2020, times=2, confident=False)
    consolidate([particle.pk])
    particle.refresh_from_db()
    assert particle.merged_into == bare


def test_an_organisation_named_like_a_surname_with_a_particle_stays_itself():
    person, company = entity("Marco Del Monte"), entity("Del Monte", "organisation")
    mentioned(person, 2020, times=4)
    mentioned(company, 2020, times=2)
    consolidate([company.pk])
    company.refresh_from_db()
    assert company.merged_into is None
