"""Shared fixtures: the sample folder and a settings object with the shipped defaults."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from briefing.settings import Settings, load_settings

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
