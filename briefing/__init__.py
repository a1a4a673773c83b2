"""briefing: a folder of news articles in, a one-page sourced briefing out."""

__version__ = "0.1.0"
