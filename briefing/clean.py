"""Clean: strip the page junk that copied articles carry, and keep bylines as metadata.

Rules, each general (no site is named):
- cookie banners, widget markup like `#buttons=(...)`, and short interface lines
  ("Related Articles", "Back to top button", "Read more") are dropped;
- menu words glued together by a scraper (`ConflictNorth AmericaWorld`) are dropped;
- repeated desk bylines (`X Desk:X Desk:`) and wire datelines (`TAIPEI, Taiwan (AP) —`) are cut
  from the start of a paragraph; the agency in the dateline becomes the outlet if none is known;
- `By X` and `Source: X` lines become the outlet and leave the text;
- any other paragraph that does not end like a sentence is a headline or caption, not body text.
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefing.models import Article

INTERFACE_WORDS = re.compile(
    r"^(related (articles|posts|stories|news|content)|back to top( button)?|read more|"
    r"read next|share( this( article| story)?)?|advertisement|subscribe( now)?|sign up|"
    r"follow us.*|click here.*|skip to (main )?content|more from .*|recommended( for you)?|"
    r"comments?|print|email|ok,? go(t)? it!?|accept( all)?( cookies)?|menu|home)$",
    re.I,
)
COOKIE = re.compile(r"\bcookies?\b", re.I)
COOKIE_BANNER_WORDS = re.compile(  # what a banner talks about and a story about biscuits does not
    r"\b(site|website|brows\w*|experience|polic(y|ies)|consent|privacy|settings|preferences|"
    r"personali[sz]\w*|analytics|third[- ]part\w*|continu\w*|accept)\b", re.I)
WIDGET_MARKUP = re.compile(r"^#\w+=")
DESK_BYLINE = re.compile(r"^(?:[A-Z][\w.&' -]{0,40}?\bDesk\s*:\s*)+")
DATELINE = re.compile(  # a place of four letters or more: "US - China talks" is no dateline
    r"^(?P<place>[A-Z][A-Z.'’ -]{2,}[A-Z.](?:,\s*[A-Z][\w.'’ -]{1,30})?)\s*"
    r"(?:\((?P<agency>[A-Za-z][A-Za-z. &-]{0,20})\))?\s*[—–-]{1,2}\s+(?=[A-Z0-9“\"‘'])"
)
BYLINE = re.compile(r"^(?:By|BY|Written by|Reporting by)\s+(?P<name>[^.!?]{2,60})$")
SOURCE_LINE = re.compile(r"^(?:Source|SOURCE|Via|Courtesy of)\s*:\s*(?P<name>.{1,60})$")
NAME_LINK_WORDS = frozenset({"and", "of", "the", "in", "de", "da", "del", "der", "van", "von",
                             "la", "le", "al", "bin"})
SENTENCE_END = re.compile(r"[.!?…:;][\"'”’)\]]*$|[\"”’]$")
MIN_BODY_WORDS = 4


def clean_article(article: Article) -> Article:
    """The article with its junk gone and its byline or source line taken as the outlet."""
    kept: list[str] = []
    credits: list[str] = []
    agencies: list[str] = []
    for paragraph in split_paragraphs(article.text):
        credit = read_credit_line(paragraph)
        if credit:
            credits.append(credit)
            continue
        paragraph, agency = strip_paragraph_lead(paragraph)
        agencies.extend([agency] if agency else [])
        if paragraph and not is_junk(paragraph, article.title):
            kept.append(paragraph)
    outlet = article.outlet or next(iter(credits + agencies), None)
    return replace(article, text="\n\n".join(kept), outlet=outlet)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are lines: copied articles use one line, or a blank line, per paragraph."""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def read_credit_line(paragraph: str) -> str | None:
    """The name in a 'By X' or 'Source: X' line, or None for any other paragraph."""
    byline = BYLINE.match(paragraph)
    if byline and looks_like_name(byline.group("name")):
        return byline.group("name").strip()
    source = SOURCE_LINE.match(paragraph)
    return source.group("name").strip() if source else None


def looks_like_name(text: str) -> bool:
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
            and len(paragraph.split()) < 40:
        return True
    if title and paragraph.strip().casefold() == title.strip().casefold():
        return True
    if re.search(r"[a-z][A-Z]", paragraph) and not SENTENCE_END.search(paragraph):
        return True
    return len(paragraph.split()) < MIN_BODY_WORDS or not SENTENCE_END.search(paragraph)
