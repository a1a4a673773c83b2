"""Titles: the story's headline, and the event section's title ("The call", "The earthquake").

The headline is the article title sharing most words with all the ledes; with none, the main
clause of the lede most ledes agree with, whole: never a sentence cut off with "…". The event's
section is named for the kind of event more than half the ledes name first (a lede names the
event before its cause: "a ferry capsized in a storm" is a sinking), unless the profile sets its
own title.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from briefing.core.models import Sentence
from briefing.core.patterns import MAX_HEADLINE_WORDS
from briefing.core.settings import shipped_section_titles

HEADLINE_WORDS = 18  # a headline made from a lede: its main clause, cut before a phrase to this many
MIN_CLAUSE_WORDS = 5
ATTRIBUTION = re.compile(r"\s*,\s+[^,]{0,60}\b(?:said|says|reported|reports|announced)\W*$", re.IGNORECASE)
LEADING_PHRASE = re.compile(  # 'On Wednesday, ', 'After years of talks, ', 'Although it rained, '
    r"^(?:on|in|at|after|before|during|amid|as|following|despite|since|with|for|by|late|early|last|this|"
    r"earlier|later|according to|although|though|while|when|if|because)\b[^,]{0,60}\s*,\s+", re.IGNORECASE)
CLAUSE_END = re.compile(  # where a lede's main clause gives way to a subordinate clause, an aside or
    # a participle (', killing at least 70')
    r"\s*,\s+(?:which|who|whom|whose|where|when|while|as|after|before|amid|but|and|according|\w+ing)\b"
    r"|\s+(?:after|amid|as|while|when|because|although|though|despite|following|ahead of|according to|"
    r"before|since|until|saying)\b|\s*[;:—–(]")
PHRASE_START = re.compile(r"\s(?=(?:in|on|at|for|with|over|between|to|from|into|during|by|near|across)\s"
                          r"(?P<determined>(?:the|a|an|its|their|his|her|this|that|these|those|\d+)\s)?)")
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
    """The lede's main clause, whole, as a headline: without a leading phrase ('On Friday, '),
    its attribution (', officials said') and what follows the clause (', which ...', 'after
    ...'); a clause still longer than HEADLINE_WORDS ends before a phrase that takes it past,
    the last one that opens with its own determiner ('for the source') if one does."""
    text = ATTRIBUTION.sub("", lede.strip())
    text = LEADING_PHRASE.sub("", text, count=1) or text
    text = text[0].upper() + text[1:] if text else text
    for end in CLAUSE_END.finditer(text):
        if len(text[:end.start()].split()) >= MIN_CLAUSE_WORDS:
            text = text[:end.start()]
            break
    text = text.rstrip(" ,;:.!?")
    if len(text.split()) > HEADLINE_WORDS:
        cuts = [at for at in PHRASE_START.finditer(text)
                if MIN_CLAUSE_WORDS <= len(text[:at.start()].split()) <= HEADLINE_WORDS]
        determined = [at for at in cuts if at.group("determined")]
        text = text[:(determined or cuts)[-1].start()] if cuts else text
    return text
