"""Merge: sentences from several articles that state the same claim become one cited item.

Candidates come from similar wording: TF-IDF cosine of stemmed content words, or plain word
counts overlapping by half, found by sparse matrix products for the sentences that lead items
only, a block at a time (vectors.NeighbourRows), never a loop over all pairs nor a list of
every similar pair. Similar words are not the same claim, so each candidate is then checked: it must hold
most of the lead's content words (nearly all of a short lead's), the names the lead gives, and
when both quote someone, the same speaker. Only then is its source cited: a source is cited
only where it states the item's claim.
Clustering is leader-based, best sentence first: the best unmerged sentence leads a new item and
takes every unmerged candidate that states its claim, unless the two state different figures
(12 dead against 20 dead): sources that disagree on a fact are never merged. A candidate whose
whole claim the lead states, with more besides, is left out, so no two items say one thing; a
member that says as much again besides is cited for the lead and may still lead its own item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, replace
from itertools import combinations

from briefing import rank
from briefing.models import Item, Sentence
from briefing.sections import find_speakers, without_possessive
from briefing.split import quote_open
from briefing.vectors import NeighbourRows, Vectorizer, tfidf_matrix
from briefing.wordlists import is_page_junk, unclear_opening

QUOTATION = re.compile(r"[“\"]([^“”\"]*)[”\"]?")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
QUOTED_WORDS = re.compile(r"([“\"])[^“”\"]*([”\"])")  # who speaks is named outside the quotation
QUOTE_WORDS = 4  # a quoted span this long is somebody's words; shorter ones are names or terms
WORD_OVERLAP = 0.5
CLAIM_SHARE = 0.6  # of the lead's content words a member must hold to state the same claim
CLAIM_SHARE_SHORT = 0.85  # a short lead ('Oxygen masks dangled in the cabin') needs near-identity
SHORT_CLAIM_TERMS = 6
RICHER_SHARE = 0.5  # a member with more than this share of words the lead lacks says more
NAMES_PER_MISSING = 3  # of every three names the lead gives, a member may lack one ('Blinken' / 'the US')
NAME_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
NOT_NAMES = frozenset({"i", "mr", "mrs", "ms", "dr", "the", "a", "an"})
PLAIN_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen", "twenty"]
TENS = ["thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
NUMBER_WORDS = {word: str(value) for value, word in enumerate(UNITS) if value >= 2} | {
    word: str(10 * tens) for tens, word in enumerate(TENS, start=3)}


def figures(text: str) -> set[str]:
    """The numbers a sentence states, in digits or as words from two to ninety ('Twenty' is 20)."""
    numbers = {n.replace(",", "") for n in NUMBER.findall(text)}
    return numbers | {NUMBER_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", text)
                      if w.lower() in NUMBER_WORDS}


def _conflict(numbers_a: Set[str], numbers_b: Set[str]) -> bool:
    """Both give numbers and share none: they disagree on a fact, so they stay apart."""
    return bool(numbers_a) and bool(numbers_b) and not numbers_a & numbers_b


def is_briefing_material(sentence: Sentence, min_words: int, max_words: int) -> bool:
    """A full sentence of a readable length that reads alone: not a fragment, question,
    run-on, page junk, a sentence that points back, or a quotation with no one who says it."""
    text = sentence.text
    words = len(text.split())
    opens_well = text[0].isupper() or text[0] in "“\"‘'"
    is_question = text.rstrip("”\"’' ").endswith("?")
    ends_well = bool(SENTENCE_END.search(text))  # not a heading, nor a line leading into a list
    return (min_words <= words <= max_words and opens_well and ends_well and not is_question
            and not is_page_junk(text) and reads_alone(text))


def reads_alone(text: str) -> bool:
    """No pronoun or connective opening, no quotation left open, and words quoted have a speaker.

    A quoted opening ('“It was a shallow earthquake,” he said') is the speaker's words: the
    pronoun there is theirs, but the sentence must name who speaks.
    """
    if unclear_opening().match(text) or quote_open(text) or text.count("”") > text.count("“"):
        return False
    quoted = [q for q in QUOTATION.findall(text) if len(q.split()) >= QUOTE_WORDS]
    return not quoted or bool(find_speakers(QUOTED_WORDS.sub(r"\1…\2", text)))


def merge_redundant(sentences: Sequence[Sentence], vectorizer: Vectorizer, threshold: float,
                    source_count: int, min_words: int = 6, max_words: int = 70) -> list[Item]:
    """Cluster sentences that state the same claim into items, best first; each cites its sources.

    Sentences with the same wording (syndicated copy) are compared once, as one entry. A
    sentence whose claim a better item states in full, with more besides, is left out: citing
    its source for the fuller wording would be false, and showing it would say a thing twice.
    """
    pool = [s for s in sentences if is_briefing_material(s, min_words, max_words)]
    entries = _same_wording(pool)
    if not entries:
        return []
    leads = [group[0] for group in entries]
    terms = [vectorizer.terms(s.text) for s in leads]
    claims = [read_claim(s.text, vectorizer) for s in leads]
    numbers = [claim.figures for claim in claims]
    searches = [(tfidf_matrix(terms), threshold), (tfidf_matrix(terms, idf=False), WORD_OVERLAP)]
    neighbours = NeighbourRows(searches)  # only leads ask, in order; a taken entry is closed
    backing: dict[int, list[Sentence]] = {}  # sentences stating part of an entry's claim, for its rank
    items = []
    for index in range(len(leads)):
        if not neighbours.is_open(index):
            continue
        apart = {n: not same_claim(claims[index], claims[n]) for n in neighbours.of(index)}
        group = _join_group(index, numbers, neighbours, apart)
        members = [s for m in group for s in entries[m]]
        for member in group + _said_already(index, group, neighbours, claims, numbers):
            if says_more(claims[member], claims[index]):
                backing.setdefault(member, []).extend(members)
            else:
                neighbours.close(member)
        rivals = _disagreeing(index, neighbours, claims, numbers)
        for rival in (n for figured in rivals for n in figured):
            neighbours.close(rival)
        differs = [[s for n in figured for s in entries[n]] for figured in rivals]
        item = _build_item(members, source_count, [*backing.get(index, []), *(s for d in differs for s in d)])
        items.append(replace(item, differs=tuple(_build_item(d, source_count) for d in differs)))
    return items


def _disagreeing(index: int, neighbours: NeighbourRows, claims: Sequence[Claim],
                numbers: Sequence[Set[str]]) -> list[list[int]]:
    """Entries that state the lead's claim with other figures (12 dead against 20 dead), one
    list per set of figures: the item shows each figure with the sources that give it."""
    by_figures: dict[frozenset[str], list[int]] = {}
    for n in neighbours.of(index):
        if _conflict(numbers[index], numbers[n]) and same_claim(claims[index], claims[n]):
            by_figures.setdefault(frozenset(numbers[n]), []).append(n)
    return list(by_figures.values())


def _same_wording(sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    """Sentences grouped by identical wording (whitespace, case and quote style aside), best
    first within a group, and the groups by their best (rank.lead_order, unique per sentence)."""
    groups: dict[str, list[tuple[tuple[float, int, int], Sentence]]] = {}
    for sentence in sentences:
        key = " ".join(sentence.text.translate(PLAIN_QUOTES).casefold().split())
        groups.setdefault(key, []).append((rank.lead_order(sentence), sentence))
    return [[s for _, s in group] for group in sorted(sorted(group) for group in groups.values())]


@dataclass(frozen=True, slots=True)
class Claim:
    """What a sentence states, as far as merging compares it: content words, names, speakers."""

    terms: frozenset[str]
    words: frozenset[str]
    names: frozenset[str]
    speakers: frozenset[str]
    figures: frozenset[str]


def read_claim(text: str, vectorizer: Vectorizer) -> Claim:
    """The claim of a sentence: its stemmed content words, every word, the names and who speaks.

    The words naming a speaker ('Uzbek Water Resources Minister Rustam Yuldashev') are who
    makes the claim, not the claim: they count as the speaker only.
    """
    found = [without_possessive(w) for w in NAME_WORD.findall(text)]
    words = frozenset(w.casefold() for w in found)
    speakers = find_speakers(text)
    said = text
    for speaker in speakers:
        said = said.replace(speaker, " ", 1)
    spoken = [without_possessive(w) for w in NAME_WORD.findall(said)] if speakers else found
    names = frozenset(w.casefold() for w in spoken[1:] if w[0].isupper() and w.casefold() not in NOT_NAMES)
    speaking = frozenset(w.casefold() for speaker in speakers
                         for w in NAME_WORD.findall(speaker)) - NOT_NAMES
    content = frozenset(t for t in vectorizer.terms(said) if not t[:1].isdigit())  # figures: _conflict()
    return Claim(content, words, names, speaking, frozenset(figures(text)))


def same_claim(lead: Claim, other: Claim) -> bool:
    """The other sentence states the lead's claim: a source is cited only for what it says.

    It holds most of the lead's content words (nearly all of a short, generic lead's, and then
    not many more of its own), the figures and names the lead gives, and when both quote
    someone, the same speaker. Figures that differ are left to `_conflict`.
    """
    if not lead.terms or (lead.figures and not other.figures):  # a figure it does not give
        return False
    short = len(lead.terms) <= SHORT_CLAIM_TERMS
    if len(lead.terms & other.terms) < (CLAIM_SHARE_SHORT if short else CLAIM_SHARE) * len(lead.terms):
        return False
    if short and len(other.terms - lead.terms) > len(lead.terms):  # mostly about something else
        return False
    if len(lead.names - other.words) > len(lead.names) // NAMES_PER_MISSING:
        return False
    return not (lead.speakers and other.speakers and not lead.speakers & other.speakers)


def says_more(member: Claim, lead: Claim) -> bool:
    """A member that states the lead's claim and as much again besides: it is cited for the
    lead and may still lead an item of its own with what only it says."""
    return len(member.terms - lead.terms) > RICHER_SHARE * len(member.terms)


def _said_already(index: int, group: Sequence[int], neighbours: NeighbourRows,
                 claims: Sequence[Claim], numbers: Sequence[Set[str]]) -> list[int]:
    """Neighbours whose whole claim the lead states: not cited (they lack its details), not shown.

    One that gives other figures disagrees with the lead and stays, to be shown beside it.
    """
    grouped = set(group)
    return [n for n in neighbours.of(index) if n not in grouped
            and not _conflict(numbers[index], numbers[n]) and same_claim(claims[n], claims[index])]


def _join_group(index: int, numbers: Sequence[Set[str]], neighbours: NeighbourRows,
               apart: Mapping[int, bool]) -> list[int]:
    """A lead and the entries it takes; sources that disagree on a figure never share one.

    A lead that gives no figure takes no figured entries when those disagree among themselves,
    and each entry joins only if it agrees with every figure already in the group.
    """
    candidates = [n for n in neighbours.of(index)
                  if not apart[n] and not _conflict(numbers[index], numbers[n])]
    stated = {frozenset(numbers[n]) for n in candidates if numbers[n]}
    if not numbers[index] and any(_conflict(a, b) for a, b in combinations(stated, 2)):
        candidates = [n for n in candidates if not numbers[n]]
    group = [index]
    figured = [numbers[index]] if numbers[index] else []  # each set of figures the group gives, once
    for candidate in candidates:
        if not any(_conflict(given, numbers[candidate]) for given in figured):
            group.append(candidate)
            if numbers[candidate] and numbers[candidate] not in figured:
                figured.append(numbers[candidate])
    return group


def _build_item(members: list[Sentence], source_count: int, backing: Sequence[Sentence] = ()) -> Item:
    """An item worded as its lead sentence, citing the sources of its members."""
    return Item(text=members[0].text, sources=tuple(sorted({m.article for m in members})),
                weight=rank.item_weight(members, backing, source_count), members=tuple(members))
