"""The data that flows between pipeline stages, as plain frozen dataclasses."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Article:
    """One source: what the file says, and the body text once page junk is gone."""

    path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of one article, as the source wrote it."""

    text: str
    article: int
    position: int
    rating: float = 0.0  # the scorer's rating, 0..1 in the folder (rank.py)

    # Copies with one field changed, made by the constructor: dataclasses.replace takes several
    # times longer, and a day of wire copy has hundreds of thousands of sentences.
    def rated(self, rating: float) -> Sentence:
        return Sentence(self.text, self.article, self.position, rating)

    def in_article(self, article: int) -> Sentence:
        return Sentence(self.text, article, self.position, self.rating)


@dataclass(frozen=True, slots=True)
class DateNote:
    """A relative date phrase of a text (its span) and what it means, to show beside it."""

    start: int
    end: int
    phrase: str
    date: str  # ISO: YYYY-MM-DD for a day or week's Monday, YYYY-MM for a month, YYYY for a year
    shown: str  # as a reader sees it: 14 June 2023, week of 5 June 2023, May 2023, 2022


@dataclass(frozen=True, slots=True)
class SectionKind:
    """A kind of section: where it stands on the page and the rule that puts an item in it. The
    built-in kinds' rules are `briefing.summarise.sections.classify`; an added kind gives its own
    `matches` (tried on an item's text first, after the ledes), and the title it has when the
    settings give none."""

    order: int
    rule: str
    matches: Callable[[str], bool] | None = None
    title: str = ""


SECTION_KINDS: dict[str, SectionKind] = {  # the order of the page; `classify` applies the rules
    "event": SectionKind(0, "the article's first usable sentence, or one sharing most words with two ledes"),
    "position": SectionKind(1, "words of a speaker who speaks for exactly one party"),
    "background": SectionKind(2, "everything else"),
    "next": SectionKind(3, "a future marker with a time or an event to come"),
}


@dataclass(frozen=True, slots=True)
class Item:
    """A statement of the briefing: the clearest wording and every source that made it."""

    text: str
    sources: tuple[int, ...]
    weight: float  # what the item is worth alone (rank.item_weight)
    members: tuple[Sentence, ...] = field(default=(), compare=False)
    differs: tuple[Item, ...] = ()  # the same claim with other figures, as other sources state it
    priority: float = 0.0  # where the page keeps it, 1 first (rank.prioritise)
    new: bool = False  # no earlier briefing of the story stated it (since.compare)
    speaker: str = ""  # who the item quotes, when it names them (sections.named_speaker)
    dates: tuple[DateNote, ...] = ()  # its relative dates resolved (dates.notes, in compose)

    @property
    def cited(self) -> tuple[int, ...]:
        """Every source the item cites, its own and those of the figures that differ."""
        return tuple(sorted({*self.sources, *(s for other in self.differs for s in other.sources)}))

    @property
    def lead(self) -> Sentence:
        """The sentence whose wording the item shows."""
        return self.members[0]

    @property
    def reading_order(self) -> tuple[int, int]:
        """Where the item's earliest sentence stands in its article, articles interleaved."""
        first = min(self.members, key=lambda m: (m.position, m.article))
        return (first.position, first.article)


@dataclass(frozen=True, slots=True)
class Label:
    """Where an item belongs: a kind of section (`SECTION_KINDS`) and, for a position,
    the party whose position it states."""

    kind: str
    side: str | None = None


@dataclass(frozen=True, slots=True)
class Section:
    """A section of the briefing: its kind, title and items; a position names its side."""

    kind: str
    title: str
    items: tuple[Item, ...]
    side: str | None = None

    @property
    def key(self) -> str:
        """The kind, or for a position 'position-<side>': a name for the JSON and CSS classes."""
        if self.side is None:
            return self.kind
        return f"{self.kind}-" + re.sub(r"[^a-z0-9]+", "-", self.side.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Briefing:
    title: str
    date: str | None
    sources: tuple[Article, ...]
    sections: tuple[Section, ...]
    read: int = 0
    articles: tuple[str, ...] = ()  # every file read for the story, cited or not
    since: str | None = None  # the date of the earlier briefing it was compared with
    dropped: tuple[str, ...] = ()  # that briefing's points no item states now

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)


@dataclass(frozen=True, slots=True)
class IndexView:
    """The index of a several-story edition: each story's briefing and file stem, the leftovers."""

    date: str | None
    stories: tuple[tuple[Briefing, str], ...]
    leftovers: tuple[Article, ...]
    hidden: int = 0

    def first(self, count: int) -> IndexView:
        """Only the first `count` entries (stories first), counting the rest as hidden."""
        stories = self.stories[:count]
        leftovers = self.leftovers[:max(0, count - len(self.stories))]
        hidden = len(self.stories) + len(self.leftovers) - len(stories) - len(leftovers)
        return IndexView(self.date, stories, leftovers, hidden)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was not read as an article, and why."""

    path: str
    reason: str

    def warning(self) -> str:
        return f"warning: skipped {self.path}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Story:
    """One story's fitted briefing and its files' bytes by format, with the name its files
    carry (empty for a lone story)."""

    slug: str
    briefing: Briefing
    files: dict[str, bytes]


@dataclass(frozen=True, slots=True)
class Edition:
    """Everything one build produces: a briefing per story, and what stood alone or was skipped."""

    stories: tuple[Story, ...]
    leftovers: tuple[Article, ...]
    skipped: tuple[Skipped, ...]
    date: str | None


@dataclass(frozen=True, slots=True)
class People:
    """What the articles say of people: the party each speaks for (by full name, and by a first
    or last name that points to one party only), and who is described as an analyst, academic
    or scientist, speaking for no party."""

    parties: dict[str, str]
    experts: frozenset[str]


@dataclass(frozen=True, slots=True)
class Summary:
    """What the text stages produce: the sources, their scored sentences and the merged items;
    and what the sentences say of people, when learned beside the merge (sections.learn_people)."""

    articles: tuple[Article, ...]
    sentences: tuple[Sentence, ...]
    items: tuple[Item, ...]
    skipped: tuple[Skipped, ...]
    people: People | None = None
