"""The build, stage by stage. For a folder:

1. read: every file loaded and cleaned, syndicated copies counted once, sentences split and
   their terms made, in the worker processes (`read_folder`);
2. tell stories apart (`stories.cluster_articles`, `stories.split_stories`);
3. for each story (`build_story`), in a worker process when there are several:
   summarise (`summarise_articles`: score, merge, rank), compose (`compose`: sections, title,
   dates), mark what is new since an earlier day (`since.compare`), fit one page (`fit_for`)
   and render each format (`render_outputs`);
4. name the stories and add an index (`edition_files`); the caller writes the files.

Where each piece runs is `briefing.run.executors`; the stages' logic lives in the layers below.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import chain, groupby
from pathlib import Path
from typing import Any

from briefing.core import errors, languages, naming, runtime
from briefing.core.algorithms import ALGORITHMS, builders, resolve
from briefing.core.models import (
    Article,
    Briefing,
    Edition,
    IndexView,
    Item,
    Skipped,
    Story,
    Summary,
)
from briefing.core.settings import Settings
from briefing.page import fit, layout_process, pdf, render
from briefing.page.audience import Look
from briefing.page.formats import Renderers, page_measure, rendered
from briefing.read import clean, dedupe, formats, load, split
from briefing.read.sources import Limits
from briefing.run.executors import Task, Workers, each_in_a_process, local_processes, workers_for
from briefing.summarise import dates, merge, rank, score, sections, select, since, stories, vectors
from briefing.summarise.people import combine_people, load_party_table, read_people
from briefing.summarise.titles import choose_title

UNTITLED = "Untitled story"  # only when no article has a headline or a sentence to take one from
Claims = Mapping[str, merge.Claim | None]  # each sentence's claim (merge.read_claims), by its text


@dataclass(frozen=True, slots=True)
class FileRead:
    """One file as a worker read it: the article (or why it was skipped), its MinHash signature
    when the folder is large enough to index, its terms when asked for, its sentences and theirs."""

    read: Article | Skipped
    signature: Any = None
    terms: list[str] | None = None
    sentences: tuple[str, ...] = ()
    sentence_terms: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SpanRead:
    """A span of a file as a worker read it: for each read, why it was skipped (None: an
    article) and what was made of it, for the spans to be joined into the file's reads."""

    piece: formats.Piece
    parts: list[tuple[Skipped | None, FileRead]]


@dataclass(frozen=True, slots=True)
class FolderRead:
    """A folder read: the articles kept, the files skipped, and for each article its terms and
    its sentences; each sentence's terms by its text."""

    articles: list[Article]
    skipped: list[Skipped]
    terms: list[list[str]]
    sentences: list[tuple[str, ...]]
    known_terms: dict[str, list[str]]


@dataclass(frozen=True, slots=True)
class Prepared:
    """What reading already made for a story's articles, so that summarising does not make it
    again: each article's sentences, their claims (asked for when the merge needs them) and
    each sentence's terms by its text."""

    sentences: list[tuple[str, ...]] | None = None
    claims: Callable[[], Claims] | None = None
    known_terms: Mapping[str, list[str]] | None = None


@dataclass(frozen=True, slots=True)
class StoryJob:
    """One story to build, with all it needs: what travels to a worker process."""

    articles: list[Article]
    settings: Settings
    date: str | None
    look: Look
    formats: tuple[str, ...]
    earlier: tuple[since.Earlier, ...] = ()
    prepared: Prepared = field(default_factory=Prepared)
    workers: Workers = field(default_factory=Workers)


@dataclass(frozen=True, slots=True)
class Given:
    """Claims read already, handed over as they are (a story sent to a worker takes its own)."""

    claims: dict[str, merge.Claim | None]

    def __call__(self) -> Claims:
        return self.claims


def read_folder(folder: Path, settings: Settings, workers: Workers | int = 1,
                stemmed: bool = False) -> FolderRead:
    """Every article of the folder loaded and cleaned, syndicated copies counted once, with
    each article's sentences and (with `stemmed`) terms, made where the files are read."""
    limits = formats.limits_of(settings)
    pieces = formats.pieces(load.folder_files(folder), limits)
    work = sum(_work_of(piece) for piece in pieces)
    indexed = work >= dedupe.INDEXED_ARTICLES
    reader = Task(read_files, {"limits": limits, "language": settings.language, "signed": indexed,
                               "stemmed": stemmed})
    with workers_for(workers) as run, runtime.few_full_collections():
        if indexed and run.pool is not None:
            dedupe.load_index()  # the workers sign the articles, and the index is made here
        results = _joined(run.map(reader, pieces, work), limits)
        usable = [result for result in results if isinstance(result.read, Article)]
        skipped = [result.read for result in results if isinstance(result.read, Skipped)]
        if not usable:
            raise errors.no_articles(str(folder), [(Path(k.path).name, k.reason) for k in skipped])
        articles = [r.read for r in usable if isinstance(r.read, Article)]
        signed = _signatures(usable, articles)
        kept = dedupe.drop_syndicated_copies(articles, settings.duplicate_threshold, signed)
        made = {result.read.path: result for result in usable}
        ours = [made[a.path] for a in kept]
        known = {text: terms for r in ours for text, terms in zip(r.sentences, r.sentence_terms, strict=True)}
    return FolderRead(kept, skipped, [r.terms or [] for r in ours], [r.sentences for r in ours], known)


def _signatures(usable: list[FileRead], articles: list[Article]) -> list[Any] | None:
    """The articles' MinHash signatures when there are enough to index: the workers', and those
    they did not make made here (a mailbox or an export of many articles is one file)."""
    if len(articles) < dedupe.INDEXED_ARTICLES:
        return None
    unsigned = [article.text for r, article in zip(usable, articles, strict=True) if r.signature is None]
    made = iter(dedupe.signatures(unsigned) if unsigned else [])
    return [r.signature if r.signature is not None else next(made) for r in usable]


def _work_of(piece: Path | formats.Piece) -> int:
    """How many articles a task of reading holds, about: a file one, a span its messages."""
    return 1 if isinstance(piece, Path) else piece.span.count


def _joined(results: list[FileRead | SpanRead], limits: Limits) -> list[FileRead]:
    """The results of the folder's files, those read in spans joined into the file's."""
    joined: list[FileRead] = []
    for piece, group in groupby(results, key=lambda r: r.piece.name if isinstance(r, SpanRead) else None):
        if piece is None:
            joined.extend(r for r in group if isinstance(r, FileRead))
            continue
        parts = [part for r in group if isinstance(r, SpanRead) for part in r.parts]
        made, lines = formats.joined(piece, limits, parts)
        joined += [*made, *(FileRead(line) for line in lines)]
    return joined


def read_files(pieces: list[Path | formats.Piece], limits: Limits, language: str, signed: bool,
               stemmed: bool) -> list[FileRead | SpanRead]:
    """Each file (or span of one) read and cleaned, or why it was skipped, with what the later
    stages need of it."""
    reads = [formats.load_piece(piece, limits) if isinstance(piece, formats.Piece)
             else formats.load_file(piece, limits) for piece in pieces]
    made = iter(described([r for group in reads for r in cleaned(group, language)], language, signed,
                          stemmed))
    results: list[FileRead | SpanRead] = []
    for piece, group in zip(pieces, reads, strict=True):
        if isinstance(piece, formats.Piece):
            results.append(SpanRead(piece, [(r if isinstance(r, Skipped) else None, next(made))
                                            for r in group]))
        else:
            results.extend(next(made) for _ in group)
    return results


def described(read: list[Article | Skipped], language: str, signed: bool, stemmed: bool) -> list[FileRead]:
    """Each article read with what the later stages need of it: its signature (when `signed`),
    sentences and their terms, and (when `stemmed`) its terms, its sentences' in a row (a word
    never spans two sentences)."""
    texts = [r.text for r in read if isinstance(r, Article)]
    signatures = dedupe.signatures(texts) if signed else [None] * len(texts)
    sentences = split.split_texts(texts, split.SentenceSplitter(language))
    vectorizer = vectors.Vectorizer(language)
    terms = [[vectorizer.terms(sentence) for sentence in split_up] for split_up in sentences]
    made = iter(zip(signatures, sentences, terms, strict=True))
    results: list[FileRead] = []
    for article in read:
        if isinstance(article, Article):
            signature, split_up, sentence_terms = next(made)
            whole = list(chain.from_iterable(sentence_terms)) if stemmed else None
            results.append(FileRead(article, signature, whole, split_up, sentence_terms))
        else:
            results.append(FileRead(article))
    return results


def cleaned(reads: Sequence[Article | Skipped], language: str) -> list[Article | Skipped]:
    """A file's articles cleaned, or the reason one is not used: no text left after the page
    junk, or clearly written in another language than `language`."""
    return [_usable(clean.clean_article(r), language) if isinstance(r, Article) else r for r in reads]


def _usable(article: Article, language: str) -> Article | Skipped:
    if not article.text.strip():
        return Skipped(article.path, "no article text left after removing page junk")
    found = languages.other_language(article.text, language)
    if found is not None:
        return Skipped(article.path, f"written in {found}, not {language}: brief such articles "
                                     f"apart with --language {found.split()[0]}")
    return article


def summarise(folder: Path, settings: Settings, workers: int = 1) -> Summary:
    """Read, split, score and merge a folder: the items every plain summary is made from."""
    with local_processes(workers) as run:
        read = read_folder(folder, settings, run)
        return summarise_articles(read.articles, settings, read.skipped, run,
                                  prepared=Prepared(read.sentences, known_terms=read.known_terms))


def summarise_articles(articles: list[Article], settings: Settings, skipped: list[Skipped] | None = None,
                       workers: Workers | int = 1, people: bool = False,
                       prepared: Prepared = Prepared()) -> Summary:
    """Split, score, merge and rank articles already read and cleaned; with `people`, what the
    sentences say of people is learned too, in the workers while this process merges."""
    with workers_for(workers) as run, runtime.few_full_collections():
        splitter = split.SentenceSplitter(settings.language)
        vectorizer = vectors.Vectorizer(settings.language, prepared.known_terms)
        texts = prepared.sentences if prepared.sentences is not None else run.map(
            Task(split.split_texts, {"splitter": splitter}), [a.text for a in articles])
        numbered = split.number_sentences(texts)
        distinct = list(dict.fromkeys(s.text for s in numbered))
        with run.started(claim_reader(settings), distinct if prepared.claims is None else []
                         ) as claims:  # read while this process scores
            sentences = score.score_sentences(numbered, settings.algorithm, settings.language, splitter,
                                              vectorizer)
            worded = merge.wordings(sentences)
            read = merge.claims_by_text(distinct, claims()) if prepared.claims is None else prepared.claims()
        stated = [t for t in texts if t]  # the sentences of each article that has any
        counter = Task(select.count_concepts, {"language": settings.language})
        learner = Task(read_people, {"table": party_table(settings)})
        with (run.started(counter, stated) as counted,  # while this process merges
              run.started(learner, distinct if people else []) as learned):
            merged = merge.merge_redundant(sentences, vectorizer, settings.merge_threshold, len(articles),
                                           settings.min_words, settings.max_words, read, worded, run.count)
            concepts = select.weigh_concepts(counted(), len(stated))
            items = rank.prioritise(merged, concepts, vectorizer, sections.event_item(merged))
            known = combine_people(learned()) if people else None
        return Summary(tuple(articles), tuple(sentences), tuple(items), tuple(skipped or ()), known)


def claim_reader(settings: Settings) -> Task:
    """merge.read_claims over a list of sentences, with the settings' language and bounds."""
    return Task(merge.read_claims, {"language": settings.language, "min_words": settings.min_words,
                                    "max_words": settings.max_words})


def party_table(settings: Settings) -> dict[str, tuple[str, ...]]:
    """The parties shipped with the package, and those the profile pins."""
    return {**load_party_table(), **settings.sides}


def choose_summary(summary: Summary, settings: Settings, words: int | None,
                   sentences: int | None = None) -> list[Item]:
    """The items of a plain summary within its budget: by the algorithm's selection when it has
    one and the budget is in words, else in page order."""
    selects = ALGORITHMS[settings.algorithm].selects
    if selects and words is not None and sentences is None:
        selector: select.Selector = resolve(selects)
        return selector(summary.items, summary.sentences, vectors.Vectorizer(settings.language), words)
    return fit.fit_to_words(summary.items, words, sentences)


def compose(summary: Summary, settings: Settings, date: str | None) -> Briefing:
    """The whole briefing, before the fit: a title, a date and the sections."""
    vectorizer = vectors.Vectorizer(settings.language)
    grouped = sections.assign_sections(summary.items, summary.sentences, party_table(settings),
                                       settings.sections, vectorizer.terms, summary.people)
    ledes = [s.text for s in summary.sentences if s.position == 0]
    titles = [a.title for a in summary.articles if a.title]
    title = choose_title(titles, ledes, vectorizer.terms) or UNTITLED
    dated = [replace(section, items=tuple(_dated(item, summary.articles) for item in section.items))
             for section in grouped]
    return Briefing(title=title, date=date or story_date(summary.articles),
                    sources=summary.articles, sections=tuple(dated), read=len(summary.articles),
                    articles=tuple(p for a in summary.articles for p in (a.path, *a.aliases)))


def _dated(item: Item, articles: tuple[Article, ...]) -> Item:
    """The item with its relative dates resolved against its lead sentence's article's date."""
    return replace(item, dates=dates.notes(item.text, articles[item.lead.article].published))


def story_date(articles: tuple[Article, ...]) -> str | None:
    """The newest date any article gives."""
    known = [a.published for a in articles if a.published]
    return max(known) if known else None


def build_edition(folder: Path, settings: Settings, date: str | None, look: Look,
                  formats: tuple[str, ...], single_story: bool = False, workers: int = 1,
                  report: Callable[[str], None] | None = None,
                  earlier: tuple[since.Earlier, ...] = ()) -> Edition:
    """One briefing per story of the folder (or one for all with single_story), fitted and
    rendered in each of `formats`; each compared with the earlier edition's stories, if any."""
    check_builds(settings)
    note = report or silent
    with local_processes(workers) as run:
        note("reading articles")
        read = read_folder(folder, settings, run, stemmed=not single_story)
        distinct = list(dict.fromkeys(text for texts in read.sentences for text in texts))
        # the claims are read from now on, while this process tells stories apart (and scores a lone story)
        with run.started(claim_reader(settings), distinct) as claims:
            claimed = cache(lambda: merge.claims_by_text(distinct, claims()))
            groups, leftovers = tell_stories_apart(read, settings, single_story, note)
            note(f"summarising {len(groups)} {'story' if len(groups) == 1 else 'stories'}")
            if len(groups) > 1 and run.count > 1:
                pdf.warm_up()  # once here, not once in every worker process
            story = StoryJob([], settings, date, look, formats, earlier)
            built = each_in_a_process(build_story, story_jobs(read, groups, claimed, story, run), run.count)
        alone = tuple(read.articles[i] for i in leftovers)
        return Edition(tuple(named_stories(built)), alone, tuple(read.skipped),
                       date or story_date(tuple(read.articles)))


def check_builds(settings: Settings) -> None:
    """A briefing's page is rated by an algorithm that builds, not a --words selection alone."""
    if not ALGORITHMS[settings.algorithm].builds:
        raise errors.selection_only(settings.algorithm, builders())


def silent(stage: str) -> None:
    """A report that says nothing."""


def tell_stories_apart(read: FolderRead, settings: Settings, single_story: bool,
                       note: Callable[[str], None]) -> tuple[list[list[int]], list[int]]:
    """The stories, as lists of article numbers, and the articles that stand alone."""
    if single_story:
        return [list(range(len(read.articles)))], []
    note("telling stories apart")
    with runtime.few_full_collections():
        clusters = stories.cluster_articles(read.articles, read.terms, settings.story_threshold)
    return stories.split_stories(clusters)


def story_jobs(read: FolderRead, groups: list[list[int]], claimed: Callable[[], Claims], template: StoryJob,
               run: Workers) -> list[StoryJob]:
    """A job per story. A lone story is built here with the run's workers, and waits for the claims
    only when its merge needs them; a story sent to a worker process takes its own claims and terms."""
    if len(groups) == 1:
        prepared = Prepared([read.sentences[i] for i in groups[0]], claimed, read.known_terms)
        return [replace(template, articles=[read.articles[i] for i in groups[0]], prepared=prepared,
                        workers=run)]
    jobs = []
    for group in groups:
        texts = [text for i in group for text in read.sentences[i]]
        own = Given({text: claimed()[text] for text in texts})
        prepared = Prepared([read.sentences[i] for i in group], own, {t: read.known_terms[t] for t in texts})
        jobs.append(replace(template, articles=[read.articles[i] for i in group], prepared=prepared))
    return jobs


def named_stories(built: list[tuple[Briefing, dict[str, bytes]]]) -> list[Story]:
    """Each story with the name its files carry (none for a lone story)."""
    taken: set[str] = set()
    return [Story(stories.slugify(b.title, taken) if len(built) > 1 else "", b, files) for b, files in built]


def build_story(job: StoryJob) -> tuple[Briefing, dict[str, bytes]]:
    """One story's fitted briefing and its files, rendered in the process that fitted it (the PDF
    is written from the fit's own layout). What is new since an earlier day is marked before the fit."""
    summary = summarise_articles(job.articles, job.settings, workers=job.workers, people=True,
                                 prepared=job.prepared)
    vectorizer = vectors.Vectorizer(job.settings.language)
    composed = since.compare(compose(summary, job.settings, job.date), job.earlier, vectorizer,
                             job.settings.merge_threshold, job.settings.story_threshold)
    briefing = fit_for(composed, job.look)
    return briefing, render_outputs(briefing, job.look, job.formats)


def build_articles(articles: list[Article], settings: Settings, date: str | None, look: Look,
                   formats: tuple[str, ...]) -> Edition:
    """One briefing of articles read already (cleaned here as a folder's are), as one story."""
    check_builds(settings)
    usable, skipped = clean_given(articles, settings.language)
    briefing, files = build_story(StoryJob(usable, settings, date, look, formats))
    return Edition((Story("", briefing, files),), (), tuple(skipped), date or story_date(tuple(usable)))


def clean_given(articles: list[Article], language: str) -> tuple[list[Article], list[Skipped]]:
    """Articles read already, cleaned and checked as a folder's are; those left out, and why."""
    checked = cleaned(articles, language)
    usable = [article for article in checked if isinstance(article, Article)]
    skipped = [article for article in checked if isinstance(article, Skipped)]
    if not usable:
        raise errors.no_articles("the articles given", [(k.path, k.reason) for k in skipped])
    return usable, skipped


def fit_for(briefing: Briefing, look: Look) -> Briefing:
    """The briefing shaped for the audience and fitted to its page; never silently empty."""
    audience = look.audience
    shaped = fit.shape_for_audience(briefing, audience.sections, audience.items_per_section)
    if briefing.items and not shaped.items:  # max_items is at least 1 (audience.LIMITS)
        raise errors.audience_shows_nothing(audience.name, len(briefing.items))
    measure = page_measure(look, layout_process.pages_filled_together)
    return fit.fit_to_page(shaped, measure, audience.max_items, layout_process.layouts_at_once(),
                           render.shown_sizes)


def story_stem(story: Story, day: str) -> str:
    return naming.story_stem(story.briefing.date or day, story.slug)


def edition_files(edition: Edition, look: Look, formats: tuple[str, ...],
                  out: Path) -> dict[Path, bytes]:
    """Every file of an edition by path: each story's briefing, and an index when there is more
    than one story or an article stood alone."""
    day = edition.date or datetime.date.today().isoformat()
    files: dict[Path, bytes] = {}
    for story in edition.stories:
        stem = story_stem(story, day)
        files.update({out / f"{stem}.{fmt}": data for fmt, data in story.files.items()})
    if len(edition.stories) > 1 or edition.leftovers:
        rendered = render_index(edition, look, formats, day)
        files.update({out / f"{naming.index_stem(day)}.{fmt}": data for fmt, data in rendered.items()})
    return files


def render_index(edition: Edition, look: Look, formats: tuple[str, ...],
                 day: str) -> dict[str, bytes]:
    """The one-page index of an edition (stories and lone articles), in each requested format."""
    index = IndexView(day, tuple((s.briefing, story_stem(s, day)) for s in edition.stories),
                      edition.leftovers)
    def fill(view: IndexView) -> float:
        return layout_process.pages_filled(render.render_index_html(view, look))

    fitted = fit.fit_index(index, fill, render.index_sizes(index))
    return _render_formats(formats, lambda: render.render_index_markdown(fitted, look),
                          lambda: render.render_index_html(fitted, look),
                          lambda: render.render_index_json(index))


def render_outputs(briefing: Briefing, look: Look, formats: tuple[str, ...]) -> dict[str, bytes]:
    """Each requested format's bytes, by file suffix."""
    return _render_formats(formats, lambda: render.render_markdown(briefing, look),
                          lambda: render.render_html(briefing, look),
                          lambda: render.render_json(briefing))


def _render_formats(formats: tuple[str, ...], markdown: Callable[[], str], html: Callable[[], str],
                   data: Callable[[], str]) -> dict[str, bytes]:
    """The bytes of each requested format, from the renderers of Markdown, HTML and JSON."""
    return rendered(formats, Renderers(markdown, html, data, layout_process.write_pdf_bytes))
