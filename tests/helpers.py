"""What the tests share: a small story's sentences, a PDF's page count, text matched against sources."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

from briefing.models import Item, Sentence

# A small earthquake story, and a sentence of its own for each outlet: articles made of STORY
# alone, in any order, are syndicated copies of one another.
STORY = [
    "Rescue teams searched collapsed buildings in Marlow on Tuesday after a strong earthquake "
    "struck the coastal city overnight, officials said.",
    "The regional governor said at least 40 people had died and hundreds were injured in the "
    "earthquake.",
    "Engineers will inspect the harbour bridge on Friday before it reopens to traffic.",
    "Aid agencies sent tents, water and medical teams to the worst-hit districts of Marlow.",
]
OWN_WORDS = [
    "A local reporter counted dozens of families sleeping in the main square near the port.",
    "The national weather office warned of strong aftershocks along the coast this week.",
    "Hospital staff in Marlow asked residents to donate blood at the central clinic.",
]

QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "`": "'"})


def pdf_page_count(path: Path) -> int:
    """Pages of a PDF file, read back with pypdf."""
    return len(PdfReader(path).pages)


def squash(text: str) -> str:
    """Text with whitespace and quote styles ignored, for verbatim comparison."""
    return re.sub(r"\s+", "", text.translate(QUOTES))


def written_by(text: str, source: str) -> bool:
    return squash(text) in squash(source)


def story_of(texts: dict[int, list[str]], weights: dict[str, float]) -> tuple[list[Sentence], list[Item]]:
    """The sentences of each article (rated 0.5), and one item per weighed text, led by that
    text, its weight also its priority."""
    sentences = [Sentence(text, article, position, 0.5)
                 for article, lines in texts.items() for position, text in enumerate(lines)]
    items = [Item(text, (0,), weight, (Sentence(text, 0, n, weight),), priority=weight)
             for n, (text, weight) in enumerate(weights.items())]
    return sentences, items
