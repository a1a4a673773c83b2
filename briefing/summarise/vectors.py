"""Vectors: sentences as TF-IDF vectors of their stemmed content words, kept sparse.

Shared by scoring (centrality) and merging (near-duplicates); built with the stemmer and stop
words sumy uses (languages.stemmer, languages.stop_words_of) so every stage agrees on what a
word is.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor
from functools import cache
from itertools import chain, pairwise, repeat

import numpy as np
from scipy import sparse

from briefing.core.languages import stemmer, stop_words_of

ROUNDING = 1e-9  # a cosine of exactly the threshold (6 / 12) may come out a hair below it
OPEN_SHARE = 0.9  # of the rows the products reach: below it, the closed ones leave the products
ROWS_ON_DEMAND = 64  # rows NeighbourRows computes at a time: upcoming leads, some taken before
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


class Vectorizer:
    """Stemmed content words and numbers of a sentence, with sumy's stemmer and stop words.

    Words are runs of letters and digits, inner apostrophes and hyphens kept, matched with `re`
    (NLTK's RegexpTokenizer guards every pattern with a slow timeout this fixed one needs not);
    sentences are memoised, as wire copy repeats itself, and stems for the process.
    """

    def __init__(self, language: str, known: Mapping[str, list[str]] | None = None) -> None:
        """known: texts' terms already made (by a Vectorizer of the language elsewhere)."""
        self._stemmer = stemmer(language)
        self._stop_words = frozenset(w.lower() for w in stop_words_of(language))
        self._stems = _stems_in(language)
        self._terms: dict[str, list[str]] = dict(known or {})

    def terms(self, text: str) -> list[str]:
        known = self._terms.get(text)
        if known is None:
            words = WORD.findall(text.lower().replace("’", "'"))
            known = [self.stem(w) for w in words if w not in self._stop_words and len(w) > 1]
            self._terms[text] = known
        return known

    def concepts(self, text: str) -> list[str]:
        """Stemmed word bigrams of the text, but those of two stop words ('of the')."""
        words = WORD.findall(text.lower().replace("’", "'"))
        stems = [self.stem(w) for w in words]
        return [f"{stems[i]} {stems[i + 1]}" for i, (a, b) in enumerate(pairwise(words))
                if not (a in self._stop_words and b in self._stop_words)]

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            stem = self._stems[word] = self._stemmer(word)
        return stem


@cache
def _stems_in(language: str) -> dict[str, str]:
    """Every word this process has stemmed in the language, with its stem (a word's stem never
    changes): each Vectorizer adds to it, so a worker process stems a word once, not again in
    every slice of work it takes (the Snowball stemmer is most of what a slice of wire copy
    costs to read into terms; a folder's vocabulary is small beside its words)."""
    return {}


def tfidf_matrix(documents: Sequence[Sequence[str]], idf: bool = True) -> sparse.csr_matrix:
    """Rows are documents (lists of terms), L2-normalised TF-IDF weights (or plain counts)."""
    return _normalised(_term_counts(documents), idf)


def tfidf_and_counts(documents: Sequence[Sequence[str]]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """tfidf_matrix(documents) and tfidf_matrix(documents, idf=False), the terms counted once."""
    counts = _term_counts(documents)
    return _normalised(counts, idf=True), _normalised(counts, idf=False)


def _term_counts(documents: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """Each document's count of each term, the terms numbered as they first occur; the terms
    looked up by C loops (map, fromiter), not one Python step each: a day of wire copy has
    millions."""
    vocabulary = {term: number for number, term in enumerate(dict.fromkeys(chain.from_iterable(documents)))}
    cols = np.fromiter(map(vocabulary.__getitem__, chain.from_iterable(documents)), dtype=np.int32)
    ends = np.cumsum(np.fromiter(map(len, documents), dtype=np.int64, count=len(documents)))
    counts = sparse.csr_matrix((np.ones(len(cols)), cols, np.concatenate([[0], ends])),
                               shape=(len(documents), max(len(vocabulary), 1)))
    counts.sum_duplicates()  # repeated terms add up
    return counts


def counted_terms(terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """A document's distinct terms as 64-bit hashes, in the order they first occur, and how often
    each occurs: what `tfidf_of_counted` needs of it, a fraction of its terms' size."""
    counts: dict[str, int] = {}
    for term in terms:
        counts[term] = counts.get(term, 0) + 1
    hashes = np.fromiter(map(_term_hash, counts), dtype=np.uint64, count=len(counts))
    return hashes, np.fromiter(counts.values(), dtype=np.int32, count=len(counts))


@cache
def _term_hash(term: str) -> int:
    """The same in every process (unlike `hash`), and 64 bits: a day's terms do not collide."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "little")


def tfidf_of_counted(documents: Sequence[tuple[np.ndarray, np.ndarray]]) -> sparse.csr_matrix:
    """tfidf_matrix of the documents whose terms `counted_terms` counted: the same matrix, each
    term numbered as it first occurs."""
    vocabulary: dict[int, int] = {}
    for hashes, _ in documents:
        vocabulary.update(dict.fromkeys(hashes.tolist()))
    numbers = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
    cols = np.fromiter(map(numbers.__getitem__, chain.from_iterable(h.tolist() for h, _ in documents)),
                       dtype=np.int32)
    ends = np.cumsum(np.fromiter((len(h) for h, _ in documents), dtype=np.int64, count=len(documents)))
    data = np.concatenate([c for _, c in documents]).astype(float) if documents else np.zeros(0)
    counts = sparse.csr_matrix((data, cols, np.concatenate([[0], ends])),
                               shape=(len(documents), max(len(numbers), 1)))
    counts.sort_indices()
    return _normalised(counts, idf=True)


def _normalised(matrix: sparse.csr_matrix, idf: bool) -> sparse.csr_matrix:
    """The rows weighted by inverse document frequency (with `idf`), then L2-normalised."""
    if idf:
        document_frequency = np.bincount(matrix.indices, minlength=matrix.shape[1])
        matrix = matrix.multiply(np.log((1 + matrix.shape[0]) / (1 + document_frequency)) + 1).tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.csr_matrix(matrix.multiply(1 / norms[:, None]))


class NeighbourRows:
    """The open rows similar to a row, computed only when asked, a block of upcoming rows at a time.

    A row's neighbours reach the threshold in any (matrix, threshold) search, less the rows
    closed since (`close`). Rows are asked in order, so memory holds one block of neighbour
    lists; once a tenth of the rows are closed they leave the matrices, so a product costs
    what the open rows hold.
    """

    def __init__(self, searches: Sequence[tuple[sparse.csr_matrix, float]], threads: Executor | None = None):
        """threads: to run the searches' products side by side (SciPy's sparse product releases
        the GIL), else they run one after the other."""
        self._searches = list(searches)
        self._map = map if threads is None else threads.map
        self._open = np.ones(searches[0][0].shape[0], dtype=bool)
        self._columns = np.flatnonzero(self._open)  # the rows the products reach, by column
        self._reached = [sparse.csr_matrix(matrix.T) for matrix, _ in self._searches]
        self._rows: dict[int, np.ndarray] = {}

    def is_open(self, row: int) -> bool:
        return bool(self._open[row])

    def close(self, row: int) -> None:
        self._open[row] = False

    def of(self, row: int) -> np.ndarray:
        """The open neighbours of `row`, in increasing order."""
        if row not in self._rows:
            self._rows = self._block_from(row)
        found = self._rows[row]
        still_open: np.ndarray = found[self._open[found]]
        return still_open

    def _block_from(self, row: int) -> dict[int, np.ndarray]:
        if np.count_nonzero(self._open[self._columns]) < OPEN_SHARE * len(self._columns):
            self._columns = np.flatnonzero(self._open)
            self._reached = [sparse.csr_matrix(matrix[self._columns].T) for matrix, _ in self._searches]
        block = row + np.flatnonzero(self._open[row:])[:ROWS_ON_DEMAND]
        width = len(self._columns)
        cells = self._map(_reaching, [matrix[block] for matrix, _ in self._searches], self._reached,
                          [threshold for _, threshold in self._searches], repeat(width))
        positions, columns = np.divmod(_distinct(np.concatenate(list(cells))), width)  # by row, then column
        found = self._columns[columns]
        other = found != block[positions]
        starts = np.searchsorted(positions[other], np.arange(1, len(block)))
        return dict(zip(block.tolist(), np.split(found[other], starts), strict=True))


def _reaching(rows: sparse.csr_matrix, reached: sparse.csr_matrix, threshold: float,
              width: int) -> np.ndarray:
    """Each pair of a row and a column whose product reaches the threshold, as one number
    (row * width + column)."""
    product = sparse.csr_matrix(rows @ reached)
    reaches = np.flatnonzero(product.data >= threshold - ROUNDING)
    positions = np.searchsorted(product.indptr, reaches, side="right") - 1
    cells: np.ndarray = positions * width + product.indices[reaches]
    return cells


def _distinct(values: np.ndarray) -> np.ndarray:
    """The values sorted, each once: np.unique, by sorting alone (its hashing is slower here)."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


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
