"""Dedupe: syndicated copies of one article count as one source."""

from __future__ import annotations

import random

import pytest

from briefing.core.models import Article
from briefing.read.dedupe import (
    INDEXED_ARTICLES,
    drop_syndicated_copies,
    jaccard,
    keep_firsts,
    proposed_pairs,
    shingles,
    signatures,
    with_copies,
)

THRESHOLD = 0.8
STORY = (
    "The harbour bridge reopened to traffic on Tuesday morning after six months of repairs, "
    "city officials said in a statement. Engineers replaced corroded cables and resurfaced the "
    "deck, and the work finished two weeks ahead of schedule according to the transport "
    "department. Commuters said the closure had added up to forty minutes to their daily "
    "journeys across the estuary during the busiest weeks of the year. The mayor thanked "
    "residents for their patience and promised a review of how the city plans and announces "
    "major works on its roads."
)
OTHER = (
    "Gold prices rose on Tuesday as the dollar slipped against major currencies in early trade "
    "in London and New York, and traders said a pause in interest rate rises looked more likely "
    "after weak factory figures from three of the largest economies."
)


def test_dedupe_identical_copies_keep_one_with_alias_and_metadata() -> None:
    first = Article(path="a.txt", text=STORY, title="Harbour bridge reopens")
    copy = Article(path="b.txt", text=STORY, title="Bridge back open", outlet="Portcity Herald",
                   published="2024-03-05", url="https://herald.example/bridge")
    kept = drop_syndicated_copies([first, copy], THRESHOLD)
    assert kept == [Article(path="a.txt", text=STORY, title="Harbour bridge reopens",
                            outlet="Portcity Herald", published="2024-03-05",
                            url="https://herald.example/bridge", aliases=("b.txt",))]


def test_dedupe_near_identical_copy_counts_once() -> None:
    first = Article(path="a.txt", text=STORY)
    edited = Article(path="b.txt", text=STORY.replace("forty minutes", "fifty minutes"))
    assert edited.text != first.text
    kept = drop_syndicated_copies([first, edited], THRESHOLD)
    assert [a.path for a in kept] == ["a.txt"]
    assert kept[0].aliases == ("b.txt",)


def test_dedupe_different_articles_are_both_kept() -> None:
    articles = [Article(path="a.txt", text=STORY), Article(path="b.txt", text=OTHER)]
    assert drop_syndicated_copies(articles, THRESHOLD) == articles


def test_dedupe_three_copies_keep_first_with_both_aliases_in_order() -> None:
    articles = [Article(path="a.txt", text=OTHER), Article(path="b.txt", text=STORY),
                Article(path="c.txt", text=STORY), Article(path="d.txt", text=STORY)]
    kept = drop_syndicated_copies(articles, THRESHOLD)
    assert [(a.path, a.aliases) for a in kept] == [("a.txt", ()), ("b.txt", ("c.txt", "d.txt"))]


@pytest.mark.parametrize("indexed", [False, True], ids=["pair by pair", "LSH index"])
def test_dedupe_finds_every_copy_just_above_the_threshold(indexed: bool) -> None:
    """Copies whose exact similarity barely reaches the threshold are where LSH misses most;
    a small folder is compared pair by pair, a large one (signatures made) through the index."""
    rng = random.Random(5)
    words = (STORY + " " + OTHER).split()
    pairs = []
    while len(pairs) < 60:
        original = [rng.choice(words) for _ in range(250)]
        edited = list(original)
        for _ in range(5):
            edited[rng.randrange(len(edited))] = rng.choice(words)
        similarity = jaccard(shingles(" ".join(original)), shingles(" ".join(edited)))
        if THRESHOLD <= similarity < THRESHOLD + 0.05:
            pairs.append((" ".join(original), " ".join(edited)))
    for number, (original, edited) in enumerate(pairs):
        articles = [Article(path=f"{number}.txt", text=original), Article(path="copy.txt", text=edited)]
        signed = signatures([original, edited]) if indexed else None
        kept = drop_syndicated_copies(articles, THRESHOLD, signed)
        assert [a.aliases for a in kept] == [("copy.txt",)], number


@pytest.mark.parametrize("count", [60, 260], ids=["every pair", "LSH index"])
def test_dedupe_copies_found_from_proposed_pairs_equal_the_folder_dedupe(count: int) -> None:
    """A cluster build checks the pairs `proposed_pairs` gives on its workers and keeps the first
    of each group with `keep_firsts`: the same articles and aliases as drop_syndicated_copies."""
    rng = random.Random(count)
    words = (STORY + " " + OTHER).split()
    originals = [[rng.choice(words) for _ in range(120)] for _ in range(count // 3)]
    texts = []
    for _ in range(count):
        text = list(rng.choice(originals))
        for _ in range(rng.choice([0, 2, 40])):  # a copy, a near copy, or an article of its own
            text[rng.randrange(len(text))] = rng.choice(words)
        texts.append(" ".join(text))
    articles = [Article(path=f"{n}.txt", text=text) for n, text in enumerate(texts)]
    signed = signatures(texts) if count >= INDEXED_ARTICLES else None
    expected = drop_syndicated_copies(articles, THRESHOLD, signed)
    pairs = proposed_pairs(signatures(texts), THRESHOLD, count >= INDEXED_ARTICLES)
    confirmed = {(k, n) for k, n in pairs if jaccard(shingles(texts[k]), shingles(texts[n])) >= THRESHOLD}
    kept: list[int] = []
    copies = keep_firsts(count, lambda n: [k for k, m in pairs if m == n and k in kept], kept,
                         lambda n: None, lambda k, n: (k, n) in confirmed)
    assert with_copies(articles, kept, copies) == expected
    assert any(a.aliases for a in expected)
    assert len(expected) < count
