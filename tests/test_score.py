"""Score: every sentence rated 0..1 across all articles, what many outlets say rated highest."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from briefing.core.algorithms import ALGORITHMS
from briefing.core.models import Sentence
from briefing.read.split import SentenceSplitter
from briefing.summarise.score import score_sentences
from briefing.summarise.vectors import Vectorizer

SHARED = "Dockworkers at the port of Lisbon began a 48-hour strike over an automation plan."
SENTENCES = [
    Sentence(SHARED, 0, 0), Sentence("Exporters of cork said shipments would be delayed.", 0, 1),
    Sentence("Dockworkers at Lisbon's port began a 48-hour strike over the automation plan.", 1, 0),
    Sentence("A spokesman said no ship had been diverted so far.", 1, 1),
    Sentence("The strike by dockworkers at the port of Lisbon is over an automation plan.", 2, 0),
    Sentence("Container ships waited at anchor in the estuary.", 2, 1),
]


@pytest.mark.parametrize("algorithm", ["centrality", *(name for name, a in ALGORITHMS.items() if a.sumy)])
def test_score_every_sentence_rated_in_its_place(algorithm: str) -> None:
    rated = score_sentences(SENTENCES, algorithm, "english", SentenceSplitter(), Vectorizer("english"))
    assert [(s.text, s.article, s.position) for s in rated] == [
        (s.text, s.article, s.position) for s in SENTENCES]
    assert all(0.0 <= s.rating <= 1.0 for s in rated)
    assert max(s.rating for s in rated) == 1.0


def test_score_centrality_rates_the_shared_sentence_first_and_the_lone_one_last() -> None:
    """PageRank spreads its mass evenly over each group of alike sentences, so a pair rates near
    a trio: what many outlets report is weighed by corroboration in rank.py, not here."""
    rated = score_sentences(SENTENCES, "centrality", "english", SentenceSplitter(), Vectorizer("english"))
    ordered = sorted(rated, key=lambda s: -s.rating)
    assert ordered[0].position == 0
    assert ordered[0].rating == 1.0
    assert ordered[-1].text.startswith("Exporters of cork")  # it shares no word with another
    assert ordered[-1].rating == 0.0


def test_score_no_sentences() -> None:
    assert score_sentences([], "centrality", "english", SentenceSplitter(), Vectorizer("english")) == []


def test_score_sentence_copies_keep_every_other_field() -> None:
    """Sentence.rated and .in_article change one field and keep the rest, as dataclasses.replace
    does (they stand in for it where there are many sentences)."""
    values = {f.name: (f"text {f.name}" if f.type == "str" else 7) for f in fields(Sentence)}
    sentence = Sentence(**values)
    assert sentence.rated(0.25) == replace(sentence, rating=0.25)
    assert sentence.in_article(3) == replace(sentence, article=3)
