"""Select: the items that cover most of what the articles report, within a word budget.

Three published selections, each a named `--algorithm` (`briefing.core.algorithms`); each fills what it leaves
of the budget with the items first in page order (rank.py), so a summary does not stop short.

- `coverage` (Gillick and Favre 2009, the ICSISumm system): concepts are stemmed word bigrams
  (not two stop words), weighted by how many articles state them, kept when enough articles do.
  An integer programme picks the items that cover the most concept weight within the budget,
  each concept counted once, so the choice is central and not redundant at once; SciPy's `milp`
  (HiGHS) solves it.
- `submodular` (Lin and Bilmes 2011): coverage of every sentence of the story by the chosen
  items (TF-IDF cosine), each sentence's coverage saturating at a share of what all items give
  it, plus a diversity reward that grows with the square root of each topic cluster's share;
  greedy by gain per scaled cost.
- `dpp` (Kulesza and Taskar 2012): a determinantal point process whose kernel is item quality
  (its weight) times TF-IDF cosine; the greedy MAP (Chen et al. 2018's incremental Cholesky)
  adds the item that most raises the determinant per scaled word cost.
"""

from __future__ import annotations

import math
import os
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from scipy import sparse

from briefing.core.models import Item, Sentence
from briefing.summarise.vectors import Vectorizer, tfidf_matrix

Selector = Callable[[Sequence[Item], Sequence[Sentence], Vectorizer, int], list[Item]]

MIN_CONCEPT_ARTICLES = 3  # a concept fewer articles state is detail, not the story
SMALL_STORY_ARTICLES = 6  # below this many articles, two are enough
SOLVER_SECONDS = 10.0
CANDIDATES = 300  # items a greedy selection weighs, first in page order
SATURATION = 20.0  # submodular: a sentence's coverage stops at SATURATION / sentences of what all
MOST_SATURATION = 0.5  # items give it (Lin and Bilmes's alpha = a / N), and at half in a small story
DIVERSITY = 6.0  # submodular: weight of the diversity reward (Lin and Bilmes's lambda)
CLUSTER_SHARE = 0.2  # submodular: topic clusters per candidate item
SCALED_COST = 0.3  # submodular: gain per (words ** r)
QUALITY_SCALE = 10.0  # dpp: quality exp(scale * weight)
DPP_COST = 0.5  # dpp: determinant gain per (words ** r)


def concept_weights(sentences: Sequence[Sentence], vectorizer: Vectorizer) -> dict[str, int]:
    """Each bigram concept with the number of articles that state it, where enough do."""
    texts: dict[int, list[str]] = {}  # by article, its sentences
    for sentence in sentences:
        texts.setdefault(sentence.article, []).append(sentence.text)
    return weigh_concepts(_count_concepts(list(texts.values()), vectorizer), len(texts))


def count_concepts(articles: Sequence[Sequence[str]], language: str) -> list[Counter[str]]:
    """For a batch of articles (each its sentences), how many state each concept: one count
    for the batch, so that batches can be counted in worker processes and added up."""
    return _count_concepts(articles, Vectorizer(language))


def _count_concepts(articles: Sequence[Sequence[str]], vectorizer: Vectorizer) -> list[Counter[str]]:
    return [Counter(concept for sentences in articles
                    for concept in {c for text in sentences for c in vectorizer.concepts(text)})]


def weigh_concepts(counts: Sequence[Counter[str]], articles: int) -> dict[str, int]:
    """The concepts enough of the `articles` (those with a sentence) state, with how many do."""
    total: Counter[str] = Counter()
    for count in counts:
        total.update(count)
    least = MIN_CONCEPT_ARTICLES if articles >= SMALL_STORY_ARTICLES else min(2, articles)
    return {c: n for c, n in total.items() if n >= least}


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
    chosen = _solve(items, concepts, weights, rows, cols, words) if rows else []
    return sorted(_fill_budget(items, chosen, words), key=lambda item: item.reading_order)


def _solve(items: Sequence[Item], concepts: list[str], weights: dict[str, int], rows: list[int],
          cols: list[int], words: int) -> list[int]:
    """The integer programme: pick items (s) and covered concepts (c) to maximise Σ w·c.

    Subject to: the items' words fit the budget; an item covers each of its concepts
    (s_j ≤ c_i); a concept counts only when a chosen item gives it (c_i ≤ Σ s_j).
    """
    from scipy.optimize import Bounds, LinearConstraint, milp  # slow to import: only when used

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
    with _native_output_silenced():
        result = milp(objective, constraints=constraints, integrality=np.ones(n + m),
                      bounds=Bounds(0, 1), options={"time_limit": SOLVER_SECONDS})
    if result.x is None:
        return []
    return [j for j in range(n) if result.x[j] > 0.5]


@contextmanager
def _native_output_silenced() -> Iterator[None]:
    """HiGHS now and then prints a debug line from C++ straight to the process's standard
    output, where the summary goes: point file descriptor 1 at /dev/null while it solves."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with Path(os.devnull).open("wb") as sink:
            os.dup2(sink.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _fill_budget(items: Sequence[Item], chosen: list[int], words: int) -> list[Item]:
    """The chosen items, then the others first in page order that still fit, so the budget is used."""
    picked = [items[j] for j in chosen]
    used = sum(len(item.text.split()) for item in picked)
    taken = set(chosen)
    for j in sorted(range(len(items)), key=lambda j: -items[j].priority):
        length = len(items[j].text.split())
        if j not in taken and used + length <= words:
            picked.append(items[j])
            used += length
    return picked


def candidates(items: Sequence[Item]) -> list[Item]:
    """The items a greedy selection weighs: the first in page order."""
    return sorted(items, key=lambda item: -item.priority)[:CANDIDATES]


def _word_counts(items: Sequence[Item]) -> np.ndarray:
    return np.array([len(item.text.split()) for item in items], dtype=float)


def select_submodular(items: Sequence[Item], sentences: Sequence[Sentence], vectorizer: Vectorizer,
                      words: int) -> list[Item]:
    """Coverage plus diversity (Lin and Bilmes 2011), greedy within `words`, in reading order."""
    pool = candidates(items)
    if not pool:
        return []
    texts = [*(item.text for item in pool), *(sentence.text for sentence in sentences)]
    matrix = tfidf_matrix([vectorizer.terms(text) for text in texts])
    similarity = (matrix[len(pool):] @ matrix[:len(pool)].T).toarray()  # sentences x items
    cap = min(SATURATION / len(sentences), MOST_SATURATION) * similarity.sum(axis=1)
    reward = similarity.mean(axis=0)
    clusters = _topic_clusters(matrix[:len(pool)])
    lengths = _word_counts(pool)
    coverage = np.zeros(len(sentences))
    shares = np.zeros(clusters.max() + 1)
    chosen: list[int] = []
    used = 0.0
    open_ = lengths <= words
    while open_.any():
        covered = (np.minimum(coverage[:, None] + similarity, cap[:, None]).sum(axis=0)
                   - np.minimum(coverage, cap).sum())
        diverse = np.sqrt(shares[clusters] + reward) - np.sqrt(shares[clusters])
        gains = np.where(open_, (covered + DIVERSITY * diverse) / lengths ** SCALED_COST, -np.inf)
        best = int(np.argmax(gains))
        chosen.append(best)
        used += lengths[best]
        coverage += similarity[:, best]
        shares[clusters[best]] += reward[best]
        open_[best] = False
        open_ &= used + lengths <= words
    return sorted(_fill_budget(pool, chosen, words), key=lambda item: item.reading_order)


def _topic_clusters(matrix: sparse.csr_matrix) -> np.ndarray:
    """A topic cluster per item: k-means on the TF-IDF rows, seeded so runs agree."""
    from scipy.cluster.vq import kmeans2  # imported only when used, as SciPy's optimize is

    count = matrix.shape[0]
    k = max(1, math.ceil(CLUSTER_SHARE * count))
    if k == 1:
        return np.zeros(count, dtype=int)
    with warnings.catch_warnings():  # an empty cluster is harmless here
        warnings.simplefilter("ignore")
        _, labels = kmeans2(matrix.toarray(), k, minit="++", seed=np.random.default_rng(0))
    return np.asarray(labels, dtype=int)


def select_dpp(items: Sequence[Item], sentences: Sequence[Sentence], vectorizer: Vectorizer,
               words: int) -> list[Item]:
    """The greedy MAP of a determinantal point process within `words`, in reading order."""
    pool = candidates(items)
    if not pool:
        return []
    matrix = tfidf_matrix([vectorizer.terms(item.text) for item in pool])
    quality = np.exp(QUALITY_SCALE * np.array([item.weight for item in pool]))
    kernel = quality[:, None] * (matrix @ matrix.T).toarray() * quality[None, :]
    lengths = _word_counts(pool)
    residual = np.diag(kernel).copy()  # d_j²: what item j adds to the determinant
    basis = np.zeros((0, len(pool)))
    chosen: list[int] = []
    used = 0.0
    open_ = lengths <= words
    while open_.any():
        gains = np.where(open_, residual / lengths ** DPP_COST, -np.inf)
        best = int(np.argmax(gains))
        if residual[best] <= 1e-9:
            break
        open_[best] = False
        row = (kernel[best] - basis[:, best] @ basis) / math.sqrt(residual[best])
        basis = np.vstack([basis, row])
        residual = np.maximum(residual - row ** 2, 0.0)
        chosen.append(best)
        used += lengths[best]
        open_ &= used + lengths <= words
    return sorted(_fill_budget(pool, chosen, words), key=lambda item: item.reading_order)
