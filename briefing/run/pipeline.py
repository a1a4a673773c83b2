"""The pipeline, stage by stage: load, clean, dedupe, split, score, merge, sections, fit, render."""

from __future__ import annotations

import datetime
import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import replace
from functools import cache, partial
from itertools import chain
from pathlib import Path
from typing import Any

import briefing

briefing.import_nltk_without_statistics()  # before any stage imports NLTK, here and in worker processes
from briefing import (  # noqa: E402
    clean,
    dates,
    dedupe,
    errors,
    fit,
    languages,
    load,
    merge,
    naming,
    pdf,
    rank,
    render,
    score,
    sections,
    select,
    since,
    split,
    stories,
    vectors,
)
from briefing.models import (  # noqa: E402
    Article,
    Briefing,
    Edition,
    IndexView,
    Item,
    Look,
    Skipped,
    Story,
    Summary,
)
from briefing.settings import Settings  # noqa: E402

UNTITLED = "Untitled story"  # only when no article has a headline or a sentence to take one from
PARALLEL_ITEMS = 200  # fewer files or articles than this: worker processes cost more than they save
SLICE_ITEMS = 5000  # items a worker takes at a time: a slice's results are held and sent whole
SLICES_PER_WORKER = 16  # smaller slices than an even share: a worker that finishes early takes more
# during a build, middle-generation collections between two full ones (Python's default: 10)
MIDDLE_COLLECTIONS_PER_FULL = 1000

# read_files: an article (or why it was skipped), its signature, terms, sentences and theirs
FileRead = tuple[Article | Skipped, Any, list[str] | None, tuple[str, ...], list[list[str]]]


def read_folder(folder: Path, settings: Settings, workers: int = 1, stemmed: bool = False,
                pool: ProcessPoolExecutor | None = None
                ) -> tuple[list[Article], list[Skipped], list[list[str]], list[tuple[str, ...]],
                           dict[str, list[str]]]:
    """Every article of the folder loaded and cleaned, syndicated copies counted once; the files
    skipped; each article's sentences (split.split_texts) and, with `stemmed`, its terms; and
    each sentence's terms (Vectorizer.terms), by its text. All are made in the worker processes
    that read the articles, as their signatures for finding copies are: one parallel pass over
    the folder, not a second after the clustering, nor a third by this process as it scores.
    pool: the run's worker processes (_worker_processes), else the reading makes its own."""
    paths = load.folder_files(folder)
    indexed = len(paths) >= dedupe.INDEXED_ARTICLES
    if indexed and workers > 1:
        dedupe.load_index()  # the workers sign the articles, and the index is made here
    reader = partial(read_files, max_bytes=settings.max_file_mb * 1e6, language=settings.language,
                     signed=indexed, stemmed=stemmed)
    with _processes_for(pool, workers) as processes, _few_full_collections():
        results = _in_slices(reader, paths, workers, processes)
        usable = [result for result in results if isinstance(result[0], Article)]
        skipped = [read for read, *_ in results if isinstance(read, Skipped)]
        if not usable:
            raise errors.no_articles(str(folder), [(Path(k.path).name, k.reason) for k in skipped])
        signed = ([signature for _, signature, *_ in usable]
                  if len(usable) >= dedupe.INDEXED_ARTICLES else None)
        kept = dedupe.drop_syndicated_copies([read for read, *_ in usable], settings.duplicate_threshold,
                                             signed)
        made = {read.path: (terms or [], sentences, sentence_terms)
                for read, _, terms, sentences, sentence_terms in usable}
        ours = [made[a.path] for a in kept]
        known = {text: terms for _, texts, per_text in ours
                 for text, terms in zip(texts, per_text, strict=True)}
    return kept, skipped, [terms for terms, *_ in ours], [texts for _, texts, _ in ours], known


def read_files(paths: list[Path], max_bytes: float, language: str, signed: bool, stemmed: bool
               ) -> list[FileRead]:
    """Each file read and cleaned, or the reason it was skipped; with each article, its MinHash
    signature (dedupe.signatures), its terms when asked for, its sentences and theirs. An
    article's terms are its sentences' terms in a row: a word never spans the space between
    two sentences (split_texts only adds spaces and cuts at them)."""
    read = load_and_clean(paths, max_bytes, language)
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
            results.append((article, signature, whole, split_up, sentence_terms))
        else:
            results.append((article, None, None, (), []))
    return results


def load_and_clean(paths: list[Path], max_bytes: float, language: str) -> list[Article | Skipped]:
    """Each file read and cleaned, or the reason it was skipped: not an article, no text left
    after the page junk, or clearly written in another language than `language`."""
    return [_usable(clean.clean_article(r), language) if isinstance(r, Article) else r
            for r in (load.load_file(path, max_bytes) for path in paths)]


def _usable(article: Article, language: str) -> Article | Skipped:
    if not article.text.strip():
        return Skipped(article.path, "no article text left after removing page junk")
    found = languages.other_language(article.text, language)
    if found is not None:
        return Skipped(article.path, f"written in {found}, not {language}: brief such articles "
                                     f"apart with --language {found.split()[0]}")
    return article


def _in_slices(function: Callable[[list[Any]], list[Any]], items: list[Any], workers: int,
               pool: ProcessPoolExecutor | None) -> list[Any]:
    """function over the items, in slices over the worker processes when there are enough items."""
    with _started_in_slices(function, items, workers, pool) as results:
        return results()


@contextmanager
def _started_in_slices(function: Callable[[list[Any]], list[Any]], items: list[Any], workers: int,
                       pool: ProcessPoolExecutor | None) -> Iterator[Callable[[], list[Any]]]:
    """function over the items started in the pool's `workers` processes (a slice at a time),
    while this process goes on; the results when asked for, when this process takes the slices
    no worker has started yet. With no pool or few items, run here when asked. Slices not yet
    started when it is left are dropped."""
    if pool is None or len(items) < PARALLEL_ITEMS:
        yield lambda: function(items)
        return
    size = min(-(-len(items) // (workers * SLICES_PER_WORKER)), SLICE_ITEMS)
    slices = [items[start:start + size] for start in range(0, len(items), size)]
    parts = [pool.submit(function, part) for part in slices]
    try:
        yield partial(_gathered, function, slices, parts)
    finally:
        for part in parts:
            part.cancel()


def _gathered(function: Callable[[list[Any]], list[Any]], slices: list[list[Any]],
              parts: list[Future[list[Any]]]) -> list[Any]:
    """The results of every slice in order: this process computes, from the last one back, the
    slices no worker has started (the workers take them from the first on), instead of idling
    while a worker finishes a queue of them alone."""
    taken = {index: function(slices[index]) for index in reversed(range(len(parts)))
             if parts[index].cancel()}
    return [result for index, part in enumerate(parts)
            for result in (taken[index] if index in taken else part.result())]


@contextmanager
def _worker_processes(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """A run's worker processes (None with one worker), shared by its stages: forked from this
    process at the first stage with enough items for them, the reading, before any article is
    held here, and kept for the later ones (claims, concepts, people). Forked later, each would
    count the memory of a day of wire copy again; kept, they keep the stems they learned."""
    if workers <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               mp_context=multiprocessing.get_context("fork"))
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


@contextmanager
def _few_full_collections() -> Iterator[None]:
    """Within it, this process's garbage collector rarely walks all it holds: what reading and
    summarising make (articles, sentences, claims) mostly lives until the run ends, so a full
    collection finds little to free; at 10,000 articles, 14 of them took 3.6 s. The young
    generations are still collected, and the layouts (WeasyPrint's box trees are cycles)
    are made outside it: holding their collections off doubled a stories folder's memory."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, MIDDLE_COLLECTIONS_PER_FULL)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)


def _processes_for(pool: ProcessPoolExecutor | None, workers: int
                   ) -> AbstractContextManager[ProcessPoolExecutor | None]:
    """The run's worker processes when given, else processes of the stage's own."""
    return nullcontext(pool) if pool is not None else _worker_processes(workers)


def summarise(folder: Path, settings: Settings, workers: int = 1) -> Summary:
    """Load, clean, split, score and merge: the items every output is made from."""
    with _worker_processes(workers) as pool:
        articles, skipped, _, sentences, known = read_folder(folder, settings, workers, pool=pool)
        return summarise_articles(articles, settings, skipped, workers, split_already=sentences,
                                  known_terms=known, pool=pool)


def summarise_articles(articles: list[Article], settings: Settings,
                       skipped: list[Skipped] | None = None, workers: int = 1,
                       people: bool = False, split_already: list[tuple[str, ...]] | None = None,
                       claimed: Callable[[], Mapping[str, merge.Claim | None]] | None = None,
                       known_terms: Mapping[str, list[str]] | None = None,
                       pool: ProcessPoolExecutor | None = None) -> Summary:
    """Split, score and merge articles already loaded and cleaned; with `people`, what the
    sentences say of people is learned too, in worker processes while this one merges.
    split_already: each article's sentences, when split where the articles were read;
    claimed: each sentence's claim (merge.read_claims) by its text, asked for when the merge
    needs them, when they are read elsewhere (from before the stories were told apart);
    known_terms: sentences' terms by their text, when made where the articles were read;
    pool: the run's worker processes (_worker_processes), else the stages make their own."""
    with _processes_for(pool, workers) as pool, _few_full_collections():
        splitter = split.SentenceSplitter(settings.language)
        vectorizer = vectors.Vectorizer(settings.language, known_terms)
        texts = split_already if split_already is not None else _in_slices(
            partial(split.split_texts, splitter=splitter), [a.text for a in articles], workers, pool)
        numbered = split.number_sentences(texts)
        distinct = list(dict.fromkeys(s.text for s in numbered))
        with _started_in_slices(claim_reader(settings), distinct if claimed is None else [], workers,
                                pool) as claims:  # read while this process scores
            sentences = score.score_sentences(numbered, settings.algorithm, settings.language, splitter,
                                              vectorizer)
            worded = merge.wordings(sentences)
            read = merge.claims_by_text(distinct, claims()) if claimed is None else claimed()
        stated = [t for t in texts if t]  # the sentences of each article that has any
        counter = partial(select.count_concepts, language=settings.language)
        learner = partial(sections.read_people, table=party_table(settings))
        with (_started_in_slices(counter, stated, workers, pool) as counted,  # while this merges
              _started_in_slices(learner, distinct if people else [], workers, pool) as learned):
            merged = merge.merge_redundant(sentences, vectorizer, settings.merge_threshold, len(articles),
                                           settings.min_words, settings.max_words, read, worded, workers)
            concepts = select.weigh_concepts(counted(), len(stated))
            items = rank.prioritise(merged, concepts, vectorizer, sections.event_item(merged))
            known = sections.combine_people(learned()) if people else None
        return Summary(tuple(articles), tuple(sentences), tuple(items), tuple(skipped or ()), known)


def claim_reader(settings: Settings) -> Callable[[list[str]], list[merge.ClaimFields | None]]:
    return partial(merge.read_claims, language=settings.language, min_words=settings.min_words,
                   max_words=settings.max_words)


def party_table(settings: Settings) -> dict[str, tuple[str, ...]]:
    """The parties shipped with the package, and those the profile pins."""
    return {**sections.load_party_table(), **settings.sides}


def choose_summary(summary: Summary, settings: Settings, words: int | None,
                   sentences: int | None = None) -> list[Item]:
    """The items of a plain summary within its budget: by the algorithm's selection
    (select.SELECTORS) when it has one and the budget is in words, else in page order."""
    selector = select.SELECTORS.get(settings.algorithm)
    if selector is not None and words is not None and sentences is None:
        return selector(summary.items, summary.sentences, vectors.Vectorizer(settings.language), words)
    return fit.fit_to_words(summary.items, words, sentences)


def compose(summary: Summary, settings: Settings, date: str | None) -> Briefing:
    """The whole briefing, before the fit: a title, a date and the sections."""
    vectorizer = vectors.Vectorizer(settings.language)
    grouped = sections.assign_sections(summary.items, summary.sentences, party_table(settings),
                                       settings.sections, vectorizer.terms, summary.people)
    ledes = [s.text for s in summary.sentences if s.position == 0]
    titles = [a.title for a in summary.articles if a.title]
    title = sections.choose_title(titles, ledes, vectorizer.terms) or UNTITLED
    dated = [replace(section, items=tuple(_dated(item, summary.articles) for item in section.items))
             for section in grouped]
    return Briefing(title=title, date=date or _story_date(summary.articles),
                    sources=summary.articles, sections=tuple(dated), read=len(summary.articles),
                    articles=tuple(p for a in summary.articles for p in (a.path, *a.aliases)))


def _dated(item: Item, articles: tuple[Article, ...]) -> Item:
    """The item with its relative dates resolved against its lead sentence's article's date."""
    return replace(item, dates=dates.notes(item.text, articles[item.lead.article].published))


def _story_date(articles: tuple[Article, ...]) -> str | None:
    """The newest date any article gives."""
    known = [a.published for a in articles if a.published]
    return max(known) if known else None


def build_edition(folder: Path, settings: Settings, date: str | None, look: Look,
                  formats: tuple[str, ...], single_story: bool = False, workers: int = 1,
                  report: Callable[[str], None] | None = None,
                  earlier: tuple[since.Earlier, ...] = ()) -> Edition:
    """One briefing per story of the folder (or one for all with single_story), fitted and
    rendered in each of `formats`; each compared with the earlier edition's stories, if any."""
    note = report or (lambda stage: None)
    with _worker_processes(workers) as pool:
        note("reading articles")
        articles, skipped, terms, sentences, known = read_folder(folder, settings, workers,
                                                                 stemmed=not single_story, pool=pool)
        distinct = list(dict.fromkeys(text for texts in sentences for text in texts))
        # the claims are read from now on, while this process tells stories apart (and scores a lone story)
        with _started_in_slices(claim_reader(settings), distinct, workers, pool) as claims:
            claimed = cache(lambda: merge.claims_by_text(distinct, claims()))
            groups: list[list[int]] = [list(range(len(articles)))]
            leftovers: list[int] = []
            if not single_story:
                note("telling stories apart")
                with _few_full_collections():
                    clusters = stories.cluster_articles(articles, terms, settings.story_threshold)
                groups, leftovers = stories.split_stories(clusters) if len(clusters) > 1 else (clusters, [])
            note(f"summarising {len(groups)} {'story' if len(groups) == 1 else 'stories'}")
            # several stories share the workers out a story each; a single story uses them to split
            lone = len(groups) == 1  # then built here, with the run's processes
            inner = workers if lone else 1
            if not lone and workers > 1:
                pdf.warm_up()  # once here, not once in every worker process

            def claims_of(group: list[int]) -> Callable[[], Mapping[str, merge.Claim | None]]:
                """A lone story waits for the claims only when its merge needs them; a story sent to
                a worker process takes its own, all read by then."""
                if lone:
                    return claimed
                return partial(dict, {text: claimed()[text] for i in group for text in sentences[i]})

            jobs = [([articles[i] for i in group], settings, date, look, formats, inner, earlier,
                     [sentences[i] for i in group], claims_of(group),
                     known if lone else {text: known[text] for i in group for text in sentences[i]},
                     pool if lone else None) for group in groups]
            built = _run_jobs(build_story, jobs, workers)
        taken: set[str] = set()
        named = [Story(stories.slugify(b.title, taken) if len(built) > 1 else "", b, files)
                 for b, files in built]
        edition_date = date or _story_date(tuple(articles))
        return Edition(tuple(named), tuple(articles[i] for i in leftovers), tuple(skipped), edition_date)


def build_story(articles: list[Article], settings: Settings, date: str | None, look: Look,
                formats: tuple[str, ...], workers: int = 1, earlier: tuple[since.Earlier, ...] = (),
                sentences: list[tuple[str, ...]] | None = None,
                claimed: Callable[[], Mapping[str, merge.Claim | None]] | None = None,
                known_terms: Mapping[str, list[str]] | None = None,
                pool: ProcessPoolExecutor | None = None) -> tuple[Briefing, dict[str, bytes]]:
    """One story's fitted briefing and its files, rendered in the process that fitted it: the
    PDF is written from the fit's own layout of the page (pdf.layout keeps it), never laid out
    again in another process. What is new since an earlier day is marked before the fit."""
    summary = summarise_articles(articles, settings, workers=workers, people=True, split_already=sentences,
                                 claimed=claimed, known_terms=known_terms, pool=pool)
    composed = since.compare(compose(summary, settings, date), earlier, vectors.Vectorizer(settings.language),
                             settings.merge_threshold, settings.story_threshold)
    briefing = fit_for(composed, look)
    return briefing, render_outputs(briefing, look, formats)


def _run_jobs(function: Callable[..., Any], jobs: list[tuple[Any, ...]], workers: int) -> list[Any]:
    """Run each job, in worker processes when there are several jobs and workers."""
    if workers <= 1 or len(jobs) <= 1:
        return [function(*job) for job in jobs]
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=_start_worker)
    try:
        return list(pool.map(function, *zip(*jobs, strict=True)))
    finally:
        pool.shutdown(cancel_futures=True)


def _start_worker() -> None:
    """Workers ignore Ctrl-C: the main process stops the run, and no worker prints a traceback.
    What a worker starts with (modules, its parent's data) lives as long as it does: it is
    frozen out of the worker's garbage collections, which would otherwise walk it every time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()


def fit_for(briefing: Briefing, look: Look) -> Briefing:
    """The briefing shaped for the audience and fitted to its page; never silently empty."""
    audience = look.audience
    shaped = fit.shape_for_audience(briefing, audience.sections, audience.items_per_section)
    if briefing.items and not shaped.items:  # max_items is at least 1 (audience.LIMITS)
        raise errors.audience_shows_nothing(audience.name, len(briefing.items))
    return fit.fit_to_page(shaped, pdf.page_measure(look), audience.max_items, pdf.layouts_at_once(),
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
    fitted = fit.fit_index(index, lambda view: pdf.pages_filled(render.render_index_html(view, look)),
                           render.index_sizes(index))
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
    renderers = render.Renderers(markdown, html, data)
    return {fmt: write(renderers) for fmt, write in render.OUTPUTS.items() if fmt in formats}
