"""Score: rate every sentence of every article together, with one of sumy's summarisers.

All articles form one sumy document (one paragraph per article), so a sentence whose content
many outlets repeat is central and rises. sumy keys its ratings by sentence text; we read them
back by position, through the `count` callable of sumy's own `summarizer(document, count)`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse

from briefing.core.algorithms import ALGORITHMS, resolve
from briefing.core.languages import stemmer, stop_words_of
from briefing.core.models import Sentence
from briefing.read.split import SentenceSplitter
from briefing.summarise.vectors import Vectorizer, tfidf_matrix

DAMPING = 0.15
MAX_ITERATIONS = 100
CONVERGENCE = 1e-8
DEGREE_EPSILON = 1e-12



def build_summarizer(reference: str, language: str) -> Any:
    """A sumy summariser ("module:Class") with the language's stemmer and stop words, as sumy's
    docs set it up."""
    summarizer = resolve(reference)(stemmer(language))
    summarizer.stop_words = stop_words_of(language)
    return summarizer


def build_document(sentences: Sequence[Sentence], splitter: SentenceSplitter) -> Any:
    """One sumy document over all articles: a paragraph per article, sentences in order."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence

    paragraphs: dict[int, list[SumySentence]] = {}
    for sentence in sentences:
        paragraphs.setdefault(sentence.article, []).append(SumySentence(sentence.text, splitter))
    return ObjectDocumentModel(tuple(Paragraph(p) for p in paragraphs.values()))


def score_sentences(sentences: Sequence[Sentence], algorithm: str, language: str,
                    splitter: SentenceSplitter, vectorizer: Vectorizer) -> list[Sentence]:
    """The sentences with their rating, scaled to 0..1 (1 is the best in the folder)."""
    if not sentences:
        return []
    ordered = sorted(sentences, key=lambda s: (s.article, s.position))
    sumy = ALGORITHMS[algorithm].sumy
    if not sumy:
        ratings = centrality(tfidf_matrix([vectorizer.terms(s.text) for s in ordered]))
    else:
        ratings = rate_by_position(build_summarizer(sumy, language), build_document(ordered, splitter),
                                   len(ordered))
    return [s.rated(rating) for s, rating in zip(ordered, scale(ratings), strict=True)]


def rate_by_position(summarizer: Any, document: Any, count: int) -> list[float]:
    """Every sentence's rating, by its position in the document."""
    ratings = [0.0] * count

    def keep_all(infos: Sequence[Any]) -> Sequence[Any]:
        for info in infos:
            ratings[info.order] = float(info.rating)
        return infos

    summarizer(document, keep_all)
    return ratings


def centrality(matrix: sparse.csr_matrix) -> list[float]:
    """Continuous LexRank (Erkan and Radev, 2004) in linear time, never forming the n-by-n matrix.

    The similarity matrix is S = X Xᵀ less its diagonal, for X the L2-normalised TF-IDF rows, so
    S v = X (Xᵀ v) - diag v costs two sparse products. The power method runs on the random walk
    that follows S row-normalised, with the usual damping; sentences with no similar sentence
    spread their weight evenly.
    """
    count = matrix.shape[0]
    self_similarity = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
    transposed = matrix.T.tocsr()

    def similar(vector: np.ndarray) -> np.ndarray:
        product: np.ndarray = matrix @ (transposed @ vector) - self_similarity * vector
        return product

    degree = similar(np.ones(count))
    linked = degree > DEGREE_EPSILON
    rank = np.full(count, 1 / count)
    for _ in range(MAX_ITERATIONS):
        walk = similar(np.where(linked, rank / np.where(linked, degree, 1), 0))
        walk += rank[~linked].sum() / count
        updated = DAMPING / count + (1 - DAMPING) * walk
        if np.abs(updated - rank).sum() < CONVERGENCE:
            rank = updated
            break
        rank = updated
    return [float(r) for r in rank]


def scale(values: Sequence[float]) -> list[float]:
    low, high = min(values), max(values)
    if high == low:
        return [1.0 for _ in values]
    return [(v - low) / (high - low) for v in values]
