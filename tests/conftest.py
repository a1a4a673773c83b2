"""What the tests share: the sample folder, settings with the shipped defaults, a loopback SMTP
server, the golden-file option, a small story's sentences, a PDF's page count, text matched
against sources."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from pypdf import PdfReader

from briefing.core.models import Item, Sentence
from briefing.core.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HOST = "127.0.0.1"
REFUSED = "nobody@example.org"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite the golden briefings in tests/golden/ from this code's output.")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def seeds() -> Path:
    return SEEDS


class Recorder:
    """An aiosmtpd handler that keeps every envelope and refuses the REFUSED address."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope,  # noqa: N802
                          address: str, rcpt_options: list[str]) -> str:
        if address == REFUSED:
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session,  # noqa: N802
                          envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A port nothing listens on: bind to port 0, read the port, close."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server() -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder()
    controller = Controller(recorder, hostname=HOST, port=free_port())
    controller.start()
    yield recorder, controller.port
    controller.stop()


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
