"""Dedupe: identical or near-identical copies of one article (syndication) count as one source.

Articles are compared by the Jaccard similarity of their word 5-grams. Candidates come from a
MinHash LSH index (datasketch), so a folder of thousands of articles is not compared pair by
pair; each candidate is then checked exactly.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

from datasketch import MinHash, MinHashLSH

from briefing.models import Article

SHINGLE_WORDS = 5
PERMUTATIONS = 64
# LSH only proposes candidates, each checked exactly, so a missed copy costs more than a spare
# check: the index listens below the threshold and weighs false negatives nine times more.
INDEX_MARGIN = 0.1
INDEX_WEIGHTS = (0.1, 0.9)  # datasketch's (false positive, false negative) weights


def shingles(text: str) -> set[str]:
    """The article's word 5-grams, lower-cased, punctuation ignored."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def signatures(texts: list[str]) -> list[MinHash]:
    """Each text's MinHash of its shingles; every process draws the same permutations (seed 1)."""
    # CRC-32 (C, deterministic) hashes a shingle in a fraction of the time of datasketch's
    # default SHA-1, and the permutations spread its values anyway
    return list(MinHash.bulk(([w.encode("utf-8") for w in shingles(text)] for text in texts),
                             num_perm=PERMUTATIONS, hashfunc=zlib.crc32))


def drop_syndicated_copies(articles: Sequence[Article], threshold: float,
                           signed: Sequence[MinHash] | None = None) -> list[Article]:
    """Keep the first of each group of copies; it records the copies' paths as aliases.

    signed: the articles' signatures when already made (in worker processes, say).
    """
    signed = signed if signed is not None else signatures([a.text for a in articles])
    index = MinHashLSH(threshold=max(threshold - INDEX_MARGIN, 0.05), num_perm=PERMUTATIONS,
                       weights=INDEX_WEIGHTS)

    @cache
    def shingles_of(number: int) -> set[str]:
        """Made only for the candidates the index proposes."""
        return shingles(articles[number].text)

    kept: list[int] = []
    copies: dict[int, list[int]] = {}
    for number, signature in enumerate(signed):
        candidates = sorted(int(k) for k in index.query(signature))
        original = next((k for k in candidates
                         if jaccard(shingles_of(k), shingles_of(number)) >= threshold), None)
        if original is None:
            index.insert(str(number), signature)
            kept.append(number)
        else:
            copies.setdefault(original, []).append(number)
    return [merge_metadata(articles[k], [articles[c] for c in copies.get(k, [])]) for k in kept]


def merge_metadata(article: Article, copies: list[Article]) -> Article:
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
