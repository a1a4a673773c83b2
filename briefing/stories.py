"""Stories: tell apart the unrelated stories a folder holds, by what their articles say.

Each article becomes one TF-IDF vector of its stemmed content words; two articles belong to the
same story when their cosine similarity reaches the threshold, and stories are the connected
groups of that graph. Candidate pairs come from blocked sparse products, never a loop over all
pairs. A story needs two sources for a briefing; single articles are listed as leftovers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from briefing.models import Article
from briefing.vectors import Vectorizer, similar_pairs, tfidf_matrix

MIN_SOURCES = 2
SLUG_WORDS = 6


def cluster_articles(articles: Sequence[Article], vectorizer: Vectorizer,
                     threshold: float) -> list[list[int]]:
    """Groups of article indexes, one per story, biggest first, each in folder order."""
    if len(articles) < 2:
        return [list(range(len(articles)))]
    matrix = tfidf_matrix([vectorizer.terms(a.text) for a in articles])
    neighbours = similar_pairs(matrix, threshold)
    rows = [row for row, cols in neighbours.items() for _ in cols]
    cols = [col for values in neighbours.values() for col in values]
    graph = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(articles),) * 2)
    _, labels = connected_components(graph, directed=False)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        groups.setdefault(int(label), []).append(index)
    return sorted(groups.values(), key=lambda group: (-len(group), group[0]))


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
