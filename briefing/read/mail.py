"""Mail: a saved message (.eml) or a whole mailbox (.mbox), with the standard library's `email`
as its docs say (`policy.default`, `get_body`, `iter_attachments`).

The Subject gives the title, the sender's display name the outlet and the Date header the
date. An attachment in an article format (PDF, Word, HTML, text) is an article of its own, a
forwarded message one more; the body is an article when it says more than a note over them.
Nothing is fetched: a remote image stays a URL.

A mailbox is read one message at a time from a memory map of the file, and can be read in
spans (`mailbox_spans`), a run of messages each, so that several processes share one. Its
messages are found as the standard library's `mailbox.mbox` finds them (a line that starts
with "From "), with one search of the file instead of its reading of every line.
"""

from __future__ import annotations

import email
import mmap
import re
from collections.abc import Iterator
from dataclasses import replace
from email import policy
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage, Message
from email.utils import parseaddr, parsedate_to_datetime
from functools import lru_cache
from pathlib import Path

from briefing.core.models import Article, Skipped
from briefing.core.patterns import SENTENCE_END
from briefing.read.load import parse_html, parse_plaintext
from briefing.read.sources import Read, Source, Span

# policy.default, but a header's value parsed once: the parser asks for a part's Content-Type
# a dozen times, and each time parsed it again (a third of reading a message). Headers are
# immutable, so the same name and value may share one.
POLICY = policy.default.clone(header_factory=lru_cache(maxsize=4096)(HeaderRegistry()))
ESCAPED_FROM = re.compile(rb"^>(>*From )", re.MULTILINE)  # a body's "From " line, as mailboxes write it
MESSAGES_PER_SPAN = 200  # messages of a mailbox read as one task
MIN_NOTE_WORDS = 80  # a body this short beside attached articles is a covering note, not one more
REPLY_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|aw|wg|tr)\s*:\s*|\[[^\]]{1,40}\]\s*)+", re.IGNORECASE)
FORWARD_MARK = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded|original) message\s*-{2,}|begin forwarded message:)\s*$",
    re.IGNORECASE | re.MULTILINE)
FORWARD_HEADER = re.compile(r"^\s*(from|date|sent|to|cc|subject)\s*:\s*(.*)$", re.IGNORECASE)
QUOTED = re.compile(r"^\s*> ?", re.MULTILINE)
WORD = re.compile(r"\w+")


def read_message(source: Source) -> Iterator[Read]:
    with source.open() as stream:
        message = email.message_from_binary_file(stream, policy=POLICY)
    yield from _articles_of(message, source.name, source)


def read_mailbox(source: Source) -> Iterator[Read]:
    """Each message of an mbox file in turn (those of the source's span, when it has one),
    none held beside the next."""
    if source.path is None:
        yield Skipped(source.name, "a mailbox inside another file: save it apart to read it")
        return
    with source.path.open("rb") as stream, mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as data:
        span = source.span or Span(_first_start(data), len(data), 1, 0)
        for number, message in enumerate(_messages(data, span), span.first):
            # each read as a saved message: its size limit, its errors
            yield from source.read_part(source.part(str(number)), ESCAPED_FROM.sub(rb"\1", message), ".eml")


def mailbox_spans(path: Path, most: int) -> list[Span]:
    """The mailbox's first `most` messages (and one more, to tell that there are more), in runs
    of MESSAGES_PER_SPAN."""
    with path.open("rb") as stream, mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as data:
        starts = _message_starts(data)
        ends = [*starts[1:], len(data)]
    counted = min(len(starts), most + 1)
    spans = []
    for first in range(0, counted, MESSAGES_PER_SPAN):
        last = min(first + MESSAGES_PER_SPAN, counted) - 1
        spans.append(Span(starts[first], ends[last], first + 1, last - first + 1))
    return spans


def _first_start(data: mmap.mmap) -> int:
    """Where the first message's "From " line starts (text before it is no message)."""
    if data[:5] == b"From ":
        return 0
    at = data.find(b"\nFrom ")
    return at + 1 if at != -1 else len(data)


def _message_starts(data: mmap.mmap) -> list[int]:
    """Where each message's "From " line starts."""
    starts = [_first_start(data)] if len(data) else []
    at = data.find(b"\nFrom ", starts[0]) if starts else -1
    while at != -1:
        starts.append(at + 1)
        at = data.find(b"\nFrom ", at + 1)
    return [start for start in starts if start < len(data)]


def _messages(data: mmap.mmap, span: Span) -> Iterator[bytes]:
    """The messages starting in the span, each without its "From " line and the blank line
    before the next (what `mailbox.mbox.get_bytes` gives)."""
    start = span.start
    while start < span.stop:
        after = data.find(b"\nFrom ", start)
        end = after + 1 if after != -1 else len(data)
        text_start = data.find(b"\n", start, end) + 1 or end
        message = data[text_start:end]
        yield message[:-1] if message.endswith(b"\n\n") else message
        start = end


def _articles_of(message: Message, name: str, source: Source) -> Iterator[Read]:
    """The articles a message carries: its attachments, forwarded messages and its body."""
    sender, date = _sender(message), _date(message)
    carried = 0
    for label, part in _attachments(message):
        if part.get_content_type() == "message/rfc822":
            inner = part.get_content() if isinstance(part, EmailMessage) else None
            found: list[Read] = (list(_articles_of(inner, f"{name}#{label}", source))
                                 if isinstance(inner, Message) else [])
        else:
            data = part.get_payload(decode=True)
            found = source.read_part(f"{name}#{label}", data, None) if isinstance(data, bytes) else []
        for read in found:
            if isinstance(read, Article):
                carried += 1
                yield replace(read, outlet=read.outlet or sender, published=read.published or date)
            else:
                yield read
    body = _body(message, name)
    if body is None or (carried and len(body.text.split()) < MIN_NOTE_WORDS):
        if not carried:
            yield Skipped(name, "no article text in the message")
        return
    yield replace(body, title=body.title or _subject(message), outlet=body.outlet or sender,
                  published=body.published or date)


def _attachments(message: Message) -> Iterator[tuple[str, Message]]:
    """The files a message carries and the messages it forwards (a digest's among them); a
    text part with no file name is the body's, a list's masthead or footer, not an article."""
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        return
    for number, part in enumerate(message.iter_attachments(), 1):
        filename = part.get_filename()
        if part.get_content_type() == "message/rfc822":
            yield Path(filename).name if filename else f"message{number}", part
        elif filename:
            yield Path(filename).name, part
        elif part.is_multipart():  # a digest: its messages
            for inner, forwarded in enumerate(part.iter_parts(), 1):
                if forwarded.get_content_type() == "message/rfc822":
                    yield f"message{number}.{inner}", forwarded


def _body(message: Message, name: str) -> Article | None:
    """The message's own text as an article: its HTML part through trafilatura, else its text."""
    if not isinstance(message, EmailMessage):
        return None
    for kind in ("html", "plain"):
        part = message.get_body(preferencelist=(kind,))
        if part is None:
            continue
        content = part.get_content()
        if not isinstance(content, str) or not content.strip():
            continue
        read = (parse_html(name, content, metadata=False) if kind == "html"
                else _plain_article(name, content, _subject(message)))
        if isinstance(read, Article) and read.text.strip():
            return read
    return None


def _plain_article(name: str, text: str, subject: str | None) -> Article:
    """A plain-text body; an inline forward's header lines give its title and go. A short
    sentence opening the body under another subject is the body's first, not a headline."""
    text = QUOTED.sub("", text) if text.lstrip().startswith(">") else text
    mark = FORWARD_MARK.search(text)
    if not mark:
        article = parse_plaintext(name, text)
        headline = article.title
        if subject and headline and SENTENCE_END.search(headline) and not _same_words(headline, subject):
            return replace(article, title=None, text=f"{headline}\n\n{article.text}")
        return article
    lines = text[mark.end():].lstrip("\n").split("\n")
    fields: dict[str, str] = {}
    while lines and (header := FORWARD_HEADER.match(lines[0])):
        fields[header.group(1).lower()] = header.group(2).strip()
        lines.pop(0)
    article = parse_plaintext(name, "\n".join(lines))
    subject = REPLY_PREFIX.sub("", fields.get("subject", "")).strip()
    return replace(article, title=subject or article.title,
                   outlet=article.outlet or _display_name(fields.get("from", "")) or None)


def _same_words(one: str, other: str) -> bool:
    return WORD.findall(one.casefold()) == WORD.findall(other.casefold())


def _subject(message: Message) -> str | None:
    subject = REPLY_PREFIX.sub("", str(message.get("subject") or "")).strip()
    return subject or None


def _sender(message: Message) -> str | None:
    return _display_name(str(message.get("from") or "")) or None


def _display_name(field: str) -> str:
    """'Coast Herald <news@herald.example>' is 'Coast Herald'; a bare address gives its domain."""
    name, address = parseaddr(field)
    if name.strip():
        return name.strip().strip('"')
    return address.rpartition("@")[2].removeprefix("www.")


def _date(message: Message) -> str | None:
    try:
        return parsedate_to_datetime(str(message.get("date") or "")).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
