"""Invariants of a whole build, for random article sets made of real sentences.

Whatever the folder holds, a build either gives a one-page briefing whose every item is a
sentence one of its cited sources wrote, or, when no file has a usable sentence, says so with
an InputError; any other error fails the test. Articles are random selections and
recombinations of the seeds' sentences and of sentences made from small word lists, with or
without a headline line.
"""

from __future__ import annotations

import io
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing.core.errors import InputError
from briefing.core.settings import load_settings
from briefing.page.audience import Look, load_audience
from briefing.read.clean import split_paragraphs
from briefing.read.split import SentenceSplitter
from briefing.run import pipeline
from tests.conftest import written_by

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

PEOPLE = ["Mayor Ortiz", "The harbour authority", "Minister Laine", "Union leader Okafor",
          "The regional council", "Police chief Brandt"]
VERBS = ["announced", "rejected", "promised", "criticised", "delayed", "approved"]
THINGS = ["a new flood barrier", "the port expansion", "the bus fare rise",
          "the hospital budget", "an inquiry into the fire", "the ferry timetable"]
WHEN = ["on Monday", "last week", "after a long meeting", "in a short statement",
        "before the vote", "late on Friday"]
FRAGMENTS = ["Read more", "Share this", "Photo: Reuters", "Advertisement", "Live updates"]


@cache
def seed_sentences() -> tuple[str, ...]:
    splitter = SentenceSplitter()
    articles = pipeline.read_folder(SEEDS, load_settings()).articles
    return tuple(s for a in articles for p in split_paragraphs(a.text)
                 for s in splitter.to_sentences(p) if len(s.split()) >= 6)


@st.composite
def own_sentence(draw: st.DrawFn) -> tuple[str, bool]:
    """A plain news sentence from the word lists (8 words or more): always briefing material."""
    parts = [draw(st.sampled_from(words)) for words in (PEOPLE, VERBS, THINGS, WHEN)]
    return " ".join(parts) + ".", True


@st.composite
def recombined_sentence(draw: st.DrawFn) -> tuple[str, bool]:
    """The first half of one seed sentence and the second half of another."""
    first = draw(st.sampled_from(seed_sentences())).split()
    second = draw(st.sampled_from(seed_sentences())).split()
    return " ".join(first[:len(first) // 2] + second[len(second) // 2:]), False


SENTENCE = st.one_of(own_sentence(), recombined_sentence(),
                     st.sampled_from(seed_sentences()).map(lambda text: (text, False)))
HEADLINE = st.lists(st.sampled_from(THINGS + PEOPLE + WHEN), min_size=1, max_size=3).map(
    lambda words: " ".join(words).capitalize())


@st.composite
def article(draw: st.DrawFn) -> tuple[str, bool]:
    """An article's text, and whether it holds a sentence that surely survives the pipeline."""
    if draw(st.integers(0, 9)) == 0:  # now and then a file of page junk only
        return "\n".join(draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=3))), False
    sentences = draw(st.lists(SENTENCE, min_size=1, max_size=8))
    per_line = draw(st.integers(1, 3))
    body = "\n\n".join(" ".join(text for text, _ in sentences[i:i + per_line])
                       for i in range(0, len(sentences), per_line))
    headline = draw(st.one_of(st.none(), HEADLINE))
    text = f"{headline}\n\n{body}\n" if headline else f"{body}\n"
    return text, any(own for _, own in sentences)


@pytest.fixture(scope="module")
def look() -> Look:
    return Look(load_audience("analyst"))


@settings(max_examples=10, deadline=None)
@given(articles=st.lists(article(), min_size=1, max_size=6))
def test_property_any_article_set_gives_one_sourced_page(
        articles: list[tuple[str, bool]], look: Look) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for number, (text, _) in enumerate(articles):
            (folder / f"{number:02d}.txt").write_text(text, encoding="utf-8")
        try:
            edition = pipeline.build_edition(folder, load_settings(), None, look, ("pdf",),
                                             single_story=True)
        except InputError as error:
            if any(usable for _, usable in articles) or "no articles found" not in str(error):
                raise
            event("no usable sentence")
            return
        (story,) = edition.stories
        briefing = story.briefing
        event(f"{len(briefing.items)} items")
        document = story.files["pdf"]
        assert len(PdfReader(io.BytesIO(document)).pages) == 1
        for item in briefing.items:
            cited = [briefing.sources[i] for i in item.sources]
            texts = [Path(path).read_text(encoding="utf-8")
                     for source in cited for path in (source.path, *source.aliases)]
            assert any(written_by(item.text, text) for text in texts), item.text
