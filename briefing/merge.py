"""Merge: sentences from several articles that state the same claim become one cited item.

Candidates come from similar wording: TF-IDF cosine of stemmed content words, or plain word
counts overlapping by half, found by blocked sparse matrix products, never a loop over all
pairs. Similar words are not the same claim, so each candidate is then checked: it must hold
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

import numpy as np

from briefing.models import Item, Sentence
from briefing.sections import agreeing_ledes, article_openings, find_speakers
from briefing.split import quote_open
from briefing.vectors import Vectorizer, similar_pairs, tfidf_matrix
from briefing.wordlists import is_page_junk, unclear_opening

BACK_REFERENCE = re.compile(r"\b(?:these|those|the same|do so|did so|doing so)\b", re.I)
UNCLEAR_PENALTY = 0.7
QUOTATION = re.compile(r"[“\"]([^“”\"]*)[”\"]?")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
QUOTED_WORDS = re.compile(r"([“\"])[^“”\"]*([”\"])")  # who speaks is named outside the quotation
QUOTE_WORDS = 4  # a quoted span this long is somebody's words; shorter ones are names or terms
SUBSTANTIAL_WORDS = 12
NOVELTY_WEIGHT = 0.5
WORD_OVERLAP = 0.5
NOVELTY_CANDIDATES = 300
REPEAT_PENALTY = 1.0  # scores lie in 0..1: a repeat ranks below every item that is not one
CONCISE_WORDS = 30
SPECIFIC_NAMES = 8
NAME_BONUS = 0.04
CORROBORATION_WEIGHT = 0.5
CLAIM_SHARE = 0.6  # of the lead's content words a member must hold to state the same claim
CLAIM_SHARE_SHORT = 0.85  # a short lead ('Oxygen masks dangled in the cabin') needs near-identity
SHORT_CLAIM_TERMS = 6
RICHER_SHARE = 0.5  # a member with more than this share of words the lead lacks says more
NAMES_PER_MISSING = 3  # of every three names the lead gives, a member may lack one ('Blinken' / 'the US')
NAME_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
POSSESSIVE = re.compile(r"['’]s$")
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


def conflict(numbers_a: Set[str], numbers_b: Set[str]) -> bool:
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


def clarity(sentence: Sentence) -> float:
    """How well the sentence reads on its own.

    A reference back ('these reports', 'do so') needs the sentence before it; a short sentence
    says little, and SumBasic's average word weight favours short sentences, so under 12 words
    the factor shrinks with the length.
    """
    text = sentence.text
    unclear = UNCLEAR_PENALTY if BACK_REFERENCE.search(text) else 1.0
    return unclear * min(1.0, len(text.split()) / SUBSTANTIAL_WORDS) ** 0.5


def concision(sentence: Sentence) -> float:
    """Long sentences cost a page's space: past 30 words the lead's chance shrinks gently."""
    return min(1.0, CONCISE_WORDS / len(sentence.text.split())) ** 0.5


def specificity(sentence: Sentence) -> float:
    """Wording that names who and what (capitalised names past the first word) tells more."""
    names = sum(1 for word in sentence.text.split()[1:] if word[:1].isupper())
    return 1 + NAME_BONUS * min(names, SPECIFIC_NAMES)


def merge_redundant(sentences: Sequence[Sentence], vectorizer: Vectorizer, threshold: float,
                    source_count: int, min_words: int = 6, max_words: int = 70) -> list[Item]:
    """Cluster sentences that state the same claim into items, best first; each cites its sources.

    Sentences with the same wording (syndicated copy) are compared once, as one entry. A
    sentence whose claim a better item states in full, with more besides, is left out: citing
    its source for the fuller wording would be false, and showing it would say a thing twice.
    """
    pool = [s for s in sentences if is_briefing_material(s, min_words, max_words)]
    entries = sorted(same_wording(pool), key=lambda group: lead_rank(group[0]))
    if not entries:
        return []
    leads = [group[0] for group in entries]
    terms = [vectorizer.terms(s.text) for s in leads]
    claims = [read_claim(s.text, vectorizer) for s in leads]
    numbers = [claim.figures for claim in claims]
    neighbours = similar_pairs(tfidf_matrix(terms), threshold)
    for row, cols in similar_pairs(tfidf_matrix(terms, idf=False), WORD_OVERLAP).items():
        neighbours[row] = sorted(set(neighbours.get(row, [])) | set(cols))
    taken = [False] * len(leads)
    backing: dict[int, list[Sentence]] = {}  # sentences stating part of an entry's claim, for its rank
    items = []
    for index in range(len(leads)):
        if taken[index]:
            continue
        closed = {n: taken[n] or not same_claim(claims[index], claims[n])  # only the lead's neighbours
                  for n in neighbours.get(index, [])}
        group = join_group(index, numbers, neighbours, closed)
        members = [s for m in group for s in entries[m]]
        for member in group + said_already(index, group, neighbours, claims, numbers, taken):
            taken[member] = taken[member] or not says_more(claims[member], claims[index])
            if not taken[member]:
                backing.setdefault(member, []).extend(members)
        rivals = disagreeing(index, neighbours, claims, numbers, taken)
        for rival in (n for figured in rivals for n in figured):
            taken[rival] = True
        differs = [[s for n in figured for s in entries[n]] for figured in rivals]
        item = build_item(members, source_count, [*backing.get(index, []), *(s for d in differs for s in d)])
        items.append(replace(item, differs=tuple(build_item(d, source_count) for d in differs)))
    return items


def disagreeing(index: int, neighbours: dict[int, list[int]], claims: Sequence[Claim],
                numbers: Sequence[Set[str]], taken: Sequence[bool]) -> list[list[int]]:
    """Entries that state the lead's claim with other figures (12 dead against 20 dead), one
    list per set of figures: the item shows each figure with the sources that give it."""
    by_figures: dict[frozenset[str], list[int]] = {}
    for n in neighbours.get(index, []):
        if not taken[n] and conflict(numbers[index], numbers[n]) and same_claim(claims[index], claims[n]):
            by_figures.setdefault(frozenset(numbers[n]), []).append(n)
    return list(by_figures.values())


def same_wording(sentences: Sequence[Sentence]) -> list[list[Sentence]]:
    """Sentences grouped by identical wording (whitespace, case and quote style aside), best first."""
    groups: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        key = " ".join(sentence.text.translate(PLAIN_QUOTES).casefold().split())
        groups.setdefault(key, []).append(sentence)
    return [sorted(group, key=lead_rank) for group in groups.values()]


def lead_rank(sentence: Sentence) -> tuple[float, int, int]:
    """Order of candidates for leading an item: rating weighed by how well it reads alone."""
    weight = sentence.score * clarity(sentence) * concision(sentence) * specificity(sentence)
    return (-weight, sentence.article, sentence.position)


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
    found = [POSSESSIVE.sub("", w) for w in NAME_WORD.findall(text)]
    words = frozenset(w.casefold() for w in found)
    speakers = find_speakers(text)
    said = text
    for speaker in speakers:
        said = said.replace(speaker, " ", 1)
    spoken = [POSSESSIVE.sub("", w) for w in NAME_WORD.findall(said)]
    names = frozenset(w.casefold() for w in spoken[1:] if w[0].isupper() and w.casefold() not in NOT_NAMES)
    speaking = frozenset(w.casefold() for speaker in speakers
                         for w in NAME_WORD.findall(speaker)) - NOT_NAMES
    content = frozenset(t for t in vectorizer.terms(said) if not t[:1].isdigit())  # figures: conflict()
    return Claim(content, words, names, speaking, frozenset(figures(text)))


def same_claim(lead: Claim, other: Claim) -> bool:
    """The other sentence states the lead's claim: a source is cited only for what it says.

    It holds most of the lead's content words (nearly all of a short, generic lead's, and then
    not many more of its own), the figures and names the lead gives, and when both quote
    someone, the same speaker. Figures that differ are left to `conflict`.
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


def said_already(index: int, group: Sequence[int], neighbours: dict[int, list[int]],
                 claims: Sequence[Claim], numbers: Sequence[Set[str]], taken: Sequence[bool]) -> list[int]:
    """Neighbours whose whole claim the lead states: not cited (they lack its details), not shown.

    One that gives other figures disagrees with the lead and stays, to be shown beside it.
    """
    return [n for n in neighbours.get(index, []) if not taken[n] and n not in group
            and not conflict(numbers[index], numbers[n]) and same_claim(claims[n], claims[index])]


def join_group(index: int, numbers: Sequence[Set[str]], neighbours: dict[int, list[int]],
               taken: Mapping[int, bool]) -> list[int]:
    """A lead and the entries it takes; sources that disagree on a figure never share one.

    A lead that gives no figure takes no figured entries when those disagree among themselves,
    and each entry joins only if it agrees with every figure already in the group.
    """
    candidates = [n for n in sorted(neighbours.get(index, []))
                  if not taken[n] and not conflict(numbers[index], numbers[n])]
    stated = {frozenset(numbers[n]) for n in candidates if numbers[n]}
    if not numbers[index] and any(conflict(a, b) for a, b in combinations(stated, 2)):
        candidates = [n for n in candidates if not numbers[n]]
    group = [index]
    for candidate in candidates:
        if not any(conflict(numbers[member], numbers[candidate]) for member in group):
            group.append(candidate)
    return group


def build_item(members: list[Sentence], source_count: int, backing: Sequence[Sentence] = ()) -> Item:
    """An item worded as its lead sentence, scored by centrality and by how many sources agree.

    Sentences that state part of its claim (`backing`: they are cited for a shorter item) count
    for its rank, not among its citations: what many outlets report rises.
    """
    sources = tuple(sorted({m.article for m in members}))
    centrality = max(m.score for m in [*members, *backing])
    corroboration = len({m.article for m in [*members, *backing]}) / max(source_count, 1)
    score = ((1 - CORROBORATION_WEIGHT) * centrality + CORROBORATION_WEIGHT * corroboration) \
        * clarity(members[0])
    return Item(text=members[0].text, sources=sources, score=round(score, 4),
                members=tuple(members))


def rank_by_novelty(items: Sequence[Item], vectorizer: Vectorizer) -> list[Item]:
    """Re-score items by maximal marginal relevance (Carbonell and Goldstein, 1998).

    Best first, each item's score becomes its own score less half its highest similarity to an
    item already ranked, so a page covers more of the story instead of one point three ways.
    An item that shares half its words with one ranked above it (word-count cosine 0.5) says
    much the same again and goes below every item that does not.
    The item that states the event (the one most articles open with) is ranked first whatever
    its score, as the page shows it first: what repeats it falls below the rest.
    Scores come out non-increasing in rank order after it; items past the candidates keep
    lower scores.
    """
    openings = article_openings(items)
    event = max(items, key=lambda item: (agreeing_ledes(item, openings), item.score), default=None)
    ordered = sorted(items, key=lambda item: (item is not event, -item.score))
    head, tail = ordered[:NOVELTY_CANDIDATES], ordered[NOVELTY_CANDIDATES:]
    if not head:
        return []
    terms = [vectorizer.terms(item.text) for item in head]
    matrix, plain = tfidf_matrix(terms), tfidf_matrix(terms, idf=False)
    similarity = (matrix @ matrix.T).toarray()
    repeats = (plain @ plain.T).toarray() >= WORD_OVERLAP
    scores = np.array([item.score for item in head])
    overlap = np.zeros(len(head))
    repeated = np.zeros(len(head), dtype=bool)
    remaining = np.ones(len(head), dtype=bool)
    ranked = []
    pinned = event is not None and agreeing_ledes(event, openings) > 0
    for rank in range(len(head)):
        values = np.where(remaining, scores - NOVELTY_WEIGHT * overlap - REPEAT_PENALTY * repeated, -np.inf)
        best = 0 if pinned and rank == 0 else int(np.argmax(values))
        ranked.append(replace(head[best], score=round(float(values[best]), 4)))
        overlap = np.maximum(overlap, similarity[best])
        repeated |= repeats[best]
        remaining[best] = False
    floor = ranked[-1].score
    return ranked + [replace(item, score=min(item.score, floor)) for item in tail]
