"""Dedupe: identical or near-identical copies of one article (syndication) count as one source.

Articles are compared by the Jaccard similarity of their word 5-grams. In a large folder
candidates come from a MinHash LSH index (datasketch), so thousands of articles are not compared
pair by pair; each candidate is then checked exactly. A small folder is compared pair by pair,
as that costs less than importing the index (datasketch loads SciPy's integrators).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from briefing.core.models import Article

if TYPE_CHECKING:
    from datasketch import MinHash

SHINGLE_WORDS = 5
PERMUTATIONS = 64
# LSH only proposes candidates, each checked exactly, so a missed copy costs more than a spare
# check: the index listens below the threshold and weighs false negatives nine times more.
INDEX_MARGIN = 0.1
INDEX_WEIGHTS = (0.1, 0.9)  # datasketch's (false positive, false negative) weights
INDEXED_ARTICLES = 200  # from this many articles on, candidates come from the index


def shingles(text: str) -> set[str]:
    """The article's word 5-grams, lower-cased, punctuation ignored."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def shingle_key(text: str) -> bytes:
    """The same for two texts exactly when their shingles are (but one chance in 2^64)."""
    return hashlib.blake2b("\n".join(sorted(shingles(text))).encode("utf-8"), digest_size=8).digest()


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def load_index() -> None:
    """Import datasketch (it loads SciPy's integrators, slow to import) in a process about to fork
    the workers that sign articles, so that it is imported once there, not again in each."""
    import datasketch  # noqa: F401


def signatures(texts: list[str]) -> list[MinHash]:
    """Each text's MinHash of its shingles; every process draws the same permutations (seed 1)."""
    from datasketch import MinHash

    # CRC-32 (C, deterministic) hashes a shingle in a fraction of the time of datasketch's
    # default SHA-1, and the permutations spread its values anyway
    return list(MinHash.bulk(([w.encode("utf-8") for w in shingles(text)] for text in texts),
                             num_perm=PERMUTATIONS, hashfunc=zlib.crc32))


def drop_syndicated_copies(articles: Sequence[Article], threshold: float,
                           signed: Sequence[MinHash] | None = None) -> list[Article]:
    """Keep the first of each group of copies; it records the copies' paths as aliases.

    signed: the articles' signatures when already made (in worker processes, say). Copies of
    the very same text are the copies of its first (a mailbox of one alert a thousand times).
    """
    @cache
    def shingles_of(number: int) -> set[str]:
        """Made only for the candidates compared."""
        return shingles(articles[number].text)

    kept: list[int] = []
    originals: dict[int, int] = {}
    candidates, remember = _candidate_finder(articles, threshold, signed, kept)
    candidates, is_copy = same_as_first(
        _first_of_same_text(articles), originals, candidates,
        lambda k, number: jaccard(shingles_of(k), shingles_of(number)) >= threshold)
    copies = keep_firsts(len(articles), candidates, kept, remember, is_copy, originals)
    return with_copies(articles, kept, copies)


def same_as_first(same: Sequence[int], originals: dict[int, int], candidates: Callable[[int], Iterable[int]],
                  is_copy: Callable[[int, int], bool]
                  ) -> tuple[Callable[[int], Iterable[int]], Callable[[int, int], bool]]:
    """keep_firsts' candidates and check where an article of the very same content as an
    earlier one (`same`: each one's first) copies what that first copies, or the first, as the
    loop would find (same content, same candidates and checks): n copies are not n²/2 checks."""
    def candidates_of(number: int) -> Iterable[int]:
        if same[number] != number:
            return [originals.get(same[number], same[number])]
        return candidates(number)

    def copies(k: int, number: int) -> bool:
        return same[number] != number or is_copy(k, number)

    return candidates_of, copies


def _first_of_same_text(articles: Sequence[Article]) -> list[int]:
    """For each article, the first with the very same text."""
    firsts: dict[str, int] = {}
    return [firsts.setdefault(article.text, number) for number, article in enumerate(articles)]


def keep_firsts(count: int, candidates: Callable[[int], Iterable[int]], kept: list[int],
                remember: Callable[[int], None], is_copy: Callable[[int, int], bool],
                originals: dict[int, int] | None = None) -> dict[int, list[int]]:
    """Each article in turn is a copy of the first kept candidate it copies, else kept (added to
    `kept`, and remembered); the copies by the article they copy (and in `originals`, each
    copy's original, as the loop goes)."""
    copies: dict[int, list[int]] = {}
    originals = {} if originals is None else originals
    for number in range(count):
        original = next((k for k in candidates(number) if is_copy(k, number)), None)
        if original is None:
            remember(number)
            kept.append(number)
        else:
            copies.setdefault(original, []).append(number)
            originals[number] = original
    return copies


def with_copies(articles: Sequence[Article], kept: list[int], copies: dict[int, list[int]]) -> list[Article]:
    """The kept articles, each with the metadata it lacks taken from its copies."""
    return [_merge_metadata(articles[k], [articles[c] for c in copies.get(k, [])]) for k in kept]


def proposed_pairs(signed: Sequence[MinHash], threshold: float, indexed: bool) -> list[tuple[int, int]]:
    """The pairs (k, n), k before n, that a copy check must compare: every pair in a small folder,
    the LSH index's proposals (as `drop_syndicated_copies` queries it) in a large one (`indexed`:
    from INDEXED_ARTICLES articles on)."""
    if not indexed:
        return [(k, n) for n in range(len(signed)) for k in range(n)]
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=max(threshold - INDEX_MARGIN, 0.05), num_perm=PERMUTATIONS,
                       weights=INDEX_WEIGHTS)
    pairs = []
    for number, signature in enumerate(signed):
        pairs += [(k, number) for k in sorted(int(key) for key in index.query(signature))]
        index.insert(str(number), signature)
    return pairs


def _candidate_finder(articles: Sequence[Article], threshold: float, signed: Sequence[MinHash] | None,
                     kept: list[int]) -> tuple[Callable[[int], Iterable[int]], Callable[[int], None]]:
    """How to find the kept articles an article may copy, and how to remember a kept one:
    every kept article in a small folder, the LSH index's proposals in a large one."""
    if len(articles) < INDEXED_ARTICLES and signed is None:
        return (lambda number: list(kept)), (lambda number: None)
    from datasketch import MinHashLSH

    signed = signed if signed is not None else signatures([a.text for a in articles])
    index = MinHashLSH(threshold=max(threshold - INDEX_MARGIN, 0.05), num_perm=PERMUTATIONS,
                       weights=INDEX_WEIGHTS)
    return ((lambda number: sorted(int(k) for k in index.query(signed[number]))),
            (lambda number: index.insert(str(number), signed[number])))


def _merge_metadata(article: Article, copies: list[Article]) -> Article:
    """The kept article, with metadata it lacks taken from its copies."""
    for copy in copies:
        article = replace(
            article,
            title=article.title or copy.title,
            outlet=article.outlet or copy.outlet,
            published=article.published or copy.published,
            url=article.url or copy.url,
            aliases=(*article.aliases, copy.path),
        )
    return article
