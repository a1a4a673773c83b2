"""Feeds: a saved RSS or Atom file through feedparser, each entry an article.

feedparser is given the file's bytes, never a URL, so nothing is fetched. An entry's full text
is its `content` (RSS's content:encoded, Atom's content), else its summary; the feed's title is
the outlet. An entry that holds only a teaser is skipped: the briefing quotes whole articles.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from briefing.core.models import Article, Skipped
from briefing.read.load import fragment_text
from briefing.read.sources import Read, Source

MIN_ENTRY_WORDS = 80  # an entry shorter than this is a teaser of the article, not the article


def read_feed(source: Source) -> Iterator[Read]:
    import feedparser

    parsed = feedparser.parse(source.bytes(), resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        yield Skipped(source.name, "not an RSS or Atom feed")
        return
    if not parsed.entries:
        yield Skipped(source.name, "a feed with no entries")
        return
    outlet = (parsed.feed.get("title") or "").strip() or None
    for number, entry in enumerate(parsed.entries, 1):
        name = source.part(str(number))
        text = fragment_text(_full_text(entry))
        if len(text.split()) < MIN_ENTRY_WORDS:
            yield Skipped(name, f"the entry holds only a teaser (under {MIN_ENTRY_WORDS} words): "
                                "save the article's page instead")
            continue
        yield Article(path=name, text=text, title=(entry.get("title") or "").strip() or None,
                      outlet=outlet, published=_date(entry), url=entry.get("link") or None)


def _full_text(entry: Any) -> str:
    contents = [content.get("value", "") for content in entry.get("content", [])]
    return max(contents, key=len, default="") or entry.get("summary", "")


def _date(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None
