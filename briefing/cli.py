"""The command line: a thin layer over the pipeline. User errors become one line and exit 1."""

from __future__ import annotations

import datetime
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from briefing.core import errors, runtime
from briefing.core.algorithms import ALGORITHMS
from briefing.core.errors import BriefingError, UsageError
from briefing.page.formats import FORMATS
from briefing.read.formats import READERS

if TYPE_CHECKING:  # each command imports what it runs (the pipeline: NumPy, SciPy, NLTK; mail),
    from briefing.core.models import Skipped  # so that --help and a mistyped option answer at once

BUILD_STAGES = ("reading articles", "telling stories apart", "summarising", "writing files")
INTERRUPTED = threading.Event()  # set by the Ctrl-C handler of main()

app = typer.Typer(
    help="Turn a folder of news articles about one story into a one-page, sourced briefing.\n\n"
         "Example: briefing build seeds/ --out output/",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: rich's formatter costs more than the rest of --help
)


def parse_formats(value: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise errors.unknown_option_value("format", ",".join(unknown) or value, FORMATS,
                                          ", separated by commas")
    return formats


def check_algorithm(value: str | None) -> str | None:
    if value is not None and value not in ALGORITHMS:
        raise errors.unknown_option_value("algorithm", value, tuple(ALGORITHMS))
    return value


def _check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise errors.not_a_date(value) from None


ArticlesArgument = Annotated[Path, typer.Argument(
    metavar="FOLDER", help=f"Folder of articles: {', '.join(READERS)} files.")]
SchedulerOption = Annotated[str | None, typer.Option(
    envvar="DASK_SCHEDULER_ADDRESS", show_envvar=False,
    help="Run on the Dask cluster of this scheduler (tcp://HOST:8786, or DASK_SCHEDULER_ADDRESS); "
         "needs pip install 'briefing[dask]' and a folder every worker can read.")]
AudienceOption = Annotated[str, typer.Option(help="Who reads it: analyst, executive or press.")]
TemplatesOption = Annotated[Path | None, typer.Option(
    "--templates", help="Your template folder, searched before the audience's and the base.")]
ProfileOption = Annotated[Path | None, typer.Option(help="TOML file overriding default settings.")]
MaxFileOption = Annotated[float | None, typer.Option(
    "--max-file-size", min=0.001, help="Skip files larger than this many megabytes (default 5).")]
LanguageOption = Annotated[str | None, typer.Option(
    help="Language of the articles (default english), one sumy and NLTK know: german, french, "
         "spanish...; articles clearly written in another are set aside with a warning.")]
AlgorithmOption = Annotated[str | None, typer.Option(
    help=f"How sentences are rated and chosen: {', '.join(ALGORITHMS)}. The default, auto, is "
         "centrality (our sparse LexRank) with the page's coverage order, best on human "
         f"summaries; {', '.join(n for n, a in ALGORITHMS.items() if not a.builds)} only choose a "
         "--words summary (summarize); sumy's scorers grow with the square of the input.")]


def warn_skipped(files: Sequence[Skipped]) -> None:
    """One warning line per file that was not read as an article."""
    for skipped in files:
        warn(skipped.warning())


def warn(line: str) -> None:
    typer.echo(line, err=True)


@app.command()
def build(
    input_dir: Annotated[str, typer.Argument(
        metavar="FOLDER", help=f"Folder of articles: {', '.join(READERS)} files; with --scheduler, "
                               "also an fsspec URL (s3://bucket/day/).")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the briefing files.")] = Path("output"),
    formats: Annotated[str, typer.Option(
        "--format", help=f"Formats to write, separated by commas: {', '.join(FORMATS)}.")] = "md,pdf,json",
    algorithm: AlgorithmOption = None,
    profile: ProfileOption = None,
    max_file_size: MaxFileOption = None,
    language: LanguageOption = None,
    date: Annotated[str | None, typer.Option(help="Date of the briefing, YYYY-MM-DD "
                                              "(default: the newest article date).")] = None,
    audience: AudienceOption = "analyst",
    templates: TemplatesOption = None,
    page_size: Annotated[str | None, typer.Option("--page-size", help="A4 or Letter.")] = None,
    single_story: Annotated[bool, typer.Option(
        "--single-story", help="Brief the whole folder as one story.")] = False,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Processes: stories in parallel, or a large story's reading and splitting "
        "(default: one per core).")] = None,
    scheduler: SchedulerOption = None,
) -> None:
    """Build a one-page briefing (Markdown, PDF, JSON) per story in a folder of articles.

    A folder of unrelated stories gets one briefing per story with two or more sources,
    named briefing-DATE-STORY, and a one-page index-DATE listing them and the lone articles.

    Example: briefing build seeds/ --out output/ --audience executive
    """
    chosen = parse_formats(formats)
    processes = workers or os.cpu_count() or 1
    from briefing.page import layout_process

    with layout_process.laid_out_apart(at_once=min(2, processes)), _progress_reporter() as report:
        from briefing import api
        from briefing.run import pipeline  # noqa: F401  (the build's modules, imported before they are frozen)

        runtime.freeze_what_lives_on()  # the modules just imported live as long as the command
        look = api.look(audience, templates, page_size)
        edition = api.build(input_dir, formats=chosen, audience=look, date=_check_date(date),
                            single_story=single_story, workers=processes, report=report, profile=profile,
                            algorithm=check_algorithm(algorithm), max_file_mb=max_file_size,
                            language=language, scheduler=scheduler)
        warn_skipped(edition.skipped)
        report("writing files")
        stop_if_interrupted()
        written = api.write(edition, out, audience=look, formats=chosen)
    for path in written:
        typer.echo(str(path))


@contextmanager
def _progress_reporter() -> Iterator[Callable[[str], None]]:
    """A progress bar over the build's stages on a terminal; silence when output is piped.

    Each new stage is also where a Ctrl-C that a library swallowed stops the run.
    """
    if not sys.stderr.isatty():
        yield lambda stage: stop_if_interrupted()
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("starting", total=len(BUILD_STAGES))

        def report(stage: str) -> None:
            stop_if_interrupted()
            bar.update(task, description=stage, advance=1)

        yield report


def watch_interrupts() -> None:
    """Remember a Ctrl-C as well as raising it, so that the next stage raises it again when a
    library swallowed it: Python only prints an exception raised inside a __del__ method."""
    def on_interrupt(signum: int, frame: object) -> None:
        INTERRUPTED.set()
        raise KeyboardInterrupt

    def quiet_about_interrupts(unraisable: Any) -> None:
        if not issubclass(unraisable.exc_type, KeyboardInterrupt):
            default_hook(unraisable)

    default_hook = sys.unraisablehook
    signal.signal(signal.SIGINT, on_interrupt)
    sys.unraisablehook = quiet_about_interrupts


def stop_if_interrupted() -> None:
    if INTERRUPTED.is_set():
        raise KeyboardInterrupt


@app.command()
def summarize(
    input_dir: ArticlesArgument,
    words: Annotated[int | None, typer.Option(min=1, help="At most this many words.")] = None,
    sentences: Annotated[int | None, typer.Option(min=1, help="At most this many sentences.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    algorithm: AlgorithmOption = None,
    profile: ProfileOption = None,
    max_file_size: MaxFileOption = None,
    language: LanguageOption = None,
) -> None:
    """Print a plain extractive summary of the folder, every sentence cited.

    Example: briefing summarize seeds/ --words 100 --format json
    """
    if output_format not in ("text", "json"):
        raise errors.unknown_option_value("format", output_format, ("text", "json"))
    from briefing import api
    from briefing.page import render

    summary = api.summarize(input_dir, words=words, sentences=sentences, profile=profile,
                            algorithm=check_algorithm(algorithm), max_file_mb=max_file_size,
                            language=language)
    warn_skipped(summary.skipped)
    render_summary = render.render_summary_json if output_format == "json" else render.render_summary_text
    typer.echo(render_summary(list(summary.items), summary.articles), nl=False)


@app.command()
def send(
    pdf: Annotated[Path, typer.Argument(metavar="PDF", help="The briefing PDF; its .md (and .html) beside it "
                                              "become the message body.")],
    to: Annotated[list[str] | None, typer.Option("--to", help="Recipient (repeatable).")] = None,
    cc: Annotated[list[str] | None, typer.Option("--cc", help="Copy recipient (repeatable).")] = None,
    subject: Annotated[str | None, typer.Option(help="Subject line.")] = None,
    sender: Annotated[str | None, typer.Option("--from", help="Sender address.")] = None,
    eml: Annotated[Path | None, typer.Option(
        help="Write the message to this .eml file instead of sending.")] = None,
    smtp: Annotated[str | None, typer.Option(help="SMTP server as HOST:PORT.")] = None,
    ssl: Annotated[bool, typer.Option(
        "--ssl", help="Implicit TLS (otherwise STARTTLS when offered).")] = False,
    user: Annotated[str | None, typer.Option(help="SMTP user; the password comes from "
                                                  "BRIEFING_SMTP_PASSWORD.")] = None,
    audience: AudienceOption = "analyst",
) -> None:
    """Mail a briefing PDF as an attachment, its Markdown as the text body.

    Example: briefing send output/briefing-2023-06-14.pdf --to desk@example.org --smtp mail.example.org:587
    """
    from briefing import api

    typer.echo(api.send(pdf, to or (), cc=cc or (), subject=subject, sender=sender, eml=eml, smtp=smtp,
                        ssl=ssl, user=user, audience=audience))


@app.command("daily")
def run_daily(
    root: Annotated[Path, typer.Argument(
        metavar="INBOX", help="Folder with one sub-folder per day, named YYYY-MM-DD.")],
    date: Annotated[str | None, typer.Option(help="Day to build (default: today).")] = None,
    out: Annotated[Path, typer.Option(
        "--out", help="Output root; the day's files go in OUT/DATE/.")] = Path("output"),
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if the input is unchanged.")] = False,
    audience: AudienceOption = "analyst",
    templates: TemplatesOption = None,
    profile: ProfileOption = None,
    max_file_size: MaxFileOption = None,
    language: LanguageOption = None,
    send_to: Annotated[list[str] | None, typer.Option("--send", help="Mail the PDF to this address "
                                                      "(repeatable) over --smtp.")] = None,
    smtp: Annotated[str | None, typer.Option(help="SMTP server as HOST:PORT, for --send.")] = None,
    ssl: Annotated[bool, typer.Option(
        "--ssl", help="Implicit TLS (otherwise STARTTLS when offered), for --send.")] = False,
    user: Annotated[str | None, typer.Option(help="SMTP user, for --send; the password comes from "
                                                  "BRIEFING_SMTP_PASSWORD.")] = None,
    cc: Annotated[list[str] | None, typer.Option("--cc", help="Copy recipient (repeatable).")] = None,
    subject: Annotated[str | None, typer.Option(help="Subject line, for --send.")] = None,
    sender: Annotated[str | None, typer.Option("--from", help="Sender address, for --send.")] = None,
    eml: Annotated[Path | None, typer.Option(
        help="Write the day's message to this .eml file instead of sending it.")] = None,
    single_story: Annotated[bool, typer.Option(
        "--single-story", help="Brief the whole day as one story.")] = False,
    resend: Annotated[bool, typer.Option(
        "--resend", help="Send the day again, though it was delivered.")] = False,
    scheduler: SchedulerOption = None,
) -> None:
    """Build today's folder of a daily inbox into OUT/DATE/, once per distinct input, and send it once.

    The day's folder holds articles in any format `build` reads: text, HTML, mail and mailboxes,
    PDF, Word, feeds, web archives, JSON exports.

    Each step is recorded in OUT/DATE/.briefing-day.json when done: a run rebuilds a day whose
    input changed or whose files are missing or altered, and sends a day not yet sent (a failed
    send exits 1 and the next run tries again); it replaces or removes only the files it wrote.

    A day of several stories gets a briefing per story and an index, as `build` makes them;
    --send then mails the index with every briefing attached.

    Example: briefing daily inbox/ --out output/ --send desk@example.org --smtp localhost:25
    """
    from briefing import api
    from briefing.core.settings import load_settings
    from briefing.deliver import daily, mail

    day = _check_date(date) or datetime.date.today().isoformat()
    delivery = mail.Delivery(tuple(send_to), tuple(cc or ()), subject, sender, eml, smtp, ssl,
                             user) if send_to else None
    settings = load_settings(profile, max_file_mb=max_file_size, language=language)
    daily.run_day(daily.Day(root / day, out / day, day, settings, api.look(audience, templates),
                            single_story, force, delivery, resend, os.cpu_count() or 1, scheduler),
                  typer.echo, warn)


templates_app = typer.Typer(help="Built-in templates, to start your own from.\n\n"
                                 "Example: briefing templates export executive my-templates/")
app.add_typer(templates_app, name="templates")


@templates_app.command("export")
def export_templates(
    name: Annotated[str, typer.Argument(
        metavar="AUDIENCE", help="Audience to copy: analyst, executive or press.")],
    folder: Annotated[Path, typer.Argument(
        metavar="FOLDER", help="Folder to copy the templates into (new or empty).")],
) -> None:
    """Copy a built-in audience's templates (with the base files it uses) into a folder.

    Example: briefing templates export executive my-templates/
    """
    from briefing.page import output
    from briefing.page.audience import load_audience

    for path in output.export_audience(load_audience(name), folder):
        typer.echo(str(path))


@app.callback()
def main_options() -> None:
    """Turn a folder of news articles about one story into a one-page, sourced briefing.

    Example: briefing build seeds/ --out output/
    """


def main() -> None:
    """Entry point: user errors become one red line on stderr and exit code 1; Ctrl-C exits 130."""
    watch_interrupts()
    try:
        app()
    except BriefingError as error:
        typer.secho(f"error: {error}", fg=typer.colors.RED, err=True)
        sys.exit(2 if isinstance(error, UsageError) else 1)
    finally:
        runtime.freeze_what_lives_on()  # the exit drops every object at once, uncollected
