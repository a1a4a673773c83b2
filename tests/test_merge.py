"""Merge: sentences that say the same thing become one item citing every source."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing.core.models import Item, Sentence
from briefing.summarise.merge import (
    WORD_OVERLAP,
    Claim,
    ClaimRows,
    _conflict,
    claims_by_text,
    figures,
    merge_redundant,
    read_claim,
    read_claims,
    same_claim,
    says_more,
)
from briefing.summarise.vectors import Vectorizer, cosine

THRESHOLD = 0.35
VECTORIZER = Vectorizer("english")

BRIDGE_A = "The harbour bridge reopened to traffic on Tuesday after months of repairs."
BRIDGE_B = "The harbour bridge reopened to traffic on Tuesday following lengthy repairs."
GOLD = "Gold prices climbed sharply in London as the dollar weakened."
MAYOR = "Mayor Ortiz promised a review of how the council plans road works."


def merge(sentences: list[Sentence], source_count: int = 3) -> list[Item]:
    return merge_redundant(sentences, VECTORIZER, THRESHOLD, source_count)


def similarity(a: str, b: str) -> float:
    return cosine(VECTORIZER.terms(a), VECTORIZER.terms(b))


def test_merge_paraphrases_from_two_articles_become_one_item() -> None:
    items = merge([Sentence(BRIDGE_A, 0, 0, 0.9), Sentence(BRIDGE_B, 2, 4, 0.8),
                   Sentence(GOLD, 1, 0, 0.5)])
    bridge = [i for i in items if "bridge" in i.text]
    assert len(bridge) == 1
    assert bridge[0].sources == (0, 2)
    assert bridge[0].text == BRIDGE_A
    assert {m.text for m in bridge[0].members} == {BRIDGE_A, BRIDGE_B}


def test_merge_unrelated_sentence_stays_separate() -> None:
    items = merge([Sentence(BRIDGE_A, 0, 0, 0.9), Sentence(BRIDGE_B, 1, 0, 0.8),
                   Sentence(GOLD, 1, 1, 0.5), Sentence(MAYOR, 2, 0, 0.4)])
    assert [i.text for i in items] == [BRIDGE_A, GOLD, MAYOR]
    assert [i.sources for i in items] == [(0, 1), (1,), (2,)]


def test_merge_same_article_repeats_cite_it_once() -> None:
    items = merge([Sentence(BRIDGE_A, 0, 0, 0.9), Sentence(BRIDGE_A, 0, 5, 0.9)])
    assert len(items) == 1
    assert items[0].sources == (0,)
    assert len(items[0].members) == 2


def test_merge_conflicting_figures_are_one_item_that_shows_each_figure_with_its_source() -> None:
    items = merge([Sentence("The storm killed 12 people in the coastal province, officials said.",
                            0, 0, 0.9),
                   Sentence("The storm killed 20 people in the coastal province, officials said.",
                            1, 0, 0.8),
                   Sentence("The storm killed twenty people in the coastal province, officials said.",
                            2, 0, 0.7)])
    assert len(items) == 1
    assert items[0].sources == (0,)
    assert [(d.text, d.sources) for d in items[0].differs] == [
        ("The storm killed 20 people in the coastal province, officials said.", (1, 2))]
    assert items[0].cited == (0, 1, 2)


def test_merge_best_scored_sentence_leads() -> None:
    items = merge([Sentence(BRIDGE_B, 1, 0, 0.3), Sentence(BRIDGE_A, 0, 0, 0.9)])
    assert [i.text for i in items] == [BRIDGE_A]
    assert items[0].lead == Sentence(BRIDGE_A, 0, 0, 0.9)


PARAGRAPH = [
    Sentence(BRIDGE_A, 0, 0, 0.9),
    Sentence(BRIDGE_B, 1, 0, 0.8),
    Sentence("Traffic on the harbour bridge was light on Tuesday morning.", 2, 0, 0.7),
    Sentence(GOLD, 1, 1, 0.6),
    Sentence("Gold prices rose in London as the dollar slipped.", 2, 1, 0.5),
    Sentence(MAYOR, 0, 1, 0.4),
    Sentence("Engineers replaced corroded cables and resurfaced the whole deck.", 0, 2, 0.3),
]


def claim(text: str) -> Claim:
    return read_claim(text, VECTORIZER)


def test_merge_no_item_states_another_items_claim() -> None:
    items = merge(PARAGRAPH)
    assert len(items) >= 3
    for a, b in combinations(items, 2):
        assert not same_claim(claim(a.text), claim(b.text)), (a.text, b.text)
        assert not same_claim(claim(b.text), claim(a.text)), (a.text, b.text)


def test_merge_every_member_states_its_leads_claim_in_similar_words() -> None:
    items = merge(PARAGRAPH)
    assert any(len(i.members) > 1 for i in items)
    for item in items:
        for member in item.members:
            assert similarity(member.text, item.lead.text) >= THRESHOLD, (member.text, item.text)
            assert same_claim(claim(item.text), claim(member.text)), (member.text, item.text)


def test_merge_similar_words_about_another_fact_are_not_cited() -> None:
    """Same bridge, same day, another fact: its source does not state the reopening."""
    items = merge([Sentence(BRIDGE_A, 0, 0, 0.9),
                   Sentence("Traffic on the harbour bridge was light on Tuesday morning.", 1, 0, 0.7)])
    assert [i.sources for i in items] == [(0,), (1,)]


# Pairs from real failure classes: (lead, other sentence, whether the other states the lead's claim).
CLAIM_PAIRS = [
    ("The Greek government ruled out a terror attack after the airliner crashed north of Athens.",
     "Greek officials ruled out terrorism as the cause of the crash of the airliner north of Athens.",
     True),
    ("Rescuers pulled 40 survivors from the rubble of the collapsed school overnight.",
     "Overnight, rescuers pulled 40 survivors from the rubble of the school that collapsed.",
     True),
    ("Oxygen masks dangled in the cabin.",  # short and generic: near-identity only
     "Oxygen masks also seem to have been activated in the plane.", False),
    ("Every patient deserves a doctor who listens.",  # generic: shared words, another claim
     "Every patient deserves a second opinion, the doctor said.", False),
    ("Roussopoulos said the black box of the plane had been found.",  # another speaker's claim
     "The black box of the plane had been found, police said.", False),
    ("“We will not accept this,” said Prime Minister Jane Roe.",  # the same words, another speaker
     "“We will not accept this,” said John Doe, the opposition leader.", False),
    ("The opposition said the use of force defined the government's political identity.",
     "Police used force to disperse the crowd outside the ministry.", False),
    ("“We're now seeing more than 40 sows with cubs,” said Jane Roe, a park biologist.",  # few words
     "Big males and sows with cubs need even more food.", False),
    ("The storm killed 12 people in the coastal province.",  # the figure is the claim
     "The storm killed people in the coastal province.", False),
    ("Qin urged Blinken to respect China's core concerns, including the Taiwan issue.",
     "Qin urged the United States to respect China's key concerns, including the Taiwan issue.",
     True),
]


@pytest.mark.parametrize(("lead", "other", "same"), CLAIM_PAIRS)
def test_merge_same_claim_decides_by_content_names_and_speaker(lead: str, other: str, same: bool) -> None:
    assert same_claim(claim(lead), claim(other)) is same


def test_merge_cited_source_of_pair_states_the_claim() -> None:
    for number, (lead, other, same) in enumerate(CLAIM_PAIRS):
        items = merge([Sentence(lead, 0, number, 0.9), Sentence(other, 1, number, 0.5)])
        leading = next(i for i in items if i.text == lead)
        assert (1 in leading.sources) is same, (lead, other)


@pytest.mark.parametrize(
    "text",
    [
        "Bridge reopens Tuesday.",
        "Repairs took six months.",
        "Will the harbour bridge reopen to traffic on Tuesday after repairs?",
        "Did the harbour bridge reopen to traffic on Tuesday, officials asked?”",
        "and the harbour bridge reopened to traffic on Tuesday after repairs.",
    ],
    ids=["short", "five-words", "question", "quoted-question", "lowercase-fragment"],
)
def test_merge_fragments_and_questions_are_not_items(text: str) -> None:
    assert merge([Sentence(text, 0, 0, 1.0)]) == []


def test_merge_too_long_sentence_is_not_an_item() -> None:
    text = "The harbour bridge " + "and the ferry " * 30 + "reopened."
    assert merge_redundant([Sentence(text, 0, 0, 1.0)], VECTORIZER, THRESHOLD, 1,
                           max_words=70) == []


def test_merge_empty_input_gives_no_items() -> None:
    assert merge([]) == []


VOCABULARY = ["bridge", "harbour", "traffic", "repairs", "council", "gold", "dollar", "prices",
              "storm", "river", "ferry", "mayor", "cables", "market", "engineers", "Tuesday"]
sentence_words = st.lists(st.sampled_from(VOCABULARY), min_size=4, max_size=12)
sentence_sets = st.lists(
    st.tuples(sentence_words, st.integers(0, 3), st.floats(0, 1, allow_nan=False)),
    max_size=15,
)


@settings(deadline=None)
@given(specs=sentence_sets, threshold=st.floats(0.1, 1.0))
def test_merge_items_keep_every_source_and_never_share_members(
        specs: list[tuple[list[str], int, float]], threshold: float) -> None:
    sentences = [Sentence("The " + " ".join(words) + " stood.", article, position, score)
                 for position, (words, article, score) in enumerate(specs)]
    items = merge_redundant(sentences, VECTORIZER, threshold, source_count=4)
    members = [m for item in items for m in item.members]
    leads = [item.lead for item in items]
    assert len(leads) == len(set(leads))
    for item in items:
        assert item.members
        assert item.text == item.lead.text
        assert item.sources == tuple(sorted({m.article for m in item.members}))
        assert all(same_claim(claim(item.text), claim(m.text)) for m in item.members)
    # a sentence left out has its whole claim stated by an item
    for sentence in set(sentences) - set(members):
        assert any(same_claim(claim(sentence.text), claim(item.text)) for item in items)


@settings(deadline=None)
@given(specs=sentence_sets)
@example(specs=[(["bridge"] * 4, 0, 0.0),  # word-count cosine exactly 0.5, a hair below in floats
                (["bridge", "bridge", "harbour", "harbour", "traffic", "traffic", "repairs", "council",
                  "gold", "dollar", "river"], 0, 0.0),
                (["bridge", "repairs", "council", "gold", "prices", "storm", "ferry"], 0, 0.0)])
def test_merge_no_two_items_say_the_same_thing(specs: list[tuple[list[str], int, float]]) -> None:
    sentences = [Sentence("The " + " ".join(words) + " stood.", article, position, score)
                 for position, (words, article, score) in enumerate(specs)]
    items = merge_redundant(sentences, VECTORIZER, THRESHOLD, source_count=4)
    for a, b in combinations(items, 2):  # among candidates: sentences in similar words
        if not (figures(a.text) or figures(b.text)) and similarity(a.text, b.text) >= WORD_OVERLAP:
            for one, other in ((a, b), (b, a)):  # unless the other says as much again besides
                assert not same_claim(claim(one.text), claim(other.text)) \
                    or says_more(claim(other.text), claim(one.text))


def distinct_words(*words: str, most: int) -> st.SearchStrategy[tuple[str, ...]]:
    return st.frozensets(st.sampled_from(words), max_size=most).map(lambda found: tuple(sorted(found)))


claim_words = distinct_words("roe", "doe", "court", "storm", "ferry", "river", "mayor", "bridge",
                             "council", "police", "gold", "market", most=10)
claims = st.builds(Claim, terms=claim_words, words=claim_words, names=claim_words,
                   speakers=distinct_words("roe", "doe", "police", most=2),
                   figures=distinct_words("12", "20", "2023", most=2))


@settings(deadline=None)
@given(found=st.lists(claims, min_size=1, max_size=10))
def test_merge_claim_rows_agree_with_same_claim_for_every_pair(found: list[Claim]) -> None:
    """The merge compares a lead with all its neighbours at once; pair by pair, it is same_claim."""
    rows = ClaimRows(found)
    for lead in range(len(found)):
        near = np.array([n for n in range(len(found)) if n != lead], dtype=np.intp)
        near = near[::-1] if lead % 2 else near  # in any order
        states, stated, conflict, richer = rows.compare(lead, near)
        assert states.tolist() == [same_claim(found[lead], found[n]) for n in near]
        assert richer.tolist() == [says_more(found[n], found[lead]) for n in near]
        assert stated.tolist() == [same_claim(found[n], found[lead]) for n in near]
        assert conflict.tolist() == [_conflict(found[lead].figures, found[n].figures) for n in near]


def test_merge_claims_read_in_workers_are_the_claims_read_here() -> None:
    """Worker processes send each claim's fields (plain tuples); the claims made from them are
    those read here, and a sentence that is no briefing material has none."""
    texts = ["The ferry capsized on the Meghna river on Sunday, police said.",
             "“We will rebuild the port,” Mayor Ana Lopes said on Tuesday.",
             "Read more:"]
    claims = claims_by_text(texts, read_claims(texts, "english", 6, 70))
    assert claims == {texts[0]: read_claim(texts[0], VECTORIZER), texts[1]: read_claim(texts[1], VECTORIZER),
                      texts[2]: None}
    assert claims[texts[1]] is not None
    assert claims[texts[1]].speakers == ("ana", "lopes", "mayor")
