"""Merge: sentences that say the same thing become one item citing every source."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.merge import WORD_OVERLAP, merge_redundant
from briefing.models import Item, Sentence
from briefing.vectors import Vectorizer, cosine, tfidf_matrix

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


def test_merge_conflicting_figures_stay_apart() -> None:
    items = merge([Sentence("The storm killed 12 people in the coastal province, officials said.",
                            0, 0, 0.9),
                   Sentence("The storm killed 20 people in the coastal province, officials said.",
                            1, 0, 0.8)])
    assert [i.sources for i in items] == [(0,), (1,)]


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


def test_merge_no_two_items_reach_threshold() -> None:
    items = merge(PARAGRAPH)
    assert len(items) >= 3
    for a, b in combinations(items, 2):
        assert similarity(a.text, b.text) < THRESHOLD, (a.text, b.text)


def test_merge_every_member_is_close_to_its_lead() -> None:
    items = merge(PARAGRAPH)
    assert any(len(i.members) > 1 for i in items)
    for item in items:
        for member in item.members:
            assert similarity(member.text, item.lead.text) >= THRESHOLD, (member.text, item.text)


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
    assert len(members) == len(set(members))
    assert set(members) == set(sentences)  # all are briefing material: each lands once
    for item in items:
        assert item.members
        assert item.text == item.lead.text
        assert item.sources == tuple(sorted({m.article for m in item.members}))


@settings(deadline=None)
@given(specs=sentence_sets)
def test_merge_leads_apart_and_members_close_in_tfidf_space(
        specs: list[tuple[list[str], int, float]]) -> None:
    """The clustering's own measures over the distinct wordings (no figures here): TF-IDF
    cosine at the threshold, or plain word-count cosine at WORD_OVERLAP."""
    sentences = [Sentence("The " + " ".join(words) + " stood.", article, position, score)
                 for position, (words, article, score) in enumerate(specs)]
    items = merge_redundant(sentences, VECTORIZER, THRESHOLD, source_count=4)
    if not sentences:
        return
    wordings = list(dict.fromkeys(s.text for s in sentences))
    terms = [VECTORIZER.terms(text) for text in wordings]
    weighted, plain = tfidf_matrix(terms), tfidf_matrix(terms, idf=False)
    similar = ((weighted @ weighted.T).toarray() >= THRESHOLD) | \
        ((plain @ plain.T).toarray() >= WORD_OVERLAP)
    row = {s: wordings.index(s.text) for s in sentences}
    for a, b in combinations(items, 2):
        assert not similar[row[a.lead], row[b.lead]]
    for item in items:
        for member in item.members:
            assert similar[row[member], row[item.lead]]
