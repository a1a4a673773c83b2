"""briefing: a folder of news articles in, a one-page sourced briefing out.

The public API (see `briefing.api` and docs/guide/python.md):

    import briefing
    edition = briefing.build("seeds/", out="output/")
"""

from briefing.api import build, look, read_articles, send, settings, summarize, write
from briefing.core import __version__
from briefing.core.errors import BriefingError
from briefing.core.models import Article, Briefing, Edition, Item, Section, Story, Summary

__all__ = [
    "Article",
    "Briefing",
    "BriefingError",
    "Edition",
    "Item",
    "Section",
    "Story",
    "Summary",
    "__version__",
    "build",
    "look",
    "read_articles",
    "send",
    "settings",
    "summarize",
    "write",
]
