"""Formats: every input format in one registry, and the one way a file is read through it.

`READERS` maps a file name's ending to a `Format`; a new format is a reader and an entry. Every
file and every part of one (a mail's attachment, a mailbox's message) is read the same way:
checked against its format's size limit, read, and whatever its parser raises on a damaged
file turned into one warning line. A file that holds many articles gives at most
`Limits.entries`, and the parts it skips are one line per reason, not one per part.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TypeVar

from briefing.core.models import Article, Skipped
from briefing.core.settings import Settings
from briefing.read import exports, feeds, mail, pdf, warc, word
from briefing.read.load import parse_html, parse_markdown, parse_plaintext
from briefing.read.sources import Format, Limits, Read, Source, Span, text_reader

T = TypeVar("T")

READERS: dict[str, Format] = {  # input formats, by the end of the file's name
    ".txt": Format(text_reader(parse_plaintext)), ".text": Format(text_reader(parse_plaintext)),
    ".md": Format(text_reader(parse_markdown)), ".markdown": Format(text_reader(parse_markdown)),
    ".html": Format(text_reader(parse_html)), ".htm": Format(text_reader(parse_html)),
    ".eml": Format(mail.read_message, "document"),
    ".mbox": Format(mail.read_mailbox, "archive", mail.mailbox_spans),
    ".pdf": Format(pdf.read_pdf, "document"), ".docx": Format(word.read_docx, "document"),
    ".rss": Format(feeds.read_feed, "archive"), ".atom": Format(feeds.read_feed, "archive"),
    ".xml": Format(feeds.read_feed, "archive"),
    ".warc": Format(warc.read_warc, "archive"), ".warc.gz": Format(warc.read_warc, "archive"),
    ".json": Format(exports.read_json, "archive"), ".jsonl": Format(exports.read_json_lines, "archive"),
    ".ndjson": Format(exports.read_json_lines, "archive"),
}
LIMITED = {"article": ("an article", "max_file_mb, --max-file-size"),
           "document": ("a PDF, Word or mail file", "max_document_mb"),
           "archive": ("a mailbox, feed, web archive or export", "max_archive_mb")}


def limits_of(settings: Settings) -> Limits:
    return Limits(article_bytes=settings.max_file_mb * 1e6, document_bytes=settings.max_document_mb * 1e6,
                  archive_bytes=settings.max_archive_mb * 1e6, entries=settings.max_entries)


def format_of(name: str) -> str | None:
    """The registered ending the name has, the longest first ('.warc.gz' before '.gz')."""
    lowered = name.lower()
    endings = [ending for ending in READERS if lowered.endswith(ending)]
    return max(endings, key=len) if endings else None


def load_file(path: Path, limits: Limits | None = None, name: str | None = None) -> list[Read]:
    """The articles a file of the folder holds, or why it holds none; `name`: what to call it,
    when not its path (a worker given the absolute path of the file a folder names)."""
    limits = limits or Limits()
    name = name or str(path)
    ending = format_of(path.name)
    if path.is_dir():
        return [Skipped(name, "a folder: articles in sub-folders are not read")]
    if ending is None:
        return [_not_an_article(name)]
    if not path.is_file():
        return [Skipped(name, "not a regular file")]
    if path.is_symlink() and path.resolve().parent != path.parent.resolve():
        return [Skipped(name, "a link to a file outside the folder: not read")]
    try:
        size = path.stat().st_size
    except OSError as error:
        return [Skipped(name, f"cannot be read: {error.strerror}")]
    return _read(READERS[ending], _source(name, limits, path=path), size)


@dataclass(frozen=True, slots=True)
class Piece:
    """A span of a file of the folder (`name` at `path`), read as a task of its own."""

    path: Path
    name: str
    span: Span


def pieces(paths: list[Path], limits: Limits) -> list[Path | Piece]:
    """The folder's files as the tasks they are read in: each whole, but the spans of a file
    whose format has them (a mailbox of thousands of messages is many tasks, not one)."""
    return [piece for path in paths for piece in _pieces_of(path, limits)]


def _pieces_of(path: Path, limits: Limits) -> list[Path] | list[Piece]:
    """The file's spans; itself, for load_file to read or say why not, when it has none."""
    ending = format_of(path.name)
    format_ = READERS[ending] if ending else None
    if format_ is None or format_.spans is None or path.is_symlink() or not path.is_file():
        return [path]
    try:
        size = path.stat().st_size
        if not 0 < size <= limits.of(format_.kind):
            return [path]
        return [Piece(path, str(path), span) for span in format_.spans(path, limits.entries)] or [path]
    except (OSError, ValueError):  # unreadable: load_file says so
        return [path]


def load_piece(piece: Piece, limits: Limits) -> list[Read]:
    """The reads of a file's span, as they come: load_file's limit on entries and its one line
    per reason are the joined spans' (`joined`)."""
    format_ = READERS[format_of(piece.path.name) or ""]
    source = Source(piece.name, limits, partial(read_part, limits=limits), path=piece.path, span=piece.span)
    return _read(format_, source, piece.span.stop - piece.span.start, bounded=False)


def joined(name: str, limits: Limits, parts: list[tuple[Skipped | None, T]]) -> tuple[list[T], list[Skipped]]:
    """What load_file gives of a whole file from its spans' reads, each given as why it was
    skipped (None: an article) and what was made of it (cleaned and described): of the first
    `entries`, the articles' in order, and the skipped parts as one line per reason."""
    taken = parts[:limits.entries + 1]
    kept = taken[:limits.entries]
    lines = _one_line_per_reason(name, [skip for skip, _ in kept if skip is not None])
    beyond = [_beyond(name, limits.entries)] if len(taken) > limits.entries else []
    return [made for skip, made in kept if skip is None], [*lines, *beyond]


def load_url(url: str, limits: Limits | None = None) -> list[Read]:
    """The articles of a file at an fsspec URL (s3://, gs://...), read as a folder's file is;
    its size is checked before it is fetched (fsspec comes with the dask extra)."""
    import fsspec

    limits = limits or Limits()
    ending = format_of(url)
    try:
        files, path = fsspec.core.url_to_fs(url)
        found = files.info(path)
        if found["type"] == "directory":
            return [Skipped(url, "a folder: articles in sub-folders are not read")]
        if ending is None:
            return [_not_an_article(url)]
        over = _over_limit(READERS[ending], url, limits, found.get("size") or 0)
        data = b"" if over else files.cat_file(path)
    except OSError as error:
        return [Skipped(url, f"cannot be read: {error.strerror or error}")]
    return [over] if over else _read(READERS[ending], _source(url, limits, data=data), len(data))


def _not_an_article(name: str) -> Skipped:
    return Skipped(name, f"not an article file (expected {', '.join(READERS)})")


def read_part(name: str, data: bytes, ending: str | None, limits: Limits) -> list[Read]:
    """A part of another file (an attachment, a mailbox's message) read by its format, the
    name's ending unless `ending` is given; nothing when no format reads it (an image)."""
    ending = ending or format_of(name)
    if ending is None:
        return []
    return _read(READERS[ending], _source(name, limits, data=data), len(data))


def _source(name: str, limits: Limits, path: Path | None = None, data: bytes | None = None) -> Source:
    return Source(name, limits, partial(read_part, limits=limits), path=path, data=data)


def _read(format_: Format, source: Source, size: int, bounded: bool = True) -> list[Read]:
    over = _over_limit(format_, source.name, source.limits, size)
    if over:
        return [over]
    if size == 0:
        return [Skipped(source.name, "empty")]
    try:
        return _bounded(source, format_.read(source)) if bounded else list(format_.read(source))
    except OSError as error:
        return [Skipped(source.name, f"cannot be read: {error.strerror or error}")]
    except Exception as error:  # noqa: BLE001  # a parser meets a damaged file with any error it likes
        return [Skipped(source.name, f"damaged or not what its name says ({type(error).__name__}: "
                                     f"{_first_line(error)}): not read")]


def _over_limit(format_: Format, name: str, limits: Limits, size: int) -> Skipped | None:
    limit = limits.of(format_.kind)
    if size <= limit:
        return None
    what, setting = LIMITED[format_.kind]
    return Skipped(name, f"{size / 1e6:.0f} MB, over the {limit / 1e6:g} MB {what} may have "
                         f"({setting}): not read")


def _bounded(source: Source, reads: Iterable[Read]) -> list[Read]:
    """At most `entries` articles, and the parts skipped as one line per reason."""
    limit = source.limits.entries
    taken = list(islice(reads, limit + 1))
    kept = taken[:limit]
    articles = [read for read in kept if isinstance(read, Article)]
    skipped = [read for read in kept if isinstance(read, Skipped)]
    beyond = [_beyond(source.name, limit)] if len(taken) > limit else []
    return [*articles, *_one_line_per_reason(source.name, skipped), *beyond]


def _beyond(name: str, limit: int) -> Skipped:
    return Skipped(name, f"holds more than {limit:,} entries: only the first {limit:,} read (max_entries)")


def _one_line_per_reason(name: str, skipped: list[Skipped]) -> list[Skipped]:
    counts = Counter(skip.reason for skip in skipped)
    firsts: dict[str, Skipped] = {}
    for skip in skipped:
        firsts.setdefault(skip.reason, skip)
    return [first if counts[reason] == 1 else Skipped(
        name, f"{counts[reason]} parts skipped, {reason} (the first: {_label(first.path, name)})")
        for reason, first in firsts.items()]


def _label(path: str, name: str) -> str:
    return path.removeprefix(name).lstrip("#") or Path(path).name


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or ["no detail"])[0][:120]
