"""Sections: the event, each party's position, the background and what comes next.

The rules, in the order they are tried on each item (its lead sentence decides):
1. **Event**: a sentence that opens an article (its lede) reports the event itself.
2. **What comes next**: a sentence with a future marker ("will", "is expected to", "upcoming",
   "planned", "next week"...) that names a time or an event to come (a day, a date, "next
   month", a visit, a vote, talks, a deadline) is about what comes next; "will" alone is not.
3. **Position of a party**: a sentence that attributes words to a speaker ("Qin urged...",
   "...,” a spokesperson said", "according to the ministry", "X, the Chinese minister, said",
   "China's minister, X, said") states the position of the speaker's party, when exactly one
   party can be found for the speaker. Analysts, academics and scientists (so described in
   the speaker's words or anywhere in the articles) speak for no party: background. A
   speaker is a short noun phrase: no pronoun, no verb of its own ("said the plan was
   unfair" names no one). A speaker's party comes from a party's
   name in the speaker's own words, apposition included ("the Chinese Foreign Ministry") or,
   for a person, from how the articles describe them ("Foreign Minister Qin Gang of X",
   "X's minister Y"). A person's name is the capitalised words after the last title word, so
   "Chinese Water Resources Minister Jane Roe" is "Jane Roe" of China whatever the office's
   name. Parties are countries and institutions (a table shipped in the package) plus any
   pinned in the profile; a named speaker with no known party is a party of their own once the
   briefing attributes at least two items to them.
4. **Event** again: a sentence about the same thing as the ledes (similar words) is the event.
5. **Background**: everything else.
Items keep reading order within a section. Sections with no items are left out, so a story
with no quotes has no positions and one with no future marker has no "what comes next".
The event's title names the kind of event ("The call", "The earthquake") when more than half
the ledes name that kind first; a lede's first-named kind counts, because a lede names the
event before its cause ("a ferry capsized in a storm" is a sinking, not a storm). Otherwise,
or when the profile sets its own title, the configured title ("What happened").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, partial
from importlib import resources
from typing import TYPE_CHECKING

from briefing.core.models import SECTION_KINDS, Item, Label, People, Section, Sentence
from briefing.core.wordlists import alternatives, any_found, screens, word_set

if TYPE_CHECKING:
    import numpy as np
    from scipy import sparse

FUTURE = re.compile(r"\b(?:" + alternatives("future_markers") + r")(?!\w)", re.IGNORECASE)
SCHEDULED = re.compile(r"\b(?:" + alternatives("scheduled") + r")(?!\w)", re.IGNORECASE)
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
SENTENCE_END = re.compile(r"(?<=[a-z])[.!?]+$")
MAX_SPEAKER_WORDS = 7
MAX_APPOSITION_WORDS = 10
REPORTING_WORD = re.compile(REPORTING_VERBS)
REPORTING_OPENING = re.compile("|".join(verb.split()[0] for verb in REPORTING_VERBS.split("|")))  # 'called'
LETTERS = re.compile(r"[^\W\d_]+")
NAME = re.compile(r"\b[A-Z][\w'’-]*[\w](?:\s+[A-Z][\w'’-]*[\w])*")
POSSESSIVE = ("'s", "’s")
TITLE_WORDS = word_set("title_words")
SPEAKER_NOUNS = frozenset({  # who speaks with no name and no article: ', police said'
    "police", "officials", "authorities", "witnesses", "residents", "experts", "analysts",
    "investigators", "prosecutors", "doctors", "researchers", "scientists", "sources", "diplomats",
    "officers", "rescuers", "lawmakers", "spokesman", "spokeswoman", "spokesperson", "organizers",
})
DESCRIPTOR_WINDOW = 6
EXPERT = re.compile(  # who analyses rather than speaks for a party
    r"\b(?:analysts?|professors?|prof\.|academics?|scholars?|researchers?|scientists?|economists?|"
    r"experts?|lecturers?|fellow|commentators?|historians?|universit(?:y|ies)|institutes?|"
    r"think[- ]tank|(?:center|centre) for|astronomers?|observers?)\b", re.IGNORECASE)
EXPERT_SCREENS = screens(EXPERT.pattern)
LOWER_CASE_WORD = re.compile(r"\b[a-z][\w'’-]*")
MIN_ITEMS_FOR_UNKNOWN_PARTY = 2
TITLE_FROM_LEDE_WORDS = 12
MAX_TITLE_WORDS = 30  # a longer 'headline' is body text a page lost its markup around
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
    """The party named just before a name ('Chinese Foreign Minister X') or in its apposition."""
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


def without_possessive(word: str) -> str:
    """'Blinken's' is 'Blinken' (string methods: this runs for every word of every sentence)."""
    return word[:-2] if word.endswith(POSSESSIVE) else word


def find_speakers(text: str) -> list[str]:
    """The words naming who speaks in a sentence, in the order the sentence gives them."""
    if not _may_name_a_speaker(text):
        return []
    found = []
    for pattern in (SPEAKER_BEFORE, SPEAKER_APPOSITION, SPEAKER_AFTER, ACCORDING_TO):
        limit = MAX_APPOSITION_WORDS if pattern is SPEAKER_APPOSITION else MAX_SPEAKER_WORDS
        for match in pattern.finditer(text):
            speaker = SENTENCE_END.sub("", match.group("speaker").strip())
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
    """The first speaker a sentence names by name ('Qin', 'The Chinese foreign ministry'), not
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


def _learn_experts(texts: Sequence[str]) -> frozenset[str]:
    """Names of people the texts describe as analysts, academics or scientists.

    They speak for themselves, not for a party: 'Wang Yiwei, director of the Institute of
    International Affairs at Renmin University' gives an analysis, not China's position.
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


def assign_sections(items: Sequence[Item], sentences: Sequence[Sentence],
                    table: dict[str, tuple[str, ...]], titles: dict[str, str],
                    terms: Callable[[str], list[str]], people: People | None = None) -> list[Section]:
    """Group items into the sections of a briefing, each in reading order; `people` are what
    the sentences say of people (`learn_people`), when learned already."""
    learned = people if people is not None else learn_people(sentences, table)
    experts = learned.experts
    parties = build_parties(table, learned.parties)
    known = set(table)
    ledes = Ledes([set(terms(s.text)) for s in sentences if s.position == 0])
    openings = _article_openings(items)
    labels = [classify(item, parties, ledes, set(terms(item.text)), openings, experts)
              for item in items]
    counts = Counter(label.side for label in labels if label.side)
    labels = [settle_party(label, counts, known) for label in labels]
    return build_sections(items, labels, titles, event_title(sentences, titles), openings)


def _article_openings(items: Sequence[Item]) -> dict[int, int]:
    """Where each article's first sentence fit for a briefing stands: its lede, as far as the
    briefing goes (a first line that is a quote or a teaser leaves the lede to the next)."""
    openings: dict[int, int] = {}
    for member in (m for item in items for m in item.members):
        openings[member.article] = min(member.position, openings.get(member.article, member.position))
    return openings


def _agreeing_ledes(item: Item, openings: dict[int, int]) -> int:
    """How many articles open with this item's claim: the event most of them report leads.

    An article not in `openings` opens at its first sentence.
    """
    return len({m.article for m in item.members if openings.get(m.article, 0) == m.position})


def event_item(items: Sequence[Item]) -> Item | None:
    """The item most articles open with (by weight among equals), or None when none opens one."""
    openings = _article_openings(items)
    best = max(items, key=lambda item: (_agreeing_ledes(item, openings), item.weight), default=None)
    return best if best is not None and _agreeing_ledes(best, openings) else None


def classify(item: Item, parties: Parties, ledes: Ledes,
             item_terms: set[str], openings: dict[int, int] | None = None,
             experts: frozenset[str] = frozenset()) -> Label:
    """The section of one item, by the rules of the module docstring."""
    text = item.text
    if _agreeing_ledes(item, openings or {}):
        return Label("event")
    if FUTURE.search(text) and SCHEDULED.search(text):
        return Label("next")
    party = speaker_party(text, parties, experts)
    if party:
        return Label("position", party)
    if ledes.about_the_event(item_terms):
        return Label("event")
    return Label("background")


class Ledes:
    """The articles' ledes as sets of terms, indexed: which share enough words with an item.

    A binary sparse matrix of ledes by term, read by column: the columns of an item's words
    list the ledes that hold them, counted for every lede at once instead of a loop over the
    ledes. (NumPy and SciPy are imported here, not with the module, which the command line
    reads for its section names.)
    """

    _matrix: sparse.csc_matrix
    _sizes: np.ndarray

    def __init__(self, lede_terms: Sequence[set[str]]):
        import numpy as np
        from scipy import sparse

        self._count = len(lede_terms)
        self._vocabulary: dict[str, int] = {}
        rows = [r for r, terms in enumerate(lede_terms) for _ in terms]
        cols = [self._vocabulary.setdefault(t, len(self._vocabulary)) for terms in lede_terms for t in terms]
        self._matrix = sparse.csc_matrix((np.ones(len(rows)), (rows, cols)),  # read by column
                                         shape=(self._count, max(len(self._vocabulary), 1)))
        self._sizes = np.array([len(terms) for terms in lede_terms], dtype=float)

    def about_the_event(self, item_terms: set[str]) -> bool:
        """Shares enough words with at least two ledes (overlap over the smaller set)."""
        import numpy as np

        if not item_terms or not self._count:
            return False
        known = [self._vocabulary[t] for t in item_terms if t in self._vocabulary]
        indptr, indices = self._matrix.indptr, self._matrix.indices  # read straight: slicing costs more
        ledes = [indices[indptr[column]:indptr[column + 1]] for column in known]
        shared = np.bincount(np.concatenate(ledes), minlength=self._count) if ledes else np.zeros(self._count)
        smaller = np.minimum(self._sizes, len(item_terms))
        close = np.count_nonzero((self._sizes > 0) & (shared >= 0.5 * smaller))
        return bool(close >= min(2, self._count))


def settle_party(label: Label, counts: Counter[str], known: set[str]) -> Label:
    """A party not in the table needs enough items to be a side; else it is background."""
    if label.side is None or label.side in known or counts[label.side] >= MIN_ITEMS_FOR_UNKNOWN_PARTY:
        return label
    return Label("background")


def event_title(sentences: Sequence[Sentence], titles: dict[str, str]) -> str:
    """'The call' when most ledes name one kind of event first, else the configured title.

    A lede names its event before what caused or followed it ("capsized in a storm"), so only
    the first kind of event a lede names counts for it.
    """
    ledes = [s.text.lower() for s in sentences if s.position == 0]
    counts = Counter(kind for kind in map(_first_event_kind, ledes) if kind)
    if counts and titles.get("event") == "What happened":
        kind, count = counts.most_common(1)[0]
        if count * 2 > len(ledes):
            return f"The {kind}"
    return titles.get("event", "What happened")


def _first_event_kind(lede: str) -> str | None:
    """The kind of event named earliest in a lede (lower-cased), or None: one search for the
    words of every kind (no word of one kind opens a phrase of another, tested)."""
    found = EVENT_WORD.search(lede)
    return EVENT_KIND[found.group(0)] if found else None


def build_sections(items: Sequence[Item], labels: Sequence[Label], titles: dict[str, str],
                   event: str, openings: dict[int, int] | None = None) -> list[Section]:
    """Sections in the order of SECTION_KINDS, sides by their number of items, items in reading
    order; the event's first item is the one most articles open with."""
    grouped: dict[Label, list[Item]] = {}
    for item, label in zip(items, labels, strict=True):
        grouped.setdefault(label, []).append(item)
    order = sorted(grouped, key=lambda label: (SECTION_KINDS[label.kind].order, -len(grouped[label]),
                                               label.side or ""))
    sections = []
    for label in order:
        members = sorted(grouped[label], key=lambda item: item.reading_order)
        if label.kind == "event":
            main = max(members, key=lambda item: (_agreeing_ledes(item, openings or {}), item.priority))
            members = [main, *(item for item in members if item is not main)]
        title = event if label.kind == "event" else titles.get(label.kind, label.kind.title())
        members = [replace(item, speaker=named_speaker(item.text)) for item in members]
        sections.append(Section(label.kind, title.format(side=label.side), tuple(members), side=label.side))
    return sections


def choose_title(titles: Sequence[str], ledes: Sequence[str],
                 terms: Callable[[str], list[str]]) -> str | None:
    """The article title that shares the most words with all the ledes: the story's headline.

    With no headline in any article (or only ones too long to be headlines), a short title is
    made from the lede most ledes agree with.
    """
    lede_words = Counter(t for lede in ledes for t in set(terms(lede)))
    scored = [(sum(lede_words[t] for t in set(terms(title))), -len(title), title)
              for title in titles if len(title.split()) <= MAX_TITLE_WORDS]  # not a page of text
    if scored:
        return max(scored)[2]
    agreed = [(sum(lede_words[t] for t in set(terms(lede))) / (len(set(terms(lede))) or 1), lede)
              for lede in ledes]
    return _title_from_lede(max(agreed)[1]) if agreed else None


def _title_from_lede(lede: str) -> str:
    """The lede's opening clause, at most a dozen words: 'Blinken spoke to Qin on Wednesday…'."""
    words = lede.split()
    clause: list[str] = []
    for word in words[:TITLE_FROM_LEDE_WORDS]:
        clause.append(word)
        if len(clause) >= MIN_CLAUSE_WORDS and re.search(r"[,;:—–]$", word):
            break
    title = " ".join(clause).rstrip(",;:—– .")
    return title if len(clause) == len(words) else title + "…"
