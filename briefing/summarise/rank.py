"""Rank: what a sentence and an item are worth, and the order in which the page keeps items.

Three numbers, each in its own field:

- `Sentence.rating`: the scorer's rating of the sentence (score.py), scaled 0..1 in the folder.
- `Item.weight`: what the item is worth alone: its best sentence's rating (centrality) and the
  share of sources that state it or part of it (corroboration), half each, times how well its
  wording reads alone (clarity).
- `Item.priority`: the order in which the page keeps items, 1 for the first falling towards 0.
  The page's objective is the summary's (select.py): cover the most of what the articles
  report. Greedily, each next item is the one that adds the most reported concepts not yet
  covered per word, blended with its weight less its likeness to items already ranked
  (maximal marginal relevance, Carbonell and Goldstein 1998) per its length; an item that
  says much the same as one above it goes below every item that does not, and the item that
  states the event comes first. The fit drops items from the end of this order, so the page
  holds the greedy solution for its space.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from briefing.core.models import Item, Sentence
from briefing.core.wordlists import any_found, screens
from briefing.summarise.vectors import Vectorizer, tfidf_and_counts

CORROBORATION_WEIGHT = 0.5  # of an item's weight, the rest is centrality
COVERAGE_WEIGHT = 0.3  # of an item's priority value, the rest is its weight less its overlap
NOVELTY_WEIGHT = 0.5  # how much an item's likeness to one ranked above lowers its value
REPEAT_OVERLAP = 0.5  # word-count cosine at which an item says much the same as another
REPEAT_PENALTY = 2.0  # values lie in 0..1: a repeat ranks below every item that is not one
COST_EXPONENT = 1.0  # coverage gain per word**r, as the summary's budget counts words
LENGTH_EXPONENT = 0.3  # weight per (words / mean words)**r: a page is space, long items fill it
RANKED_ITEMS = 300  # past these (by weight) items keep their order and the lowest priority

BACK_REFERENCE = re.compile(r"\b(?:these|those|the same|do so|did so|doing so)\b", re.IGNORECASE)
BACK_REFERENCE_SCREENS = screens(BACK_REFERENCE.pattern)  # for case-folded text
UNCLEAR_PENALTY = 0.7
SUBSTANTIAL_WORDS = 12
CONCISE_WORDS = 30
SPECIFIC_NAMES = 8
NAME_BONUS = 0.04


def clarity(sentence: Sentence) -> float:
    """How well the sentence reads on its own.

    A reference back ('these reports', 'do so') needs the sentence before it; a short sentence
    says little, and SumBasic's average word weight favours short sentences, so under 12 words
    the factor shrinks with the length.
    """
    return _clarity(sentence.text, len(sentence.text.split()))


def _clarity(text: str, words: int) -> float:
    unclear = UNCLEAR_PENALTY if _refers_back(text) else 1.0
    return unclear * math.sqrt(min(1.0, words / SUBSTANTIAL_WORDS))


def _refers_back(text: str) -> bool:
    """BACK_REFERENCE, screened first: case-folded text holds the screens' words wherever the
    case-blind pattern finds them, and most sentences hold none (many times faster to look for)."""
    return (any_found(BACK_REFERENCE_SCREENS, text.casefold())
            and BACK_REFERENCE.search(text) is not None)


def _concision(words: int) -> float:
    """Long sentences cost a page's space: past 30 words the lead's chance shrinks gently."""
    return math.sqrt(min(1.0, CONCISE_WORDS / words))


def _specificity(words: list[str]) -> float:
    """Wording that names who and what (capitalised names past the first word) tells more."""
    names = len([word for word in words[1:] if word[0].isupper()])
    return 1 + NAME_BONUS * min(names, SPECIFIC_NAMES)


def lead_order(sentence: Sentence, words: list[str] | None = None) -> tuple[float, int, int]:
    """Order of sentences for leading an item: rating weighed by how well it reads alone.

    words: the sentence's text split at white space, when already split (every sentence of a
    day of wire copy is ordered: each split is a share of the time)."""
    split = sentence.text.split() if words is None else words
    worth = (sentence.rating * _clarity(sentence.text, len(split)) * _concision(len(split))
             * _specificity(split))
    return (-worth, sentence.article, sentence.position)


def item_weight(members: Sequence[Sentence], backing: Sequence[Sentence], source_count: int) -> float:
    """Centrality and corroboration, half each, times the lead's clarity.

    Sentences that state part of the item's claim (`backing`) count for its weight, not among
    its citations: what many outlets report rises.
    """
    centrality = max(m.rating for m in [*members, *backing])
    corroboration = len({m.article for m in [*members, *backing]}) / max(source_count, 1)
    return round(((1 - CORROBORATION_WEIGHT) * centrality + CORROBORATION_WEIGHT * corroboration)
                 * clarity(members[0]), 4)


def prioritise(items: Sequence[Item], concepts: dict[str, int], vectorizer: Vectorizer,
               event: Item | None = None) -> list[Item]:
    """The items in the order the page keeps them, each with its priority (see the module).

    `concepts` weighs each reported concept (select.concept_weights); `event`, when given, is
    ranked first whatever its value.
    """
    ordered = sorted(items, key=lambda item: (item is not event, -item.weight))
    head, tail = ordered[:RANKED_ITEMS], ordered[RANKED_ITEMS:]
    if not head:
        return []
    terms = [vectorizer.terms(item.text) for item in head]
    matrix, plain = tfidf_and_counts(terms)
    similarity = (matrix @ matrix.T).toarray()
    repeats = (plain @ plain.T).toarray() >= REPEAT_OVERLAP
    weights = np.array([item.weight for item in head])
    lengths = np.array([len(item.text.split()) for item in head], dtype=float)
    costs, spread = lengths ** COST_EXPONENT, (lengths / lengths.mean()) ** LENGTH_EXPONENT
    covers = [set(vectorizer.concepts(item.text)) & concepts.keys() for item in head]
    covered: set[str] = set()
    overlap = np.zeros(len(head))
    repeated = np.zeros(len(head), dtype=bool)
    remaining = np.ones(len(head), dtype=bool)
    order: list[int] = []
    for _ in range(len(head)):
        gains = np.array([sum(concepts[c] for c in cover - covered) for cover in covers]) / costs
        coverage = gains / gains.max() if gains.max() > 0 else gains
        values = (COVERAGE_WEIGHT * coverage
                  + (1 - COVERAGE_WEIGHT) * (weights - NOVELTY_WEIGHT * overlap) / spread
                  - REPEAT_PENALTY * repeated)
        best = 0 if event is not None and not order else int(np.argmax(np.where(remaining, values, -np.inf)))
        order.append(best)
        covered |= covers[best]
        overlap = np.maximum(overlap, similarity[best])
        repeated |= repeats[best]
        remaining[best] = False
    ranked = [head[j] for j in order] + tail
    return [replace(item, priority=round(1 - rank / len(ranked), 4)) for rank, item in enumerate(ranked)]
