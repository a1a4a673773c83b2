"""Merge: sentences from several articles that say the same thing become one cited item.

Sentences are compared as TF-IDF vectors of their stemmed content words (cosine similarity).
Clustering is leader-based, best sentence first: the best unmerged sentence leads a new item and
takes every unmerged sentence at least `threshold` similar to it, unless the two state different
figures (12 dead against 20 dead): sources that disagree on a fact are never merged. So every cited sentence is a
near-twin of the wording shown, and no two items' wordings reach the threshold: no two items say
the same thing. Candidate pairs come from a sparse matrix product, never a loop over all pairs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from scipy import sparse
from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from briefing.models import Item, Sentence
from briefing.split import SentenceSplitter

UNCLEAR_OPENING = re.compile(
    r"^(?:he|she|it|they|this|that|these|those|his|her|its|their|however|additionally|moreover|"
    r"also|but|and|meanwhile|furthermore|still|yet|in fact|as part of this|against this|"
    r"since then|then|there)\b|\b(?:these|those|the same)\b",
    re.I,
)
UNCLEAR_PENALTY = 0.7
NOVELTY_WEIGHT = 0.5
NOVELTY_CANDIDATES = 300
CONCISE_WORDS = 30
SPECIFIC_NAMES = 8
NAME_BONUS = 0.04
CORROBORATION_WEIGHT = 0.5
ROWS_PER_BLOCK = 2048
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class Vectorizer:
    """Stemmed content words of a sentence, with sumy's stemmer and stop words."""

    def __init__(self, language: str, splitter: SentenceSplitter) -> None:
        self._stem = Stemmer(language)
        self._stop_words = frozenset(w.lower() for w in get_stop_words(language))
        self._splitter = splitter

    def terms(self, text: str) -> list[str]:
        words = (w.lower() for w in self._splitter.to_words(text))
        return [self._stem(w) for w in words if w not in self._stop_words and len(w) > 1]


def tfidf_matrix(documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """Rows are documents (lists of terms), L2-normalised TF-IDF weights."""
    vocabulary: dict[str, int] = {}
    rows, cols, values = [], [], []
    for row, terms in enumerate(documents):
        counts: dict[int, int] = {}
        for term in terms:
            column = vocabulary.setdefault(term, len(vocabulary))
            counts[column] = counts.get(column, 0) + 1
        rows.extend([row] * len(counts))
        cols.extend(counts)
        values.extend(counts.values())
    matrix = sparse.csr_matrix((np.asarray(values, dtype=np.float64), (rows, cols)),
                               shape=(len(documents), max(len(vocabulary), 1)))
    document_frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.log((1 + len(documents)) / (1 + document_frequency)) + 1
    matrix = matrix.multiply(idf).tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.csr_matrix(matrix.multiply(1 / norms[:, None]))


def similar_pairs(matrix: sparse.csr_matrix, threshold: float) -> dict[int, list[int]]:
    """For each row, the other rows whose cosine similarity reaches threshold."""
    neighbours: dict[int, list[int]] = {}
    transposed = matrix.T.tocsc()
    for start in range(0, matrix.shape[0], ROWS_PER_BLOCK):
        block = (matrix[start:start + ROWS_PER_BLOCK] @ transposed).tocoo()
        keep = (block.data >= threshold) & (block.row + start != block.col)
        for row, col in zip(block.row[keep] + start, block.col[keep], strict=True):
            neighbours.setdefault(int(row), []).append(int(col))
    return neighbours


def figures(text: str) -> set[str]:
    """The numbers a sentence states (digits with their decimals and separators)."""
    return {n.replace(",", "") for n in NUMBER.findall(text)}


def figures_conflict(a: Sentence, b: Sentence) -> bool:
    """Both give numbers and share none: they disagree on a fact, so they stay apart."""
    numbers_a, numbers_b = figures(a.text), figures(b.text)
    return bool(numbers_a) and bool(numbers_b) and not numbers_a & numbers_b


def is_briefing_material(sentence: Sentence, min_words: int, max_words: int) -> bool:
    """A full sentence of a readable length: not a fragment, question or run-on."""
    words = len(sentence.text.split())
    opens_well = sentence.text[0].isupper() or sentence.text[0] in "“\"‘'"
    is_question = sentence.text.rstrip("”\"’' ").endswith("?")
    return min_words <= words <= max_words and opens_well and not is_question


def clarity(sentence: Sentence) -> float:
    """How well the sentence reads on its own: pronoun or connective openings need context."""
    return UNCLEAR_PENALTY if UNCLEAR_OPENING.match(sentence.text) else 1.0


def concision(sentence: Sentence) -> float:
    """Long sentences cost a page's space: past 30 words the lead's chance shrinks gently."""
    return min(1.0, CONCISE_WORDS / len(sentence.text.split())) ** 0.5


def specificity(sentence: Sentence) -> float:
    """Wording that names who and what (capitalised names past the first word) tells more."""
    names = sum(1 for word in sentence.text.split()[1:] if word[:1].isupper())
    return 1 + NAME_BONUS * min(names, SPECIFIC_NAMES)


def merge_redundant(sentences: Sequence[Sentence], vectorizer: Vectorizer, threshold: float,
                    source_count: int, min_words: int = 6, max_words: int = 70) -> list[Item]:
    """Cluster near-identical sentences into items, best first; each item cites its sources."""
    pool = [s for s in sentences if is_briefing_material(s, min_words, max_words)]
    if not pool:
        return []
    pool.sort(key=lambda s: (-s.score * clarity(s) * concision(s) * specificity(s),
                             s.article, s.position))
    neighbours = similar_pairs(tfidf_matrix([vectorizer.terms(s.text) for s in pool]), threshold)
    taken = [False] * len(pool)
    items = []
    for index, lead in enumerate(pool):
        if taken[index]:
            continue
        group = [index] + [n for n in sorted(neighbours.get(index, []))
                           if not taken[n] and not figures_conflict(lead, pool[n])]
        for member in group:
            taken[member] = True
        items.append(build_item([pool[m] for m in group], source_count))
    return items


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


def cosine(a: Sequence[str], b: Sequence[str]) -> float:
    """Plain cosine similarity of two term lists (term counts), for checks and benchmarks."""
    counts_a: dict[str, int] = {}
    counts_b: dict[str, int] = {}
    for term in a:
        counts_a[term] = counts_a.get(term, 0) + 1
    for term in b:
        counts_b[term] = counts_b.get(term, 0) + 1
    dot = sum(v * counts_b.get(k, 0) for k, v in counts_a.items())
    norm = math.sqrt(sum(v * v for v in counts_a.values()) * sum(v * v for v in counts_b.values()))
    return dot / norm if norm else 0.0
