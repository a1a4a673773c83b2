"""Load: the folder's files, and the text formats read with the title, outlet, date and URL
they give: plain text, Markdown, and saved HTML pages through trafilatura's main-text extractor,
offline. Every other format reads its text through these (`formats` holds the registry).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace
from datetime import datetime
from functools import cache
from itertools import takewhile
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from briefing.core import errors
from briefing.core.models import Article, Skipped
from briefing.core.patterns import LINE_END, MAX_HEADLINE_WORDS, glued_menu_words
from briefing.core.wordlists import read_table
from briefing.read.clean import read_credit_line, runs_on

URL = re.compile(r"https?://[^\s<>\"')\]]+")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?![\d-])")  # a time may follow: 2023-06-14T10:00
WRITTEN_DATE = re.compile(
    r"\b(?:(?P<d1>\d{1,2}) (?P<m1>[A-Z][a-z]+),? (?P<y1>\d{4})"
    r"|(?P<m2>[A-Z][a-z]+)\.? (?P<d2>\d{1,2}),? (?P<y2>\d{4}))\b"
)
HEADER_FIELD = re.compile(r"(?P<label>[A-Za-z][A-Za-z_-]*)\s*:\s*(?P<value>.*)")
MIN_BODY_LINE_WORDS = 8  # a line this long that ends as a sentence is body
MAX_DATE_LINE_WORDS = 6  # a date alone on a short line is the article's date line
MIN_HEADLINE_WORDS = 3
MAX_OUTLET_LINE_WORDS = 4  # 'The Coast Herald' on a line under the headline
MAX_AGENCY_LETTERS = 4
HTML_PAGE = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
CONTROL_SHARE_OF_BINARY = 0.05
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # below space, but tab, newlines, form feed
STRAY_NUL_SHARE = 0.01  # a few NUL bytes in a text file are damage; more mean UTF-16 or binary
BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)



def folder_files(folder: Path) -> list[Path]:
    """Every entry of the folder but hidden ones, in name order."""
    check_folder(folder)
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def check_folder(folder: Path) -> None:
    if not folder.exists():
        raise errors.missing_folder(str(folder))
    if not folder.is_dir():
        raise errors.not_a_folder(str(folder))


def decode_text(data: bytes) -> str | None:
    """Text of a file in UTF-8 (with or without BOM), UTF-16/32 or cp1252; None for binary data."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if data.count(0) > STRAY_NUL_SHARE * len(data):
        return _decode_utf16_without_bom(data)
    data = data.replace(b"\x00", b"")
    text = _decode_utf8_or_cp1252(data)
    return None if _looks_binary(text) else text


def _decode_utf8_or_cp1252(data: bytes) -> str:
    """UTF-8 if the bytes are mostly UTF-8 (a few bad bytes are replaced), else cp1252.

    One stray byte must not turn every accented letter of a UTF-8 file into mojibake, and a
    cp1252 file almost never holds a valid multi-byte UTF-8 sequence.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    decoded = sum(1 for ch in text if ord(ch) > 127) - bad
    return text if decoded > bad else data.decode("cp1252", errors="replace")


def _decode_utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly ASCII has a NUL in every other byte; anything else is binary."""
    zeros_odd = data[1::2].count(0)
    zeros_even = data[0::2].count(0)
    half = len(data) // 2 or 1
    if zeros_odd / half > 0.3 and zeros_even == 0:
        text = data.decode("utf-16-le", errors="replace")
    elif zeros_even / half > 0.3 and zeros_odd == 0:
        text = data.decode("utf-16-be", errors="replace")
    else:
        return None
    return None if _looks_binary(text) else text


def _looks_binary(text: str) -> bool:
    controls = len(CONTROL_CHARACTER.findall(text, 0, 4096))
    return controls > CONTROL_SHARE_OF_BINARY * min(len(text), 4096)


def parse_plaintext(path: str, text: str) -> Article:
    """Article from plain text: a metadata line (date, URL) and a headline may lead the body."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    article = Article(path=path, text="")
    body_start = index = 0
    while index < len(lines):
        stripped = lines[index].strip()
        if not stripped:
            index += 1
            continue
        if _is_body_paragraph(stripped) or read_credit_line(stripped) \
                or runs_on(stripped, next(iter(lines[index + 1:index + 2]), "")):  # clean reads credits
            body_start = index
            break
        wrapped = _wrapped_rest(stripped, lines[index + 1:])
        article = _read_header_line(article, " ".join([stripped, *wrapped]))
        body_start = index = index + 1 + len(wrapped)
    body = "\n".join(lines[body_start:])
    if not body.strip() and article.title:
        # A file of one short line: that line is the article, not a headline over nothing.
        return replace(article, title=None, text=article.title)
    return replace(article, text=body)


def _wrapped_rest(line: str, below: list[str]) -> list[str]:
    """The lines right below a labelled headline in capitals that carry on its capitals: the
    rest of a headline an export wrapped ('HEADLINE: TEXAS CONSIDERS ... HERBAL' / 'SUPPLEMENTS')."""
    gives, value = _labelled(line)
    if gives != "title" or not value.isupper():
        return []
    return [rest.strip() for rest in takewhile(_carries_capitals, below)]


def _carries_capitals(line: str) -> bool:
    """A line in capitals that is neither a labelled line nor a paragraph of the body."""
    line = line.strip()
    return line.isupper() and _labelled(line)[0] is None and not _is_body_paragraph(line)


def _labelled(line: str) -> tuple[str | None, str]:
    """What a labelled line of an archive's export gives ('title', '-' for nothing shown) and
    its value; None for a line whose label is not in header_fields.tsv, or has none."""
    field = HEADER_FIELD.fullmatch(line)
    if not field:
        return None, ""
    return _header_fields().get(field.group("label").upper()), field.group("value")


def _is_body_paragraph(line: str) -> bool:
    words = line.split()
    long_sentence = len(words) >= MIN_BODY_LINE_WORDS and bool(LINE_END.search(line))
    return len(words) > MAX_HEADLINE_WORDS or long_sentence


def _read_header_line(article: Article, line: str) -> Article:
    """Take what a line above the body says: date and URL, then the headline, then the outlet.
    A labelled line of an archive's export ('HEADLINE: ...', 'BYLINE: ...') gives what its label
    says (header_fields.tsv)."""
    url = URL.search(line)
    date = find_date(line)
    if url or (date and len(line.split()) <= MAX_DATE_LINE_WORDS):
        return replace(article, url=article.url or (url.group(0) if url else None),
                       published=article.published or date,
                       outlet=article.outlet or (outlet_from_url(url.group(0)) if url else None))
    gives, value = _labelled(line)
    if gives is not None:  # a labelled headline outranks a line taken for one
        return replace(article, title=value) if gives == "title" and value else article
    words = line.split()
    if article.title is None and len(words) >= MIN_HEADLINE_WORDS and not glued_menu_words(line):
        return replace(article, title=line)
    if article.title is not None and 1 <= len(words) <= MAX_OUTLET_LINE_WORDS and line[0].isupper() \
            and not LINE_END.search(line) and not glued_menu_words(line) and not _is_dateline(line):
        return replace(article, outlet=line)
    return article


@cache
def _header_fields() -> dict[str, str]:
    """What each label of an archive's header lines gives: 'title', or '-' for nothing shown."""
    return {label.upper(): gives for label, gives in read_table("header_fields")}


def _is_dateline(line: str) -> bool:
    """A wire dateline on a line of its own ('ATHENS,', 'NICOSIA'): a place, not the outlet.

    Agencies that sign a line are short acronyms (AP, AFP, DN); a longer word in capitals is
    the city the story was filed from.
    """
    single_word_in_capitals = len(line.split()) == 1 and line.isupper()
    return line.endswith(",") or (single_word_in_capitals and len(line) > MAX_AGENCY_LETTERS)


def find_date(text: str) -> str | None:
    """The first date written in text, as YYYY-MM-DD."""
    iso = ISO_DATE.search(text)
    if iso and _valid_date(*map(int, iso.groups())):
        return iso.group(0)
    written = WRITTEN_DATE.search(text)
    if written:
        day = written.group("d1") or written.group("d2")
        month = written.group("m1") or written.group("m2")
        year = written.group("y1") or written.group("y2")
        for fmt in ("%d %B %Y", "%d %b %Y"):
            try:
                return datetime.strptime(f"{day} {month} {year}", fmt).date().isoformat()
            except ValueError:
                continue
    return None


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


def outlet_from_url(url: str) -> str | None:
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def parse_markdown(path: str, text: str) -> Article:
    """Article from Markdown: front matter and the first heading give metadata, markup goes."""
    text = text.replace("\r\n", "\n")
    meta: dict[str, str] = {}
    front = FRONT_MATTER.match(text)
    if front:
        meta = _read_front_matter(front.group(1))
        text = text[front.end():]
    lines: list[str] = []
    title = meta.get("title")
    in_code = False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        heading = re.match(r"^\s*#{1,6}\s+(.*)$", line)
        if in_code or heading:
            if heading and title is None:
                title = heading.group(1).strip()
            continue
        lines.append(_strip_markdown_line(line))
    article = parse_plaintext(path, "\n".join(lines))
    url = meta.get("url") or meta.get("link") or article.url
    return replace(
        article,
        title=title or article.title,
        outlet=meta.get("outlet") or meta.get("source") or meta.get("publisher") or article.outlet
        or (outlet_from_url(url) if url else None),
        published=find_date(meta.get("date", "")) or article.published,
        url=url,
    )


def _read_front_matter(block: str) -> dict[str, str]:
    meta = {}
    for line in block.split("\n"):
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta


def _strip_markdown_line(line: str) -> str:
    line = re.sub(r"^\s*(?:>\s*)+", "", line)
    line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
    line = MD_LINK.sub(lambda m: m.group(1) if not m.group(0).startswith("!") else "", line)
    return MD_EMPHASIS.sub(r"\2", line)


def parse_html(path: str, html: str, metadata: bool = True) -> Article | Skipped:
    """Article from a saved web page, through trafilatura's main-text extraction (offline);
    without `metadata` (a mail's body, whose headers give it) just its text, in half the time."""
    import trafilatura
    from trafilatura.settings import set_date_params

    document = trafilatura.bare_extraction(html, with_metadata=metadata, include_comments=False,
                                           include_tables=False,
                                           date_extraction_params=set_date_params(extensive=False))
    # trafilatura 1.x returns a dict, 2.x a Document: read both as a dict
    found: dict[str, Any] = (document if isinstance(document, dict)
                             else document.as_dict() if document is not None else {})
    body: str = found.get("text") or ""
    if not body.strip():
        return Skipped(path, "no article text found in the HTML page")
    title = found.get("title")
    if title and body.startswith(title):
        body = body[len(title):]
    url = found.get("url")
    return Article(
        path=path,
        text=body,
        title=title,
        outlet=found.get("sitename") or found.get("hostname") or (outlet_from_url(url) if url else None),
        published=find_date(found.get("date") or "") or (_date_in_text(html) if metadata else None),
        url=url,
    )


def _date_in_text(html: str) -> str | None:
    """A date that htmldate's extensive search reads from the page's text, unless it is a bare
    year, which the search pads to January 1st ('© 2017' gives 2017-01-01): a day no page gave.
    Asked only of a page whose markup, metadata and URL give no date."""
    import htmldate
    from trafilatura.settings import set_date_params

    found = htmldate.find_date(html, **set_date_params(extensive=True))
    return None if found is None or found.endswith("-01-01") else find_date(found)


BLOCKS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "section",
          "article")
DROPPED = "//script|//style|//noscript|//figure|//figcaption|//img|//iframe|//form"


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's content, an export's body), a paragraph per
    block; plain text as it is."""
    if not re.search(r"<[a-zA-Z/!]", html):
        return html
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for dropped in root.xpath(DROPPED):
        dropped.drop_tree()
    for element in root.iter():
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in BLOCKS:
            element.tail = "\n\n" + (element.tail or "")
    paragraphs = (" ".join(paragraph.split()) for paragraph in re.split(r"\n\s*\n", root.text_content()))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
