"""Merge: sentences from several articles that state the same claim become one cited item.

Candidates come from similar wording: TF-IDF cosine of stemmed content words, or plain word
counts overlapping by half, found by sparse matrix products for the sentences that lead items
only, a block at a time (vectors.NeighbourRows), never a loop over all pairs nor a list of
every similar pair. Similar words are not the same claim, so each candidate is then checked: it must hold
most of the lead's content words (nearly all of a short lead's), the names the lead gives, and
when both quote someone, the same speaker. Only then is its source cited: a source is cited
only where it states the item's claim. Each sentence's claim is read once (`read_claims`, which
can run in worker processes), and a lead is checked against all its candidates at once
(`ClaimRows`); `same_claim` states the rule for one pair.
Clustering is leader-based, best sentence first: the best unmerged sentence leads a new item and
takes every unmerged candidate that states its claim, unless the two state different figures
(12 dead against 20 dead): sources that disagree on a fact are never merged. A candidate whose
whole claim the lead states, with more besides, is left out, so no two items say one thing; a
member that says as much again besides is cited for the lead and may still lead its own item.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, replace
from itertools import chain, combinations
from operator import attrgetter, itemgetter
from sys import intern
from typing import Any

import numpy as np
from scipy import sparse

from briefing.core.languages import NUMBER_WORDS
from briefing.core.models import Item, Sentence
from briefing.core.patterns import SENTENCE_END
from briefing.core.wordlists import back_reference, is_page_junk, unclear_opening
from briefing.read.split import quote_open
from briefing.summarise import rank
from briefing.summarise.speakers import find_speakers, without_possessive
from briefing.summarise.vectors import NeighbourRows, Vectorizer, tfidf_and_counts

Wording = tuple[str, tuple[float, int, int]]  # a sentence's wording as compared, and its lead order
QUOTATION = re.compile(r"[“\"]([^“”\"]*)[”\"]?")
QUOTED_WORDS = re.compile(r"([“\"])[^“”\"]*([”\"])")  # who speaks is named outside the quotation
QUOTE_WORDS = 4  # a quoted span this long is somebody's words; shorter ones are names or terms
WORD_OVERLAP = 0.5
CLAIM_SHARE = 0.6  # of the lead's content words a member must hold to state the same claim
CLAIM_SHARE_SHORT = 0.85  # a short lead ('Oxygen masks dangled in the cabin') needs near-identity
SHORT_CLAIM_TERMS = 6
RICHER_SHARE = 0.5  # a member with more than this share of words the lead lacks says more
NAMES_PER_MISSING = 3  # of every three names the lead gives, a member may lack one ('Smith' / 'the mayor')
NAME_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
NOT_NAMES = frozenset({"i", "mr", "mrs", "ms", "dr", "the", "a", "an"})
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def figures(text: str) -> set[str]:
    """The numbers a sentence states, in digits or as words from two to ninety ('Twenty' is 20)."""
    numbers = {n.replace(",", "") for n in NUMBER.findall(text)}
    return numbers | {NUMBER_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", text)
                      if w.lower() in NUMBER_WORDS}


def _conflict(numbers_a: Collection[str], numbers_b: Collection[str]) -> bool:
    """Both give numbers and share none: they disagree on a fact, so they stay apart."""
    return bool(numbers_a) and bool(numbers_b) and not set(numbers_a) & set(numbers_b)


def is_briefing_material(text: str, min_words: int, max_words: int) -> bool:
    """A full sentence of a readable length that reads alone: not a fragment, question,
    run-on, page junk, a sentence that points back, or a quotation with no one who says it."""
    words = len(text.split())
    opens_well = text[0].isupper() or text[0] in "“\"‘'"
    is_question = text.rstrip("”\"’' ").endswith("?")
    ends_well = bool(SENTENCE_END.search(text))  # not a heading, nor a line leading into a list
    return (min_words <= words <= max_words and opens_well and ends_well and not is_question
            and not is_page_junk(text) and reads_alone(text))


def reads_alone(text: str) -> bool:
    """No pronoun or connective opening nor a phrase pointing back ('the same note'), no
    quotation left open, and words quoted have a speaker.

    A quoted opening ('“It was a shallow earthquake,” he said') is the speaker's words: the
    pronoun there is theirs, but the sentence must name who speaks.
    """
    if unclear_opening().match(text) or back_reference().search(text) or quote_open(text) \
            or text.count("”") > text.count("“"):
        return False
    quoted = [q for q in QUOTATION.findall(text) if len(q.split()) >= QUOTE_WORDS]
    return not quoted or bool(find_speakers(QUOTED_WORDS.sub(r"\1…\2", text)))


def merge_redundant(sentences: Sequence[Sentence], vectorizer: Vectorizer, threshold: float,
                    source_count: int, min_words: int = 6, max_words: int = 70,
                    read: Mapping[str, Claim | None] | None = None,
                    worded: Sequence[Wording] | None = None, workers: int = 1) -> list[Item]:
    """Cluster sentences that state the same claim into items, best first; each cites its sources.

    A sentence whose claim a better item states in full, with more, is left out: citing its
    source for the fuller wording would be false. `read` and `worded`: claims and wordings
    made already (in workers); `workers` > 1 runs the neighbour searches in threads.
    """
    if read is None:
        texts = list(dict.fromkeys(s.text for s in sentences))
        read = dict(zip(texts, _read_claims(texts, vectorizer, min_words, max_words), strict=True))
    material = {text: claim for text, claim in read.items() if claim is not None}
    worded = worded if worded is not None else wordings(sentences)
    entries = _same_wording([(s, w) for s, w in zip(sentences, worded, strict=True) if s.text in material])
    if not entries:
        return []
    leads = [group[0] for group in entries]
    terms = [vectorizer.terms(s.text) for s in leads]
    claims = [material[s.text] for s in leads]
    numbers = [claim.figures for claim in claims]
    weighted, counted = tfidf_and_counts(terms)
    searches = [(weighted, threshold), (counted, WORD_OVERLAP)]
    with ThreadPoolExecutor(len(searches)) if workers > 1 else nullcontext() as threads:
        neighbours = NeighbourRows(searches, threads)
        return _clustered(entries, numbers, neighbours, ClaimRows(claims), source_count)


def _clustered(entries: Sequence[list[Sentence]], numbers: Sequence[Collection[str]],
               neighbours: NeighbourRows, rows: ClaimRows, source_count: int) -> list[Item]:
    """The entries as items, best lead first, each taking the open neighbours that state its
    claim: only leads ask for neighbours, in order, and a taken entry is closed."""
    backing: dict[int, list[Sentence]] = {}  # sentences stating part of an entry's claim, for its rank
    items = []
    for index in range(len(entries)):
        if not neighbours.is_open(index):
            continue
        near = neighbours.of(index)
        states, stated, conflict, richer = rows.compare(index, near)
        group = _join_group(index, numbers, near[states & ~conflict].tolist())
        members = [s for m in group for s in entries[m]]
        grouped = set(group)
        said = [n for n in near[stated & ~conflict].tolist() if n not in grouped]  # the lead says it all
        says_more_too = set(near[richer].tolist())  # the lead itself does not
        for member in group + said:
            if member in says_more_too:
                backing.setdefault(member, []).extend(members)
            else:
                neighbours.close(member)
        rivals = _by_figures([n for n in near[states & conflict].tolist() if neighbours.is_open(n)], numbers)
        for rival in (n for figured in rivals for n in figured):
            neighbours.close(rival)
        differs = [[s for n in figured for s in entries[n]] for figured in rivals]
        item = _build_item(members, source_count, [*backing.get(index, []), *(s for d in differs for s in d)])
        items.append(replace(item, differs=tuple(_build_item(d, source_count) for d in differs)))
    return items


class ClaimRows:
    """The entries' claims as one binary sparse matrix, a row per claim and a column per word of
    each field, to compare a lead with all its neighbours at once: what `same_claim` and
    `_conflict` decide for one pair (tested to agree)."""

    FIELDS = ("terms", "words", "names", "speakers", "figures")
    # what a lead is compared by: its words of one field, counted in its neighbours' words of another
    SHARED = (("terms", "terms"), ("speakers", "speakers"), ("figures", "figures"),
              ("names", "words"), ("words", "names"))  # its names they give; their names it gives

    def __init__(self, claims: Sequence[Claim]):
        self._claims = claims
        self._sizes: dict[str, np.ndarray] = {}
        self._columns: dict[str, dict[str, int]] = {}  # each field's words, by column
        rows, columns = [], []
        for field in self.FIELDS:
            words = list(chain.from_iterable(map(attrgetter(field), claims)))
            start = sum(map(len, self._columns.values()))
            self._columns[field] = {w: start + i for i, w in enumerate(dict.fromkeys(words))}
            self._sizes[field] = np.fromiter(map(len, map(attrgetter(field), claims)), dtype=np.int32,
                                             count=len(claims))
            rows.append(np.repeat(np.arange(len(claims), dtype=np.int32), self._sizes[field]))
            columns.append(np.fromiter(map(self._columns[field].__getitem__, words), dtype=np.int32,
                                       count=len(words)))
        width = max(sum(map(len, self._columns.values())), 1)
        self._matrix = sparse.csr_matrix((np.ones(sum(map(len, rows)), dtype=np.int8),
                                          (np.concatenate(rows), np.concatenate(columns))),
                                         shape=(len(claims), width))

    def compare(self, lead: int, near: np.ndarray) -> tuple[np.ndarray, ...]:
        """For each entry of `near`: it states the lead's claim (same_claim(lead, it)), the lead
        states its claim (same_claim(it, lead)), the two give figures that conflict, and it
        says as much again as the lead besides (says_more(it, lead))."""
        claim = self._claims[lead]
        shared_terms, shared_speakers, shared_figures, in_words, names_given = self._shared(claim, near)
        terms, figures, speakers = (self._sizes[f][near] for f in ("terms", "figures", "speakers"))
        lead_terms = len(claim.terms)
        states = self._states(lead_terms, bool(claim.figures), shared_terms, terms, figures > 0,
                              len(claim.names) - in_words, len(claim.names))
        stated = self._states(terms, figures > 0, shared_terms, np.full(len(near), lead_terms),
                              bool(claim.figures), self._sizes["names"][near] - names_given,
                              self._sizes["names"][near])
        unheard = (speakers > 0) & bool(claim.speakers) & (shared_speakers == 0)  # other speakers
        conflict = (figures > 0) & bool(claim.figures) & (shared_figures == 0)
        richer = terms - shared_terms > RICHER_SHARE * terms
        return states & ~unheard, stated & ~unheard, conflict, richer

    @staticmethod
    def _states(lead_terms: Any, lead_figured: Any, shared: np.ndarray, other_terms: Any,
                other_figured: Any, missing_names: Any, lead_names: Any) -> np.ndarray:
        """same_claim(lead, other) but for speakers, element by element (either side an array)."""
        short = np.asarray(lead_terms) <= SHORT_CLAIM_TERMS
        share = np.where(short, CLAIM_SHARE_SHORT, CLAIM_SHARE) * lead_terms
        holds = ((np.asarray(lead_terms) > 0) & ~(np.asarray(lead_figured) & ~np.asarray(other_figured))
                 & ~(shared < share) & ~(short & (other_terms - shared > lead_terms))
                 & ~(missing_names > np.asarray(lead_names) // NAMES_PER_MISSING))
        return np.asarray(holds, dtype=bool)

    def _words_of(self, near: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The columns of the rows `near`, one after another, and the position in `near` of the
        row each is in: the matrix's rows gathered by hand (SciPy's row indexing checks its
        arguments at a cost larger than the gathering itself, once per lead)."""
        starts = self._matrix.indptr[near]
        lengths = self._matrix.indptr[near + 1] - starts
        entry = np.repeat(np.arange(len(near)), lengths)
        before = np.cumsum(lengths) - lengths  # where each row's columns begin among the gathered
        return entry, self._matrix.indices[np.arange(len(entry)) + np.repeat(starts - before, lengths)]

    def _shared(self, claim: Claim, near: np.ndarray) -> np.ndarray:
        """For each of SHARED, how many of the lead's words each entry of `near` has: the
        columns the lead asks for, each labelled by its line of SHARED (their fields' columns
        never overlap), looked up among the entries' columns in one sorted search."""
        asked = [(column, line) for line, (mine, theirs) in enumerate(self.SHARED)
                 for w in getattr(claim, mine) if (column := self._columns[theirs].get(w)) is not None]
        if not asked or not len(near):
            return np.zeros((len(self.SHARED), len(near)), dtype=np.intp)
        columns, lines = (np.array(values, dtype=np.intp) for values in zip(*sorted(asked), strict=True))
        entry, words = self._words_of(near)
        found = np.searchsorted(columns, words).clip(max=len(columns) - 1)
        hit = columns[found] == words
        cells = lines[found[hit]] * len(near) + entry[hit]
        return np.bincount(cells, minlength=len(self.SHARED) * len(near)).reshape(len(self.SHARED), len(near))


def _by_figures(rivals: Sequence[int], numbers: Sequence[Collection[str]]) -> list[list[int]]:
    """Entries that state the lead's claim with other figures (12 dead against 20 dead), one
    list per set of figures: the item shows each figure with the sources that give it."""
    by_figures: dict[frozenset[str], list[int]] = {}
    for n in rivals:
        by_figures.setdefault(frozenset(numbers[n]), []).append(n)
    return list(by_figures.values())


def wordings(sentences: Sequence[Sentence]) -> list[Wording]:
    """Each sentence's wording as the merge compares it (whitespace, case and quote style aside)
    and its lead order (rank.lead_order, unique per sentence): what the merge groups syndicated
    copy by, made apart so that it can be made before the claims are all read."""
    return [_wording(s, s.text.split()) for s in sentences]


def _wording(sentence: Sentence, words: list[str]) -> Wording:
    return _plain_quotes(" ".join(words)).casefold(), rank.lead_order(sentence, words)


def _same_wording(worded: Sequence[tuple[Sentence, Wording]]) -> list[list[Sentence]]:
    """Sentences grouped by identical wording, best first within a group, and the groups by
    their best."""
    groups: dict[str, list[tuple[tuple[float, int, int], Sentence]]] = {}
    for sentence, (key, order) in worded:
        groups.setdefault(key, []).append((order, sentence))
    # by the lead order alone, unique per sentence (its article and position): the order tuples
    # and the groups' best decide as the whole entries would, without comparing lists of them
    ordered = [sorted(group, key=itemgetter(0)) if len(group) > 1 else group for group in groups.values()]
    ordered.sort(key=lambda group: group[0][0])
    return [[s for _, s in group] for group in ordered]


def _plain_quotes(text: str) -> str:
    """Curly quotes made straight (str.replace: many times faster than str.translate's table)."""
    return text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")


ClaimFields = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Claim:
    """What a sentence states, as far as merging compares it: content words, names, speakers.

    Each a sorted tuple of distinct words: a day of wire copy has hundreds of thousands of
    claims, and a set takes several times the memory of a tuple.
    """

    terms: tuple[str, ...]
    words: tuple[str, ...]
    names: tuple[str, ...]
    speakers: tuple[str, ...]
    figures: tuple[str, ...]

    def fields(self) -> ClaimFields:
        """Its fields in order: Claim(*claim.fields()) is the claim."""
        return self.terms, self.words, self.names, self.speakers, self.figures


def read_claims(texts: Sequence[str], language: str, min_words: int,
                max_words: int) -> list[ClaimFields | None]:
    """The claim of each text that is briefing material, as its fields, None for the others:
    the part of the merge that reads each sentence alone, so it can run in worker processes.
    Plain tuples of interned words: a batch sends each word once, and unpickles three times
    faster than the Claims themselves (`claims_by_text` makes them)."""
    return [None if claim is None else claim.fields()
            for claim in _read_claims(texts, Vectorizer(language), min_words, max_words)]


def claims_by_text(texts: Sequence[str], read: Sequence[ClaimFields | None]) -> dict[str, Claim | None]:
    """Each text's claim, from the fields `read_claims` read."""
    return {text: None if fields is None else Claim(*fields)
            for text, fields in zip(texts, read, strict=True)}


def _read_claims(texts: Sequence[str], vectorizer: Vectorizer, min_words: int,
                 max_words: int) -> list[Claim | None]:
    return [read_claim(text, vectorizer) if is_briefing_material(text, min_words, max_words) else None
            for text in texts]


def read_claim(text: str, vectorizer: Vectorizer) -> Claim:
    """The claim of a sentence: its stemmed content words, every word, the names and who speaks.

    The words naming a speaker ('Uzbek Water Resources Minister Rustam Yuldashev') are who
    makes the claim, not the claim: they count as the speaker only.
    """
    found = [without_possessive(w) for w in NAME_WORD.findall(text)]
    speakers = find_speakers(text)
    said = text
    for speaker in speakers:
        said = said.replace(speaker, " ", 1)
    spoken = [without_possessive(w) for w in NAME_WORD.findall(said)] if speakers else found
    names = {w.casefold() for w in spoken[1:] if w[0].isupper()} - NOT_NAMES
    speaking = {w.casefold() for speaker in speakers for w in NAME_WORD.findall(speaker)} - NOT_NAMES
    content = {t for t in vectorizer.terms(said) if not t[:1].isdigit()}  # figures: _conflict()
    return Claim(tuple(sorted(content)), _distinct({w.casefold() for w in found}), _distinct(names),
                 _distinct(speaking), _distinct(figures(text)))


def _distinct(words: set[str]) -> tuple[str, ...]:
    """The words sorted, each interned: a batch of claims sent between processes holds a word once."""
    return tuple(sorted(map(intern, words)))


def same_claim(lead: Claim, other: Claim) -> bool:
    """The other sentence states the lead's claim: a source is cited only for what it says.

    It holds most of the lead's content words (nearly all of a short, generic lead's, and then
    not many more of its own), the figures and names the lead gives, and when both quote
    someone, the same speaker. Figures that differ are left to `_conflict`.
    """
    if not lead.terms or (lead.figures and not other.figures):  # a figure it does not give
        return False
    terms, other_terms = set(lead.terms), set(other.terms)
    short = len(terms) <= SHORT_CLAIM_TERMS
    if len(terms & other_terms) < (CLAIM_SHARE_SHORT if short else CLAIM_SHARE) * len(terms):
        return False
    if short and len(other_terms - terms) > len(terms):  # mostly about something else
        return False
    if len(set(lead.names) - set(other.words)) > len(lead.names) // NAMES_PER_MISSING:
        return False
    return not (lead.speakers and other.speakers and not set(lead.speakers) & set(other.speakers))


def says_more(member: Claim, lead: Claim) -> bool:
    """A member that states the lead's claim and as much again besides: it is cited for the
    lead and may still lead an item of its own with what only it says."""
    return len(set(member.terms) - set(lead.terms)) > RICHER_SHARE * len(member.terms)


def _join_group(index: int, numbers: Sequence[Collection[str]], candidates: list[int]) -> list[int]:
    """A lead and the entries it takes, of the candidates that state its claim with no figure
    against its own; sources that disagree on a figure never share one.

    A lead that gives no figure takes no figured entries when those disagree among themselves,
    and each entry joins only if it agrees with every figure already in the group.
    """
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
