"""Cluster: a build on a Dask distributed cluster, every stage spread over its workers.

The client (this process) never holds the day's text, only what each article comes down to:

1. digest: the workers read, clean, sign and count the terms of batches of files; back come each
   article's metadata, MinHash values and hashed term counts (`Digest`), or why a file was skipped;
2. syndicated copies: the client's LSH index proposes pairs, the workers check each exactly
   (reading the pair's files again), and the client keeps the first of each group as a local
   build does (`dedupe.keep_firsts`);
3. stories: told apart here from the term counts, the same TF-IDF rows a local build makes;
4. each story built on a worker, which reads its articles again: a story's text is read where it
   is built, not sent between workers, and a task that reads its own files reruns anywhere when
   a worker dies. Back come the story's files and its briefing without its articles' text.

The files are written by the client, as a local build writes them. Inputs are paths every worker
can read (a folder on a shared filesystem) or an fsspec URL (s3://, gs://, file://).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from briefing.core import errors, runtime
from briefing.core.models import Article, Briefing, Edition, Skipped
from briefing.core.settings import Settings
from briefing.page.audience import Look
from briefing.read import dedupe, formats, load
from briefing.read.sources import Limits
from briefing.run import pipeline
from briefing.summarise import since, stories, vectors

if TYPE_CHECKING:
    from datasketch import LeanMinHash
    from distributed import Client

CONNECT_SECONDS = 4  # to reach the scheduler, then again to find a worker: an answer within 10 s
TASKS_PER_WORKER = 8  # batches of files per worker thread: one that finishes early takes more
FILES_PER_TASK = 500  # at most: a batch's digests are sent back whole
PAIRS_PER_TASK = 5000  # copy checks a task makes; it reads the files of its pairs once
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file of the input: what the build calls it (the path as the folder names it, or the
    URL), and where a worker reads it (the absolute path, or the URL)."""

    name: str
    location: str


@dataclass(frozen=True, slots=True)
class Ref:
    """Where an article is: its file, and its place among the articles the file gives."""

    file: InputFile
    part: int


@dataclass(frozen=True, slots=True)
class Digest:
    """What the client keeps of an article a worker read: where it is, its metadata (no text),
    its MinHash signature, a key of its shingles and its terms counted (`vectors.counted_terms`)."""

    ref: Ref
    article: Article
    signature: LeanMinHash
    shingled: bytes  # dedupe.shingle_key of its text
    terms: tuple[np.ndarray, np.ndarray]


def build_edition(location: str, address: str, settings: Settings, date: str | None, look: Look,
                  kinds: tuple[str, ...], single_story: bool = False,
                  report: Callable[[str], None] | None = None,
                  earlier: tuple[since.Earlier, ...] = ()) -> Edition:
    """pipeline.build_edition of a folder or URL, run on the Dask cluster at `address`."""
    pipeline.check_builds(settings)
    note = report or pipeline.silent
    files = input_files(location)
    limits = formats.limits_of(settings)
    with connected(address) as client:
        note("reading articles")
        read = _digests(client, files, limits, settings.language)
        usable = [d for d in read if isinstance(d, Digest)]
        skipped = [d for d in read if isinstance(d, Skipped)]
        if not usable:
            raise errors.no_articles(location, [(Path(k.path).name, k.reason) for k in skipped])
        kept, copies = _first_of_copies(client, usable, settings.duplicate_threshold, limits,
                                        settings.language)
        articles = dedupe.with_copies([d.article for d in usable], kept, copies)
        refs = [usable[k].ref for k in kept]
        leftovers: list[int] = []
        if single_story:
            groups = [list(range(len(articles)))]
        else:
            note("telling stories apart")
            matrix = vectors.tfidf_of_counted([usable[k].terms for k in kept])
            clusters = stories.cluster_vectors(matrix, [a.published for a in articles],
                                               settings.story_threshold)
            groups, leftovers = stories.split_stories(clusters)
        note(f"summarising {len(groups)} {'story' if len(groups) == 1 else 'stories'}")
        story = pipeline.StoryJob([], settings, date, look, kinds, earlier)
        built = client.gather([client.submit(build_story_of, story, [refs[i] for i in group],
                                             [articles[i] for i in group], pure=False)
                               for group in groups])
    alone = tuple(articles[i] for i in leftovers)
    return Edition(tuple(pipeline.named_stories(built)), alone, tuple(skipped),
                   date or pipeline.story_date(tuple(articles)))


@contextmanager
def connected(address: str) -> Iterator[Client]:
    """A client of the scheduler at `address` with at least one worker; one clear error when
    Dask is not installed, the scheduler does not answer, or it has no worker."""
    try:
        from distributed import Client
    except ImportError:
        raise errors.cluster_extra_missing() from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except Exception as error:  # noqa: BLE001  # a server that is not a scheduler answers anything
        raise errors.scheduler_unreachable(address, _first_line(error)) from None
    try:
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError:
            raise errors.no_cluster_workers(address) from None
        yield client
    finally:
        client.close()


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:160]


def input_files(location: str) -> list[InputFile]:
    """The files of a folder every worker can read, or of a folder at an fsspec URL."""
    if not URL.match(location):
        return [InputFile(str(path), str(path.absolute())) for path in load.folder_files(Path(location))]
    try:
        import fsspec
    except ImportError:
        raise errors.url_extra_missing(location) from None
    try:
        files, root = fsspec.core.url_to_fs(location)
        if not files.exists(root):
            raise errors.missing_folder(location)
        if not files.isdir(root):
            raise errors.not_a_folder(location)
        names = sorted(name for name in files.ls(root, detail=False)
                       if not name.rstrip("/").rsplit("/", 1)[-1].startswith("."))
    except OSError as error:
        raise errors.unreadable_input(location, _first_line(error)) from None
    return [InputFile(url, url) for url in map(files.unstrip_protocol, names)]


def _digests(client: Client, files: list[InputFile], limits: Limits, language: str) -> list[Digest | Skipped]:
    """Every file's digests (or why it was skipped), in folder order, made on the workers."""
    threads = max(1, sum(client.nthreads().values()))
    size = max(1, min(FILES_PER_TASK, -(-len(files) // (threads * TASKS_PER_WORKER))))
    batches = [files[start:start + size] for start in range(0, len(files), size)]
    futures = client.map(digest_files, batches, limits=limits, language=language, pure=False)
    return [digest for batch in client.gather(futures) for digest in batch]


def _first_of_copies(client: Client, usable: list[Digest], threshold: float, limits: Limits,
                     language: str) -> tuple[list[int], dict[int, list[int]]]:
    """The articles kept, the first of each group of syndicated copies, and the copies of each,
    as `dedupe.drop_syndicated_copies` finds them. Articles of the very same shingles are one:
    a later one copies what the first copies, or the first, as the local loop finds (same
    shingles, same signature, same candidates and checks), so n copies of a wire story are not
    n² / 2 checks. The pairs the index proposes among the rest are checked on the workers."""
    first: dict[bytes, int] = {}
    same = [first.setdefault(d.shingled, number) for number, d in enumerate(usable)]
    firsts = [number for number, found in enumerate(same) if found == number]
    pairs = [(firsts[k], firsts[n]) for k, n in dedupe.proposed_pairs(
        [usable[number].signature for number in firsts], threshold, len(usable) >= dedupe.INDEXED_ARTICLES)]
    chunks = [pairs[start:start + PAIRS_PER_TASK] for start in range(0, len(pairs), PAIRS_PER_TASK)]
    checked = [[(usable[k].ref, usable[n].ref) for k, n in chunk] for chunk in chunks]
    checks = client.map(copies_among, checked, threshold=threshold, limits=limits, language=language,
                        pure=False)
    confirmed = {pair for chunk, found in zip(chunks, client.gather(checks), strict=True)
                 for pair, copy in zip(chunk, found, strict=True) if copy}
    proposed: dict[int, list[int]] = {}
    for k, n in pairs:
        proposed.setdefault(n, []).append(k)
    kept: list[int] = []
    kept_now: set[int] = set()
    originals: dict[int, int] = {}
    candidates, is_copy = dedupe.same_as_first(
        same, originals, lambda number: [k for k in proposed.get(number, []) if k in kept_now],
        lambda k, number: (k, number) in confirmed)
    copies = dedupe.keep_firsts(len(usable), candidates, kept, kept_now.add, is_copy, originals)
    return kept, copies


# What the workers run. Each reads its files itself, so that it reruns anywhere.

def digest_files(files: list[InputFile], limits: Limits, language: str) -> list[Digest | Skipped]:
    """Each file's articles read, cleaned, signed and their terms counted, or why it was skipped."""
    from datasketch import LeanMinHash

    with runtime.few_full_collections():
        reads = [(file, part, read) for file in files
                 for part, read in enumerate(read_input(file, limits, language))]
        described = pipeline.described([read for _, _, read in reads], language, signed=True, stemmed=True)
    return [Digest(Ref(file, part), replace(made.read, text=""), LeanMinHash(made.signature),
                   dedupe.shingle_key(made.read.text), vectors.counted_terms(made.terms or []))
            if isinstance(made.read, Article) else made.read
            for (file, part, _), made in zip(reads, described, strict=True)]


def read_input(file: InputFile, limits: Limits, language: str) -> list[Article | Skipped]:
    """A file's articles, cleaned, or why each is not used, as a local build reads them."""
    read = (formats.load_url(file.location, limits) if URL.match(file.location)
            else formats.load_file(Path(file.location), limits, file.name))
    return pipeline.cleaned(read, language)


def read_articles(refs: Sequence[Ref], limits: Limits, language: str) -> list[Article]:
    """The articles at `refs`, read again, each file once."""
    read = {file: read_input(file, limits, language) for file in dict.fromkeys(r.file for r in refs)}
    found = [read[ref.file][ref.part] if ref.part < len(read[ref.file]) else None for ref in refs]
    for ref, article in zip(refs, found, strict=True):
        if not isinstance(article, Article):
            raise errors.changed_while_built(ref.file.name)
    return [article for article in found if isinstance(article, Article)]


def copies_among(pairs: list[tuple[Ref, Ref]], threshold: float, limits: Limits,
                 language: str) -> list[bool]:
    """Whether each pair's second article copies its first (`dedupe.jaccard` of their shingles)."""
    refs = list(dict.fromkeys(ref for pair in pairs for ref in pair))
    shingled = {ref: dedupe.shingles(article.text)
                for ref, article in zip(refs, read_articles(refs, limits, language), strict=True)}
    return [dedupe.jaccard(shingled[first], shingled[second]) >= threshold for first, second in pairs]


def build_story_of(job: pipeline.StoryJob, refs: list[Ref], articles: list[Article]
                   ) -> tuple[Briefing, dict[str, bytes]]:
    """pipeline.build_story of the articles at `refs` (`articles`: their metadata as the client
    kept it, copies' aliases included); the briefing comes back without its articles' text."""
    texts = read_articles(refs, formats.limits_of(job.settings), job.settings.language)
    whole = [replace(article, text=text.text) for article, text in zip(articles, texts, strict=True)]
    briefing, files = pipeline.build_story(replace(job, articles=whole))
    return replace(briefing, sources=tuple(replace(a, text="") for a in briefing.sources)), files

