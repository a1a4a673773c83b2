"""The command line: a thin layer over the pipeline. User errors become one line and exit 1."""

from __future__ import annotations

import datetime
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from briefing import daily as daily_run
from briefing import mail, output, render
from briefing.audience import load_audience
from briefing.errors import BriefingError, MailError, SettingsError, UsageError
from briefing.load import Skipped, find_date
from briefing.render import Look
from briefing.settings import ALGORITHMS, PAGE_SIZES, load_settings

if TYPE_CHECKING:  # the commands import the pipeline (NumPy, SciPy, NLTK) when they run it,
    from briefing import pipeline  # so that --help and a mistyped option answer at once

DEFAULT_SUMMARY_WORDS = 100
SENDER_VARIABLE = "BRIEFING_MAIL_FROM"  # the sender when neither --from nor the audience names one
BUILD_STAGES = ("reading articles", "telling stories apart", "summarising", "writing files")
INTERRUPTED = threading.Event()  # set by the Ctrl-C handler of main()

app = typer.Typer(
    help="Turn a folder of news articles about one story into a one-page, sourced briefing.\n\n"
         "Example: briefing build seeds/ --out output/",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def parse_formats(value: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    unknown = [f for f in formats if f not in render.FORMATS]
    if unknown or not formats:
        raise UsageError(f"unknown format {','.join(unknown) or value!r}: "
                         f"choose from {', '.join(render.FORMATS)}, separated by commas")
    return formats


def check_algorithm(value: str | None) -> str | None:
    if value is not None and value not in ALGORITHMS:
        raise UsageError(f"unknown algorithm {value!r}: choose one of {', '.join(ALGORITHMS)}")
    return value


def check_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise UsageError(f"date {value!r} is not a date: write it as YYYY-MM-DD") from None


AudienceOption = Annotated[str, typer.Option(help="Who reads it: analyst, executive or press.")]
TemplatesOption = Annotated[Path | None, typer.Option(
    "--templates", help="Your template folder, searched before the audience's and the base.")]
ProfileOption = Annotated[Path | None, typer.Option(help="TOML file overriding default settings.")]
MaxFileOption = Annotated[float | None, typer.Option(
    "--max-file-size", min=0.001, help="Skip files larger than this many megabytes (default 5).")]
AlgorithmOption = Annotated[str | None, typer.Option(
    help=f"How sentences are rated and chosen: {', '.join(ALGORITHMS)}. The default, auto, is "
         "centrality (our sparse LexRank) with the page's coverage order, best on human "
         "summaries; coverage, submodular and dpp choose a --words summary their own way; "
         "sumy's scorers grow with the square of the input.")]


def make_look(audience: str, templates: Path | None, page_size: str | None) -> Look:
    """The audience's presentation, with the user's templates and page size on top."""
    if templates is not None and not templates.is_dir():
        raise SettingsError(f"template folder {str(templates)!r} does not exist: pass a folder")
    chosen = load_audience(audience, templates)
    if page_size is not None:
        if page_size not in PAGE_SIZES:
            raise UsageError(f"unknown page size {page_size!r}: choose one of {', '.join(PAGE_SIZES)}")
        chosen = replace(chosen, page_size=page_size)
    return Look(audience=chosen, user_templates=templates)


def warn_skipped(files: Sequence[Skipped]) -> None:
    """One warning line per file that was not read as an article."""
    for skipped in files:
        typer.echo(f"warning: skipped {skipped.path}: {skipped.reason}", err=True)


@app.command()
def build(
    input_dir: Annotated[Path, typer.Argument(help="Folder of .txt, .md or .html articles.")] = Path("seeds"),
    out: Annotated[Path, typer.Option("--out", help="Folder for the briefing files.")] = Path("output"),
    formats: Annotated[str, typer.Option(
        "--format", help="Formats to write: md, pdf, json, html.")] = "md,pdf,json",
    algorithm: AlgorithmOption = None,
    profile: ProfileOption = None,
    max_file_size: MaxFileOption = None,
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
) -> None:
    """Build a one-page briefing (Markdown, PDF, JSON) per story in a folder of articles.

    A folder of unrelated stories gets one briefing per story with two or more sources,
    named briefing-DATE-STORY, and a one-page index-DATE listing them and the lone articles.

    Example: briefing build seeds/ --out output/ --audience executive
    """
    from briefing import pipeline

    settings = load_settings(profile, algorithm=check_algorithm(algorithm), max_file_mb=max_file_size)
    chosen = parse_formats(formats)
    look = make_look(audience, templates, page_size)
    with progress_reporter() as report:
        edition = pipeline.build_edition(input_dir, settings, check_date(date), look, chosen,
                                         single_story, workers or os.cpu_count() or 1, report)
        warn_skipped(edition.skipped)
        report("writing files")
        files = edition_files(edition, look, chosen, out)
        stop_if_interrupted()
        written = output.write_files(files)
    for path in written:
        typer.echo(str(path))


def edition_files(edition: pipeline.Edition, look: Look, formats: tuple[str, ...],
                  out: Path) -> dict[Path, bytes]:
    """Every file of an edition: each story's briefing, and an index when there is more than one."""
    from briefing import pipeline

    day = edition.date or datetime.date.today().isoformat()
    files: dict[Path, bytes] = {}
    for story in edition.stories:
        stem = pipeline.story_stem(story, day)
        files.update({out / f"{stem}.{fmt}": data for fmt, data in story.files.items()})
    if len(edition.stories) > 1 or edition.leftovers:
        rendered = pipeline.render_index(edition, look, formats, day)
        files.update({out / f"index-{day}.{fmt}": data for fmt, data in rendered.items()})
    return files


@contextmanager
def progress_reporter() -> Iterator[Callable[[str], None]]:
    """A progress bar over the build's stages on a terminal; silence when output is piped.

    Each new stage is also where a Ctrl-C that a library swallowed stops the run.
    """
    if not sys.stderr.isatty():
        yield lambda stage: stop_if_interrupted()
        return
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
    input_dir: Annotated[Path, typer.Argument(help="Folder of .txt, .md or .html articles.")] = Path("seeds"),
    words: Annotated[int | None, typer.Option(min=1, help="At most this many words.")] = None,
    sentences: Annotated[int | None, typer.Option(min=1, help="At most this many sentences.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    algorithm: AlgorithmOption = None,
    profile: ProfileOption = None,
    max_file_size: MaxFileOption = None,
) -> None:
    """Print a plain extractive summary of the folder, every sentence cited.

    Example: briefing summarize seeds/ --words 100 --format json
    """
    if output_format not in ("text", "json"):
        raise UsageError(f"unknown format {output_format!r}: choose text or json")
    if words is None and sentences is None:
        words = DEFAULT_SUMMARY_WORDS
    from briefing import pipeline

    settings = load_settings(profile, algorithm=check_algorithm(algorithm), max_file_mb=max_file_size)
    summary = pipeline.summarise(input_dir, settings, os.cpu_count() or 1)
    warn_skipped(summary.skipped)
    chosen = pipeline.choose_summary(summary, settings, words, sentences)
    render_summary = render.render_summary_json if output_format == "json" else render.render_summary_text
    typer.echo(render_summary(chosen, summary.articles), nl=False)


def subject_line(template: str, title: str, day: str) -> str:
    """The audience's [mail] subject with its {title} and {date} filled in (checked on loading)."""
    return template.format(title=title, date=day)


def deliver(pdf: Path, to: list[str], cc: list[str], subject: str | None, sender: str | None,
            eml: Path | None, smtp: str | None, ssl: bool, user: str | None, look: Look,
            more: Sequence[Path] = ()) -> str:
    """Build the message for a briefing PDF (and `more` PDFs attached), write it or send it."""
    audience = look.audience
    recipients = to or list(audience.mail_to)
    if not recipients:
        raise MailError("no recipient: give --to ADDRESS or set [mail] to in audience.toml")
    from_address = sender or audience.mail_from or os.environ.get(SENDER_VARIABLE, "")
    if not from_address:  # a made-up sender at the recipient's domain is refused as spoofing
        raise MailError(f"no sender: give --from ADDRESS, set [mail] from in audience.toml, or set "
                        f"{SENDER_VARIABLE}")
    if eml is not None and smtp is not None:
        raise MailError("give --smtp to send the message or --eml to write it, not both")
    if user and mail.password_from_env() is None:
        raise MailError(f"--user {user!r} needs a password: set {mail.PASSWORD_VARIABLE}")
    markdown_path, html_path = pdf.with_suffix(".md"), pdf.with_suffix(".html")
    markdown = markdown_path.read_text(encoding="utf-8") if markdown_path.is_file() else ""
    html = html_path.read_text(encoding="utf-8") if html_path.is_file() else None
    title = markdown.splitlines()[0].lstrip("# ").strip() if markdown else pdf.stem
    if more:
        title = f"{len(more)} stories"  # an index and its briefings
    day = find_date(pdf.stem) or pdf.stem  # briefing-DATE, briefing-DATE-STORY, index-DATE
    message = mail.build_message(
        pdf, markdown, html, from_address,
        recipients, cc or list(audience.mail_cc),
        subject or subject_line(audience.mail_subject, title, day), more)
    if eml is not None:
        mail.write_eml(message, eml)
        return f"wrote {eml}"
    if smtp is None:
        raise MailError("nowhere to deliver: give --smtp HOST:PORT to send, or --eml FILE to write")
    host, port = mail.parse_server(smtp)
    mail.send_message(message, host, port, user, mail.password_from_env(), ssl=ssl)
    return f"sent {', '.join(p.name for p in (pdf, *more))} to {', '.join(recipients + cc)}"


@app.command()
def send(
    pdf: Annotated[Path, typer.Argument(help="The briefing PDF; its .md (and .html) beside it "
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
    look = make_look(audience, None, None)
    typer.echo(deliver(pdf, to or [], cc or [], subject, sender, eml, smtp, ssl, user, look))


@app.command()
def daily(
    root: Annotated[Path, typer.Argument(help="Folder with one sub-folder per day, named YYYY-MM-DD.")],
    date: Annotated[str | None, typer.Option(help="Day to build (default: today).")] = None,
    out: Annotated[Path, typer.Option(
        "--out", help="Output root; the day's files go in OUT/DATE/.")] = Path("output"),
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if the input is unchanged.")] = False,
    audience: AudienceOption = "analyst",
    templates: TemplatesOption = None,
    profile: ProfileOption = None,
    max_file_size: MaxFileOption = None,
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
) -> None:
    """Build today's folder of a daily inbox into OUT/DATE/, once per distinct input, and send it once.

    Each step is recorded in OUT/DATE/.briefing-day.json when done: a run rebuilds a day whose
    input changed or whose files are missing or altered, and sends a day not yet sent (a failed
    send exits 1 and the next run tries again); it replaces or removes only the files it wrote.

    A day of several stories gets a briefing per story and an index, as `build` makes them;
    --send then mails the index with every briefing attached.

    Example: briefing daily inbox/ --out output/ --send desk@example.org --smtp localhost:25
    """
    from briefing import pipeline

    day = check_date(date) or datetime.date.today().isoformat()
    folder = root / day
    settings = load_settings(profile, max_file_mb=max_file_size)
    look = make_look(audience, templates, None)
    day_folder = out / day
    if not folder.exists() and root.is_dir():  # a day without news: cron should not mail an error
        typer.echo(f"{day}: no folder {str(folder)!r} in the inbox, nothing to build")
        return
    fingerprint = daily_run.input_hash(folder, settings, look, single_story)
    record = daily_run.read_record(day_folder)
    if day_folder.is_dir():
        daily_run.remove_temps(day_folder)
    if record is None or force or not daily_run.is_built(day_folder, record, fingerprint):
        edition = pipeline.build_edition(folder, settings, day, look, render.FORMATS, single_story,
                                         os.cpu_count() or 1)
        warn_skipped(edition.skipped)
        files = edition_files(edition, look, render.FORMATS, day_folder)
        stamped = {path: daily_run.stamp(data, fingerprint) if path.suffix == ".json" else data
                   for path, data in files.items()}
        output.write_files(stamped)
        record = daily_run.record_build(day_folder, record, fingerprint, stamped)
        for path in stamped:
            typer.echo(str(path))
    else:
        typer.echo(f"{day}: input unchanged since the last build, nothing to rebuild "
                   "(use --force to rebuild)")
    if send_to and (resend or not record.sent_to):
        written = [day_folder / name for name in record.files]
        pdfs = sorted(path for path in written if path.suffix == ".pdf")
        first = next((path for path in pdfs if path.name.startswith("index-")), pdfs[0])
        more = [path for path in pdfs if path != first]
        typer.echo(deliver(first, send_to, cc or [], subject, sender, eml, smtp, ssl, user, look, more))
        daily_run.record_sent(day_folder, record, [*send_to, *(cc or [])])
    elif send_to:
        typer.echo(f"{day}: already sent to {', '.join(record.sent_to)} at {record.sent_at} "
                   "(use --resend to send again)")


templates_app = typer.Typer(help="Built-in templates, to start your own from.\n\n"
                                 "Example: briefing templates export executive my-templates/")
app.add_typer(templates_app, name="templates")


@templates_app.command("export")
def export_templates(
    name: Annotated[str, typer.Argument(help="Audience to copy: analyst, executive or press.")],
    folder: Annotated[Path, typer.Argument(help="Folder to copy the templates into (new or empty).")],
) -> None:
    """Copy a built-in audience's templates (with the base files it uses) into a folder.

    Example: briefing templates export executive my-templates/
    """
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
