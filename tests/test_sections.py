"""Sections: stories beyond the sample, through the real pipeline, and the rules on hand-made text.

The story folders under tests/fixtures/stories/ are invented wire copy, each built to exercise
one rule: three quoted parties, no quotes at all, no next step, and outlets that disagree.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from briefing.core.models import SECTION_KINDS, Briefing, Item, Label, Section, SectionKind, Sentence
from briefing.core.settings import load_settings
from briefing.run import pipeline
from briefing.summarise.people import (
    build_parties,
    combine_people,
    learn_people,
    load_party_table,
    read_people,
    speaker_party,
    strip_titles,
)
from briefing.summarise.sections import Ledes, assign_sections, build_sections, classify, settle_party
from briefing.summarise.speakers import find_speakers
from briefing.summarise.titles import EVENT_KIND, EVENT_NOUNS, choose_title, event_title
from briefing.summarise.vectors import Vectorizer

STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"
ALL_STORIES = sorted(p.name for p in STORIES.iterdir() if p.is_dir())
TITLES = {"event": "What happened", "position": "{side}: position",
          "background": "Background", "next": "What comes next"}
ORDER = {"event": 0, "position": 1, "background": 2, "next": 3}


@cache
def briefing_of(story: str) -> Briefing:
    """The composed briefing (before the page fit) of one fixture story."""
    settings = load_settings()
    summary = pipeline.summarise(STORIES / story, settings)
    return pipeline.compose(summary, settings, None)


def section_keys(story: str) -> list[str]:
    return [section.key for section in briefing_of(story).sections]


def section_of(story: str, words: str) -> str:
    """The key of the section holding the item that cites a sentence containing words."""
    keys = [s.key for s in briefing_of(story).sections for item in s.items
            if any(words in member.text for member in item.members)]
    assert len(keys) == 1, (words, keys)
    return keys[0]


def item(text: str, position: int = 3, article: int = 0) -> Item:
    return Item(text=text, sources=(article,), weight=0.5,
                members=(Sentence(text, article=article, position=position),))


def sentence(text: str, position: int = 1, article: int = 0) -> Sentence:
    return Sentence(text, article=article, position=position)


@pytest.fixture(scope="module")
def parties():  # type: ignore[no-untyped-def]
    return build_parties(load_party_table(), {"Ana Souza": "Brazil", "Souza": "Brazil"})


def test_sections_three_quoted_parties_get_three_positions() -> None:
    sections = briefing_of("three-parties").sections
    positions = {s.key: s.side for s in sections if s.key.startswith("position-")}
    assert positions == {"position-kazakhstan": "Kazakhstan", "position-kyrgyzstan": "Kyrgyzstan",
                         "position-uzbekistan": "Uzbekistan"}


@pytest.mark.parametrize(("words", "key"), [
    ("Dzhumabaev, Kyrgyzstan's energy minister, rejected", "position-kyrgyzstan"),
    ("offered to sell summer releases", "position-kyrgyzstan"),
    ("Yuldashev, the Uzbek water resources minister, said", "position-uzbekistan"),
    ("asking for the water our fields have always received", "position-uzbekistan"),
    ("Uzbekistan's foreign ministry said", "position-uzbekistan"),
    ("Trust begins with numbers", "position-kazakhstan"),
    ("Nurtazin said Kazakhstan", "position-kazakhstan"),
])
def test_sections_officials_quoted_by_surname_land_with_their_party(words: str, key: str) -> None:
    assert section_of("three-parties", words) == key


def test_sections_no_quotes_means_no_positions() -> None:
    keys = section_keys("no-quotes")
    assert keys[0] == "event"
    assert not [key for key in keys if key.startswith("position")]


def test_sections_no_future_means_no_next_section() -> None:
    keys = section_keys("no-next")
    assert "next" not in keys
    assert {"position-norway", "position-russia"} <= set(keys)


@pytest.mark.parametrize(("words", "key"), [
    ("Norway's fisheries minister, Ingrid Solvang, said", "position-norway"),
    ("This is not a misunderstanding", "position-norway"),
    ("Norway has no legal basis", "position-russia"),
    ("Gromadsky said the inspection was a provocation", "position-russia"),
])
def test_sections_apposition_names_the_party(words: str, key: str) -> None:
    assert section_of("no-next", words) == key


@pytest.mark.parametrize("story", ALL_STORIES)
def test_sections_empty_sections_are_left_out(story: str) -> None:
    assert all(section.items for section in briefing_of(story).sections)


@pytest.mark.parametrize("story", ALL_STORIES)
def test_sections_come_in_fixed_order(story: str) -> None:
    kinds = [ORDER[key.split("-")[0]] for key in section_keys(story)]
    assert kinds == sorted(kinds)
    assert kinds[0] == ORDER["event"]


@pytest.mark.parametrize(("story", "title"), [
    ("no-quotes", "The earthquake"),
    ("three-parties", "The talks"),
    ("no-next", "What happened"),
    ("disagree", "What happened"),
])
def test_sections_event_title_fits_the_story(story: str, title: str) -> None:
    assert briefing_of(story).sections[0].title == title


@pytest.mark.parametrize(("text", "speakers"), [
    ("“We reject the plan,” Minister Ana Souza said on Monday.", ["Minister Ana Souza"]),
    ("The ministry said in a statement that the talks had failed.", ["The ministry"]),
    ("Souza, the Brazilian trade minister, said the tariff was unfair.",
     ["Souza, the Brazilian trade minister"]),
    ("Brazil's trade minister, Ana Souza, urged calm on both sides.",
     ["Brazil's trade minister, Ana Souza"]),
    ("“The tariff is unfair,” said Ana Souza, the trade minister.", ["Ana Souza"]),
    ("Prices rose, according to the central bank.", ["the central bank"]),
    ("He said the plan was unfair.", []),
    ("The river flooded three towns overnight.", []),
])
def test_sections_find_speakers(text: str, speakers: list[str]) -> None:
    assert find_speakers(text) == speakers


@pytest.mark.parametrize(("text", "party"), [
    ("Souza said the tariff was unfair to Argentina.", "Brazil"),
    ("“The tariff is unfair,” the Argentine foreign ministry said.", "Argentina"),
    ("Souza, the Brazilian trade minister, said the tariff hurt Argentina.", "Brazil"),
    ("Argentina's economy minister, Luis Pardo, said Brazil had broken the accord.", "Argentina"),
    ("The river flooded three towns in Brazil.", None),
])
def test_sections_speaker_party(text: str, party: str | None, parties) -> None:  # type: ignore[no-untyped-def]
    assert speaker_party(text, parties) == party


@pytest.mark.parametrize(("name", "person"), [
    ("Deputy Water Resources Minister Jane Roe", "Jane Roe"),
    ("Kenyan Energy Minister John Mwangi", "John Mwangi"),
    ("Foreign Minister Qin Gang's", "Qin Gang"),
    ("The Chinese Foreign Ministry", None),
    ("Kenya", None),
])
def test_sections_strip_titles(name: str, person: str | None, parties) -> None:  # type: ignore[no-untyped-def]
    assert strip_titles(name, parties) == person


def test_sections_learn_people_ties_a_person_to_the_party_before_the_title() -> None:
    sentences = [sentence("Kenyan Energy Minister John Mwangi said the dam was safe.", 0),
                 sentence("Mwangi told reporters the turbines were running.", 1)]
    people = learn_people(sentences, load_party_table()).parties
    assert people["John Mwangi"] == "Kenya"
    assert people["Mwangi"] == "Kenya"


def test_sections_people_learned_in_batches_are_the_people_learned_at_once() -> None:
    """Worker processes read batches of sentences; added up in order, they say what one read says:
    the party most sentences give, a surname used in lower case elsewhere is no alias, and an
    expert described in one batch speaks for no party in another."""
    texts = ["Kenyan Energy Minister John Mwangi said the dam was safe.",
             "Ugandan officials said Mwangi, the Ugandan envoy, was wrong.",
             "Kenyan minister John Mwangi told reporters the turbines ran.",
             "Brazilian Trade Minister Ana Souza said the tariff was unfair.",
             "The souza plant grows in the valley.",
             "Brazilian economist Pedro Lima, a professor at the University of Sao Paulo, said so."]
    table = load_party_table()
    whole = combine_people(read_people(texts, table))
    for cut in range(1, len(texts)):
        assert combine_people(read_people(texts[:cut], table) + read_people(texts[cut:], table)) == whole
    assert whole.parties["John Mwangi"] == "Kenya"
    assert whole.parties["Mwangi"] == "Kenya"
    assert "Souza" not in whole.parties
    assert whole.parties["Ana Souza"] == "Brazil"
    assert "Pedro Lima" in whole.experts
    assert "Pedro Lima" not in whole.parties


@pytest.mark.parametrize(("text", "position", "label"), [
    ("Souza said the tariff was unfair.", 0, Label("event")),
    ("The two ministers will meet again in May.", 3, Label("next")),
    ("Souza said the tariff was unfair.", 3, Label("position", "Brazil")),
    ("The river rises in the mountains and flows west.", 3, Label("background")),
])
def test_sections_classify(text: str, position: int, label: Label, parties) -> None:  # type: ignore[no-untyped-def]
    assert classify(item(text, position), parties, Ledes([]), set()) == label


def test_sections_classify_event_by_words_shared_with_ledes(parties) -> None:  # type: ignore[no-untyped-def]
    ledes = Ledes([{"ferri", "capsiz", "river"}, {"ferri", "capsiz", "storm"}])
    label = classify(item("The ferry capsized on the river."), parties, ledes,
                     {"ferri", "capsiz", "river"})
    assert label == Label("event")


def test_sections_unknown_speaker_needs_two_items_to_be_a_side() -> None:
    counts = Counter({"Jane Roe": 1, "John Doe": 2})
    known = {"Brazil"}
    assert settle_party(Label("position", "Jane Roe"), counts, known) == Label("background")
    assert settle_party(Label("position", "John Doe"), counts, known) == Label("position", "John Doe")
    assert settle_party(Label("position", "Brazil"), Counter(), known) == Label("position", "Brazil")


def test_sections_build_sections_leaves_out_empty_and_orders_sides() -> None:
    items = [item("A.", 0), item("B.", 1), item("C.", 2), item("D.", 3)]
    labels = [Label("next"), Label("position", "Chile"), Label("event"), Label("position", "Chile")]
    sections = build_sections(items, labels, TITLES, "The vote")
    assert [(s.key, s.title, s.side) for s in sections] == [
        ("event", "The vote", None),
        ("position-chile", "Chile: position", "Chile"),
        ("next", "What comes next", None)]
    chile = Section("position", "Chile: position", (items[1], items[3]), "Chile")
    assert sections[1] == chile


@pytest.mark.parametrize(("ledes", "title"), [
    (["A strong earthquake shook the region as rescuers answered calls for help.",
      "The quake damaged hundreds of homes.", "Officials held a call after the tremor."],
     "The earthquake"),
    (["A ferry capsized in a storm on the river.", "A ferry capsized during a storm.",
      "A storm hit the coast."], "The sinking"),
    (["Police detained a trawler.", "A trawler was seized."], "What happened"),
])
def test_sections_event_title_counts_the_first_event_each_lede_names(
        ledes: list[str], title: str) -> None:
    sentences = [sentence(text, 0, index) for index, text in enumerate(ledes)]
    assert event_title(sentences, TITLES) == title


def test_sections_event_words_name_one_kind_each() -> None:
    """A lede's first event word tells its kind: no word is listed for two kinds, and none opens
    a phrase of another kind ('phone' and 'phone call'), which could match at the same place."""
    listed = [word for words in EVENT_NOUNS.values() for word in words]
    assert len(listed) == len(set(listed)) == len(EVENT_KIND)
    for word, kind in EVENT_KIND.items():
        assert all(EVENT_KIND[other] == kind for other in EVENT_KIND if other.startswith(word + " "))


def test_sections_event_title_keeps_a_configured_title() -> None:
    sentences = [sentence("The earthquake struck at dawn.", 0)]
    assert event_title(sentences, {**TITLES, "event": "The quake"}) == "The quake"


def test_sections_title_without_any_headline_comes_from_the_lede() -> None:
    ledes = ["Rescuers pulled 40 survivors from the rubble of the collapsed school in the hill town "
             "overnight, officials said.",
             "Forty survivors were pulled overnight from the rubble of a school that collapsed."]
    title = choose_title([], ledes, lambda text: text.lower().split())
    assert title == "Forty survivors were pulled overnight from the rubble of a school that collapsed"


@pytest.mark.parametrize(("lede", "headline"), [
    ("Rescuers pulled 40 survivors from the rubble of the collapsed school in the hill town overnight, "
     "officials said.",
     "Rescuers pulled 40 survivors from the rubble of the collapsed school in the hill town overnight"),
    ("Huge sea waves set off by an earthquake crashed against the north coast, killing at least 70 people "
     "and crushing villages, the disaster office said.", "Huge sea waves set off by an earthquake crashed "
                                                         "against the north coast"),
    ("On Wednesday, the city council voted to close the old harbour bridge to lorries from next month.",
     "The city council voted to close the old harbour bridge to lorries from next month"),
    ("Although the agency is making some progress, a new audit says weaknesses in its computer systems "
     "continue to place taxpayer data at risk of theft.", "A new audit says weaknesses in its computer "
                                                          "systems continue to place taxpayer data at risk "
                                                          "of theft"),
    ("Health authorities are stepping up the hunt for the source of a deadly influenza strain previously "
     "found only in birds which has caused a global alert.", "Health authorities are stepping up the hunt"),
])
def test_sections_a_headline_made_from_a_lede_is_its_main_clause_whole(lede: str, headline: str) -> None:
    title = choose_title([], [lede], lambda text: text.lower().split())
    assert title == headline
    assert not (title or "").endswith("…")


@pytest.mark.parametrize(("text", "label"), [
    ("The finance ministers will meet again in Geneva on March 3 to sign the accord.", "next"),
    ("The court is expected to rule on the appeal next month.", "next"),
    ("I will provide a further update in due course.", "background"),  # 'will' with no time or event
    ("The country will continue to buy government bonds as its reserves grow.", "background"),
])
def test_sections_next_needs_a_time_or_an_event_to_come(text: str, label: str, parties) -> None:  # type: ignore[no-untyped-def]
    assert classify(item(text), parties, Ledes([]), set()) == Label(label)


@pytest.mark.parametrize("title", ["a professor", "a Professor", "A PROFESSOR"])  # found in any case
def test_sections_an_academic_speaks_for_no_party(title: str) -> None:
    sentences = [
        Sentence(f"Jane Roe, {title} of economics at the University of Lyon, said France "
                 "would gain little from the treaty.", 0, 1),
        Sentence("Roe said the French government had misread the figures.", 1, 2),
        Sentence("The French foreign ministry said the treaty protected French farmers.", 2, 1),
        *(Sentence("Both governments signed the trade treaty in Brussels on Monday.", n, 0)
          for n in range(3)),
    ]
    items = [Item(text=s.text, sources=(s.article,), weight=0.5, members=(s,)) for s in sentences]
    sections = assign_sections(items, sentences, load_party_table(), TITLES, lambda t: t.lower().split())
    keys = {item.text.split()[0]: section.key for section in sections for item in section.items}
    assert keys == {"Jane": "background", "Roe": "background", "The": "position-france",
                    "Both": "event"}


def test_sections_a_page_of_text_is_no_headline_however_many_lede_words_it_shares() -> None:
    lede = "Flood waters swept through the river valley on Sunday and destroyed hundreds of homes."
    endless = " ".join([lede] * 30)  # body text a page lost its markup around
    terms = Vectorizer("english").terms
    headline = "Floods sweep the valley"
    assert choose_title([endless, headline], [lede, lede], terms) == headline
    assert choose_title([endless], [lede], terms) == lede.rstrip(".")  # from the lede instead


def test_sections_an_added_kind_takes_the_items_its_rule_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind added to the registry classifies by its own `matches`, after the event's lede, and
    gets its title from the registry; the built-in kinds keep the rest."""
    crew = SectionKind(2, "an item about a vessel's crew", title="The crew",
                       matches=lambda text: "crew" in text)
    monkeypatch.setitem(SECTION_KINDS, "crew", crew)
    settings = load_settings()
    composed = pipeline.compose(pipeline.summarise(STORIES / "no-next", settings), settings, None)
    sections = {s.key: s for s in composed.sections}
    assert sections["crew"].title == "The crew"
    assert all("crew" in item.text for item in sections["crew"].items)
    assert not any("crew" in item.text for key, s in sections.items() if key not in ("crew", "event")
                   for item in s.items)
