"""The public Python API: what the `briefing` command does, callable from a script or a notebook.

    import briefing

    edition = briefing.build("seeds/", out="output/")   # every story of the folder, written
    for story in edition.stories:
        print(story.briefing.title, [item.text for item in story.briefing.items][:3])

Each function takes a folder (or articles already read) and returns data; only `build` with
`out`, `write` and `send` touch files or the network. Settings are keyword arguments named as
in `defaults.toml` (`algorithm`, `language`, `merge_threshold`...), layered over a `profile`.
User errors raise `BriefingError` with a message naming the fix. The heavy modules (NumPy,
NLTK, WeasyPrint) are imported when a function runs, not with `import briefing`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing.core.models import Article, Edition, Summary

if TYPE_CHECKING:
    from briefing.core.settings import Settings
    from briefing.page.audience import Look

DEFAULT_FORMATS = ("md", "pdf", "json")
DEFAULT_SUMMARY_WORDS = 100


def settings(profile: str | Path | None = None, **overrides: Any) -> Settings:
    """The settings of a build: the shipped defaults, the profile file, then `overrides`."""
    from briefing.core.settings import load_settings

    return load_settings(Path(profile) if profile is not None else None, **overrides)


def look(audience: str = "analyst", templates: str | Path | None = None,
         page_size: str | None = None) -> Look:
    """How briefings are presented: a built-in audience, the user's templates searched first."""
    from briefing.core import errors
    from briefing.core.settings import PAGE_SIZES
    from briefing.page.audience import Look, load_audience

    folder = Path(templates) if templates is not None else None
    if folder is not None and not folder.is_dir():
        raise errors.missing_template_folder(folder)
    chosen = load_audience(audience, folder)
    if page_size is not None:
        if page_size not in PAGE_SIZES:
            raise errors.unknown_option_value("page size", page_size, PAGE_SIZES)
        chosen = replace(chosen, page_size=page_size)
    return Look(audience=chosen, user_templates=folder)


def read_articles(folder: str | Path, profile: str | Path | None = None, **overrides: Any) -> list[Article]:
    """The articles of a folder, cleaned, syndicated copies counted once (skipped files dropped)."""
    from briefing.run import pipeline

    return pipeline.read_folder(Path(folder), settings(profile, **overrides)).articles


def build(source: str | Path | Sequence[Article], *, out: str | Path | None = None,
          formats: Sequence[str] = DEFAULT_FORMATS, audience: str | Look = "analyst",
          date: str | None = None, single_story: bool = False, workers: int | None = None,
          profile: str | Path | None = None, report: Callable[[str], None] | None = None,
          scheduler: str | None = None, **overrides: Any) -> Edition:
    """One fitted briefing per story of a folder (a list of articles is one story), rendered in
    each of `formats`; written into `out` when given, atomically, as the command writes them.
    With `scheduler` (a Dask scheduler's address), a folder every worker can read, or an fsspec
    URL, is built on that cluster (`pip install 'briefing[dask]'`); the briefings it returns
    hold their sources' metadata, not their text."""
    from briefing.run import cluster, pipeline

    chosen = audience if not isinstance(audience, str) else look(audience)
    built = settings(profile, **overrides)
    kinds = _checked_formats(formats)
    if isinstance(source, str | Path) and scheduler:
        edition = cluster.build_edition(str(source), scheduler, built, date, chosen, kinds, single_story,
                                        report)
    elif isinstance(source, str | Path):
        edition = pipeline.build_edition(Path(source), built, date, chosen, kinds, single_story,
                                         workers or os.cpu_count() or 1, report)
    else:
        edition = pipeline.build_articles(list(source), built, date, chosen, kinds)
    if out is not None:
        write(edition, out, audience=chosen, formats=kinds)
    return edition


def write(edition: Edition, out: str | Path, *, audience: str | Look = "analyst",
          formats: Sequence[str] = DEFAULT_FORMATS) -> list[Path]:
    """Write an edition's files (and its index, for several stories) into `out`; their paths."""
    from briefing.page import output
    from briefing.run import pipeline

    chosen = audience if not isinstance(audience, str) else look(audience)
    return output.write_files(pipeline.edition_files(edition, chosen, _checked_formats(formats), Path(out)))


def summarize(source: str | Path | Sequence[Article], *, words: int | None = None,
              sentences: int | None = None, workers: int | None = None,
              profile: str | Path | None = None, **overrides: Any) -> Summary:
    """A plain extractive summary: the summary's items (each citing its sources) within `words`
    (100 when neither budget is given) or `sentences`, with the articles they cite."""
    from briefing.run import pipeline

    built = settings(profile, **overrides)
    if isinstance(source, str | Path):
        summary = pipeline.summarise(Path(source), built, workers or os.cpu_count() or 1)
    else:
        usable, skipped = pipeline.clean_given(list(source), built.language)
        summary = pipeline.summarise_articles(usable, built, skipped)
    budget = DEFAULT_SUMMARY_WORDS if words is None and sentences is None else words
    return replace(summary, items=tuple(pipeline.choose_summary(summary, built, budget, sentences)))


def send(pdf: str | Path, to: Sequence[str] = (), *, cc: Sequence[str] = (), subject: str | None = None,
         sender: str | None = None, eml: str | Path | None = None, smtp: str | None = None,
         ssl: bool = False, user: str | None = None, audience: str = "analyst") -> str:
    """Mail a briefing PDF (its Markdown beside it is the body) over `smtp` (HOST:PORT), or
    write the message to `eml`; the password comes from BRIEFING_SMTP_PASSWORD. What was done."""
    from briefing.deliver import mail

    delivery = mail.Delivery(tuple(to), tuple(cc), subject, sender, Path(eml) if eml else None, smtp,
                             ssl, user)
    return mail.mail_briefing(Path(pdf), delivery, look(audience).audience)


def _checked_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """The formats asked for, each one of `briefing.page.formats.OUTPUTS`."""
    from briefing.core import errors
    from briefing.page.formats import OUTPUTS

    unknown = [f for f in formats if f not in OUTPUTS]
    if unknown or not formats:
        raise errors.unknown_option_value("format", ",".join(unknown) or "(none)", tuple(OUTPUTS),
                                          ", separated by commas")
    return tuple(formats)
