"""People and parties: the party each speaker speaks for, and who speaks for none.

Parties are countries and institutions (`briefing/data/parties.tsv`) plus any the profile pins.
A person's party comes from how the articles describe them: a party named just before the
name ("Canadian Foreign Minister Jane Roe") or in its apposition. A person's name is the
capitalised words after the last title word, so "Deputy Water Resources Minister Jane Roe" is
"Jane Roe" whatever the office. Analysts, academics and scientists (so described anywhere in
the articles) speak for no party.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources

from briefing.core.models import People, Sentence
from briefing.core.wordlists import any_found, screens, word_set
from briefing.summarise.speakers import find_speakers, without_possessive

NAME = re.compile(r"\b[A-Z][\w'’-]*[\w](?:\s+[A-Z][\w'’-]*[\w])*")
TITLE_WORDS = word_set("title_words")
DESCRIPTOR_WINDOW = 6
EXPERT = re.compile(  # who analyses rather than speaks for a party
    r"\b(?:analysts?|professors?|prof\.|academics?|scholars?|researchers?|scientists?|economists?|"
    r"experts?|lecturers?|fellow|commentators?|historians?|universit(?:y|ies)|institutes?|"
    r"think[- ]tank|(?:center|centre) for|astronomers?|observers?)\b", re.IGNORECASE)
EXPERT_SCREENS = screens(EXPERT.pattern)
LOWER_CASE_WORD = re.compile(r"\b[a-z][\w'’-]*")


@dataclass(frozen=True, slots=True)
class Parties:
    """Who the parties are: an alias (a word or name) maps to the party it names."""

    aliases: dict[str, str]
    pattern: re.Pattern[str]

    def named_in(self, text: str) -> list[str]:
        return [self.aliases[m.group(0).casefold()] for m in self.pattern.finditer(text)]


def load_party_table() -> dict[str, tuple[str, ...]]:
    """The parties shipped with the package: countries and institutions with their aliases."""
    table: dict[str, tuple[str, ...]] = {}
    text = resources.files("briefing").joinpath("data/parties.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, aliases = line.split("\t")
            table[name] = tuple(aliases.split("|"))
    return table


def build_parties(table: dict[str, tuple[str, ...]], people: dict[str, str]) -> Parties:
    """Parties from the table and the people the articles tie to them."""
    aliases: dict[str, str] = {}
    for name, words in table.items():
        for word in (name, *words):
            aliases.setdefault(word.casefold(), name)
    for person, party in people.items():
        aliases.setdefault(person.casefold(), party)
    ordered = sorted(aliases, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in ordered) +
                         r")(?:['’]s)?(?![\w])", re.IGNORECASE)
    return Parties(aliases={**aliases, **{a + "'s": p for a, p in aliases.items()},
                            **{a + "’s": p for a, p in aliases.items()}}, pattern=pattern)


@dataclass(frozen=True, slots=True)
class PeopleRead:
    """What a batch of sentences says of people, to add up over batches (`combine_people`)."""

    votes: dict[str, Counter[str]]  # the parties sentences tie each person to, by how often
    common: frozenset[str]  # the words the sentences use in lower case
    experts: frozenset[str]


def learn_people(sentences: Sequence[Sentence], table: dict[str, tuple[str, ...]]) -> People:
    """People tied to a party by how the articles describe them, by full name and surname, and
    the experts among them."""
    return combine_people(read_people(list(dict.fromkeys(s.text for s in sentences)), table))


def read_people(texts: Sequence[str], table: dict[str, tuple[str, ...]]) -> list[PeopleRead]:
    """What the texts (distinct sentences) say of people: one read for the batch, so that
    batches can be read in worker processes and added up in order."""
    base = build_parties(table, {})
    common: set[str] = set()
    for text in texts:
        common.update(LOWER_CASE_WORD.findall(text))
    votes: dict[str, Counter[str]] = {}
    person_named = cache(partial(strip_titles, parties=base))  # once per name: wire copy repeats them
    named_in = cache(base.named_in)  # and the words that describe them
    for text in texts:
        for match in NAME.finditer(text):
            person = person_named(match.group(0))
            if not person:
                continue
            start = match.end() - len(person)
            party = _describe_party(text, start, match.end(), named_in)
            if party:
                votes.setdefault(person, Counter())[party] += 1
    return [PeopleRead(votes, frozenset(common), _learn_experts(texts))]


def combine_people(reads: Sequence[PeopleRead]) -> People:
    """The people of all batches read, in their order: a person's party is the one most
    sentences give (the first given among equals); experts speak for no party."""
    votes: dict[str, Counter[str]] = {}
    for read in reads:
        for person, parties in read.votes.items():
            votes.setdefault(person, Counter()).update(parties)
    common = frozenset().union(*(read.common for read in reads))
    experts = frozenset().union(*(read.experts for read in reads))
    people = _person_aliases({p: c.most_common(1)[0][0] for p, c in votes.items()}, common)
    return People({p: party for p, party in people.items() if p not in experts}, experts)


def strip_titles(name: str, parties: Parties) -> str | None:
    """The person's name alone: what comes before the last title word is not part of it.

    'Deputy Water Resources Minister Jane Roe' is 'Jane Roe': the words before a title word
    ('Water Resources') describe the office, whatever they are.
    """
    words = without_possessive(name).split()
    titles = [index for index, word in enumerate(words) if word in TITLE_WORDS]
    if titles:
        words = words[titles[-1] + 1:]
    while words and parties.named_in(words[0]):
        words.pop(0)
    person = " ".join(words)
    if not 2 <= len(words) <= 3 or parties.named_in(person):
        return None
    return person


def _describe_party(text: str, start: int, end: int, named_in: Callable[[str], list[str]]) -> str | None:
    """The party named just before a name ('Canadian Foreign Minister X') or in its apposition."""
    before = re.split(r"\band\b|[,;:(“”\"]", text[:start])[-1].split()[-DESCRIPTOR_WINDOW:]
    named = named_in(" ".join(before))
    if named:
        return named[-1]
    apposition = re.match(r",\s+(?:the|a|an|who is)\s+([^,.;]{3,80})[,.;]", text[end:])
    if apposition:
        named = named_in(apposition.group(1))
        if len(set(named)) == 1:
            return named[0]
    return None


def _person_aliases(people: dict[str, str], common: frozenset[str]) -> dict[str, str]:
    """Full names, plus first and last names where they point to one party only.

    A word the articles also use in lower case is a common word, not a name of its own.
    """
    aliases = dict(people)
    short: dict[str, set[str]] = {}
    for person, party in people.items():
        words = person.split()
        for word in (words[0], words[-1]):
            short.setdefault(word, set()).add(party)
    for word, parties in short.items():
        if len(parties) == 1 and word.lower() not in common:
            aliases.setdefault(word, next(iter(parties)))
    return aliases


def _learn_experts(texts: Sequence[str]) -> frozenset[str]:
    """Names of people the texts describe as analysts, academics or scientists.

    They speak for themselves, not for a party: 'Jane Roe, director of an institute of
    international affairs' gives an analysis, not her country's position.
    """
    experts: set[str] = set()
    described = (text for text in texts if any_found(EXPERT_SCREENS, text.casefold()) and EXPERT.search(text))
    for text in described:  # only a sentence with an expert's word can describe one
        for match in NAME.finditer(text):
            before = " ".join(text[:match.start()].split()[-DESCRIPTOR_WINDOW:])
            after = re.match(r",\s+([^,;]{3,100})", text[match.end():])
            if EXPERT.search(before.split(",")[-1]) or (after and EXPERT.search(after.group(1))):
                words = without_possessive(match.group(0)).split()
                experts.update({" ".join(words), words[-1]} if len(words) >= 2 else set())
    return frozenset(experts)


def _speaks_as_expert(speaker: str, experts: frozenset[str]) -> bool:
    """The speaker is described, here or elsewhere in the articles, as an analyst or academic."""
    return bool(EXPERT.search(speaker)) or any(name in experts for name in NAME.findall(speaker)) \
        or any(word in experts for word in speaker.split())


def speaker_party(text: str, parties: Parties, experts: frozenset[str] = frozenset()) -> str | None:
    """The party of the first speaker that belongs to exactly one party, or None.

    An analyst, academic or scientist speaks for no party, whatever their nationality.
    """
    for speaker in find_speakers(text):
        if _speaks_as_expert(speaker, experts):
            return None
        named = set(parties.named_in(speaker))
        if len(named) == 1:
            return named.pop()
        person = NAME.search(speaker)
        if not named and person:
            return strip_titles(person.group(0), parties)
    return None
