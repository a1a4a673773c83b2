"""Checks the tests share: reading a PDF's page count and matching text against sources."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "`": "'"})


def pdf_page_count(path: Path) -> int:
    """Pages of a PDF file, read back with pypdf."""
    return len(PdfReader(path).pages)


def squash(text: str) -> str:
    """Text with whitespace and quote styles ignored, for verbatim comparison."""
    return re.sub(r"\s+", "", text.translate(QUOTES))


def written_by(text: str, source: str) -> bool:
    return squash(text) in squash(source)
