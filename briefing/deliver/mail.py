"""Mail: wrap the briefing in one message (text, HTML, PDF) and write it as .eml or send it.

Building is pure apart from reading the PDF and stamping Date and Message-ID; only
`write_eml` and `send_message` touch the disk or the network. Every failure a user can cause
becomes a one-line MailError; the SMTP password comes from the caller and is never shown.
"""

from __future__ import annotations

import ipaddress
import os
import re
import signal
import smtplib
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.policy import default as default_policy
from email.utils import formatdate, make_msgid
from pathlib import Path
from ssl import create_default_context

from briefing.core import errors, naming
from briefing.page.audience import Audience

PASSWORD_VARIABLE = "BRIEFING_SMTP_PASSWORD"  # noqa: S105  # the variable's name, not a password
PDF_MAGIC = b"%PDF-"
CONVERSATION_SECONDS = 120.0  # one whole SMTP conversation, however the server trickles
LINE_BREAKS = ("\r", "\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")  # str.splitlines
MAX_PORT = 65535
SENDER_VARIABLE = "BRIEFING_MAIL_FROM"  # the sender when neither --from nor the audience names one


@dataclass(frozen=True, slots=True)
class Delivery:
    """Where a briefing goes, as the command line gives it (empty: the audience's [mail])."""

    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str | None = None
    sender: str | None = None
    eml: Path | None = None
    smtp: str | None = None
    ssl: bool = False
    user: str | None = None

    def recipients(self, audience: Audience) -> tuple[list[str], list[str]]:
        """(to, cc): those given, else the audience's [mail] ones."""
        return list(self.to or audience.mail_to), list(self.cc or audience.mail_cc)


def mail_briefing(pdf: Path, delivery: Delivery, audience: Audience, more: Sequence[Path] = ()) -> str:
    """Build the message for a briefing PDF (and `more` PDFs attached), write it or send it;
    returns what was done, in one line."""
    recipients, cc = delivery.recipients(audience)
    if not recipients:
        raise errors.no_recipient()
    sender = delivery.sender or audience.mail_from or os.environ.get(SENDER_VARIABLE, "")
    if not sender:  # a made-up sender at the recipient's domain is refused as spoofing
        raise errors.no_sender(SENDER_VARIABLE)
    if delivery.eml is not None and delivery.smtp is not None:
        raise errors.smtp_and_eml()
    if delivery.user and password_from_env() is None:
        raise errors.no_password(delivery.user, PASSWORD_VARIABLE)
    markdown_path = pdf.with_suffix(".md")
    markdown = markdown_path.read_text(encoding="utf-8") if markdown_path.is_file() else ""
    title = f"{len(more)} stories" if more else markdown.partition("\n")[0].lstrip("# ").strip() or pdf.stem
    subject = delivery.subject or audience.mail_subject.format(title=title, date=naming.date_of(pdf))
    message = build_message(pdf, markdown, _html_body(pdf, markdown), sender, recipients, cc, subject, more)
    if delivery.eml is not None:
        write_eml(message, delivery.eml)
        return f"wrote {delivery.eml}"
    if delivery.smtp is None:
        raise errors.nowhere_to_deliver()
    host, port = parse_server(delivery.smtp)
    send_message(message, host, port, delivery.user, password_from_env(), ssl=delivery.ssl)
    return f"sent {', '.join(p.name for p in (pdf, *more))} to {', '.join(recipients + cc)}"


def _html_body(pdf: Path, markdown: str) -> str | None:
    """The briefing's HTML beside the PDF, else its Markdown rendered as HTML (CommonMark by
    markdown-it-py, raw HTML in it shown as text), so mail clients never show raw Markdown."""
    html_path = pdf.with_suffix(".html")
    if html_path.is_file():
        return html_path.read_text(encoding="utf-8")
    if not markdown:
        return None
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).render(markdown)
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n{body}</body></html>\n'


def _has_line_break(value: str) -> bool:
    return any(mark in value for mark in LINE_BREAKS)


def _parse_mailbox(value: str) -> Address:
    """The one mailbox in `value`, or MailError when there is none or more than one."""
    # The header parser, unlike parseaddr, reports stray text ("a@b.org junk") as a defect.
    # On malformed input Python 3.11's parser can also raise IndexError, AttributeError or
    # TypeError (stdlib bugs, e.g. "ana@" or ":x;"): any failure to parse means a bad address.
    try:
        header = default_policy.header_factory("To", value)
    except Exception:  # noqa: BLE001  # the header parser raises any exception on malformed input
        raise errors.bad_address(value, "it is not a valid address") from None
    if len(header.addresses) != 1:
        raise errors.bad_address(value, "it is not a single address")
    if header.defects:
        raise errors.bad_address(value, "it is not a valid address")
    address: Address = header.addresses[0]
    return address


def validate_address(value: str) -> str:
    """The address, normalised, if it is one mailbox with a local part and a dotted domain."""
    if _has_line_break(value):
        raise errors.bad_address(value, "it contains a line break")
    address = _parse_mailbox(value)
    if not address.username:
        raise errors.bad_address(value, "the part before the @ is missing")
    if "." not in address.domain or not all(address.domain.split(".")):
        raise errors.bad_address(value, "the domain after the @ needs a dot, as in example.org")
    return str(address)


def _validate_subject(subject: str) -> str:
    if _has_line_break(subject):
        raise errors.subject_with_line_break(subject)
    return subject


def _read_pdf(pdf_path: Path) -> bytes:
    """The PDF's bytes, or MailError naming the path when it is missing, unreadable or no PDF."""
    try:
        data = pdf_path.read_bytes()
    except OSError as error:
        raise errors.cannot_attach(pdf_path, f"{error.strerror or error}; build the briefing first "
                                   "or pass the right PDF") from None
    if not data.startswith(PDF_MAGIC):
        raise errors.cannot_attach(pdf_path, "it is not a PDF file")
    return data


def _address_header(addresses: list[str]) -> str:
    return ", ".join(validate_address(address) for address in addresses)


def build_message(pdf_path: Path, markdown: str, html: str | None, sender: str,
                  to: list[str], cc: list[str], subject: str,
                  more: Sequence[Path] = ()) -> EmailMessage:
    """One message: the Markdown as text, the HTML as its alternative, the PDFs attached."""
    if not to:
        raise errors.no_recipient()
    message = EmailMessage(policy=default_policy)
    message["From"] = validate_address(sender)
    message["To"] = _address_header(to)
    if cc:
        message["Cc"] = _address_header(cc)
    message["Subject"] = _validate_subject(subject)
    message["Date"] = formatdate(localtime=True)
    # A domain of our own keeps make_msgid from asking DNS for this machine's name.
    message["Message-ID"] = make_msgid(domain=_parse_mailbox(sender).domain)
    message.set_content(markdown)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for path in (pdf_path, *more):
        message.add_attachment(_read_pdf(path), maintype="application", subtype="pdf",
                               filename=path.name)
    return message


def write_eml(message: EmailMessage, path: Path) -> None:
    """Write the message with CRLF line ends, whole or not at all (temp file, then rename)."""
    data = message.as_bytes(policy=SMTP_POLICY)
    temp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        temp = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        temp.replace(path)
    except OSError as error:
        raise errors.cannot_write_message(path, str(error.strerror or error)) from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def one_line(reply: bytes | str) -> str:
    """An SMTP reply as one line: multi-line replies are joined, bytes decoded."""
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return re.sub(r"\s+", " ", text).strip()


def _describe_refused(refused: dict[str, tuple[int, bytes]]) -> str:
    return "; ".join(f"{address} ({code} {one_line(reply)})"
                     for address, (code, reply) in refused.items())


def _open_connection(host: str, port: int, ssl: bool, timeout: float) -> smtplib.SMTP:
    if ssl:
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=create_default_context())
    return smtplib.SMTP(host, port, timeout=timeout)


def _secure_connection(client: smtplib.SMTP, starttls: bool) -> bool:
    """Switch to TLS when asked and the server offers it; whether the connection is encrypted."""
    client.ehlo_or_helo_if_needed()
    if isinstance(client, smtplib.SMTP_SSL):
        return True
    if starttls and client.has_extn("starttls"):
        client.starttls(context=create_default_context())
        client.ehlo()
        return True
    return False


def may_log_in(host: str, encrypted: bool) -> bool:
    """A password crosses the network only encrypted; a relay on this machine may take it plain."""
    if encrypted or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _converse(message: EmailMessage, host: str, port: int, user: str | None,
            password: str | None, ssl: bool, starttls: bool, timeout: float) -> None:
    """Talk to the server; smtplib's exceptions pass through for `send_message` to word."""
    with _open_connection(host, port, ssl, timeout) as client:
        encrypted = _secure_connection(client, starttls)
        if user and not may_log_in(host, encrypted):
            raise errors.password_in_clear(f"{host}:{port}")
        if user:
            client.login(user, password or "")
        refused = client.send_message(message)
    if refused:
        # smtplib raises only when every recipient is refused; a partial refusal is a dict.
        raise errors.some_refused(f"{host}:{port}", _describe_refused(refused))


@contextmanager
def _conversation_deadline(seconds: float) -> Iterator[None]:
    """A TimeoutError when the whole block takes longer than `seconds`: smtplib's timeout is
    per read, so a server sending a byte every 20 s would hold a run for ever. A real-time
    timer (SIGALRM) needs the main thread; elsewhere only the per-read timeout applies."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"no complete answer within {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def send_message(message: EmailMessage, host: str, port: int, user: str | None,
                 password: str | None, ssl: bool = False, starttls: bool = True,
                 timeout: float = 30, deadline: float = CONVERSATION_SECONDS) -> None:
    """Send through an SMTP server within `deadline` seconds in all; every failure becomes a
    one-line MailError."""
    server = f"{host}:{port}"
    try:
        with _conversation_deadline(deadline):
            _converse(message, host, port, user, password, ssl, starttls, timeout)
    except smtplib.SMTPRecipientsRefused as error:
        raise errors.all_refused(server, _describe_refused(error.recipients)) from None
    except smtplib.SMTPSenderRefused as error:
        raise errors.sender_refused(server, str(error.sender),
                                    f"{error.smtp_code} {one_line(error.smtp_error)}") from None
    except UnicodeEncodeError:  # smtplib logs in with ASCII only; its message shows the character
        raise errors.login_not_ascii(server) from None
    except smtplib.SMTPAuthenticationError as error:
        raise errors.login_rejected(server, user, f"{error.smtp_code} {one_line(error.smtp_error)}",
                                    PASSWORD_VARIABLE) from None
    except smtplib.SMTPException as error:
        raise errors.sending_failed(server, one_line(str(error))) from None
    except OSError as error:
        raise errors.unreachable(server, one_line(str(error)) or "timed out") from None


def parse_server(value: str) -> tuple[str, int]:
    """HOST:PORT as (host, port); an IPv6 host goes in brackets, as in [::1]:25."""
    host, colon, port = value.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    valid_port = port.isascii() and port.isdigit()
    if not colon or not host or _has_line_break(host) or " " in host or not valid_port:
        raise errors.bad_server(value)
    if not 0 < int(port) <= MAX_PORT:
        raise errors.bad_port(value, MAX_PORT)
    return host, int(port)


def password_from_env() -> str | None:
    """The SMTP password from BRIEFING_SMTP_PASSWORD; None when it is unset or empty."""
    return os.environ.get(PASSWORD_VARIABLE) or None
