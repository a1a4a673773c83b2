"""Clean: strip the page junk that copied articles carry, and keep bylines as metadata.

Rules, each general (no site is named):
- cookie banners, widget markup like `#buttons=(...)`, and short interface lines
  ("Related Articles", "Back to top button", "Read more") are dropped;
- menu words glued together by a scraper (`ConflictNorth AmericaWorld`) are dropped;
- repeated desk bylines (`X Desk:X Desk:`) and wire datelines (`TAIPEI, Taiwan (AP) —`, or `_`
  for the dash in 1990s wire copy) are cut
  from the start of a paragraph; the agency in the dateline becomes the outlet if none is known;
- `By X` and `Source: X` lines become the outlet and leave the text;
- any other paragraph that does not end like a sentence is a headline or caption, not body text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise
from urllib.parse import urlparse

from briefing.core.models import Article
from briefing.core.patterns import MAX_HEADLINE_WORDS, PARAGRAPH_END, glued_menu_words

INTERFACE_WORDS = re.compile(
    r"^(related (articles|posts|stories|news|content)|back to top( button)?|read more|"
    r"read next|share( this( article| story)?)?|advertisement|subscribe( now)?|sign up|"
    r"follow us.*|click here.*|skip to (main )?content|more from .*|recommended( for you)?|"
    r"comments?|print|email|ok,? go(t)? it!?|accept( all)?( cookies)?|menu|home)$",
    re.IGNORECASE,
)
COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
COOKIE_BANNER_WORDS = re.compile(  # what a banner talks about and a story about biscuits does not
    r"\b(site|website|brows\w*|experience|polic(y|ies)|consent|privacy|settings|preferences|"
    r"personali[sz]\w*|analytics|third[- ]part\w*|continu\w*|accept)\b", re.IGNORECASE)
WIDGET_MARKUP = re.compile(r"^#\w+=")
DESK_BYLINE = re.compile(r"^(?:[A-Z][\w.&' -]{0,40}?\bDesk\s*:\s*)+")
DATELINE = re.compile(  # a place of four letters or more: "US - China talks" is no dateline
    r"^(?P<place>[A-Z][A-Z.'’ -]{2,}[A-Z.](?:,\s*[A-Z][\w.'’ -]{1,30})?)\s*"
    r"(?:\((?P<agency>[A-Za-z][A-Za-z. &-]{0,20})\))?\s*[—–_-]{1,2}\s+(?=[A-Z0-9“\"‘'])"  # '_': old wire dash
)
BYLINE = re.compile(r"^(?:By|BY|Written by|Reporting by)\s+(?P<name>[^.!?]{2,60})$")
SOURCE_LINE = re.compile(r"^(?:Source|SOURCE|Via|Courtesy of)\s*:\s*(?P<name>.{1,60})$")
NAME_LINK_WORDS = frozenset({"and", "of", "the", "in", "de", "da", "del", "der", "van", "von",
                             "la", "le", "al", "bin"})
MIN_BODY_WORDS = 4
MAX_BANNER_WORDS = 40  # a cookie notice is short; a longer paragraph on cookies is an article's
INDENT = re.compile(r"^(?:\t| {2,})\S")
SPACING = re.compile(r"[ \t\u00a0]+")
MIN_WRAPPED_LINES = 2
WRAPPED_SHARE = 0.25
MIN_TRIMMED_WORDS = 20  # a shorter paragraph that does not end like a sentence is a caption
LAST_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")
TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ", " » ")
STRONG_SEPARATORS = (" | ", " :: ", " » ")  # never inside a headline, unlike a dash
HOST_WORDS = frozenset({"www", "com", "org", "net", "news", "co", "uk", "html"})
MIN_TITLE_WORDS = 3  # 'escenic' or 'Home' is a page's software or section, not a headline
MAX_OUTLET_WORDS = 5


def clean_article(article: Article) -> Article:
    """The article with its junk gone and its byline or source line taken as the outlet."""
    kept: list[str] = []
    credit_lines: list[str] = []
    agencies: list[str] = []
    for paragraph in split_paragraphs(article.text):
        credit = read_credit_line(paragraph)
        if credit:
            credit_lines.append(credit)
            continue
        paragraph, agency = strip_paragraph_lead(_trim_tail(paragraph))
        agencies.extend([agency] if agency else [])
        if paragraph and not is_junk(paragraph, article.title):
            kept.append(paragraph)
    outlet = site_name(article.outlet or next(iter(credit_lines + agencies), None), article.url)
    title = headline(article.title, outlet, article.url)
    return replace(article, text="\n\n".join(kept), outlet=outlet, title=title)


def _title_parts(text: str) -> tuple[str, list[str]]:
    """A page title or site name cut at its separators ('Story | Site', 'Story - Site')."""
    for separator in TITLE_SEPARATORS:
        parts = [p.strip() for p in text.split(separator) if p.strip()]
        if len(parts) > 1:
            return separator, parts
    return "", [text.strip()]


def _names_the_site(part: str, outlet: str | None, url: str | None) -> bool:
    """A part of a page title that names the site: it shares a word with the outlet or host."""
    words = {w for w in re.findall(r"[a-z0-9]+", part.casefold()) if len(w) > 2}
    host = (urlparse(url).hostname or "").removeprefix("www.") if url else ""
    names = {w for w in re.findall(r"[a-z0-9]+", f"{outlet or ''} {host}".casefold())
             if len(w) > 2 and w not in HOST_WORDS}
    squeezed = re.sub(r"[^a-z0-9]", "", part.casefold())
    return bool(words & names) or (bool(squeezed) and any(squeezed in n or n in squeezed
                                                          for n in names if len(n) > 3))


def headline(title: str | None, outlet: str | None, url: str | None) -> str | None:
    """The headline alone: site names around it cut off; a one-word title (a CMS name) is none."""
    if not title:
        return None
    separator, parts = _title_parts(title)
    if len(parts) > 1:
        story = [p for p in parts if not _names_the_site(p, outlet, url)]
        if separator in STRONG_SEPARATORS and len(story) > 1:
            story = [max(story, key=lambda p: len(p.split()))]
        title = separator.join(story) if story else parts[0]
    return title if MIN_TITLE_WORDS <= len(title.split()) <= MAX_HEADLINE_WORDS else None


def site_name(outlet: str | None, url: str | None) -> str | None:
    """A publisher's name: the first part of a tagline ('WSVN 7News | Miami News, Weather'), or the host."""
    host = (urlparse(url).hostname or "").removeprefix("www.") if url else None
    if not outlet:
        return host or None
    name = _title_parts(outlet)[1][0]
    return name if len(name.split()) <= MAX_OUTLET_WORDS else host or None


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are lines: copied articles use one line, or a blank line, per paragraph.

    Hard-wrapped text (wire copy, e-mail: lines cut mid-sentence at a fixed width) is unwrapped
    first: its paragraphs end at a blank line or an indented line.
    """
    raw = text.splitlines()
    lines = [_single_spaced(line) for line in raw]
    if not _is_hard_wrapped(lines):
        return [line for line in lines if line]
    paragraphs: list[list[str]] = [[]]
    for original, line in zip(raw, lines, strict=True):
        if not line or INDENT.match(original):
            paragraphs.append([])
        if line:
            paragraphs[-1].append(line)
    return [" ".join(words) for words in paragraphs if words]


def _single_spaced(line: str) -> str:
    """The line stripped, each run of spaces, tabs and no-break spaces one space; searched for
    only in a line that has such a run (most have none, and `in` is many times faster)."""
    if "  " in line or "\t" in line or "\u00a0" in line:
        line = SPACING.sub(" ", line)
    return line.strip()


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Many lines stop mid-sentence and the next line carries on in lower case."""
    filled = [line for line in lines if line]
    carried = sum(1 for line, following in pairwise(lines) if line and runs_on(line, following))
    return len(filled) >= MIN_WRAPPED_LINES and carried >= WRAPPED_SHARE * len(filled)


def runs_on(line: str, following: str) -> bool:
    """A hard-wrapped line: its sentence goes on in lower case on the next line. No headline does."""
    return following.strip()[:1].islower() and not PARAGRAPH_END.search(line)


def _trim_tail(paragraph: str) -> str:
    """A paragraph of sentences without what trails its last full stop (an editor's code, 'MORE')."""
    if PARAGRAPH_END.search(paragraph) or len(paragraph.split()) < MIN_TRIMMED_WORDS:
        return paragraph
    ends = list(LAST_SENTENCE_END.finditer(paragraph))
    return paragraph[:ends[-1].end()].rstrip() if ends else paragraph


def read_credit_line(paragraph: str) -> str | None:
    """The name in a 'By X' or 'Source: X' line, or None for any other paragraph."""
    byline = BYLINE.match(paragraph)
    if byline and _looks_like_name(byline.group("name")):
        return byline.group("name").strip()
    source = SOURCE_LINE.match(paragraph)
    return source.group("name").strip() if source else None


def _looks_like_name(text: str) -> bool:
    """Capitalised words, maybe linked by 'and', 'of', 'van'...: 'By land and sea' is no byline."""
    words = re.findall(r"[^\s,&]+", text)
    return bool(words) and all(w[0].isupper() or w in NAME_LINK_WORDS for w in words)


def strip_paragraph_lead(paragraph: str) -> tuple[str, str | None]:
    """Cut desk bylines and a wire dateline from the start; return the agency named there."""
    paragraph = DESK_BYLINE.sub("", paragraph).strip()
    dateline = DATELINE.match(paragraph)
    if not dateline:
        return paragraph, None
    return paragraph[dateline.end():].strip(), dateline.group("agency")


def is_junk(paragraph: str, title: str | None = None) -> bool:
    """Page furniture rather than article text."""
    if WIDGET_MARKUP.match(paragraph) or INTERFACE_WORDS.match(paragraph.strip(" .:")):
        return True
    if COOKIE.search(paragraph) and COOKIE_BANNER_WORDS.search(paragraph) \
            and len(paragraph.split()) < MAX_BANNER_WORDS:
        return True
    if title and paragraph.strip().casefold() == title.strip().casefold():
        return True
    if glued_menu_words(paragraph, PARAGRAPH_END):
        return True
    return len(paragraph.split()) < MIN_BODY_WORDS or not PARAGRAPH_END.search(paragraph)
