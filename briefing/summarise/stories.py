"""Stories: tell apart the unrelated stories a folder holds, by what their articles say.

Each article becomes one TF-IDF vector of its stemmed content words. Candidate pairs are
those whose cosine similarity reaches the threshold; articles dated more than a month apart
pair only when they say much the same.
Within each connected group of candidates, average-linkage clustering at the threshold tells
the stories apart: single links alone would chain unrelated stories that share a word. A
folder of more than a thousand articles is clustered from a sample, the rest joining the
story of their nearest sampled article (after Buckshot). A story needs two sources for a
briefing; single articles are listed as leftovers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from briefing.core.models import Article
from briefing.summarise.vectors import tfidf_matrix

MIN_SOURCES = 2
STORY_DAYS = 30  # articles dated further apart are one story only if they say much the same
SAME_TEXT = 0.5  # cosine at which two articles tell the same story whatever their dates
SAMPLE = 1000  # articles clustered pair by pair; a larger folder is sampled (Buckshot)
MAX_LINKED = 3000  # a connected group standing for more articles than this may be one story
CENTRED = 0.9  # ... when this share of its articles reach the threshold against its other articles
ROWS_PER_BLOCK = 2048  # articles compared with the stories' centroids at a time
DENSE_CELLS = 16_000_000  # a matrix multiplied by is made dense up to this size (128 MB)
SLUG_WORDS = 6


def cluster_articles(articles: Sequence[Article], terms: Sequence[Sequence[str]],
                     threshold: float) -> list[list[int]]:
    """Groups of article indexes, one per story, biggest first, each in folder order.
    `terms`: each article's."""
    if len(articles) < 2:
        return [list(range(len(articles)))]
    return cluster_vectors(tfidf_matrix(terms), [a.published for a in articles], threshold)


def cluster_vectors(matrix: sparse.csr_matrix, published: Sequence[str | None],
                    threshold: float) -> list[list[int]]:
    """cluster_articles of the articles' TF-IDF rows and dates.

    Up to SAMPLE articles are clustered exactly; a larger folder as Buckshot does (Cutting et
    al., 1992): a spread sample exactly, the rest joining their nearest sampled story, so the
    work grows with articles times the sample, not with their square.
    """
    if len(published) < 2:
        return [list(range(len(published)))]
    days = [_day_number(day) for day in published]
    groups: list[list[int]] = []
    remaining = list(range(len(published)))
    while remaining:
        step = max(1, -(-len(remaining) // SAMPLE))
        sample = remaining[::step]
        whole = MAX_LINKED // step  # a sampled group standing for more stays one story
        found = [[sample[i] for i in group]
                 for group in _cluster_exactly(matrix[sample], [days[i] for i in sample], threshold, whole)]
        sampled = set(sample)
        rest = [i for i in remaining if i not in sampled]
        joined, remaining = _join_nearest(rest, found, matrix, threshold)
        groups += [sorted([*group, *joined.get(number, [])]) for number, group in enumerate(found)]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


def _join_nearest(rest: list[int], groups: list[list[int]], matrix: sparse.csr_matrix,
                 threshold: float) -> tuple[dict[int, list[int]], list[int]]:
    """Each article of `rest` to the group of the clustered article it is most similar to, when
    that reaches the threshold (the pair the exact clustering would link); the joined by group
    number, and the articles no group takes."""
    clustered = [i for group in groups for i in group]
    group_of = np.array([number for number, group in enumerate(groups) for _ in group])
    if not rest or not clustered:
        return {}, list(rest)
    transposed = _factor(matrix[clustered].T)
    joined: dict[int, list[int]] = {}
    left = []
    for start in range(0, len(rest), ROWS_PER_BLOCK):
        block = rest[start:start + ROWS_PER_BLOCK]
        similarity = _dense(matrix[block] @ transposed)
        best = similarity.argmax(axis=1)
        for article, nearest, value in zip(block, best, similarity[np.arange(len(block)), best], strict=True):
            if value >= threshold:
                joined.setdefault(int(group_of[nearest]), []).append(article)
            else:
                left.append(article)
    return joined, left


def _cluster_exactly(matrix: sparse.csr_matrix, days: list[int | None], threshold: float,
                    whole: int = MAX_LINKED) -> list[list[int]]:
    """Candidate pairs are the article pairs whose cosine reaches the threshold (dated far apart,
    they must say much the same); within each connected group of candidates, average-linkage
    clustering keeps together only articles whose average similarity reaches the threshold, so
    one shared word does not chain unrelated stories into one; a connected group of more than
    `whole` articles whose articles are near its centre (a day of wire copy about one story)
    stays one story. At most SAMPLE
    articles: their similarities are one dense matrix."""
    similarity = _dense(matrix @ _factor(matrix.T))
    dated = np.array([np.nan if day is None else day for day in days], dtype=float)
    apart = np.abs(dated[:, None] - dated[None, :]) > STORY_DAYS  # NaN (undated) is never apart
    similarity[apart & (similarity < SAME_TEXT)] = 0.0
    _, labels = connected_components(sparse.csr_matrix(similarity >= threshold), directed=False)
    components: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        components.setdefault(int(label), []).append(index)
    return [group for component in components.values()
            for group in ([component] if len(component) > whole and _centred(matrix[component], threshold)
                          else _split_component(component, similarity, threshold))]


def _centred(rows: sparse.csr_matrix, threshold: float) -> bool:
    """Whether CENTRED of the rows reach the threshold against the sum of the others: a day of
    wire copy about one story, each article near its centre, not stories chained by shared words
    (each near its own story's centre only)."""
    total = np.asarray(rows.sum(axis=0)).ravel()
    own = np.asarray(rows.multiply(rows).sum(axis=1)).ravel()
    others = np.sqrt(np.maximum(total @ total - 2 * (rows @ total) + own, 0)) + 1e-12
    return bool(np.mean((rows @ total - own) / others >= threshold) >= CENTRED)


def _factor(transposed: sparse.spmatrix) -> sparse.spmatrix | np.ndarray:
    """A matrix to multiply the articles' rows by, dense when small enough. The articles of one
    story share most of their terms, so their products are nearly full, and a sparse row times
    a dense matrix makes them several times faster than two sparse ones. Both add the same
    products in the same order (each row's terms in turn), so the similarities are the same."""
    return transposed.toarray() if np.prod(transposed.shape) <= DENSE_CELLS else transposed.tocsc()


def _dense(product: sparse.spmatrix | np.ndarray) -> np.ndarray:
    return product if isinstance(product, np.ndarray) else product.toarray()


def _split_component(component: list[int], similarity: np.ndarray, threshold: float) -> list[list[int]]:
    """One connected group cut into stories by average linkage at the threshold; a group whose
    every pair reaches the threshold is one story (every average does), clustered no further."""
    within = similarity[np.ix_(component, component)]
    if len(component) <= 2 or within.min() >= threshold:
        return [component]
    from scipy.cluster.hierarchy import fcluster, linkage  # with SciPy's spatial, slow to import
    from scipy.spatial.distance import squareform

    distance = np.clip(1 - within, 0, None)
    np.fill_diagonal(distance, 0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for index, label in zip(component, labels, strict=True):
        groups.setdefault(int(label), []).append(index)
    return list(groups.values())


def _day_number(published: str | None) -> int | None:
    try:
        return date.fromisoformat(published).toordinal() if published else None
    except ValueError:
        return None


def split_stories(groups: list[list[int]]) -> tuple[list[list[int]], list[int]]:
    """Stories with enough sources for a briefing, and the articles left on their own; a folder
    of one story is briefed whatever its sources."""
    if len(groups) <= 1:
        return groups, []
    stories = [group for group in groups if len(group) >= MIN_SOURCES]
    leftovers = sorted(i for group in groups if len(group) < MIN_SOURCES for i in group)
    return stories, leftovers


def slugify(title: str, taken: set[str]) -> str:
    """A short file-name-safe name for a story, unique among those already taken."""
    words = re.findall(r"[a-z0-9]+", title.lower())[:SLUG_WORDS]
    base = "-".join(words) or "story"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug
