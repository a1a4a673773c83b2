"""Vectors: stemmed content words, TF-IDF rows, and neighbours found a block at a time."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from itertools import combinations

import numpy as np
import pytest

from briefing.core import languages
from briefing.summarise import vectors
from briefing.summarise.vectors import NeighbourRows, Vectorizer, cosine, tfidf_and_counts, tfidf_matrix

TEXTS = [
    "The ferry capsized in a storm on the Meghna river.",
    "A ferry capsized during a storm on the Meghna river on Sunday.",
    "The port authority said the terminals must automate.",
    "Dockworkers began a strike over the automation plan.",
    "The Meghna ferry sank in the storm, officials said.",
]


@pytest.fixture(scope="module")
def vectorizer() -> Vectorizer:
    return Vectorizer("english")


def test_vectors_terms_are_stemmed_content_words(vectorizer: Vectorizer) -> None:
    assert vectorizer.terms("The ferries were capsizing on the river") == ["ferri", "capsiz", "river"]
    assert vectorizer.terms("O’Brien’s 48-hour strike") == ["o'brien", "48-hour", "strike"]


def test_vectors_rows_are_unit_length_and_similar_texts_are_close(vectorizer: Vectorizer) -> None:
    matrix = tfidf_matrix([vectorizer.terms(t) for t in TEXTS])
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    assert np.allclose(norms, 1.0)
    similarity = (matrix @ matrix.T).toarray()
    assert similarity[0, 1] > 0.5 > similarity[0, 2]


@pytest.mark.parametrize("threshold", [0.1, 0.3, 0.5])
@pytest.mark.parametrize("threads", [None, ThreadPoolExecutor(2)], ids=["serial", "threads"])
def test_vectors_neighbour_rows_match_the_full_products(vectorizer: Vectorizer, threshold: float,
                                                        threads: ThreadPoolExecutor | None) -> None:
    """A row's neighbours reach the threshold in either search, whether the searches run one
    after the other or side by side."""
    texts = [f"{text} {extra}" for text in TEXTS for extra in ("", "Officials said so.", "Rain fell.")] * 10
    weighted, counted = tfidf_and_counts([vectorizer.terms(t) for t in texts])  # past one block of rows
    full = np.maximum((weighted @ weighted.T).toarray() >= threshold - 1e-9,
                      (counted @ counted.T).toarray() >= 0.5 - 1e-9)
    rows = NeighbourRows([(weighted, threshold), (counted, 0.5)], threads)
    closed: set[int] = set()
    for row in range(0, len(texts), 3):
        if row in closed:
            continue
        expected = [int(c) for c in np.flatnonzero(full[row]) if c != row and c not in closed]
        assert rows.of(row).tolist() == expected
        for other in [row, *expected[:2]]:  # closed rows are asked for and given no more
            rows.close(other)
            closed.add(other)
        assert not rows.is_open(row)


def test_vectors_a_process_stems_each_word_once_whatever_the_vectorizer(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes make a Vectorizer per slice of work: a later one stems only new words."""
    stemmed: list[str] = []
    snowball = languages.stemmer("english")

    def counted(language: str) -> Callable[[str], str]:
        def stem(word: str) -> str:
            stemmed.append(word)
            return snowball(word)
        return stem

    monkeypatch.setattr(vectors, "stemmer", counted)
    vectors._stems_in.cache_clear()  # words other tests stemmed in this process
    first = Vectorizer("english").terms("Wharfingers unloaded the quinqueremes at dawn")
    second = Vectorizer("english").terms("The quinqueremes left; wharfingers slept")
    assert first == ["wharfing", "unload", "quinquerem", "dawn"]
    assert second == ["quinquerem", "left", "wharfing", "slept"]
    assert sorted(stemmed) == ["dawn", "left", "quinqueremes", "slept", "unloaded", "wharfingers"]


def test_vectors_tfidf_and_counts_are_both_matrices_counted_once(vectorizer: Vectorizer) -> None:
    documents = [vectorizer.terms(t) for t in TEXTS]
    weighted, counted = tfidf_and_counts(documents)
    for made, alone in ((weighted, tfidf_matrix(documents)), (counted, tfidf_matrix(documents, idf=False))):
        assert (made != alone).nnz == 0
    plain = (counted @ counted.T).toarray()  # the plain counts' cosines, as the term lists give them
    for i, j in combinations(range(len(documents)), 2):
        assert plain[i, j] == pytest.approx(cosine(documents[i], documents[j]))
    assert (weighted != counted).nnz > 0  # idf weighs rare words up


def test_vectors_repeated_terms_add_up_and_empty_documents_keep_their_row() -> None:
    counted = tfidf_matrix([["harbour", "bridge", "harbour"], [], ["bridge"]], idf=False).toarray()
    assert counted.shape == (3, 2)  # the terms as they first occur: harbour, then bridge
    assert counted[0] == pytest.approx([2 / 5 ** 0.5, 1 / 5 ** 0.5])
    assert counted[1].tolist() == [0.0, 0.0]
    assert counted[2].tolist() == [0.0, 1.0]


def test_vectors_tfidf_of_counted_terms_is_the_tfidf_matrix_itself(vectorizer: Vectorizer) -> None:
    """What a cluster's workers send of each article (its terms hashed and counted) gives the very
    matrix the terms give, entry for entry and in the same order, so stories come out the same."""
    texts = ["The harbour bridge reopened on Tuesday after repairs to the bridge's cables.",
             "", "Gold prices rose as the dollar slipped; traders said gold would rise again.",
             "Repairs to the harbour bridge finished two weeks early, engineers said."]
    documents = [vectorizer.terms(text) for text in texts]
    expected = tfidf_matrix(documents)
    made = vectors.tfidf_of_counted([vectors.counted_terms(terms) for terms in documents])
    assert made.shape == expected.shape
    for field in ("data", "indices", "indptr"):
        assert np.array_equal(getattr(made, field), getattr(expected, field))
