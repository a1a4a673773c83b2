"""Fit: keep the best items that fit one page, in section and reading order."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from briefing.core.errors import SettingsError
from briefing.core.models import SECTION_KINDS, Article, Briefing, IndexView, Item, Section, Sentence
from briefing.page.fit import SECTION_SHARE, Measure, _largest_on_one_page, fit_index, fit_to_page, keep_best

WORDS_PER_PAGE = 20
SOURCE = Article(path="harbour.txt", text="The harbour bridge reopened.")


def item(name: str, score: float, words: int = 5) -> Item:
    """An item of `words` words whose text starts with its name, so tests can find it."""
    text = " ".join([name] + ["word"] * (words - 1))
    return Item(text=text, sources=(0,), weight=score, members=(Sentence(text, 0, 0, score),),
                priority=score)


def briefing(*sections: tuple[str, list[Item]]) -> Briefing:
    return Briefing(title="Harbour bridge", date="2024-03-05", sources=(SOURCE,),
                    sections=tuple(Section(kind=k, title=k.title(), items=tuple(items))
                                   for k, items in sections))


def words_pages(b: Briefing, per_page: int, header: int = 0) -> int:
    """Pages a briefing would take if a page held `per_page` words, `header` of them fixed."""
    return math.ceil((header + sum(len(i.text.split()) for i in b.items)) / per_page)


def words_measure(per_page: int, header: int = 0) -> Measure:
    def measure(briefings: Sequence[Briefing]) -> list[float]:
        return [words_pages(b, per_page, header) for b in briefings]
    return measure


def names(b: Briefing) -> list[tuple[str, list[str]]]:
    return [(s.key, [i.text.split()[0] for i in s.items]) for s in b.sections]


def test_fit_keeps_everything_that_fits() -> None:
    full = briefing(("event", [item("a", 0.9), item("b", 0.1)]), ("next", [item("c", 0.5)]))
    assert fit_to_page(full, words_measure(WORDS_PER_PAGE), max_items=10) == full


def test_fit_drops_lowest_scored_first_and_keeps_order() -> None:
    full = briefing(
        ("event", [item("a", 0.9), item("b", 0.1), item("c", 0.5)]),
        ("background", [item("d", 0.2)]),
        ("next", [item("e", 0.8), item("f", 0.3)]),
    )
    fitted = fit_to_page(full, words_measure(WORDS_PER_PAGE), max_items=10)
    assert names(fitted) == [("event", ["a", "c"]), ("next", ["e", "f"])]


def test_fit_shares_the_page_between_sections_by_what_they_hold() -> None:
    """Five background points a shade better than the two of what comes next do not take the
    page: a section's further points must be much better than another's first ones."""
    full = briefing(("event", [item("a", 0.9)]),
                    ("background", [item(f"b{n}", 0.80 - n / 100) for n in range(5)]),
                    ("next", [item("n0", 0.75), item("n1", 0.70)]))
    assert names(keep_best(full, 5)) == [("event", ["a"]), ("background", ["b0", "b1"]),
                                         ("next", ["n0", "n1"])]
    much_better = briefing(("event", [item("a", 0.9)]),
                           ("background", [item(f"b{n}", 0.99 - n / 100) for n in range(5)]),
                           ("next", [item("n0", 0.40)]))
    assert names(keep_best(much_better, 5)) == [("event", ["a"]), ("background", ["b0", "b1", "b2", "b3"])]


def test_fit_removes_emptied_sections_and_keeps_section_order() -> None:
    full = briefing(
        ("background", [item("a", 0.1)]),
        ("event", [item("b", 0.4)]),
        ("position", [item("c", 0.2)]),
        ("next", [item("d", 0.9)]),
    )
    fitted = fit_to_page(full, words_measure(WORDS_PER_PAGE), max_items=2)
    assert names(fitted) == [("event", ["b"]), ("next", ["d"])]
    assert [s.title for s in fitted.sections] == ["Event", "Next"]


def test_fit_respects_max_items_even_when_more_fit() -> None:
    full = briefing(("background", [item("a", 0.3), item("b", 0.9), item("c", 0.6)]))
    fitted = fit_to_page(full, words_measure(1000), max_items=2)
    assert names(fitted) == [("background", ["b", "c"])]


def test_fit_always_keeps_the_item_that_states_the_event() -> None:
    full = briefing(("event", [item("a", 0.1), item("b", 0.2)]),
                    ("background", [item("c", 0.9), item("d", 0.8)]))
    fitted = fit_to_page(full, words_measure(1000), max_items=2)
    assert names(fitted) == [("event", ["a"]), ("background", ["c"])]


def test_fit_keeps_long_best_item_over_short_worse_ones() -> None:
    full = briefing(("event", [item("a", 0.9, words=18), item("b", 0.5), item("c", 0.4)]))
    fitted = fit_to_page(full, words_measure(WORDS_PER_PAGE), max_items=10)
    assert names(fitted) == [("event", ["a"])]


def test_fit_that_keeps_no_item_is_an_error_naming_the_cause() -> None:
    full = briefing(("event", [item("a", 0.9, words=30)]))
    with pytest.raises(SettingsError, match="not one item fits the page"):
        fit_to_page(full, words_measure(WORDS_PER_PAGE), max_items=10)


layouts = st.lists(
    st.lists(st.tuples(st.floats(0, 1, allow_nan=False), st.integers(1, 30)), max_size=6),
    min_size=1, max_size=4,
)


@given(layout=layouts, header=st.integers(1, WORDS_PER_PAGE), max_items=st.integers(0, 25))
def test_fit_result_never_exceeds_one_page(
        layout: list[list[tuple[float, int]]], header: int, max_items: int) -> None:
    sections = [(tuple(SECTION_KINDS)[n], [item(f"s{n}i{k}", score, words)
                                   for k, (score, words) in enumerate(items)])
                for n, items in enumerate(layout)]
    full = briefing(*sections)
    measure = words_measure(WORDS_PER_PAGE, header)
    pages = partial(words_pages, per_page=WORDS_PER_PAGE, header=header)
    assert pages(briefing()) == 1
    try:
        fitted = fit_to_page(full, measure, max_items)
    except SettingsError:  # never an empty page: only when the first item alone runs over
        assert max_items > 0
        assert pages(keep_best(full, 1)) > 1
        return
    assert pages(fitted) <= 1
    assert len(fitted.items) <= max_items
    kept = {i.text for i in fitted.items}
    dropped = [i for i in full.items if i.text not in kept]
    event = full.sections[0].items[0] if full.sections and full.sections[0].items else None
    # The item that states the event is kept first; every other kept item scores at least as
    # high as every dropped one, a section's k-th best item scoring SECTION_SHARE**k its priority.
    shared = {item.text: item.priority * SECTION_SHARE ** place for section in full.sections
              for place, item in enumerate(sorted(section.items, key=lambda i: (-i.priority, i.text)))}
    if event and max_items and fitted.items:
        assert fitted.items[0] == event
    assert all(shared[k.text] >= shared[d.text] for k in fitted.items for d in dropped if k != event)
    # Order: the kept items are the full briefing's items filtered, no section empty.
    assert list(fitted.items) == [i for i in full.items if i.text in kept]
    assert all(s.items for s in fitted.sections)
    # Nothing more would fit: the next best item would push the page over.
    if dropped and len(fitted.items) < max_items:
        best_dropped = min(dropped, key=lambda i: (i is not event, -shared[i.text], i.text))
        used = header + sum(len(i.text.split()) for i in fitted.items)
        assert used + len(best_dropped.text.split()) > WORDS_PER_PAGE


def test_fit_search_needs_few_layouts_on_an_even_page() -> None:
    measured: list[int] = []

    def filled(count: int) -> float:  # a header of 0.3 page, each item a twentieth
        measured.append(count)
        return 0.3 + 0.05 * count

    assert _largest_on_one_page(22, filled) == 14
    assert len(set(measured)) <= 4  # 22, then 15 in proportion, then 14 along the line


def test_fit_search_needs_few_layouts_when_the_first_items_fill_the_most() -> None:
    """The first items bring the headings and the source list, so the page grows ever more
    slowly: counts in proportion come down on the answer from above (the line through two
    counts that ran over would undershoot it, and the bracket would take more layouts)."""
    measured: list[int] = []

    def filled(count: int) -> float:
        measured.append(count)
        return 0.15 + 0.12 * count ** 0.7

    assert _largest_on_one_page(40, filled) == 16
    assert len(set(measured)) <= 4  # 40, 23 in proportion, 17 and 16


def test_fit_search_does_not_creep_down_a_page_with_a_large_fixed_part() -> None:
    measured: list[int] = []

    def filled(count: int) -> float:  # a header of nine tenths of the page, items a hundredth
        measured.append(count)
        return 0.9 + 0.01 * count

    assert _largest_on_one_page(40, filled) == 10
    assert len(set(measured)) <= 4  # 40, 30, 11, 10; in proportion alone: 40, 30, 25, 21, ...


def test_fit_to_page_measures_two_counts_at_a_time_from_three_quarters_of_the_items() -> None:
    """All the items beside three quarters of them, then the line through both and its
    neighbour: two rounds of layout (a renderer with two processes lays out a pair at once)."""
    full = briefing(("event", [item(f"i{n}", 10 - n) for n in range(10)]))
    rounds: list[list[int]] = []

    def measure(briefings: Sequence[Briefing]) -> list[float]:
        rounds.append([len(b.items) for b in briefings])
        return [sum(len(i.text.split()) for i in b.items) / 40 for b in briefings]  # 8 of 5 words a page

    fitted = fit_to_page(full, measure, max_items=10, at_once=2)
    assert len(fitted.items) == 8
    assert rounds == [[10, 7], [8, 9]]
    rounds.clear()  # one at a time: the same counts, three quarters only once all ran over
    assert fit_to_page(full, measure, max_items=10) == fitted
    assert rounds == [[10], [7], [8, 9]]


LENGTHS = [30, 6, 45, 8, 12, 40, 5, 25, 9, 38, 7, 20, 33, 6, 15, 42, 10, 28, 5, 36, 11, 22]


def words_shown(items: Sequence[Item], sources: Sequence[Article]) -> list[int]:
    """The words the first 0, 1, 2... items show (a fit.Sizes)."""
    return [sum(len(i.text.split()) for i in items[:count]) for count in range(len(items) + 1)]


@pytest.mark.parametrize(("header", "per_page"), [(0.2, 150), (0.3, 150), (0.45, 250), (0.3, 320)])
def test_fit_to_page_predicts_from_sizes_in_two_rounds(header: float, per_page: int) -> None:
    """Items of very different lengths: the page fills in a line with their words, not with
    their count, so sizes put the second pair of layouts on the answer."""
    full = briefing(("event", [item(f"i{n}", 100 - n, words) for n, words in enumerate(LENGTHS)]))
    rounds: dict[str, list[list[int]]] = {"sizes": [], "counts": []}
    fitted = {}
    for kind, sizes in (("sizes", words_shown), ("counts", None)):
        def measure(briefings: Sequence[Briefing], kind: str = kind) -> list[float]:
            rounds[kind].append([len(b.items) for b in briefings])
            return [header + sum(len(i.text.split()) for i in b.items) / per_page for b in briefings]

        fitted[kind] = fit_to_page(full, measure, max_items=22, at_once=2, sizes=sizes)
    assert fitted["sizes"] == fitted["counts"]
    count = len(fitted["sizes"].items)
    assert header + sum(LENGTHS[:count]) / per_page <= 1 < header + sum(LENGTHS[:count + 1]) / per_page
    assert len(rounds["sizes"]) == 2
    assert len(rounds["sizes"]) <= len(rounds["counts"])


def test_fit_to_page_one_at_a_time_lays_out_a_page_that_fits_once() -> None:
    full = briefing(("event", [item(f"i{n}", 10 - n) for n in range(10)]))
    rounds: list[list[int]] = []

    def measure(briefings: Sequence[Briefing]) -> list[float]:
        rounds.append([len(b.items) for b in briefings])
        return [0.5 for _ in briefings]

    assert fit_to_page(full, measure, max_items=10) == full
    assert rounds == [[10]]


@given(base=st.floats(0, 0.9), steps=st.lists(st.floats(0, 0.4), min_size=1, max_size=30))
def test_fit_to_page_in_pairs_finds_the_edge_and_never_measures_a_count_twice(
        base: float, steps: list[float]) -> None:
    fills = [base + sum(steps[:n]) for n in range(len(steps) + 1)]
    full = briefing(("event", [item(f"i{n}", 100 - n) for n in range(len(steps))]))
    measured: dict[int, list[int]] = {1: [], 2: []}
    fitted = {}
    for at_once in (1, 2):
        def measure(briefings: Sequence[Briefing], at_once: int = at_once) -> list[float]:
            assert 1 <= len(briefings) <= 2
            measured[at_once].extend(len(b.items) for b in briefings)
            return [fills[len(b.items)] for b in briefings]

        try:
            fitted[at_once] = len(fit_to_page(full, measure, max_items=len(steps), at_once=at_once).items)
        except SettingsError:
            assert fills[1] > 1
            fitted[at_once] = 0
    count = fitted[1]
    assert fitted[2] == count  # laid out two at a time or one: the same count
    assert count == 0 or fills[count] <= 1
    assert count == len(steps) or fills[count + 1] > 1
    for counts in measured.values():
        assert len(counts) == len(set(counts))
        assert count == 0 or 0 not in counts  # the empty page only to say that nothing fits
    if fills[-1] > 1:
        assert set(measured[1]) == set(measured[2])


@given(st.integers(min_value=1, max_value=400), st.floats(min_value=0.01, max_value=0.2))
def test_fit_index_keeps_the_most_entries_that_fit_in_at_most_three_layouts(entries: int,
                                                                           per_line: float) -> None:
    """Index lines are alike: what all of them fill predicts the count (real layouts are
    measured in tests/test_stories.py)."""
    index = IndexView("2024-03-05", (), tuple(Article(path=f"{n}.txt", text="x") for n in range(entries)))
    layouts = []

    def measure(view: IndexView) -> float:
        layouts.append(view)
        return round(0.1 + per_line * len(view.leftovers), 9)  # not a float rounding at exactly full

    fitted = fit_index(index, measure, range(entries + 1))
    assert len(layouts) <= 3
    assert measure(fitted) <= 1
    assert fitted.hidden == 0 or measure(index.first(len(fitted.leftovers) + 1)) > 1


def test_fit_index_of_stories_and_lone_articles_keeps_the_stories_that_fit() -> None:
    """A story's entry (headline and lede) fills several times an article's line: 22 stories
    and 48 articles fill 3.3 pages, 10 stories one. By count alone, the line through all the
    entries and 21 of them (1.9 pages) fell below none, and the index showed no story."""
    story = briefing(("event", [item("Bridge", 0.9, words=30)]))
    index = IndexView("2024-03-05", tuple((story, f"story-{n}") for n in range(22)),
                      tuple(Article(path=f"{n}.txt", text="x", title="A lone article") for n in range(48)))
    size = {"story": 87, "article": 27}  # what an entry shows, in characters

    def shown(view: IndexView) -> int:
        return size["story"] * len(view.stories) + size["article"] * len(view.leftovers)

    def measure(view: IndexView) -> float:
        return round(0.08 + shown(view) / 1000, 9)

    sizes = [shown(index.first(count)) for count in range(71)]
    fitted = fit_index(index, measure, sizes)
    assert (len(fitted.stories), len(fitted.leftovers), fitted.hidden) == (10, 0, 60)


@given(base=st.floats(0, 1.5), steps=st.lists(st.floats(0, 0.4), min_size=1, max_size=40))
def test_fit_search_finds_the_edge_of_any_growing_page(base: float, steps: list[float]) -> None:
    """Pages grow by uneven steps (an item may push a block onto the next page): the search
    still finds the largest count on one page, and never renders an empty one."""
    fills = [base + sum(steps[:n]) for n in range(len(steps) + 1)]
    assume(fills[-1] > 1)
    measured: list[int] = []

    def filled(count: int) -> float:
        measured.append(count)
        return fills[count]

    answer = max(n for n in range(len(fills)) if n == 0 or fills[n] <= 1)
    assert _largest_on_one_page(len(steps), filled) == answer
    assert 0 not in measured


@given(base=st.floats(0, 1.5), steps=st.lists(st.floats(0, 0.4), min_size=1, max_size=40),
       data=st.data())
def test_fit_search_finds_the_edge_whatever_sizes_predict(base: float, steps: list[float],
                                                         data: st.DataObject) -> None:
    """Sizes only choose the counts measured: sizes that have nothing to do with the page,
    equal ones too, still lead two counts at a time to the largest count on one page."""
    fills = [base + sum(steps[:n]) for n in range(len(steps) + 1)]
    assume(fills[-1] > 1)
    grows = data.draw(st.lists(st.floats(0, 1000), min_size=len(steps), max_size=len(steps)))
    sizes = [sum(grows[:n]) for n in range(len(steps) + 1)]
    measured: list[int] = []

    def together(counts: list[int]) -> dict[int, float]:
        assert len(counts) <= 2
        measured.extend(counts)
        return {count: fills[count] for count in counts}

    answer = max(n for n in range(len(fills)) if n == 0 or fills[n] <= 1)
    found = _largest_on_one_page(len(steps), lambda count: together([count])[count], together,
                                 sizes=sizes)
    assert found == answer
    assert 0 not in measured
