"""Select: the items that cover most of what the articles report, within a word budget.

Concept coverage (Gillick and Favre 2009, the ICSISumm system): concepts are stemmed word
bigrams (not two stop words), weighted by how many articles state them, kept when enough
articles do. An integer programme picks the items that cover the most concept weight within
the budget, each concept counted once, so the choice is central and not redundant at once;
SciPy's `milp` (HiGHS) solves it. What the programme leaves of the budget is filled best
score first, so a summary does not stop short.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from briefing.models import Item, Sentence
from briefing.vectors import Vectorizer

MIN_CONCEPT_ARTICLES = 3  # a concept fewer articles state is detail, not the story
SMALL_STORY_ARTICLES = 6  # below this many articles, two are enough
SOLVER_SECONDS = 10.0


def concept_weights(sentences: Sequence[Sentence], vectorizer: Vectorizer) -> dict[str, int]:
    """Each bigram concept with the number of articles that state it, where enough do."""
    articles: dict[str, set[int]] = {}
    for sentence in sentences:
        for concept in vectorizer.concepts(sentence.text):
            articles.setdefault(concept, set()).add(sentence.article)
    count = len({s.article for s in sentences})
    least = MIN_CONCEPT_ARTICLES if count >= SMALL_STORY_ARTICLES else min(2, count)
    return {c: len(a) for c, a in articles.items() if len(a) >= least}


def select_by_coverage(items: Sequence[Item], sentences: Sequence[Sentence], vectorizer: Vectorizer,
                       words: int) -> list[Item]:
    """The items covering the most concept weight in at most `words` words, in reading order."""
    weights = concept_weights(sentences, vectorizer)
    concepts = list(weights)
    index = {c: i for i, c in enumerate(concepts)}
    rows, cols = [], []
    for row, item in enumerate(items):
        for concept in set(vectorizer.concepts(item.text)) & weights.keys():
            rows.append(row)
            cols.append(index[concept])
    chosen = solve(items, concepts, weights, rows, cols, words) if rows else []
    return sorted(fill_budget(items, chosen, words), key=lambda item: item.reading_order)


def solve(items: Sequence[Item], concepts: list[str], weights: dict[str, int], rows: list[int],
          cols: list[int], words: int) -> list[int]:
    """The integer programme: pick items (s) and covered concepts (c) to maximise Σ w·c.

    Subject to: the items' words fit the budget; an item covers each of its concepts
    (s_j ≤ c_i); a concept counts only when a chosen item gives it (c_i ≤ Σ s_j).
    """
    n, m = len(items), len(concepts)
    occurs = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, m))
    lengths = np.array([len(item.text.split()) for item in items], dtype=float)
    pairs = len(rows)
    each = sparse.csr_matrix(  # s_j - c_i <= 0 for every occurrence
        (np.concatenate([np.ones(pairs), -np.ones(pairs)]),
         (np.concatenate([np.arange(pairs)] * 2), np.concatenate([rows, np.array(cols) + n]))),
        shape=(pairs, n + m))
    given = sparse.hstack([-occurs.T, sparse.identity(m)]).tocsr()  # c_i - Σ s_j <= 0
    budget = sparse.csr_matrix(np.concatenate([lengths, np.zeros(m)])[None, :])
    constraints = [LinearConstraint(budget, -np.inf, words),
                   LinearConstraint(each, -np.inf, 0), LinearConstraint(given, -np.inf, 0)]
    objective = -np.concatenate([np.zeros(n), [weights[c] for c in concepts]])
    with native_output_silenced():
        result = milp(objective, constraints=constraints, integrality=np.ones(n + m),
                      bounds=Bounds(0, 1), options={"time_limit": SOLVER_SECONDS})
    if result.x is None:
        return []
    return [j for j in range(n) if result.x[j] > 0.5]


@contextmanager
def native_output_silenced() -> Iterator[None]:
    """HiGHS now and then prints a debug line from C++ straight to the process's standard
    output, where the summary goes: point file descriptor 1 at /dev/null while it solves."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def fill_budget(items: Sequence[Item], chosen: list[int], words: int) -> list[Item]:
    """The chosen items, then the best-scored others that still fit, so the budget is used."""
    picked = [items[j] for j in chosen]
    used = sum(len(item.text.split()) for item in picked)
    taken = set(chosen)
    for j in sorted(range(len(items)), key=lambda j: -items[j].score):
        length = len(items[j].text.split())
        if j not in taken and used + length <= words:
            picked.append(items[j])
            used += length
    return picked
