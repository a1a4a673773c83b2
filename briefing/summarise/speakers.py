"""Speakers: who a sentence quotes, from its reporting verb ("said", "urged", "according to").

A speaker is a short noun phrase beside a reporting verb: before it ("The minister said"), in
apposition ("X, the foreign minister, said"), after a quotation (", said X") or after
"according to". No pronoun, no verb of its own: "said the plan was unfair" names no one.
"""

from __future__ import annotations

import re
from functools import cache

from briefing.core.patterns import TRAILING_STOP
from briefing.core.wordlists import alternatives

REPORTING_VERBS = alternatives("reporting_verbs")
AUXILIARIES = (r"(?:(?:has|have|had|also|further|reportedly|then|later|repeatedly|again|firmly|"
               r"on the other hand|in a statement|in a tweet)\s+)*")
SPEAKER_BEFORE = re.compile(
    r"(?:^|[,;:“”\"(]|\bthat\b)\s*(?P<speaker>[^,;:“”\"()]{2,80}?)\s+" + AUXILIARIES +
    r"(?P<verb>" + REPORTING_VERBS + r")\b"
)
SPEAKER_APPOSITION = re.compile(
    r"(?:^|[;:“”\"(]|\bthat\b)\s*(?P<speaker>[^,;:“”\"()]{2,60}?,\s+(?:the |an? |[A-Z])"
    r"[^,;:“”\"()]{1,60}?),\s+" + AUXILIARIES + r"(?P<verb>" + REPORTING_VERBS + r")\b"
)
SPEAKER_AFTER = re.compile(
    r"[,”\"’]\s*(?:" + REPORTING_VERBS + r")\s+(?P<speaker>[^,.;:“”\"]{2,60}?)(?=\s+(?:on|in|at|"
    r"during|after|before|to|from|via|who|which)\b|[,.;:]|$)"
)
ACCORDING_TO = re.compile(r"\baccording to (?P<speaker>[^,;:“”\"]{2,80})", re.IGNORECASE)
PRONOUNS = frozenset({
    "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "who", "which"
})
FINITE_VERBS = frozenset({
    "is", "was", "are", "were", "has", "have", "had", "do", "does", "did", "would", "could"
})
CONJUNCTIONS = frozenset({"and", "but", "or", "so", "yet"})  # 'And I asked him' names no one
MAX_SPEAKER_WORDS = 7
MAX_APPOSITION_WORDS = 10
REPORTING_WORD = re.compile(REPORTING_VERBS)
REPORTING_OPENING = re.compile("|".join(verb.split()[0] for verb in REPORTING_VERBS.split("|")))  # 'called'
LETTERS = re.compile(r"[^\W\d_]+")
POSSESSIVE = ("'s", "’s")
SPEAKER_NOUNS = frozenset({  # who speaks with no name and no article: ', police said'
    "police", "officials", "authorities", "witnesses", "residents", "experts", "analysts",
    "investigators", "prosecutors", "doctors", "researchers", "scientists", "sources", "diplomats",
    "officers", "rescuers", "lawmakers", "spokesman", "spokeswoman", "spokesperson", "organizers",
})


def without_possessive(word: str) -> str:
    """'Smith's' is 'Smith' (string methods: this runs for every word of every sentence)."""
    return word[:-2] if word.endswith(POSSESSIVE) else word


def find_speakers(text: str) -> list[str]:
    """The words naming who speaks in a sentence, in the order the sentence gives them."""
    if not _may_name_a_speaker(text):
        return []
    found = []
    for pattern in (SPEAKER_BEFORE, SPEAKER_APPOSITION, SPEAKER_AFTER, ACCORDING_TO):
        limit = MAX_APPOSITION_WORDS if pattern is SPEAKER_APPOSITION else MAX_SPEAKER_WORDS
        for match in pattern.finditer(text):
            speaker = TRAILING_STOP.sub("", match.group("speaker").strip())
            if _is_speaker(speaker.split(), limit):
                found.append((match.start("speaker"), speaker))
    return [speaker for _, speaker in sorted(found)]


def _may_name_a_speaker(text: str) -> bool:
    """Whether the sentence has a reporting verb as a word of its own, or 'according to': every
    speaker pattern needs one, and this is many times faster to look for than the patterns."""
    return any(map(_opens_a_reporting_verb, LETTERS.findall(text))) or "according to" in text.casefold()


@cache
def _opens_a_reporting_verb(word: str) -> bool:
    return REPORTING_OPENING.fullmatch(word) is not None


def named_speaker(text: str) -> str:
    """The first speaker a sentence names by name ('Smith', 'The foreign ministry'), not
    by role alone ('the minister'); empty when none."""
    named = [s for s in find_speakers(text) if re.search(r"\b[A-Z]", s.removeprefix("The "))]
    return named[0] if named else ""


def _is_speaker(words: list[str], limit: int = MAX_SPEAKER_WORDS) -> bool:
    """A short noun phrase: not a pronoun, not a clause with a verb of its own."""
    if not 0 < len(words) <= limit or words[0].lower() in PRONOUNS | CONJUNCTIONS:
        return False
    if words[0].islower() and words[0] not in ("the", "a", "an") and words[-1] not in SPEAKER_NOUNS:
        return False
    return not any(REPORTING_WORD.fullmatch(w) or w in FINITE_VERBS or w == "that"
                   for w in words)
