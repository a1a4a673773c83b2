"""Select: items chosen by how much of the story's reported content they cover, within a budget."""

from __future__ import annotations

from briefing.models import Item, Sentence
from briefing.select import concept_weights, select_by_coverage
from briefing.vectors import Vectorizer

VECTORIZER = Vectorizer("english")
FLOOD = "Flood waters swept through the river valley on Sunday and destroyed hundreds of homes."
FLOOD_AGAIN = "Flood waters swept through the river valley on Sunday, destroying homes and roads."
RESCUE = "Army helicopters rescued stranded villagers from rooftops across the river valley."
AID = "The government promised emergency aid for families who lost their homes."
WEATHER = "Forecasters said more heavy rain would fall over the weekend in the hills."


def story() -> tuple[list[Sentence], list[Item]]:
    """Four articles: all report the flood, three the rescue, two the aid, one the weather."""
    texts = {0: [FLOOD, RESCUE, AID], 1: [FLOOD_AGAIN, RESCUE, WEATHER], 2: [FLOOD, RESCUE, AID],
             3: [FLOOD_AGAIN]}
    sentences = [Sentence(text, article, position, 0.5)
                 for article, lines in texts.items() for position, text in enumerate(lines)]
    items = [Item(text, (0,), score, (Sentence(text, 0, n, score),))
             for n, (text, score) in enumerate([(FLOOD, 0.9), (FLOOD_AGAIN, 0.95), (RESCUE, 0.6),
                                                (AID, 0.5), (WEATHER, 0.8)])]
    return sentences, items


def test_select_concepts_are_weighted_by_the_articles_that_state_them() -> None:
    sentences, _ = story()
    weights = concept_weights(sentences, VECTORIZER)
    assert weights["flood water"] == 4
    assert weights["armi helicopt"] == 3
    assert "heavi rain" not in weights  # one article only: detail, not the story


def test_select_covers_the_story_not_the_same_point_twice() -> None:
    sentences, items = story()
    chosen = select_by_coverage(items, sentences, VECTORIZER, words=30)
    texts = [item.text for item in chosen]
    assert RESCUE in texts
    assert len({FLOOD, FLOOD_AGAIN} & set(texts)) == 1  # the flood once, though both score high


def test_select_never_overruns_the_budget_and_fills_it() -> None:
    sentences, items = story()
    for words in (12, 20, 30, 45, 200):
        chosen = select_by_coverage(items, sentences, VECTORIZER, words)
        used = sum(len(item.text.split()) for item in chosen)
        assert used <= words
        left = [i for i in items if i not in chosen]
        assert all(used + len(i.text.split()) > words for i in left)
