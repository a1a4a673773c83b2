"""Select: items chosen by how much of the story's reported content they cover, within a budget."""

from __future__ import annotations

from dataclasses import replace

import pytest

from briefing.core.algorithms import ALGORITHMS, resolve
from briefing.core.models import Item, Sentence
from briefing.summarise.select import Selector, concept_weights, count_concepts, weigh_concepts
from briefing.summarise.vectors import Vectorizer
from tests.conftest import story_of

VECTORIZER = Vectorizer("english")
SELECTORS: dict[str, Selector] = {name: resolve(a.selects) for name, a in ALGORITHMS.items() if a.selects}
FLOOD = "Flood waters swept through the river valley on Sunday and destroyed hundreds of homes."
FLOOD_AGAIN = "Flood waters swept through the river valley on Sunday, destroying homes and roads."
RESCUE = "Army helicopters rescued stranded villagers from rooftops across the river valley."
AID = "The government promised emergency aid for families who lost their homes."
WEATHER = "Forecasters said more heavy rain would fall over the weekend in the hills."


def story() -> tuple[list[Sentence], list[Item]]:
    """Four articles: all report the flood, three the rescue, two the aid, one the weather."""
    texts = {0: [FLOOD, RESCUE, AID], 1: [FLOOD_AGAIN, RESCUE, WEATHER], 2: [FLOOD, RESCUE, AID],
             3: [FLOOD_AGAIN]}
    return story_of(texts, {FLOOD: 0.9, FLOOD_AGAIN: 0.95, RESCUE: 0.6, AID: 0.5, WEATHER: 0.8})


def test_select_concepts_are_weighted_by_the_articles_that_state_them() -> None:
    sentences, _ = story()
    weights = concept_weights(sentences, VECTORIZER)
    assert weights["flood water"] == 4
    assert weights["armi helicopt"] == 3
    assert "heavi rain" not in weights  # one article only: detail, not the story


def test_select_concepts_counted_in_batches_add_up_to_the_weights_of_all() -> None:
    """Worker processes count batches of articles; the counts add up to what all weigh at once."""
    sentences, _ = story()
    articles = [[s.text for s in sentences if s.article == number] for number in range(4)]
    whole = concept_weights(sentences, VECTORIZER)
    for cut in range(1, 4):
        counts = count_concepts(articles[:cut], "english") + count_concepts(articles[cut:], "english")
        assert weigh_concepts(counts, len(articles)) == whole
    assert whole["emerg aid"] == 2  # two articles are enough in a small story
    assert "emerg aid" not in weigh_concepts(count_concepts(articles, "english"), 6)  # not in a larger one


@pytest.mark.parametrize("name", ["coverage", "submodular"])
def test_select_covers_the_story_not_the_same_point_twice(name: str) -> None:
    select = SELECTORS[name]
    sentences, items = story()
    chosen = select(items, sentences, VECTORIZER, 30)
    texts = [item.text for item in chosen]
    assert RESCUE in texts
    assert len({FLOOD, FLOOD_AGAIN} & set(texts)) == 1  # the flood once, though both score high


@pytest.mark.parametrize("select", SELECTORS.values(), ids=list(SELECTORS))
def test_select_never_overruns_the_budget_and_fills_it(select: Selector) -> None:
    sentences, items = story()
    for words in (12, 20, 30, 45, 200):
        chosen = select(items, sentences, VECTORIZER, words)
        used = sum(len(item.text.split()) for item in chosen)
        assert used <= words
        left = [i for i in items if i not in chosen]
        assert all(used + len(i.text.split()) > words for i in left)


def test_select_dpp_never_takes_a_wording_twice_however_good() -> None:
    sentences, items = story()
    copy = Item(FLOOD, (1,), 1.0, (Sentence(FLOOD, 1, 0, 1.0),), priority=1.0)
    best = [replace(item, weight=1.0, priority=1.0) if item.text == FLOOD else item for item in items]
    texts = [item.text for item in SELECTORS["dpp"]([*best, copy], sentences, VECTORIZER, 30)]
    assert texts.count(FLOOD) == 1  # two copies would fit and score best: the determinant is 0
