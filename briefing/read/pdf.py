"""PDF: the text layer through pypdfium2 (PDFium), laid back into reading order.

PDFium gives each run of text on a line with its box (`PdfTextPage.get_rect`,
`get_text_bounded`). Columns are the runs either side of a gutter no run but a wide one
crosses, read left to right between the wide runs (headlines, pictures' captions) above and
below them; a paragraph flows on across columns and pages. Running heads, footers and page
numbers, the lines in a page's margin set in smaller type, a page number or repeated on
pages, go; a word hyphenated at a line's end is joined.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, takewhile
from statistics import median

from briefing.core.models import Skipped
from briefing.core.naming import PDF_CREATOR
from briefing.read.load import find_date, parse_plaintext
from briefing.read.sources import Read, Source

MARGIN_SHARE = 0.12  # of a page's height, top and bottom, where running heads and footers sit
GUTTER_POINTS = 6  # the narrowest gap between columns
GUTTER_CROSSINGS = 0.15  # of a page's runs that may cross a gutter (headlines, a title block)...
MIN_CROSSINGS = 3  # ...and at least this many: a headline, a running head and a page number
COLUMN_SHARE = 0.1  # of a page's runs each column holds at least
MIDDLE_SHARE = 0.1  # a gutter lies this far inside the text's left and right edges
SET_APART = 1.5  # of a line's height: a gap this wide sets a margin's lines apart from the text
SMALL_TYPE = 0.9  # a line set below this share of the body's line height is not body text
HEADLINE_TYPE = 1.25  # a first line set this much above the body's is the headline
PARAGRAPH_GAP = 0.6  # of a line's height: more space between lines is a new paragraph
SHORT_LINE = 0.8  # of the column's width: a line ending a sentence this short ends its paragraph
PAGE_NUMBER = re.compile(r"\W*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\W*", re.IGNORECASE)
SOFT_HYPHEN = "\u00ad"  # a hyphen a typesetter added: the word is joined
HYPHENS = ("-", "\u2010", "\x02")  # at a line's end, added or a compound's own (PDFium writes \x02 for both)
SENTENCE_CLOSE = re.compile(r"[.!?…][\"'”’)\]]*$")
PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")
FILE_NAME_TITLE = re.compile(r"\.(?:docx?|pdf|indd|rtf|odt)\s*$|^microsoft word\b|^untitled\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Run:
    """A run of text on one line of a page, with its box in points from the bottom left."""

    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a column, in reading order: its text and the box of its runs."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    column: tuple[float, float]  # the left and right edges of the column it is set in
    page: int

    @property
    def height(self) -> float:
        return self.top - self.bottom


def _line(runs: Sequence[Run], column: tuple[float, float], page: int) -> Line:
    text = " ".join(run.text.strip() for run in runs if run.text.strip())
    return Line(text, min(run.left for run in runs), min(run.bottom for run in runs),
                max(run.right for run in runs), max(run.top for run in runs), column, page)


def read_pdf(source: Source) -> Iterator[Read]:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(source.bytes())
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            yield Skipped(source.name, "encrypted: save a copy without its password "
                                       "(e.g. qpdf --decrypt) to read it")
            return
        raise
    try:
        metadata = document.get_metadata_dict()
        if metadata.get("Creator", "").startswith(PDF_CREATOR):
            yield Skipped(source.name, "a briefing this tool wrote, not an article")
            return
        pages = [(page.get_height(), _runs_of(page)) for page in document]
    finally:
        document.close()
    if not any(runs for _, runs in pages):
        yield Skipped(source.name, "no text layer (a scan?): run OCR first, e.g. ocrmypdf, to read it")
        return
    yield _article(source.name, pages, metadata)


def _runs_of(page: object) -> list[Run]:
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        runs = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top)
            if text.strip():
                runs.append(Run(left, bottom, right, top, text))
        return runs
    finally:
        textpage.close()


def _article(name: str, pages: Sequence[tuple[float, list[Run]]], metadata: dict[str, str]) -> Read:
    lines = [line for number, (_, runs) in enumerate(pages) for line in _lines_in_order(runs, number)]
    body_height = median(line.height for line in lines)
    lines = _without_margins(lines, pages, body_height)
    headline, lines = _headline(lines, body_height)
    body = _paragraphs(lines, body_height)
    article = parse_plaintext(name, f"{headline}\n\n{body}" if headline else body)
    if headline and article.title is None:  # a headline that reads as a sentence
        article = replace(parse_plaintext(name, body), title=headline)
    title = article.title or _metadata_title(metadata)
    created = PDF_DATE.match(metadata.get("CreationDate", ""))
    made = find_date("-".join(created.groups())) if created else None
    author = metadata.get("Author", "").strip() or None
    return replace(article, title=title, outlet=article.outlet or author, published=article.published or made)


def _lines_in_order(runs: list[Run], page: int) -> list[Line]:
    """A page's runs as lines, column by column between the runs that span columns."""
    if not runs:
        return []
    columns = _columns(runs)
    wide = sorted((run for run in runs if _column_of(run, columns) is None), key=lambda run: -run.top)

    def order(run: Run) -> tuple[int, int, float, float]:
        band = sum(1 for span in wide if (span.top + span.bottom) > (run.top + run.bottom))
        column = _column_of(run, columns)
        return (band, len(columns) if column is None else column, -run.top, run.left)

    whole = (min(run.left for run in runs), max(run.right for run in runs))
    grouped: list[tuple[list[Run], tuple[float, float]]] = []
    for run in sorted(runs, key=order):
        column = _column_of(run, columns)
        edges = columns[column] if column is not None else whole
        if grouped and grouped[-1][1] == edges and _same_line(grouped[-1][0][-1], run):
            grouped[-1][0].append(run)
        else:
            grouped.append(([run], edges))
    return [_line(line, edges, page) for line, edges in grouped]


def _columns(runs: list[Run]) -> list[tuple[float, float]]:
    """The columns' left and right edges: the text split at every gutter few runs cross."""
    left, right = min(run.left for run in runs), max(run.right for run in runs)
    starts = Counter(int(run.left) for run in runs)
    ends = Counter(int(run.right) + 1 for run in runs)
    crossing = list(accumulate(starts[point] - ends[point] for point in range(int(right) + 2)))
    allowed = max(GUTTER_CROSSINGS * len(runs), MIN_CROSSINGS)
    inner = range(int(left + MIDDLE_SHARE * (right - left)), int(right - MIDDLE_SHARE * (right - left)) + 1)
    gutters = [(gap[0], gap[-1] + 1) for gap in _runs_of_points([p for p in inner if crossing[p] <= allowed])
               if len(gap) >= GUTTER_POINTS]
    edges = [left, *(edge for gutter in gutters for edge in gutter), right]
    columns = [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2)]
    least = max(MIN_CROSSINGS, COLUMN_SHARE * len(runs))
    filled = [column for column in columns if sum(1 for run in runs if _inside(run, column)) >= least]
    return filled if len(filled) == len(columns) else [(left, right)]


def _runs_of_points(points: list[int]) -> list[list[int]]:
    """Points in a row split where they skip: [1, 2, 3, 7, 8] is [[1, 2, 3], [7, 8]]."""
    runs: list[list[int]] = []
    for point in points:
        if runs and point == runs[-1][-1] + 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs


def _inside(run: Run, column: tuple[float, float]) -> bool:
    return column[0] - 1 <= run.left and run.right <= column[1] + 1


def _column_of(run: Run, columns: list[tuple[float, float]]) -> int | None:
    return next((index for index, column in enumerate(columns) if _inside(run, column)), None)


def _same_line(before: Run, after: Run) -> bool:
    overlap = min(before.top, after.top) - max(before.bottom, after.bottom)
    return after.left >= before.right - 1 and overlap > 0.5 * min(before.height, after.height)


def _without_margins(lines: list[Line], pages: Sequence[tuple[float, list[Run]]], body: float) -> list[Line]:
    """The lines less running heads, footers and page numbers: lines set apart in a page's top
    or bottom margin that are a page number, repeat on other pages or are set in smaller type."""
    margins = {id(line) for page in range(len(pages)) for line in _set_apart(
        [line for line in lines if line.page == page], pages[page][0], body)}

    def shape(line: Line) -> str:
        return re.sub(r"\d+", "#", line.text.casefold())

    shapes = Counter(shape(line) for line in lines if id(line) in margins)
    repeated = {text for text, count in shapes.items() if count > 1}

    def furniture(line: Line) -> bool:
        return id(line) in margins and (PAGE_NUMBER.fullmatch(line.text) is not None
                                        or shape(line) in repeated or line.height < SMALL_TYPE * body)

    return [line for line in lines if not furniture(line)]


def _set_apart(lines: list[Line], height: float, body: float) -> list[Line]:
    """A page's lines in its top and bottom margins beyond the widest gap there, when that gap
    is wider than a paragraph's."""
    ordered = sorted(lines, key=lambda line: -line.top)
    top = list(takewhile(lambda line: line.top > height * (1 - MARGIN_SHARE), ordered))
    bottom = list(takewhile(lambda line: line.bottom < height * MARGIN_SHARE, ordered[::-1]))
    return [*_beyond_widest_gap(ordered, len(top), body),
            *_beyond_widest_gap(ordered[::-1], len(bottom), body)]


def _beyond_widest_gap(edge: list[Line], count: int, body: float) -> list[Line]:
    """Of the `count` lines at a page's edge (outermost first), those before the widest gap after one."""
    gaps = [(_gap(edge[i], edge[i + 1]), i) for i in range(min(count, len(edge) - 1))]
    width, last = max(gaps, default=(0.0, -1))
    return edge[:last + 1] if width > SET_APART * body else []


def _gap(one: Line, other: Line) -> float:
    """The space between two lines, whichever is above."""
    return max(one.bottom - other.top, other.bottom - one.top)


def _headline(lines: list[Line], body: float) -> tuple[str | None, list[Line]]:
    """The first page's opening lines set in larger type, and the lines after them."""
    count = 0
    while count < len(lines) and lines[count].page == 0 and lines[count].height > HEADLINE_TYPE * body:
        count += 1
    headline = ""
    for line in lines[:count]:
        headline = _joined(headline, line.text, Counter())
    return (headline or None), lines[count:]


def _paragraphs(lines: list[Line], body: float) -> str:
    """The lines as paragraphs, hyphenated words joined; a paragraph flows across columns."""
    compounds = Counter(re.findall(r"\w+(?:-\w+)+", " ".join(line.text for line in lines).casefold()))
    paragraphs: list[str] = []
    current = ""
    for before, line in zip([None, *lines], lines, strict=False):
        if before is not None and _new_paragraph(before, line, body):
            paragraphs.append(current)
            current = ""
        current = _joined(current, line.text, compounds)
    paragraphs.append(current)
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph.strip())


def _new_paragraph(before: Line, line: Line, body: float) -> bool:
    width = before.column[1] - before.column[0]
    short = before.right < before.column[0] + SHORT_LINE * width
    ended_short = short and bool(SENTENCE_CLOSE.search(before.text))
    if (before.page, before.column) != (line.page, line.column) or line.top > before.bottom:
        return ended_short  # the next column or page carries the paragraph on
    indented = line.left > before.column[0] + body and line.left > before.left + body
    return ended_short or indented or before.bottom - line.top > PARAGRAPH_GAP * body


def _joined(text: str, line: str, compounds: Counter[str]) -> str:
    """The line added to the paragraph, a word broken at the line's end by a hyphen joined.

    A hyphen stays only when the document writes the compound with it elsewhere: a typesetter's
    hyphen and a compound's own look the same (PDFium writes \x02 for both).
    """
    if not text:
        return line
    if not text.endswith((SOFT_HYPHEN, *HYPHENS)):
        return f"{text} {line}"
    if not line[:1].islower():  # 'Kara-' over 'Tash': a hyphen of the name's own
        return f"{text[:-1]}-{line}"
    stem = text[:-1]
    if text.endswith(SOFT_HYPHEN):
        return stem + line
    head, tail = re.search(r"\w*$", stem), re.match(r"\w*", line)
    first, second = (head.group(0) if head else "").casefold(), (tail.group(0) if tail else "").casefold()
    return f"{stem}-{line}" if compounds[f"{first}-{second}"] > 0 else stem + line


def _metadata_title(metadata: dict[str, str]) -> str | None:
    title = metadata.get("Title", "").strip()
    return title if len(title.split()) >= 3 and not FILE_NAME_TITLE.search(title) else None
