"""Web archives: a .warc or .warc.gz (wget --warc-file, Browsertrix, a crawler) through warcio,
each HTML page it captured read as a saved page is, by trafilatura.

Records are streamed one at a time and each payload is read up to the article limit, so an
archive is never held whole; its target URI is the page's URL when the page gives none, its
WARC-Date the date. Images, scripts and other records are passed over. An archive that ends
inside a record (a crawl stopped, a copy cut off) gives its pages and a line saying so.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, BinaryIO

from briefing.core.models import Article, Skipped
from briefing.read.sources import Read, Source

PAGES = ("text/html", "application/xhtml+xml")
CHUNK = 1 << 20


def read_warc(source: Source) -> Iterator[Read]:
    from warcio.archiveiterator import ArchiveIterator

    limit = int(source.limits.article_bytes)
    pages = others = unpacked = last_offset = 0
    record = None
    with source.open() as stream:
        archive = ArchiveIterator(stream)
        for record in _quietly(iter(archive)):
            if record.rec_type not in ("response", "resource") or not _is_page(record):
                others += 1
                last_offset = _offset(archive)
                continue
            pages += 1
            name = source.part(str(pages))
            data = record.content_stream().read(limit + 1)  # a page past the limit is skipped as one
            last_offset = _offset(archive)
            unpacked += len(data)
            if unpacked > source.limits.archive_bytes:
                yield Skipped(source.name, f"unpacks to more than {source.limits.archive_bytes / 1e6:g} MB "
                                           "(max_archive_mb): the rest not read")
                return
            yield from _page(source, name, data, record.rec_headers)
        if _cut_short(record, stream, last_offset):
            yield Skipped(source.name, "ends inside a record, cut off while written or copied (the pages "
                                       "before it are read): copy it again, or let the crawl finish")
            return
    if not pages:
        yield Skipped(source.name, f"no HTML pages in the web archive ({others} records of other kinds)")


def _offset(archive: Any) -> int:
    """Where the record just read starts in the file (warcio reads to its end to tell)."""
    with contextlib.redirect_stderr(io.StringIO()):  # its note on a damaged record: see _quietly
        return int(archive.get_record_offset())


def _cut_short(last: Any, stream: BinaryIO, offset: int) -> bool:
    """The archive ends before its last record does: shorter than the length its header gives,
    or (gzipped) inside the compressed member that holds it."""
    if last is not None and getattr(last.raw_stream, "limit", None):
        return True
    stream.seek(0)
    if stream.read(2) != b"\x1f\x8b":
        return False
    stream.seek(offset)
    try:
        with gzip.GzipFile(fileobj=stream) as members:  # the last members only, never held whole
            while members.read(CHUNK):
                pass
    except (EOFError, OSError, zlib.error):
        return True
    return False


def _quietly(records: Iterator[Any]) -> Iterator[Any]:
    """warcio's records, its note on a damaged record (written to stderr itself) kept off the terminal."""
    while True:
        with contextlib.redirect_stderr(io.StringIO()):
            record = next(records, None)
        if record is None:
            return
        yield record


def _is_page(record: object) -> bool:
    http = getattr(record, "http_headers", None)
    if http is not None and http.get_statuscode() not in ("200", None):
        return False
    headers = http if http is not None else record.rec_headers  # type: ignore[attr-defined]
    content_type = (headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return content_type in PAGES


def _page(source: Source, name: str, data: bytes, headers: Any) -> Iterator[Read]:
    """A captured page read as a saved one is, its target URI and WARC-Date filling in."""
    uri = headers.get_header("WARC-Target-URI")
    date = (headers.get_header("WARC-Date") or "")[:10] or None
    for page in source.read_part(name, data, ".html"):
        yield replace(page, url=page.url or uri, published=page.published or date) \
            if isinstance(page, Article) else page
