"""Rank: an item's weight, and the page's order by coverage of what the articles report."""

from __future__ import annotations

from briefing.core.models import Item, Sentence
from briefing.summarise.rank import clarity, item_weight, prioritise
from briefing.summarise.select import concept_weights
from briefing.summarise.vectors import Vectorizer
from tests.conftest import story_of

VECTORIZER = Vectorizer("english")
QUAKE = "A strong earthquake struck the coastal city of Izmir on Friday, toppling several buildings."
QUAKE_AGAIN = "A strong earthquake struck the coastal city of Izmir on Friday and toppled buildings."
RESCUE = "Rescue teams pulled survivors from the rubble of collapsed buildings in Izmir overnight."
TSUNAMI = "A small tsunami flooded streets near the harbour of the Greek island of Samos."
DETAIL = "The mayor of a nearby town said his office had received several calls from residents."


def story() -> tuple[list[Sentence], list[Item]]:
    """Four articles: all report the quake, three the rescue, two the tsunami, one the detail."""
    texts = {0: [QUAKE, RESCUE, TSUNAMI], 1: [QUAKE_AGAIN, RESCUE], 2: [QUAKE, RESCUE, TSUNAMI],
             3: [QUAKE_AGAIN, DETAIL]}
    return story_of(texts, {QUAKE: 0.9, QUAKE_AGAIN: 0.85, RESCUE: 0.5, TSUNAMI: 0.4, DETAIL: 0.6})


def page_order(event: int | None = None) -> list[str]:
    sentences, items = story()
    ranked = prioritise(items, concept_weights(sentences, VECTORIZER), VECTORIZER,
                        None if event is None else items[event])
    priorities = [item.priority for item in ranked]
    assert priorities == sorted(priorities, reverse=True)
    assert len(set(priorities)) == len(ranked)
    return [item.text for item in ranked]


def test_rank_page_covers_what_more_articles_report_before_detail_and_repeats() -> None:
    order = page_order()
    assert order[0] == QUAKE
    assert order.index(RESCUE) < order.index(DETAIL)  # three articles against one, though it weighs less
    assert order[-1] == QUAKE_AGAIN  # says the first item again: below everything else


def test_rank_the_event_comes_first_whatever_its_weight() -> None:
    assert page_order(event=2)[0] == RESCUE


def test_rank_weight_rises_with_the_sources_that_state_the_claim() -> None:
    lead = Sentence(RESCUE, 0, 1, 0.5)
    alone = item_weight([lead], [], source_count=4)
    backed = item_weight([lead, Sentence(RESCUE, 1, 1, 0.5)], [Sentence(RESCUE, 2, 1, 0.5)], source_count=4)
    assert backed > alone


def test_rank_clarity_lowers_a_short_sentence_and_one_that_points_back() -> None:
    assert clarity(Sentence(RESCUE, 0, 0)) == 1.0
    assert clarity(Sentence("Rescue teams did so overnight in the rubble of the city.", 0, 0)) < 1.0
    assert clarity(Sentence("Rescuers arrived.", 0, 0)) < 1.0
