"""Word: a .docx file through python-docx, its paragraphs in order and its core properties.

The Title style or the first heading gives the title, else the core properties' title; the
author the outlet, the identifier the URL when it is one, and the created date the date when the
text gives none. The parts a .docx unpacks to are summed first: a zip bomb is never opened.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import replace

from briefing.core.models import Skipped
from briefing.read.load import parse_plaintext
from briefing.read.sources import Read, Source

TITLE_STYLES = ("Title", "Heading 1")


def read_docx(source: Source) -> Iterator[Read]:
    data = source.bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > source.limits.document_bytes:
        yield Skipped(source.name, f"unpacks to {unpacked / 1e6:.0f} MB, over the "
                                   f"{source.limits.document_bytes / 1e6:g} MB a document may have "
                                   "(max_document_mb): not read")
        return
    import docx

    document = docx.Document(io.BytesIO(data))
    heading = None
    paragraphs: list[str] = []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = paragraph.style.name if paragraph.style is not None else ""
        if heading is None and not paragraphs and style in TITLE_STYLES:
            heading = text
        else:
            paragraphs.append(text)
    if not paragraphs:
        yield Skipped(source.name, "no text in the document")
        return
    properties = document.core_properties
    article = parse_plaintext(source.name, "\n\n".join(paragraphs))
    identifier = (properties.identifier or "").strip()
    yield replace(article, title=heading or article.title or (properties.title or "").strip() or None,
                  outlet=article.outlet or (properties.author or "").strip() or None,
                  published=article.published or (properties.created.date().isoformat()
                                                  if properties.created else None),
                  url=article.url or (identifier if identifier.startswith(("http://", "https://")) else None))
