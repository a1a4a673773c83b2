"""Fit: keep the most important items that fit on one printed page.

Items are ranked by priority (rank.py); the fit keeps the first k for the largest k whose
rendering is one page. The page count only grows with k, so k is searched from the pages the
counts measured so far fill (`_largest_on_one_page`), two counts at a time, along the line of
what they fill against what they show (`Sizes`): a page that grows evenly costs two rounds of
two renders, which the PDF renderer lays out side by side. The type size never changes.
`measure` is injected: the real one renders the PDF and returns the pages it fills, in heights
of the page's content (1.4: one page and 40% of the next).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache

from briefing.core import errors
from briefing.core.models import Article, Briefing, IndexView, Item

Measure = Callable[[Sequence[Briefing]], list[float]]  # pages each fills: over 1 exactly when it runs over
# what the first 0, 1, 2... of the items (best first) show on a page, in any unit that grows with
# what they fill: their characters, say, with those of the sources they list (render.shown_sizes)
Sizes = Callable[[Sequence[Item], Sequence[Article]], Sequence[float]]
ROUNDING = 1e-9  # a count the line predicts to the last digit is that count, not one less
CREEP = 1  # counts a probe may sit above the line through two counts that ran over
SHARE_GUESSED = 0.75  # of the items, measured beside all of them
SECTION_SHARE = 0.85  # weight of each further item of a section beside its better one, in the fit


def keep_best(briefing: Briefing, count: int) -> Briefing:
    """The briefing with only its first `count` items by priority; empty sections go.

    The item that states the event comes first whatever its priority: a briefing says what
    happened before anything else.
    """
    keep = {id(item) for item in _ranked(briefing)[:count]}
    sections = []
    for section in briefing.sections:
        items = tuple(item for item in section.items if id(item) in keep)
        if items:
            sections.append(replace(section, items=items))
    return _keep_cited_sources(replace(briefing, sections=tuple(sections)))


def _ranked(briefing: Briefing) -> list[Item]:
    """The items in the order the fit keeps them: the event first, then by priority, each
    section's k-th best weighed SECTION_SHARE**k, so that the page is shared between sections
    by what they hold: a section's fifth point must be much better than another's second."""
    event = _lead_event(briefing)
    shared = {id(item): item.priority * SECTION_SHARE ** place for section in briefing.sections
              for place, item in enumerate(sorted(section.items, key=_by_priority))}
    return sorted(briefing.items, key=lambda item: (item is not event, -shared[id(item)], item.text))


def _by_priority(item: Item) -> tuple[float, str]:
    return -item.priority, item.text


def _lead_event(briefing: Briefing) -> Item | None:
    """The item that states what happened: the first of the event section, which comes first."""
    first = briefing.sections[0] if briefing.sections else None
    return first.items[0] if first and first.kind == "event" and first.items else None


def _keep_cited_sources(briefing: Briefing) -> Briefing:
    """Only the sources the items cite, renumbered in folder order: a source list fits the page."""
    used = sorted({source for item in briefing.items for source in item.cited})
    number = {old: new for new, old in enumerate(used)}

    def renumbered(item: Item) -> Item:
        return replace(item, sources=tuple(number[s] for s in item.sources),
                       members=tuple(m.in_article(number[m.article]) for m in item.members),
                       differs=tuple(map(renumbered, item.differs)))

    sections = tuple(replace(section, items=tuple(map(renumbered, section.items)))
                     for section in briefing.sections)
    return replace(briefing, sources=tuple(briefing.sources[i] for i in used), sections=sections)


def shape_for_audience(briefing: Briefing, kinds: Sequence[str], per_section: int) -> Briefing:
    """Only the section kinds an audience reads, in its order, each capped to its best items."""
    sections = []
    for kind in kinds:
        for section in briefing.sections:
            if section.kind == kind:
                best = sorted(section.items, key=lambda item: (
                    item is not section.items[0] or kind != "event", -item.priority))[:per_section or None]
                chosen = {id(item) for item in best}  # not `in best`: items compare field by field
                sections.append(replace(section, items=tuple(i for i in section.items if id(i) in chosen)))
    return replace(briefing, sections=tuple(sections))


def fit_to_page(briefing: Briefing, measure: Measure, max_items: int, at_once: int = 1,
                sizes: Sizes | None = None) -> Briefing:
    """The briefing with the most items (best first) that still measures one page.

    All the items are measured beside three quarters of them when `at_once` allows, then each
    probe beside its neighbour; the same counts decide either way. `sizes` predicts probes
    from what the items show, which a page's fill follows more closely than their count.
    """
    most = min(max_items, len(briefing.items))
    known: dict[int, float] = {}

    def together(counts: Sequence[int]) -> dict[int, float]:
        new = [count for count in dict.fromkeys(counts) if count not in known]
        if new:
            known.update(zip(new, measure([keep_best(briefing, count) for count in new]), strict=True))
        return {count: known[count] for count in counts}

    def filled(count: int) -> float:
        return together([count])[count]

    guess = int(most * SHARE_GUESSED)
    guesses = [guess] if 0 < guess < most else []
    together([most, *guesses] if at_once > 1 else [most])
    if filled(most) <= 1:
        return keep_best(briefing, most)
    together(guesses)  # measured already when two at once
    shown = sizes(_ranked(briefing)[:most], briefing.sources) if sizes else None
    count = _largest_on_one_page(most, filled, together, dict(known), shown)
    if count == 0 and most > 0:
        raise errors.nothing_fits(filled(1), filled(0))
    return keep_best(briefing, count)


@dataclass(frozen=True)
class Bracket:
    """What the counts measured so far say: `low` fits (0 always does), `high` runs over."""

    low: int
    high: int
    over: tuple[int, ...]  # every count measured to run over, smallest last
    fits_in_a_row: int = 0

    def settled(self, fills: Mapping[int, float]) -> Bracket:
        """The bracket narrowed by measured fills, the largest count first."""
        bracket = self
        for count, share in sorted(fills.items(), reverse=True):
            if bracket.low < count < bracket.high:
                bracket = bracket._narrowed(count, fits=share <= 1)
        return bracket

    def _narrowed(self, count: int, fits: bool) -> Bracket:
        if fits:
            return replace(self, low=count, fits_in_a_row=self.fits_in_a_row + 1)
        return replace(self, high=count, over=(*self.over, count), fits_in_a_row=0)


def _largest_on_one_page(most: int, filled: Callable[[int], float],
                         together: Callable[[list[int]], dict[int, float]] | None = None,
                         measured: Mapping[int, float] | None = None,
                         sizes: Sequence[float] | None = None) -> int:
    """The largest count in 0..most that fills at most one page, when `most` fills more.

    A false-position search on the page's fill against the size each count shows (`sizes`, else
    the count), falling back to halving after two fits in a row; `together` measures a probe
    and its neighbour at once, `measured` holds fills known already.
    """
    scale = range(most + 1) if sizes is None else sizes
    creep = CREEP if sizes is None else 0
    bracket = Bracket(low=0, high=most, over=(most,)).settled(measured or {})
    while bracket.high - bracket.low > 1:
        probe = _next_probe(bracket, filled, scale, creep)
        beside = [count for count in (probe + 1, probe - 1) if bracket.low < count < bracket.high][:1]
        bracket = bracket.settled(together([probe, *beside]) if together else {probe: filled(probe)})
    return bracket.low


def _next_probe(bracket: Bracket, filled: Callable[[int], float], scale: Sequence[float],
                creep: int) -> int:
    """The count to measure next, strictly inside the bracket.

    Before any probe fits: the count that would fill one page in proportion, or lower, up to
    `creep` above the line through the two smallest counts that ran over (counts alone are a
    rough size: a page with a large fixed part must not creep down one count at a time). Then
    the line between the bracket's ends; after two fits in a row, its middle.
    """
    low, high, over = bracket.low, bracket.high, bracket.over
    if low == 0:
        probe = _count_of_size(scale, scale[high] / filled(high))
        if len(over) > 1:
            probe = min(probe, _along_line(over[-1], over[-2], filled, scale) + creep)
    elif bracket.fits_in_a_row >= 2:
        probe = (low + high) // 2
    else:
        probe = _along_line(low, high, filled, scale)
    return min(max(probe, low + 1), high - 1)


def _along_line(count: int, other: int, filled: Callable[[int], float], sizes: Sequence[float]) -> int:
    """The count at which the line through two measured counts fills exactly one page, the
    page taken to fill in a line with the size (by count) of what it shows."""
    slope = (filled(other) - filled(count)) / (sizes[other] - sizes[count] or 1)
    return count if slope <= 0 else _count_of_size(sizes, sizes[count] + (1 - filled(count)) / slope)


def _count_of_size(sizes: Sequence[float], size: float) -> int:
    """The largest count whose size is at most `size` (-1 below the first); sizes only grow."""
    return bisect_right(sizes, size + ROUNDING) - 1


def fit_index(index: IndexView, measure: Callable[[IndexView], float], sizes: Sequence[float]) -> IndexView:
    """The index listing as many stories, then leftovers, as fit one page.

    The count is predicted along the size each count shows (`sizes`: a story's entry is several
    article lines) from what all entries and a guess in proportion fill; every guess shows at
    least one entry.
    """
    entries = len(index.stories) + len(index.leftovers)

    @cache
    def filled(count: int) -> float:
        return measure(index.first(count))

    if filled(entries) <= 1:
        return index
    proportional = min(max(_count_of_size(sizes, sizes[entries] / filled(entries)), 1), entries - 1)
    guess = min(max(_along_line(proportional, entries, filled, sizes), 1), entries - 1)
    if filled(guess) <= 1:
        return index.first(guess)
    return index.first(_largest_on_one_page(guess, filled, sizes=sizes))


def fit_to_words(items: Sequence[Item], words: int | None = None,
                 sentences: int | None = None) -> list[Item]:
    """The first items by priority within a budget of words or sentences, in reading order.

    Items are taken in priority order; one that would overrun the word budget is passed over for a
    shorter one further down, so the summary fills its budget without cutting a sentence.
    """
    chosen: list[Item] = []
    used = 0
    for item in sorted(items, key=lambda item: -item.priority):
        length = len(item.text.split())
        if sentences is not None and len(chosen) >= sentences:
            break
        if words is not None and used + length > words:
            continue
        chosen.append(item)
        used += length
    return sorted(chosen, key=lambda item: item.reading_order)
