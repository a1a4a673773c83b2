"""Sources: what a format's reader is given, and the limits every format is read within.

A reader is a function of a `Source` (a file of the folder, or a part of one: a mail's
attachment, a mailbox's message) that yields Articles, or a Skipped naming why a part is not
one. `Format` pairs it with the size limit its files are checked against before reading.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from briefing.core.models import Article, Skipped
from briefing.read.load import HTML_PAGE, decode_text, parse_html

Read = Article | Skipped
Kind = Literal["article", "document", "archive"]  # which size limit a format's files meet


@dataclass(frozen=True, slots=True)
class Limits:
    """How much is read, so that no file can cost minutes or gigabytes (settings: max_*)."""

    article_bytes: float = 5e6  # a text or HTML file, and each message, entry, record or part
    document_bytes: float = 50e6  # a PDF, Word or mail file (or message), what a Word file unpacks to
    archive_bytes: float = 2e9  # a mailbox, feed, web archive or JSON export
    entries: int = 20_000  # articles one file may hold

    def of(self, kind: Kind) -> float:
        return {"article": self.article_bytes, "document": self.document_bytes,
                "archive": self.archive_bytes}[kind]


@dataclass(frozen=True, slots=True)
class Span:
    """A run of a file's parts read apart from the rest: the `count` starting in bytes [start,
    stop), the first of them its `first`th (a mailbox's messages, spread over processes)."""

    start: int
    stop: int
    first: int
    count: int


@dataclass(frozen=True, slots=True)
class Source:
    """A file to read, or a part of one; `read_part(name, data, ending)` reads a part by its
    format: `ending` ('.eml'), else its name's."""

    name: str  # what warnings and the source list call it: the path, or 'inbox.mbox#12'
    limits: Limits
    read_part: Callable[[str, bytes, str | None], list[Read]]
    path: Path | None = None  # a file of the folder: streaming readers open it
    data: bytes | None = None  # a part of another file, in memory
    span: Span | None = None  # only these parts of the file: a format with `spans` reads them

    def bytes(self) -> bytes:
        return self.data if self.data is not None else Path(str(self.path)).read_bytes()

    def open(self) -> BinaryIO:
        return io.BytesIO(self.data) if self.data is not None else Path(str(self.path)).open("rb")

    def part(self, label: str) -> str:
        """The name of one of its parts: 'inbox.mbox#12', 'alert.eml#release.pdf'."""
        return f"{self.name}#{label}"


Reader = Callable[[Source], Iterable[Read]]


@dataclass(frozen=True, slots=True)
class Format:
    """A reader and the size limit its files are checked against before it runs; `spans(path,
    most)`, for a format whose files hold many parts, cuts one into runs of its first `most`
    parts that its reader reads apart (given as `Source.span`), so that processes share it."""

    read: Reader
    kind: Kind = "article"
    spans: Callable[[Path, int], list[Span]] | None = None


def text_reader(parse: Callable[[str, str], Read]) -> Reader:
    """A reader of a text format from a parser of its decoded text (path, text); a saved web
    page read as HTML, whatever its name."""
    def read(source: Source) -> Iterable[Read]:
        text = decode_text(source.bytes())
        if text is None:
            return [Skipped(source.name, "binary content, not text")]
        if not text.strip():
            return [Skipped(source.name, "empty")]
        return [(parse_html if HTML_PAGE.match(text) else parse)(source.name, text)]

    return read
