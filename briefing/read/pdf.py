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
from itertools import accumulate, pairwise, takewhile
from statistics import median

from briefing.core.languages import NUMBER_WORDS, stop_words_of
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
SMALL_TYPE = 0.9  # a line set in type below this share of the body's is not body text
HEADLINE_TYPE = 1.25  # a first line set this much above the body's is the headline
PARAGRAPH_GAP = 0.6  # of a line's height: more space between lines is a new paragraph
SHORT_LINE = 0.8  # of the column's width: a line ending a sentence this short ends its paragraph
PAGE_NUMBER = re.compile(r"\W*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\W*", re.IGNORECASE)
SOFT_HYPHEN = "\u00ad"  # a hyphen a typesetter added: the word is joined
HYPHENS = ("-", "\u2010", "\x02")  # at a line's end, added or a compound's own (PDFium writes \x02 for both)
NUMBER_GOES_ON = re.compile(r"(?:teen|ty|tie|th)")  # 'four-' over 'teen' is one number
COMPOUND_NUMBERS = frozenset(NUMBER_WORDS) - {"ten"}  # 'ten-' over 'der' is mostly a word: tender, tenant
SENTENCE_CLOSE = re.compile(r"[.!?…][\"'”’)\]]*$")
PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")
FILE_NAME_TITLE = re.compile(r"\.(?:docx?|pdf|indd|rtf|odt)\s*$|^microsoft word\b|^untitled\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Run:
    """A run of text on one line of a page, with its box in points from the bottom left and its
    type size (a box is only as tall as its letters: 'scare' has no ascender)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str
    size: float

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
    size: float  # its largest type

    @property
    def height(self) -> float:
        return self.top - self.bottom


def _line(runs: Sequence[Run], column: tuple[float, float], page: int) -> Line:
    text = " ".join(run.text.strip() for run in runs if run.text.strip())
    return Line(text, min(run.left for run in runs), min(run.bottom for run in runs),
                max(run.right for run in runs), max(run.top for run in runs), column, page,
                max(run.size for run in runs))


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
                size = _type_size(textpage, left, bottom, right, top)
                runs.append(Run(left, bottom, right, top, text, size))
        return runs
    finally:
        textpage.close()


def _type_size(textpage: object, left: float, bottom: float, right: float, top: float) -> float:
    """The font size of the box's middle character (PDFium's FPDFText_GetFontSize), else the
    box's height."""
    import pypdfium2.raw as pdfium_c

    index = textpage.get_index((left + right) / 2, (bottom + top) / 2,  # type: ignore[attr-defined]
                               (right - left) / 2, (top - bottom) / 2)
    size = pdfium_c.FPDFText_GetFontSize(textpage, index) if index is not None and index >= 0 else 0
    return float(size) or top - bottom


def _article(name: str, pages: Sequence[tuple[float, list[Run]]], metadata: dict[str, str]) -> Read:
    lines = [line for number, (runs, columns) in enumerate(_pages_columns([runs for _, runs in pages]))
             for line in _lines_in_order(runs, columns, number)]
    body_height = median(line.height for line in lines)
    body_size = median(line.size for line in lines)
    lines = _without_margins(lines, pages, body_height, body_size)
    written = Written.of([line.text for line in lines])
    headline, lines = _headline(lines, body_size, written)
    body = _paragraphs(lines, body_height, written)
    article = parse_plaintext(name, f"{headline}\n\n{body}" if headline else body)
    if headline and article.title is None:  # a headline that reads as a sentence
        article = replace(parse_plaintext(name, body), title=headline)
    title = article.title or _metadata_title(metadata)
    created = PDF_DATE.match(metadata.get("CreationDate", ""))
    made = find_date("-".join(created.groups())) if created else None
    author = metadata.get("Author", "").strip() or None
    return replace(article, title=title, outlet=article.outlet or author, published=article.published or made)


def _pages_columns(pages: list[list[Run]]) -> Iterator[tuple[list[Run], list[tuple[float, float]]]]:
    """Each page's runs with its columns. A page whose lines are too few to show its gutter (a
    short last page) keeps the columns of the page before, when no more runs cross them than
    may cross a gutter (a running head, a page number)."""
    before: list[tuple[float, float]] = []
    for runs in pages:
        if not runs:
            yield runs, []
            continue
        columns = _columns(runs)
        if len(columns) == 1 < len(before) and _crossing(runs, before) <= MIN_CROSSINGS:
            columns = before
        yield runs, columns
        before = columns


def _crossing(runs: list[Run], columns: list[tuple[float, float]]) -> int:
    """How many runs lie in no one of the columns."""
    return sum(1 for run in runs if _column_of(run, columns) is None)


def _lines_in_order(runs: list[Run], columns: list[tuple[float, float]], page: int) -> list[Line]:
    """A page's runs as lines, column by column between the runs that span columns."""
    if not runs:
        return []
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
    """Within the column, or overhanging it by less than half a gutter (a quotation mark, a 'J')."""
    return column[0] - GUTTER_POINTS / 2 <= run.left and run.right <= column[1] + GUTTER_POINTS / 2


def _column_of(run: Run, columns: list[tuple[float, float]]) -> int | None:
    return next((index for index, column in enumerate(columns) if _inside(run, column)), None)


def _same_line(before: Run, after: Run) -> bool:
    overlap = min(before.top, after.top) - max(before.bottom, after.bottom)
    return after.left >= before.right - 1 and overlap > 0.5 * min(before.height, after.height)


def _without_margins(lines: list[Line], pages: Sequence[tuple[float, list[Run]]], body: float,
                     body_size: float) -> list[Line]:
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
                                        or shape(line) in repeated or line.size < SMALL_TYPE * body_size)

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


def _headline(lines: list[Line], body_size: float, written: Written) -> tuple[str | None, list[Line]]:
    """The first page's opening lines set in larger type, and the lines after them."""
    count = 0
    while count < len(lines) and lines[count].page == 0 and lines[count].size > HEADLINE_TYPE * body_size:
        count += 1
    headline = ""
    for line in lines[:count]:
        headline = _joined(headline, line.text, written)
    return (headline or None), lines[count:]


def _paragraphs(lines: list[Line], body: float, written: Written) -> str:
    """The lines as paragraphs, hyphenated words joined; a paragraph flows across columns."""
    paragraphs: list[str] = []
    current = ""
    for before, line in zip([None, *lines], lines, strict=False):
        if before is not None and _new_paragraph(before, line, body):
            paragraphs.append(current)
            current = ""
        current = _joined(current, line.text, written)
    paragraphs.append(current)
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph.strip())


def _new_paragraph(before: Line, line: Line, body: float) -> bool:
    width = before.column[1] - before.column[0]
    short = before.right < before.column[0] + SHORT_LINE * width
    ended_short = short and bool(SENTENCE_CLOSE.search(before.text))
    if (before.page, before.column) != (line.page, line.column) or line.top > before.bottom:
        return ended_short  # the next column or page carries the paragraph on
    indented = line.left > before.column[0] + body and line.left > before.left + body
    # a line's box is as tall as its letters ('neurons .' has no ascender): its top is taken
    # a body line's height above its bottom at least
    top = max(line.top, line.bottom + body)
    return ended_short or indented or before.bottom - top > PARAGRAPH_GAP * body


def _joined(text: str, line: str, written: Written) -> str:
    """The line added to the paragraph, a word broken at the line's end by a hyphen joined.

    A typesetter's hyphen and a compound's own look the same (PDFium writes \x02 for both), so
    what the document writes elsewhere decides: the word whole ('JonBenet') is joined; a number's
    compound ('6-', 'four-' over 'year-old'), a name's ('Kara-' over 'Tash'), one whose next word
    is a little English word and a hyphen ('oil-' over 'for-food') and a compound the document
    writes with its hyphen elsewhere keep it.
    A dash after a space or another dash ('tissue --') is no broken word.
    """
    if not text:
        return line
    if not text.endswith((SOFT_HYPHEN, *HYPHENS)):
        return f"{text} {line}"
    stem = text[:-1]
    if text.endswith(SOFT_HYPHEN):
        return stem + line
    head = re.search(r"\w*$", stem)
    first = head.group(0) if head else ""
    if not first:
        return f"{text} {line}"
    return f"{stem}-{line}" if written.keeps_hyphen(first, line) else stem + line


@dataclass(frozen=True, slots=True)
class Written:
    """The words and hyphenated compounds a document writes (case-folded), with their counts."""

    words: Counter[str]
    compounds: Counter[str]

    @classmethod
    def of(cls, lines: Sequence[str]) -> Written:
        """What the lines write, the pieces of a word broken at a line's end left out."""
        kept = [line.split() for line in lines]
        for words, after in pairwise(kept):
            if words and words[-1].endswith(HYPHENS) and words[-1][-2:-1].isalnum() and after:  # not a dash
                words.pop()
                after.pop(0)
        folded = " ".join(word for words in kept for word in words).casefold()
        return cls(Counter(re.findall(r"\w+", folded)),
                   Counter(pair for compound in re.findall(r"\w+(?:-\w+)+", folded)
                           for pair in _adjacent_pairs(compound)))

    def keeps_hyphen(self, first: str, line: str) -> bool:
        """Whether 'first-' at a line's end over the line is a compound's own hyphen."""
        tail = re.match(r"\w*", line)
        second = tail.group(0) if tail else ""
        one, other = first.casefold(), second.casefold()
        if first[-1].isdigit() or (one in COMPOUND_NUMBERS and not NUMBER_GOES_ON.match(other)):
            return True
        if self.words[one + other]:
            return False
        return (not second[:1].islower() or self.compounds[f"{one}-{other}"] > 0
                or (other in stop_words_of("english") and line[len(second):len(second) + 1] in HYPHENS))


def _adjacent_pairs(compound: str) -> list[str]:
    """'6-year-old' holds '6-year' and 'year-old'."""
    return [f"{a}-{b}" for a, b in pairwise(compound.split("-"))]


def _metadata_title(metadata: dict[str, str]) -> str | None:
    title = metadata.get("Title", "").strip()
    return title if len(title.split()) >= 3 and not FILE_NAME_TITLE.search(title) else None
