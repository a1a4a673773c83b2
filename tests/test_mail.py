"""Mail: build the message from a real PDF and send it to a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from briefing.core.errors import MailError
from briefing.deliver.mail import (
    Delivery,
    build_message,
    mail_briefing,
    may_log_in,
    parse_server,
    password_from_env,
    send_message,
    validate_address,
    write_eml,
)
from briefing.page.audience import load_audience
from tests.conftest import HOST, REFUSED, Recorder, free_port

SENDER = "Desk <desk@example.org>"
TO = ["ana@example.org", "Ben Ode <ben@example.com>"]
CC = ["cleo@example.net"]
SUBJECT = "Briefing: Blinken in Beijing – 14 June 2023"
MARKDOWN = "# Blinken in Beijing\n\n- The two sides agreed to keep talking. [1]\n"
HTML = "<h1>Blinken in Beijing</h1><ul><li>The two sides agreed to keep talking.</li></ul>"


def refuse_login(*args: Any) -> AuthResult:
    return AuthResult(success=False, handled=False)


@pytest.fixture
def guarded_server() -> Iterator[int]:
    """A server that offers AUTH over plain text (test only) and rejects every login."""
    controller = Controller(Recorder(), hostname=HOST, port=free_port(),
                            authenticator=refuse_login, auth_require_tls=False)
    controller.start()
    yield controller.port
    controller.stop()


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from weasyprint import HTML

    path = tmp_path_factory.mktemp("pdf") / "briefing-2023-06-14.pdf"
    HTML(string="<p>x</p>").write_pdf(path)
    return path


def build(pdf: Path, **changes: Any) -> EmailMessage:
    fields: dict[str, Any] = {"pdf_path": pdf, "markdown": MARKDOWN, "html": HTML,
                              "sender": SENDER, "to": TO, "cc": CC, "subject": SUBJECT}
    return build_message(**(fields | changes))


def parts(message: EmailMessage) -> tuple[str, str | None, bytes, str | None]:
    """The text body, the HTML alternative, the PDF's bytes and its file name."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    attachment, = message.iter_attachments()
    assert isinstance(attachment, EmailMessage)
    assert attachment.get_content_type() == "application/pdf"
    # On the wire and in .eml text lines end in CRLF; compare with the Markdown's LF.
    body = text.get_content().replace("\r\n", "\n") if text else ""
    return (body, html.get_content() if html else None,
            attachment.get_content(), attachment.get_filename())


def test_mail_sends_to_every_recipient_with_body_and_pdf(
        server: tuple[Recorder, int], pdf: Path) -> None:
    recorder, port = server
    send_message(build(pdf), HOST, port, user=None, password=None)
    envelope, = recorder.envelopes
    assert envelope.mail_from == "desk@example.org"
    assert envelope.rcpt_tos == ["ana@example.org", "ben@example.com", "cleo@example.net"]
    assert isinstance(envelope.content, bytes)
    received = message_from_bytes(envelope.content, policy=default)
    assert isinstance(received, EmailMessage)
    assert received["Subject"] == SUBJECT
    assert received["Message-ID"].endswith("@example.org>")
    assert received["Date"]
    text, html, data, name = parts(received)
    assert text == MARKDOWN
    assert html is not None
    assert html.strip() == HTML
    assert data == pdf.read_bytes()
    assert name == pdf.name


@pytest.mark.parametrize("to", [[REFUSED], [TO[0], REFUSED]], ids=["all", "one-of-two"])
def test_mail_refused_recipient_is_named(
        server: tuple[Recorder, int], pdf: Path, to: list[str]) -> None:
    _, port = server
    with pytest.raises(MailError, match=f"refused {REFUSED} \\(550 no such user\\)"):
        send_message(build(pdf, to=to, cc=[]), HOST, port, user=None, password=None)


def test_mail_unreachable_server_is_named(pdf: Path) -> None:
    port = free_port()
    with pytest.raises(MailError, match=f"cannot reach mail server {HOST}:{port}") as caught:
        send_message(build(pdf), HOST, port, user=None, password=None, timeout=5)
    assert "\n" not in str(caught.value)


def test_mail_rejected_login_names_user_not_password(guarded_server: int, pdf: Path) -> None:
    with pytest.raises(MailError, match="rejected the login for user 'desk'") as caught:
        send_message(build(pdf), HOST, guarded_server, user="desk", password="s3cret-pw")
    assert "s3cret-pw" not in str(caught.value)


def test_mail_write_eml_has_crlf_and_the_pdf(pdf: Path, tmp_path: Path) -> None:
    path = tmp_path / "briefing.eml"
    write_eml(build(pdf), path)
    raw = path.read_bytes()
    assert b"\r\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert [p.name for p in tmp_path.iterdir()] == ["briefing.eml"]
    message = BytesParser(policy=default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    text, html, data, name = parts(message)
    assert text == MARKDOWN
    assert html is not None
    assert data == pdf.read_bytes()
    assert name == pdf.name


def test_mail_write_eml_into_missing_folder_is_named(pdf: Path, tmp_path: Path) -> None:
    with pytest.raises(MailError, match=r"cannot write .*briefing\.eml"):
        write_eml(build(pdf), tmp_path / "missing" / "briefing.eml")


def test_mail_without_html_has_text_and_pdf_only(pdf: Path) -> None:
    text, html, data, _ = parts(build(pdf, html=None))
    assert (text, html, data) == (MARKDOWN, None, pdf.read_bytes())


@pytest.mark.parametrize("changes", [
    {"sender": "desk@example.org\nBcc: spy@example.org"},
    {"to": ["ana@example.org\r\nBcc: spy@example.org"]},
    {"cc": ["cleo@example.net\nX-Evil: 1"]},
    {"subject": "Briefing\nBcc: spy@example.org"},
    {"subject": "Briefing\r"},
], ids=["sender", "to", "cc", "subject-lf", "subject-cr"])
def test_mail_header_injection_is_refused(pdf: Path, changes: dict[str, Any]) -> None:
    with pytest.raises(MailError, match="line break"):
        build(pdf, **changes)


@pytest.mark.parametrize("value", [
    "not-an-address", "@example.org", "ana@", "ana@localhost", "ana@example.", "",
    "ana@example.org, ben@example.org", "ana@example.org junk", "Ana ana@example.org", "<>",
])
def test_mail_invalid_address_is_refused(value: str) -> None:
    with pytest.raises(MailError, match="invalid e-mail address") as caught:
        validate_address(value)
    assert repr(value) in str(caught.value)


@pytest.mark.parametrize(("value", "expected"), [
    ("ana@example.org", "ana@example.org"),
    ("Ben Ode <ben@example.com>", "Ben Ode <ben@example.com>"),
    ('"Ode, Ben" <ben@example.com>', '"Ode, Ben" <ben@example.com>'),
])
def test_mail_valid_address_is_kept(value: str, expected: str) -> None:
    assert validate_address(value) == expected


def test_mail_invalid_address_in_message_is_refused(pdf: Path) -> None:
    with pytest.raises(MailError, match="'not-an-address'"):
        build(pdf, cc=["not-an-address"])


def test_mail_without_recipient_is_refused(pdf: Path) -> None:
    with pytest.raises(MailError, match="no recipient"):
        build(pdf, to=[])


def test_mail_missing_pdf_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nope.pdf"
    with pytest.raises(MailError, match=r"nope\.pdf"):
        build(missing)


def test_mail_non_pdf_attachment_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("hello", encoding="utf-8")
    with pytest.raises(MailError, match="not a PDF"):
        build(fake)


@pytest.mark.parametrize(("value", "expected"), [
    ("smtp.example.org:587", ("smtp.example.org", 587)),
    ("127.0.0.1:25", ("127.0.0.1", 25)),
    ("[::1]:2525", ("::1", 2525)),
])
def test_mail_parse_server_reads_host_and_port(value: str, expected: tuple[str, int]) -> None:
    assert parse_server(value) == expected


@pytest.mark.parametrize("value", ["smtp.example.org", ":25", "host:", "host:abc", "host:0",
                                   "host:70000", "bad host:25", "host\n:25"])
def test_mail_parse_server_refuses_malformed(value: str) -> None:
    with pytest.raises(MailError, match="mail server"):
        parse_server(value)


def test_mail_password_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "s3cret")
    assert password_from_env() == "s3cret"
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", "")
    assert password_from_env() is None
    monkeypatch.delenv("BRIEFING_SMTP_PASSWORD")
    assert password_from_env() is None


@pytest.mark.parametrize(
    ("host", "encrypted", "allowed"),
    [
        ("smtp.example.org", True, True),
        ("smtp.example.org", False, False),
        ("192.0.2.10", False, False),
        ("127.0.0.1", False, True),
        ("::1", False, True),
        ("localhost", False, True),
    ],
)
def test_mail_password_goes_plain_only_to_this_machine(host: str, encrypted: bool, allowed: bool) -> None:
    assert may_log_in(host, encrypted) is allowed


def test_mail_a_server_that_trickles_is_given_up_on_at_the_deadline(pdf: Path) -> None:
    """A server that greets one byte at a time, each well inside the per-read timeout."""
    listener = socket.create_server((HOST, 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def trickle() -> None:
        connection, _ = listener.accept()
        with connection:
            for byte in b"220 slow.example.org ESMTP\r\n":
                if stop.wait(0.4):
                    return
                connection.sendall(bytes([byte]))

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    started = time.monotonic()
    try:
        with pytest.raises(MailError, match="no complete answer within 2 s"):
            send_message(build(pdf), HOST, port, user=None, password=None, timeout=5, deadline=2)
    finally:
        stop.set()
        listener.close()
    assert time.monotonic() - started < 4


@pytest.mark.parametrize(("user", "password"), [("désk", "s3cret-pw"), ("desk", "pässwörd")])
def test_mail_a_login_that_is_not_ascii_is_one_line_that_shows_no_password(
        guarded_server: int, pdf: Path, user: str, password: str) -> None:
    with pytest.raises(MailError, match="must be ASCII") as caught:
        send_message(build(pdf), HOST, guarded_server, user=user, password=password)
    assert password not in str(caught.value)
    assert "ä" not in str(caught.value)


def test_mail_html_part_comes_from_the_markdown_when_no_html_was_written(
        pdf: Path, tmp_path: Path) -> None:
    briefing_pdf = tmp_path / "briefing-2023-06-14.pdf"
    briefing_pdf.write_bytes(pdf.read_bytes())
    briefing_pdf.with_suffix(".md").write_text(
        MARKDOWN + "- A <b>tag</b> stays text. <https://example.org/a>\n", encoding="utf-8")
    eml = tmp_path / "out.eml"
    audience = load_audience("analyst")
    said = mail_briefing(briefing_pdf, Delivery(to=("ana@example.org",), sender=SENDER, eml=eml), audience)
    assert said == f"wrote {eml}"
    message = BytesParser(policy=default).parsebytes(eml.read_bytes())
    assert isinstance(message, EmailMessage)
    text, html, _, _ = parts(message)
    assert text.startswith("# Blinken in Beijing")
    assert html is not None
    assert "<h1>Blinken in Beijing</h1>" in html
    assert "&lt;b&gt;tag&lt;/b&gt;" in html
    assert '<a href="https://example.org/a">' in html
    assert message["Subject"] == "Briefing: Blinken in Beijing (2023-06-14)"
