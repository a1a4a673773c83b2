"""Score: rate every sentence of every article together, with one of sumy's summarisers.

All articles form one sumy document (one paragraph per article), so a sentence whose content
many outlets repeat is central and rises. sumy keys its ratings by sentence text; we read them
back by position, through the `count` callable of sumy's own `summarizer(document, count)`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from sumy.models.dom import ObjectDocumentModel, Paragraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from briefing.models import Sentence
from briefing.split import SentenceSplitter

SUMMARIZERS: dict[str, Callable[..., Any]] = {
    "lexrank": LexRankSummarizer,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "kl": KLSummarizer,
    "sumbasic": SumBasicSummarizer,
}


def build_summarizer(algorithm: str, language: str) -> Any:
    """A sumy summariser with the language's stemmer and stop words, as sumy's docs set it up."""
    summarizer = SUMMARIZERS[algorithm](Stemmer(language))
    summarizer.stop_words = get_stop_words(language)
    return summarizer


def build_document(sentences: Sequence[Sentence], splitter: SentenceSplitter) -> Any:
    """One sumy document over all articles: a paragraph per article, sentences in order."""
    paragraphs: dict[int, list[SumySentence]] = {}
    for sentence in sentences:
        paragraphs.setdefault(sentence.article, []).append(SumySentence(sentence.text, splitter))
    return ObjectDocumentModel(tuple(Paragraph(p) for p in paragraphs.values()))


def score_sentences(sentences: Sequence[Sentence], algorithm: str, language: str,
                    splitter: SentenceSplitter) -> list[Sentence]:
    """The sentences with their sumy rating, scaled to 0..1 (1 is the best in the folder)."""
    if not sentences:
        return []
    ordered = sorted(sentences, key=lambda s: (s.article, s.position))
    ratings = rate_by_position(build_summarizer(algorithm, language),
                               build_document(ordered, splitter), len(ordered))
    scaled = scale(ratings)
    return [replace(s, score=scaled[i]) for i, s in enumerate(ordered)]


def rate_by_position(summarizer: Any, document: Any, count: int) -> list[float]:
    """Every sentence's rating, by its position in the document."""
    ratings = [0.0] * count

    def keep_all(infos: Sequence[Any]) -> Sequence[Any]:
        for info in infos:
            ratings[info.order] = float(info.rating)
        return infos

    summarizer(document, keep_all)
    return ratings


def scale(values: Sequence[float]) -> list[float]:
    low, high = min(values), max(values)
    if high == low:
        return [1.0 for _ in values]
    return [(v - low) / (high - low) for v in values]
