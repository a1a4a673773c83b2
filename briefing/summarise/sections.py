"""Sections: the event, each party's position, the background and what comes next.

The rules, in the order they are tried on each item (its lead sentence decides):
1. **Event**: a sentence that opens an article (its lede) reports the event itself.
2. **What comes next**: a sentence with a future marker ("will", "is expected to", "upcoming",
   "planned", "next week"...) that names a time or an event to come (a day, a date, "next
   month", a visit, a vote, talks, a deadline); "will" alone is not.
3. **Position of a party**: a sentence that attributes words to a speaker (`speakers`) states
   the position of the speaker's party, when exactly one party can be found for the speaker
   (`people`); an analyst speaks for no party. A named speaker with no known party is a party
   of their own once the briefing attributes at least two items to them.
4. **Event** again: a sentence about the same thing as the ledes (similar words) is the event.
5. **Background**: everything else.
Items keep reading order within a section; empty sections are left out.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from briefing.core.models import SECTION_KINDS, Item, Label, People, Section, Sentence
from briefing.core.wordlists import alternatives
from briefing.summarise.people import Parties, build_parties, learn_people, speaker_party
from briefing.summarise.speakers import named_speaker
from briefing.summarise.titles import event_title

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

FUTURE = re.compile(r"\b(?:" + alternatives("future_markers") + r")(?!\w)", re.IGNORECASE)
SCHEDULED = re.compile(r"\b(?:" + alternatives("scheduled") + r")(?!\w)", re.IGNORECASE)
MIN_ITEMS_FOR_UNKNOWN_PARTY = 2


def assign_sections(items: Sequence[Item], sentences: Sequence[Sentence],
                    table: dict[str, tuple[str, ...]], titles: dict[str, str],
                    terms: Callable[[str], list[str]], people: People | None = None) -> list[Section]:
    """Group items into the sections of a briefing, each in reading order; `people` are what
    the sentences say of people (`learn_people`), when learned already."""
    learned = people if people is not None else learn_people(sentences, table)
    experts = learned.experts
    parties = build_parties(table, learned.parties)
    known = set(table)
    ledes = Ledes([set(terms(s.text)) for s in sentences if s.position == 0])
    openings = _article_openings(items)
    labels = [classify(item, parties, ledes, set(terms(item.text)), openings, experts)
              for item in items]
    counts = Counter(label.side for label in labels if label.side)
    labels = [settle_party(label, counts, known) for label in labels]
    return build_sections(items, labels, titles, event_title(sentences, titles), openings)


def _article_openings(items: Sequence[Item]) -> dict[int, int]:
    """Where each article's first sentence fit for a briefing stands: its lede, as far as the
    briefing goes (a first line that is a quote or a teaser leaves the lede to the next)."""
    openings: dict[int, int] = {}
    for member in (m for item in items for m in item.members):
        openings[member.article] = min(member.position, openings.get(member.article, member.position))
    return openings


def _agreeing_ledes(item: Item, openings: dict[int, int]) -> int:
    """How many articles open with this item's claim: the event most of them report leads.

    An article not in `openings` opens at its first sentence.
    """
    return len({m.article for m in item.members if openings.get(m.article, 0) == m.position})


def event_item(items: Sequence[Item]) -> Item | None:
    """The item most articles open with (by weight among equals), or None when none opens one."""
    openings = _article_openings(items)
    best = max(items, key=lambda item: (_agreeing_ledes(item, openings), item.weight), default=None)
    return best if best is not None and _agreeing_ledes(best, openings) else None


def classify(item: Item, parties: Parties, ledes: Ledes,
             item_terms: set[str], openings: dict[int, int] | None = None,
             experts: frozenset[str] = frozenset()) -> Label:
    """The section of one item, by the rules of the module docstring."""
    text = item.text
    if _agreeing_ledes(item, openings or {}):
        return Label("event")
    for kind, rules in SECTION_KINDS.items():  # kinds added to the registry, with rules of their own
        if rules.matches is not None and rules.matches(text):
            return Label(kind)
    if FUTURE.search(text) and SCHEDULED.search(text):
        return Label("next")
    party = speaker_party(text, parties, experts)
    if party:
        return Label("position", party)
    if ledes.about_the_event(item_terms):
        return Label("event")
    return Label("background")


class Ledes:
    """The articles' ledes as sets of terms, indexed: which share enough words with an item.

    A binary sparse matrix of ledes by term, read by column: the columns of an item's words
    list the ledes that hold them, counted for every lede at once instead of a loop over the
    ledes. (NumPy and SciPy are imported here, not with the module, which the command line
    reads for its section names.)
    """

    _matrix: sparse.csc_matrix
    _sizes: np.ndarray

    def __init__(self, lede_terms: Sequence[set[str]]):
        import numpy as np
        from scipy import sparse

        self._count = len(lede_terms)
        self._vocabulary: dict[str, int] = {}
        rows = [r for r, terms in enumerate(lede_terms) for _ in terms]
        cols = [self._vocabulary.setdefault(t, len(self._vocabulary)) for terms in lede_terms for t in terms]
        self._matrix = sparse.csc_matrix((np.ones(len(rows)), (rows, cols)),  # read by column
                                         shape=(self._count, max(len(self._vocabulary), 1)))
        self._sizes = np.array([len(terms) for terms in lede_terms], dtype=float)

    def about_the_event(self, item_terms: set[str]) -> bool:
        """Shares enough words with at least two ledes (overlap over the smaller set)."""
        import numpy as np

        if not item_terms or not self._count:
            return False
        known = [self._vocabulary[t] for t in item_terms if t in self._vocabulary]
        indptr, indices = self._matrix.indptr, self._matrix.indices  # read straight: slicing costs more
        ledes = [indices[indptr[column]:indptr[column + 1]] for column in known]
        shared = np.bincount(np.concatenate(ledes), minlength=self._count) if ledes else np.zeros(self._count)
        smaller = np.minimum(self._sizes, len(item_terms))
        close = np.count_nonzero((self._sizes > 0) & (shared >= 0.5 * smaller))
        return bool(close >= min(2, self._count))


def settle_party(label: Label, counts: Counter[str], known: set[str]) -> Label:
    """A party not in the table needs enough items to be a side; else it is background."""
    if label.side is None or label.side in known or counts[label.side] >= MIN_ITEMS_FOR_UNKNOWN_PARTY:
        return label
    return Label("background")


def build_sections(items: Sequence[Item], labels: Sequence[Label], titles: dict[str, str],
                   event: str, openings: dict[int, int] | None = None) -> list[Section]:
    """Sections in the order of SECTION_KINDS, sides by their number of items, items in reading
    order; the event's first item is the one most articles open with."""
    grouped: dict[Label, list[Item]] = {}
    for item, label in zip(items, labels, strict=True):
        grouped.setdefault(label, []).append(item)
    order = sorted(grouped, key=lambda label: (SECTION_KINDS[label.kind].order, -len(grouped[label]),
                                               label.side or ""))
    sections = []
    for label in order:
        members = sorted(grouped[label], key=lambda item: item.reading_order)
        if label.kind == "event":
            main = max(members, key=lambda item: (_agreeing_ledes(item, openings or {}), item.priority))
            members = [main, *(item for item in members if item is not main)]
        title = event if label.kind == "event" else titles.get(label.kind, label.kind.title())
        members = [replace(item, speaker=named_speaker(item.text)) for item in members]
        sections.append(Section(label.kind, title.format(side=label.side), tuple(members), side=label.side))
    return sections
