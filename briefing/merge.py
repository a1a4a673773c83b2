"""Merge: sentences from several articles that say the same thing become one cited item.

Sentences are compared as TF-IDF vectors of their stemmed content words (cosine similarity);
two sentences whose plain word counts overlap by half (cosine 0.5) say the same thing too, even
when their shared words are common ones that TF-IDF weighs down.
Clustering is leader-based, best sentence first: the best unmerged sentence leads a new item and
takes every unmerged sentence similar to it, unless the two state different figures (12 dead
against 20 dead): sources that disagree on a fact are never merged. So every cited sentence is
a near-twin of the wording shown, and apart from disagreeing figures no two items' wordings are
similar: no two items say the same thing. Candidate pairs come from blocked sparse matrix
products, never a loop over all pairs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import replace
from itertools import combinations

import numpy as np

from briefing.models import Item, Sentence
from briefing.vectors import Vectorizer, similar_pairs, tfidf_matrix

UNCLEAR_OPENING = re.compile(
    r"^(?:he|she|it|they|this|that|these|those|his|her|its|their|however|additionally|moreover|"
    r"also|but|and|meanwhile|furthermore|still|yet|in fact|as part of this|against this|"
    r"since then|then|there)\b",
    re.I,
)
BACK_REFERENCE = re.compile(r"\b(?:these|those|the same|do so|did so|doing so)\b", re.I)
UNCLEAR_PENALTY = 0.7
SUBSTANTIAL_WORDS = 12
NOVELTY_WEIGHT = 0.5
WORD_OVERLAP = 0.5
NOVELTY_CANDIDATES = 300
CONCISE_WORDS = 30
SPECIFIC_NAMES = 8
NAME_BONUS = 0.04
CORROBORATION_WEIGHT = 0.5
PLAIN_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen", "twenty"]
TENS = ["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS = {word: str(value) for value, word in enumerate(UNITS) if value >= 2} | {
    word: str(10 * tens) for tens, word in enumerate(TENS, start=3)}


def figures(text: str) -> set[str]:
    """The numbers a sentence states, in digits or as words from two to ninety ('Twenty' is 20)."""
    numbers = {n.replace(",", "") for n in NUMBER.findall(text)}
    return numbers | {NUMBER_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", text)
                      if w.lower() in NUMBER_WORDS}


def conflict(numbers_a: Set[str], numbers_b: Set[str]) -> bool:
    """Both give numbers and share none: they disagree on a fact, so they stay apart."""
    return bool(numbers_a) and bool(numbers_b) and not numbers_a & numbers_b


def is_briefing_material(sentence: Sentence, min_words: int, max_words: int) -> bool:
    """A full sentence of a readable length: not a fragment, question or run-on."""
    words = len(sentence.text.split())
    opens_well = sentence.text[0].isupper() or sentence.text[0] in "“\"‘'"
    is_question = sentence.text.rstrip("”\"’' ").endswith("?")
    return min_words <= words <= max_words and opens_well and not is_question


def clarity(sentence: Sentence) -> float:
    """How well the sentence reads on its own.

    A pronoun or connective opening, or a reference back ('these reports', 'do so'), needs the
    sentence before it; a short sentence says little, and SumBasic's average word weight
    favours short sentences, so under 12 words the factor shrinks with the length.
    """
    text = sentence.text
    unclear = UNCLEAR_PENALTY if UNCLEAR_OPENING.match(text) or BACK_REFERENCE.search(text) else 1.0
    return unclear * min(1.0, len(text.split()) / SUBSTANTIAL_WORDS) ** 0.5


def concision(sentence: Sentence) -> float:
    """Long sentences cost a page's space: past 30 words the lead's chance shrinks gently."""
    return min(1.0, CONCISE_WORDS / len(sentence.text.split())) ** 0.5


def specificity(sentence: Sentence) -> float:
    """Wording that names who and what (capitalised names past the first word) tells more."""
    names = sum(1 for word in sentence.text.split()[1:] if word[:1].isupper())
    return 1 + NAME_BONUS * min(names, SPECIFIC_NAMES)


def merge_redundant(sentences: Sequence[Sentence], vectorizer: Vectorizer, threshold: float,
                    source_count: int, min_words: int = 6, max_words: int = 70) -> list[Item]:
    """Cluster near-identical sentences into items, best first; each item cites its sources.

    Sentences with the same wording (syndicated copy) are compared once, as one entry.
    """
    pool = [s for s in sentences if is_briefing_material(s, min_words, max_words)]
    entries = sorted(same_wording(pool), key=lambda group: lead_rank(group[0]))
    if not entries:
        return []
    leads = [group[0] for group in entries]
    numbers = [figures(lead.text) for lead in leads]
    terms = [vectorizer.terms(s.text) for s in leads]
    neighbours = similar_pairs(tfidf_matrix(terms), threshold)
    for row, cols in similar_pairs(tfidf_matrix(terms, idf=False), WORD_OVERLAP).items():
        neighbours[row] = sorted(set(neighbours.get(row, [])) | set(cols))
    taken = [False] * len(leads)
    items = []
    for index in range(len(leads)):
        if taken[index]:
            continue
        group = join_group(index, numbers, neighbours, taken)
        for member in group:
            taken[member] = True
        items.append(build_item([s for m in group for s in entries[m]], source_count))
    return items


def same_wording(sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    """Sentences grouped by identical wording (whitespace, case and quote style aside), best first."""
    groups: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        key = " ".join(sentence.text.translate(PLAIN_QUOTES).casefold().split())
        groups.setdefault(key, []).append(sentence)
    return [sorted(group, key=lead_rank) for group in groups.values()]


def lead_rank(sentence: Sentence) -> tuple[float, int, int]:
    """Order of candidates for leading an item: rating weighed by how well it reads alone."""
    weight = sentence.score * clarity(sentence) * concision(sentence) * specificity(sentence)
    return (-weight, sentence.article, sentence.position)


def join_group(index: int, numbers: Sequence[set[str]], neighbours: dict[int, list[int]],
               taken: Sequence[bool]) -> list[int]:
    """A lead and the entries it takes; sources that disagree on a figure never share one.

    A lead that gives no figure takes no figured entries when those disagree among themselves,
    and each entry joins only if it agrees with every figure already in the group.
    """
    candidates = [n for n in sorted(neighbours.get(index, []))
                  if not taken[n] and not conflict(numbers[index], numbers[n])]
    stated = {frozenset(numbers[n]) for n in candidates if numbers[n]}
    if not numbers[index] and any(conflict(a, b) for a, b in combinations(stated, 2)):
        candidates = [n for n in candidates if not numbers[n]]
    group = [index]
    for candidate in candidates:
        if not any(conflict(numbers[member], numbers[candidate]) for member in group):
            group.append(candidate)
    return group


def build_item(members: list[Sentence], source_count: int) -> Item:
    """An item worded as its lead sentence, scored by centrality and by how many sources agree."""
    sources = tuple(sorted({m.article for m in members}))
    centrality = max(m.score for m in members)
    corroboration = len(sources) / max(source_count, 1)
    score = ((1 - CORROBORATION_WEIGHT) * centrality + CORROBORATION_WEIGHT * corroboration) \
        * clarity(members[0])
    return Item(text=members[0].text, sources=sources, score=round(score, 4),
                members=tuple(members))


def rank_by_novelty(items: Sequence[Item], vectorizer: Vectorizer) -> list[Item]:
    """Re-score items by maximal marginal relevance (Carbonell and Goldstein, 1998).

    Best first, each item's score becomes its own score less half its highest similarity to an
    item already ranked, so a page covers more of the story instead of one point three ways.
    Scores come out non-increasing in rank order; items past the candidates keep lower scores.
    """
    ordered = sorted(items, key=lambda item: -item.score)
    head, tail = ordered[:NOVELTY_CANDIDATES], ordered[NOVELTY_CANDIDATES:]
    if not head:
        return []
    matrix = tfidf_matrix([vectorizer.terms(item.text) for item in head])
    similarity = (matrix @ matrix.T).toarray()
    scores = np.array([item.score for item in head])
    overlap = np.zeros(len(head))
    remaining = np.ones(len(head), dtype=bool)
    ranked = []
    for _ in head:
        values = np.where(remaining, scores - NOVELTY_WEIGHT * overlap, -np.inf)
        best = int(np.argmax(values))
        ranked.append(replace(head[best], score=round(float(values[best]), 4)))
        overlap = np.maximum(overlap, similarity[best])
        remaining[best] = False
    floor = ranked[-1].score
    return ranked + [replace(item, score=min(item.score, floor)) for item in tail]
