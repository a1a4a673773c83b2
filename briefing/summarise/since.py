"""Since the last briefing: which items are new, and which earlier points today's sources dropped.

An earlier day's briefing (its JSON) is matched to today's story by content: the stemmed words
of all their items, compared by TF-IDF cosine, never by file name. An item is new when no
earlier item states the same thing (the merge threshold); an earlier point is no longer
reported when none of today's items states it. A first day, or a story no earlier briefing
matches, has no marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from briefing.core.models import Briefing, Item
from briefing.summarise.vectors import Vectorizer, tfidf_matrix


@dataclass(frozen=True, slots=True)
class Earlier:
    """One story of an earlier day's edition: its date and the points it showed."""

    date: str
    points: tuple[str, ...]


def compare(briefing: Briefing, earlier: Sequence[Earlier], vectorizer: Vectorizer,
            same_claim: float, same_story: float) -> Briefing:
    """The briefing with its new items marked and the points the matching earlier briefing made
    that no item states now; unchanged when no earlier story matches."""
    items = briefing.items
    match = _matching_story(items, earlier, vectorizer, same_story)
    if match is None or not items:
        return briefing
    texts = [item.text for item in items] + list(match.points)
    matrix = tfidf_matrix([vectorizer.terms(text) for text in texts])
    similarity = (matrix[: len(items)] @ matrix[len(items):].T).toarray()
    new = {id(item) for item, row in zip(items, similarity, strict=True) if row.max(initial=0) < same_claim}
    dropped = tuple(point for point, column in zip(match.points, similarity.T, strict=True)
                    if column.max(initial=0) < same_claim)

    def marked(item: Item) -> Item:
        return replace(item, new=id(item) in new)

    sections = tuple(replace(s, items=tuple(map(marked, s.items))) for s in briefing.sections)
    return replace(briefing, sections=sections, dropped=dropped, since=match.date)


def _matching_story(items: Sequence[Item], earlier: Sequence[Earlier], vectorizer: Vectorizer,
                   threshold: float) -> Earlier | None:
    """The earlier story whose points, taken together, are most like today's items."""
    if not earlier:
        return None
    documents = [[t for item in items for t in vectorizer.terms(item.text)]]
    documents += [[t for point in story.points for t in vectorizer.terms(point)] for story in earlier]
    matrix = tfidf_matrix(documents)
    scores = (matrix[1:] @ matrix[0].T).toarray().ravel()
    best = int(scores.argmax())
    return earlier[best] if scores[best] >= threshold else None
