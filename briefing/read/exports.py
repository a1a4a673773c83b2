"""JSON exports: a news API's or a scraper's articles as .json (a list of objects, or an object
holding one) or .jsonl (one object a line, streamed).

Fields are read by the names such exports use (trafilatura's and newspaper4k's JSON, NewsAPI,
The Guardian's API, Elasticsearch hits among them): `FIELDS` lists them, first found first. An
object without a text field is no article; a text cut short by the API ('[+1234 chars]') is
a teaser, skipped as a feed's is. The briefings this tool writes are never read back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from briefing.core.models import Article, Skipped
from briefing.read.load import find_date, fragment_text, outlet_from_url
from briefing.read.sources import Read, Source

FIELDS = {  # what each field of an article gives, by the names exports use, first found first
    "title": ("title", "headline", "webTitle", "name"),
    "text": ("text", "body", "bodyText", "content", "maintext", "full_text", "fulltext", "article",
             "article_text", "raw_text", "text_content"),
    "url": ("url", "canonical_link", "link", "webUrl", "uri", "permalink", "source_url"),
    "published": ("published", "date", "publish_date", "published_at", "publishedAt", "pubDate",
                  "date_publish", "datePublished", "webPublicationDate", "published_date", "created_at"),
    "outlet": ("outlet", "sitename", "site_name", "meta_site_name", "publisher", "source_name",
               "source", "source-hostname", "hostname", "domain"),
}
NESTED = ("fields", "_source", "article")  # objects inside an entry that hold its fields
TRUNCATED = re.compile(r"(?:…|\.\.\.)?\s*\[\+\d+ chars\]\s*$")
OWN_OUTPUTS = ({"sections", "sources", "articles"}, {"stories", "leftovers"},
               {"sentences", "sources", "words"})
MIN_EPOCH, MAX_EPOCH = 1e8, 1e10  # seconds since 1970 between 1973 and 2286: a timestamp


def read_json(source: Source) -> Iterator[Read]:
    try:
        data = json.loads(source.bytes())
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        yield Skipped(source.name, f"not valid JSON ({error}): not read")
        return
    if isinstance(data, dict) and any(keys <= data.keys() for keys in OWN_OUTPUTS):
        yield Skipped(source.name, "a briefing this tool wrote, not an article")
        return
    entries = _entries(data)
    if entries is None:
        yield Skipped(source.name, "JSON of another shape: expected an object with a text field "
                                   f"({', '.join(FIELDS['text'][:4])}...), or a list of them")
        return
    yield from _articles(source, entries)


def read_json_lines(source: Source) -> Iterator[Read]:
    """One object a line, read a line at a time."""
    def objects() -> Iterator[Any]:
        with source.open() as stream:
            for line in stream:
                if line.strip():
                    try:
                        yield json.loads(line)
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        yield None

    yield from _articles(source, objects())


def _articles(source: Source, entries: Iterable[Any]) -> Iterator[Read]:
    for number, entry in enumerate(entries, 1):
        name = source.part(str(number))
        if not isinstance(entry, dict):
            yield Skipped(name, "not a JSON object")
            continue
        yield _article(name, _flattened(entry))


def _entries(data: Any) -> list[Any] | None:
    """The list of articles the JSON holds: itself, or the first list of objects inside it."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        return None
    if _first(_flattened(data), "text"):
        return [data]
    for value in data.values():
        inner = _entries(value) if isinstance(value, dict | list) else None
        if inner and any(isinstance(entry, dict) for entry in inner):
            return inner
    return None


def _flattened(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry's fields with those of the objects it nests them in ('fields', '_source')."""
    inner = [entry[key] for key in NESTED if isinstance(entry.get(key), dict)]
    merged: dict[str, Any] = {}
    for fields in (*inner, entry):
        merged.update(fields)
    return merged


def _article(name: str, entry: dict[str, Any]) -> Read:
    text = _first(entry, "text")
    if not text:
        return Skipped(name, f"no text field ({', '.join(FIELDS['text'][:4])}...)")
    if TRUNCATED.search(text):
        return Skipped(name, "the API cut the text short ('[+N chars]'): a teaser, not the article")
    url = _first(entry, "url")
    outlet = _first(entry, "outlet")
    if outlet and outlet.startswith(("http://", "https://")):  # trafilatura's 'source' is the page's URL
        url = url or outlet
        outlet = None
    return Article(path=name, text=fragment_text(text), title=_first(entry, "title"),
                   outlet=outlet or (outlet_from_url(url) if url else None), published=_date(entry), url=url)


def _first(entry: dict[str, Any], field: str) -> str | None:
    """The first of the field's names the entry gives as text (or as an object with a name)."""
    for key in FIELDS[field]:
        value = entry.get(key)
        if isinstance(value, dict):
            value = value.get("name") or value.get("title")
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            value = value[0]
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _date(entry: dict[str, Any]) -> str | None:
    for key in FIELDS["published"]:
        value = entry.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            seconds = value / 1000 if value > MAX_EPOCH else value
            if MIN_EPOCH <= seconds <= MAX_EPOCH:
                return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
        if isinstance(value, str) and (found := find_date(value)):
            return found
    return None
