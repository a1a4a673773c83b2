"""Stories: tell apart the unrelated stories a folder holds, by what their articles say.

Each article becomes one TF-IDF vector of its stemmed content words. Candidate pairs, whose
cosine similarity reaches the threshold, come from blocked sparse products, never a loop over
all pairs; articles dated more than a month apart pair only when they say much the same.
Within each connected group of candidates, average-linkage clustering at the threshold tells
the stories apart: single links alone would chain unrelated stories that share a word. A
story needs two sources for a briefing; single articles are listed as leftovers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

from briefing.models import Article
from briefing.vectors import Vectorizer, similar_pairs, tfidf_matrix

MIN_SOURCES = 2
STORY_DAYS = 30  # articles dated further apart are one story only if they say much the same
SAME_TEXT = 0.5  # cosine at which two articles tell the same story whatever their dates
MAX_LINKED = 3000  # a connected group larger than this is one story: no pairwise clustering
SLUG_WORDS = 6


def cluster_articles(articles: Sequence[Article], vectorizer: Vectorizer,
                     threshold: float) -> list[list[int]]:
    """Groups of article indexes, one per story, biggest first, each in folder order.

    Candidate pairs are the article pairs whose cosine reaches the threshold (dated far apart,
    they must say much the same); within each connected group of candidates, average-linkage
    clustering keeps together only articles whose average similarity reaches the threshold, so
    one shared word does not chain unrelated stories into one.
    """
    if len(articles) < 2:
        return [list(range(len(articles)))]
    matrix = tfidf_matrix([vectorizer.terms(a.text) for a in articles])
    days = [day_number(a.published) for a in articles]
    rows, cols = [], []
    for row, linked in similar_pairs(matrix, threshold).items():
        for col in linked:
            if same_time(days[row], days[col]) or matrix[row].multiply(matrix[col]).sum() >= SAME_TEXT:
                rows.append(row)
                cols.append(col)
    graph = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(articles),) * 2)
    _, labels = connected_components(graph, directed=False)
    components: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        components.setdefault(int(label), []).append(index)
    groups = [group for component in components.values()
              for group in split_component(component, matrix, days, threshold)]
    return sorted(groups, key=lambda group: (-len(group), group[0]))


def split_component(component: list[int], matrix: sparse.csr_matrix, days: list[int | None],
                    threshold: float) -> list[list[int]]:
    """One connected group cut into stories by average linkage at the threshold.

    A group too large to compare every pair (a day of wire copy about one story) stays whole.
    """
    if len(component) <= 2 or len(component) > MAX_LINKED:
        return [component]
    rows = matrix[component]
    similarity = (rows @ rows.T).toarray()
    dated = np.array([np.nan if days[i] is None else days[i] for i in component], dtype=float)
    apart = np.abs(dated[:, None] - dated[None, :]) > STORY_DAYS  # NaN (undated) is never apart
    similarity[apart & (similarity < SAME_TEXT)] = 0.0
    distance = np.clip(1 - similarity, 0, None)
    np.fill_diagonal(distance, 0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1 - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for index, label in zip(component, labels, strict=True):
        groups.setdefault(int(label), []).append(index)
    return list(groups.values())


def day_number(published: str | None) -> int | None:
    try:
        return date.fromisoformat(published).toordinal() if published else None
    except ValueError:
        return None


def same_time(day: int | None, other: int | None) -> bool:
    """Dated within the story window of each other, or not both dated."""
    return day is None or other is None or abs(day - other) <= STORY_DAYS


def split_stories(groups: list[list[int]]) -> tuple[list[list[int]], list[int]]:
    """Stories with enough sources for a briefing, and the articles left on their own."""
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
