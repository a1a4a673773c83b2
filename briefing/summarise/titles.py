"""Titles: the story's headline, and the event section's title ("The call", "The earthquake").

The headline is the article title sharing most words with all the ledes; with none, the
opening clause of the lede most ledes agree with. The event's section is named for the kind of
event more than half the ledes name first (a lede names the event before its cause: "a ferry
capsized in a storm" is a sinking), unless the profile sets its own title.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from briefing.core.models import Sentence
from briefing.core.patterns import MAX_HEADLINE_WORDS
from briefing.core.settings import shipped_section_titles

TITLE_FROM_LEDE_WORDS = 12
MIN_CLAUSE_WORDS = 5
EVENT_NOUNS = {
    "call": ("call", "phone call", "telephone call", "conversation", "telephone conversation",
             "phone conversation", "video call"),
    "talks": ("talks", "meeting", "summit", "negotiations", "meet"),
    "visit": ("visit", "trip"),
    "earthquake": ("earthquake", "quake", "tremor"),
    "election": ("election", "vote", "ballot", "referendum", "poll"),
    "strike": ("strike", "walkout"),
    "attack": ("attack", "bombing", "explosion", "blast", "shooting", "airstrike", "strikes"),
    "storm": ("storm", "hurricane", "typhoon", "cyclone", "flood", "floods", "flooding"),
    "fire": ("fire", "wildfire", "blaze"),
    "crash": ("crash", "collision", "derailment"),
    "sinking": ("sinking", "shipwreck", "capsize", "capsized", "capsizes", "capsizing"),
    "protests": ("protest", "protests", "demonstration", "demonstrations", "rally"),
    "ruling": ("ruling", "verdict", "judgment", "sentence"),
    "agreement": ("agreement", "deal", "accord", "treaty", "ceasefire", "truce"),
    "announcement": ("announcement", "statement", "speech", "address"),
    "merger": ("merger", "acquisition", "takeover"),
    "launch": ("launch", "rollout", "release"),
    "resignation": ("resignation", "dismissal", "ouster"),
    "outbreak": ("outbreak", "epidemic", "pandemic"),
}
EVENT_KIND = {word: kind for kind, words in EVENT_NOUNS.items() for word in words}
EVENT_WORD = re.compile(  # any kind's words, longest first
    r"\b(?:" + "|".join(map(re.escape, sorted(EVENT_KIND, key=len, reverse=True))) + r")\b")


def event_title(sentences: Sequence[Sentence], titles: dict[str, str]) -> str:
    """'The call' when most ledes name one kind of event first, else the configured title.

    A lede names its event before what caused or followed it ("capsized in a storm"), so only
    the first kind of event a lede names counts for it.
    """
    ledes = [s.text.lower() for s in sentences if s.position == 0]
    counts = Counter(kind for kind in map(_first_event_kind, ledes) if kind)
    shipped = shipped_section_titles()["event"]
    configured = titles.get("event", shipped)
    if counts and configured == shipped:  # the profile left it: name the kind
        kind, count = counts.most_common(1)[0]
        if count * 2 > len(ledes):
            return f"The {kind}"
    return configured


def _first_event_kind(lede: str) -> str | None:
    """The kind of event named earliest in a lede (lower-cased), or None: one search for the
    words of every kind (no word of one kind opens a phrase of another, tested)."""
    found = EVENT_WORD.search(lede)
    return EVENT_KIND[found.group(0)] if found else None


def choose_title(titles: Sequence[str], ledes: Sequence[str],
                 terms: Callable[[str], list[str]]) -> str | None:
    """The article title that shares the most words with all the ledes: the story's headline.

    With no headline in any article (or only ones too long to be headlines), a short title is
    made from the lede most ledes agree with.
    """
    lede_words = Counter(t for lede in ledes for t in set(terms(lede)))
    scored = [(sum(lede_words[t] for t in set(terms(title))), -len(title), title)
              for title in titles if len(title.split()) <= MAX_HEADLINE_WORDS]  # not a page of text
    if scored:
        return max(scored)[2]
    agreed = [(sum(lede_words[t] for t in set(terms(lede))) / (len(set(terms(lede))) or 1), lede)
              for lede in ledes]
    return _title_from_lede(max(agreed)[1]) if agreed else None


def _title_from_lede(lede: str) -> str:
    """The lede's opening clause, at most a dozen words: 'The mayor met union leaders on Friday…'."""
    words = lede.split()
    clause: list[str] = []
    for word in words[:TITLE_FROM_LEDE_WORDS]:
        clause.append(word)
        if len(clause) >= MIN_CLAUSE_WORDS and re.search(r"[,;:—–]$", word):
            break
    title = " ".join(clause).rstrip(",;:—– .")
    return title if len(clause) == len(words) else title + "…"
