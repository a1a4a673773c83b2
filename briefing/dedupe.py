"""Dedupe: identical or near-identical copies of one article (syndication) count as one source.

Articles are compared by the Jaccard similarity of their word 5-grams. Candidates come from a
MinHash LSH index (datasketch), so a folder of thousands of articles is not compared pair by
pair; each candidate is then checked exactly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from datasketch import MinHash, MinHashLSH

from briefing.models import Article

SHINGLE_WORDS = 5
PERMUTATIONS = 64


def shingles(text: str) -> set[str]:
    """The article's word 5-grams, lower-cased, punctuation ignored."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def drop_syndicated_copies(articles: Sequence[Article], threshold: float) -> list[Article]:
    """Keep the first of each group of copies; it records the copies' paths as aliases."""
    sets = [shingles(a.text) for a in articles]
    index = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    kept: list[int] = []
    copies: dict[int, list[int]] = {}
    # bulk shares one set of hash permutations instead of drawing them again for every article
    signatures = MinHash.bulk(([w.encode("utf-8") for w in words] for words in sets),
                              num_perm=PERMUTATIONS)
    for number, (words, signature) in enumerate(zip(sets, signatures, strict=True)):
        original = next((int(k) for k in sorted(index.query(signature), key=int)
                         if jaccard(sets[int(k)], words) >= threshold), None)
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
