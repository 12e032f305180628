"""Document-level resolution over hand-made spans, without the model."""
from archive.entities.names import match_key
from archive.entities.resolution import RawSpan, display_name, resolve_document


def spans_for(text, *marks):
    """RawSpans for (substring, label, occurrence) marks."""
    spans = []
    for surface, label, *nth in marks:
        start = -1
        for _ in range((nth[0] if nth else 0) + 1):
            start = text.index(surface, start + 1)
        spans.append(RawSpan(start, start + len(surface), label))
    return spans


def by_key(groups):
    return {g.key: g for g in groups}


def test_surname_mislabelled_as_organisation_joins_the_person():
    text = "Lavrov will come. Foreign Minister Sergey Lavrov said so. Lavrov left."
    groups = by_key(resolve_document(text, spans_for(text, ("Lavrov", "ORG"), ("Sergey Lavrov", "PERSON"), ("Lavrov", "ORG", 2))))
    assert set(groups) == {"sergey lavrov"}
    lavrov = groups["sergey lavrov"]
    assert lavrov.kind == "person" and lavrov.name == "Sergey Lavrov"
    assert [text[s:e] for s, e in lavrov.spans] == ["Lavrov", "Sergey Lavrov", "Lavrov"]


def test_hyphenated_surname_joins_the_full_name():
    text = "Alexander Botsan-Kharchenko spoke. Botsan-Kharchenko added more."
    groups = resolve_document(text, spans_for(text, ("Alexander Botsan-Kharchenko", "PERSON"), ("Botsan-Kharchenko", "PERSON", 1)))
    assert [(g.name, len(g.spans)) for g in groups] == [("Alexander Botsan-Kharchenko", 2)]


def test_the_same_name_gets_the_majority_kind_in_a_document():
    text = "Kosovo talks. Kosovo again. Kosovo once more."
    groups = resolve_document(text, spans_for(text, ("Kosovo", "GPE"), ("Kosovo", "ORG", 1), ("Kosovo", "GPE", 2)))
    assert [(g.key, g.kind, len(g.spans)) for g in groups] == [("kosovo", "place", 3)]


def test_occurrences_the_model_missed_are_found_including_capitals():
    text = "SERBIA WINS. Serbia beat Wales; fans in Serbia cheered. Serbian fans too."
    groups = resolve_document(text, spans_for(text, ("Serbia", "GPE")))
    assert [text[s:e] for s, e in groups[0].spans] == ["SERBIA", "Serbia", "Serbia"]


def test_dropped_labels_and_fragments_make_no_groups():
    text = "Russian diplomats said on Friday, June 12, that the days were long."
    spans = spans_for(text, ("Russian", "NORP"), ("Friday, June 12", "DATE"), ("the days", "DATE"))
    assert resolve_document(text, spans) == []


def test_display_name_prefers_diacritics_and_mixed_case():
    assert display_name(["Vucic", "VUČIĆ", "Vučić", "Vucic"], "vucic") == "Vučić"
    assert display_name(["SERBIA", "Serbia"], "serbia") == "Serbia"


def test_variants_differing_only_in_diacritics_are_one_group():
    text = "Aleksandar Vučić met them. Aleksandar Vucic said."
    groups = resolve_document(text, spans_for(text, ("Aleksandar Vučić", "PERSON"), ("Aleksandar Vucic", "PERSON")))
    assert [(g.name, g.variants) for g in groups] == [("Aleksandar Vučić", ["Aleksandar Vučić", "Aleksandar Vucic"])]


def test_display_name_avoids_stray_brackets():
    assert display_name(["International Monetary) Fund", "International Monetary Fund"], "international monetary fund") == (
        "International Monetary Fund"
    )


def test_display_name_prefers_paired_quotes():
    spellings = ['Institute of Public Health "Batut', 'Institute of Public Health "Batut"']
    assert display_name(spellings, "institute of public health batut") == 'Institute of Public Health "Batut"'


def test_a_person_right_after_in_or_near_is_a_place():
    text = "Roadworks near Krusevac will end soon; traffic in Krusevac is slow."
    spans = spans_for(text, ("Krusevac", "PERSON"), ("Krusevac", "PERSON", 1))
    assert [(g.name, g.kind) for g in resolve_document(text, spans)] == [("Krusevac", "place")]


def kinds(text, *marks):
    return {(g.name, g.kind) for g in resolve_document(text, spans_for(text, *marks))}


def test_other_names_of_a_known_entity_are_one_group_under_its_known_name():
    text = "U.S. officials met. The United States and America said the Fed and the Federal Reserve agreed."
    groups = resolve_document(text, spans_for(
        text, ("U.S.", "GPE"), ("United States", "GPE"), ("America", "GPE"), ("Fed", "ORG"), ("Federal Reserve", "ORG"),
    ))
    assert [(g.name, g.kind, len(g.spans)) for g in groups] == [
        ("United States", "place", 3), ("Federal Reserve", "organisation", 2),
    ]
    assert all(g.known and g.confident for g in groups)


def test_wire_copy_and_codes_make_no_group():
    text = "Shr 1.20 dlrs vs 1.10\nRevs rose, said Amax Inc <AMX> in Jan87 terms."
    spans = spans_for(text, ("Shr", "PERSON"), ("Revs", "PERSON"), ("Amax Inc", "ORG"), ("AMX", "ORG"), ("Jan87", "ORG"))
    assert [g.name for g in resolve_document(text, spans)] == ["Amax Inc"]


def test_a_lone_word_the_model_calls_a_person_is_a_place_by_the_words_around_it():
    text = (
        "Trucks were banned from the Gazela bridge. The metro runs between Zeleznik and Mirijevo. "
        "Mayors of Krusevac, Trstenik and Vrnjacka Banja met."
    )
    found = kinds(text, ("Gazela", "PERSON"), ("Zeleznik", "PERSON"), ("Mirijevo", "PERSON"), ("Krusevac", "GPE"),
                  ("Trstenik", "PERSON"), ("Vrnjacka Banja", "PERSON"))
    assert {kind for _, kind in found} == {"place"}


def test_a_known_place_is_never_a_person_but_a_full_name_or_a_title_is():
    text = "Houston said on Monday. Minister Kostic arrived. Dragana Wilson spoke."
    assert kinds(text, ("Houston", "PERSON"), ("Kostic", "PERSON"), ("Dragana Wilson", "PERSON")) == {
        ("Houston", "place"), ("Kostic", "person"), ("Dragana Wilson", "person"),
    }
    groups = {g.key: g for g in resolve_document(text, spans_for(text, ("Kostic", "PERSON")))}
    assert groups["kostic"].confident  # the title is the evidence


def test_a_lone_surname_without_title_is_weak_evidence():
    text = "Zookeepers said visitors could name the cubs."
    [group] = resolve_document(text, spans_for(text, ("Zookeepers", "PERSON")))
    assert group.kind == "person" and not group.confident


def test_acronyms_keep_their_capitals():
    assert display_name(["Opec", "OPEC"], "opec") == "OPEC"
    assert display_name(["U.s.", "U.S."], "us") == "U.S."
    assert display_name(["IRAQ", "Iraq"], "iraq") == "Iraq"  # a word known in ordinary case
    assert display_name(["General Motors Corp.", "General Motors"], "general motors") == "General Motors"


def test_a_full_name_where_only_a_place_can_stand_is_a_place():
    text = "The city closed four streets around Strahinjica Bana. Work on the Kula Zvezda tower ended. Ana Markovic spoke."
    assert kinds(text, ("Strahinjica Bana", "PERSON"), ("Kula Zvezda", "PERSON"), ("Ana Markovic", "PERSON")) == {
        ("Strahinjica Bana", "place"), ("Kula Zvezda", "place"), ("Ana Markovic", "person"),
    }


def test_a_person_named_after_a_place_in_a_title_is_split_from_it():
    text = "The Mayor of Kragujevac Dragan Petkovic said the park would open."
    assert kinds(text, ("Kragujevac Dragan Petkovic", "PERSON")) == {("Kragujevac", "place"), ("Dragan Petkovic", "person")}


def test_in_before_a_name_that_owns_something_is_no_place():
    text = "The reform was key in Petkovic's plan."
    [group] = resolve_document(text, spans_for(text, ("Petkovic", "PERSON")))
    assert group.kind == "person"


def test_a_name_after_a_title_is_a_person_even_where_the_model_missed_it():
    text = "Finance Minister Barend du Toit met Governor Satoshi Kaneda. President Of course not."
    assert {g.name for g in resolve_document(text, [])} == {"Barend du Toit", "Satoshi Kaneda"}


def test_a_ruler_is_a_person_whatever_the_model_says_and_an_organisation_span_gives_back_the_person():
    text = "King Fahd spoke. The Governor of the Bank of England Robin Leigh-Pemberton agreed with Reuters Holdings Plc."
    spans = spans_for(text, ("King Fahd", "GPE"), ("Bank of England Robin Leigh-Pemberton", "ORG"),
                      ("Reuters Holdings Plc", "ORG"))
    assert kinds(text, *[(text[s.start:s.end], s.label) for s in spans]) == {
        ("Fahd", "person"), ("Bank of England", "organisation"), ("Robin Leigh-Pemberton", "person"),
        ("Reuters Holdings Plc", "organisation"),
    }


def test_a_ruler_named_by_title_is_a_confident_person():
    text = "King Fahd said prices must hold."
    [group] = resolve_document(text, spans_for(text, ("King Fahd", "GPE")))
    assert (group.name, group.kind, group.confident) == ("Fahd", "person", True)


def test_a_company_name_cut_at_its_and_is_one_name():
    text = "American Telephone and Telegraph Co said it would cut prices."
    spans = spans_for(text, ("American Telephone", "ORG"), ("Telegraph Co", "ORG"))
    assert [g.name for g in resolve_document(text, spans)] == ["AT&T"]


def test_a_portfolio_word_ending_a_role_is_no_part_of_the_name():
    text = "The Minister of Mines and Energy Subroto said prices would hold."
    assert kinds(text, ("Energy Subroto", "PERSON")) == {("Subroto", "person")}


def test_a_company_named_in_full_and_then_by_its_first_word_is_one_name():
    text = "Hughes Tool said Baker International would merge with it. Baker declined to comment."
    spans = spans_for(text, ("Hughes Tool", "ORG"), ("Baker International", "ORG"), ("Baker", "PERSON"))
    assert kinds(text, *[(text[s.start:s.end], s.label) for s in spans]) == {
        ("Hughes Tool", "organisation"), ("Baker International", "organisation"),
    }


def test_a_name_with_a_ticker_after_it_is_a_company():
    text = "BAKER <BKO> SUES TO FORCE MERGER"
    assert kinds(text, ("BAKER", "PERSON")) == {("BAKER", "organisation")}


def test_a_known_organisation_with_a_country_in_front_or_misspelt_is_one_group_with_it():
    text = ("The U.S. Commodity Futures Trading Commission said on Monday the CFTC would ask brokers for records. "
            "A Commodity Futures Trading Commmission spokesman confirmed it.")
    groups = resolve_document(text, spans_for(
        text, ("U.S. Commodity Futures Trading Commission", "ORG"), ("CFTC", "ORG"),
        ("Commodity Futures Trading Commmission", "ORG"),
    ))
    assert [(g.name, len(g.spans)) for g in groups] == [("Commodity Futures Trading Commission", 3)]


def test_a_known_place_at_the_end_of_a_name_taken_for_a_person_is_not_its_surname():
    text = "Energie de France said output rose. France imports less power, the utility said."
    groups = by_key(resolve_document(text, spans_for(text, ("Energie de France", "PERSON"))))
    assert [text[s:e] for s, e in groups["energie de france"].spans] == ["Energie de France"]


def test_an_acronym_and_the_name_it_stands_for_in_one_article_are_one_name():
    text = ("The ruling Progressive Farmers Union (PFU) met on Monday. PFU leaders said the Progressive Farmers Union "
            "would back the budget. Grain Board (GB) officials and the GB chairman agreed.")
    groups = by_key(resolve_document(text, spans_for(
        text, ("Progressive Farmers Union", "ORG"), ("PFU", "ORG"), ("PFU", "ORG", 1), ("Grain Board", "ORG"),
        ("GB", "ORG"),
    )))
    assert set(groups) == {"progressive farmers union", "grain board"}
    assert len(groups["progressive farmers union"].spans) == 4 and groups["progressive farmers union"].kind == "organisation"
    assert [text[s:e] for s, e in groups["grain board"].spans] == ["Grain Board", "GB"]


def test_an_acronym_is_not_folded_into_a_name_it_does_not_stand_for_or_into_two():
    text = "The TPC said so. Tin Producers Council and Tea Packers Council members met. MK Holdings and Mark Kent spoke."
    groups = by_key(resolve_document(text, spans_for(
        text, ("TPC", "ORG"), ("Tin Producers Council", "ORG"), ("Tea Packers Council", "ORG"), ("MK Holdings", "ORG"),
        ("Mark Kent", "PERSON"),
    )))
    assert {"tpc", "tin producers council", "tea packers council", "mark kent"} <= set(groups)


def test_two_companies_each_with_its_legal_form_joined_by_and_are_two_names():
    text = "Dunav Holdings Inc and Sava Werke AG said they would merge. Tisa Ltd and Morava Textiles Co agreed."
    spans = spans_for(
        text, ("Dunav Holdings Inc and Sava Werke AG", "ORG"), ("Tisa Ltd", "ORG"), ("Morava Textiles Co", "ORG"),
    )
    assert [match_key(g.name) for g in resolve_document(text, spans)] == [
        "dunav holdings", "sava werke", "tisa", "morava textiles",
    ]
