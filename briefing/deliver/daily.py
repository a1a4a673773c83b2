"""Daily runs: a day's record of what was built and sent, so each step is done at least once.

A content hash of the day's inputs and settings says whether the day must be rebuilt. The
record (`OUT/DATE/.briefing-day.json`, written last and atomically after each step) lists the
files the tool wrote with their hashes and whom the day was sent to: a run rebuilds a day
whose input changed or whose files are missing or altered, sends a day not yet sent, and
only ever replaces or removes files its record lists.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from briefing.core import __version__, naming
from briefing.core.settings import Settings
from briefing.deliver import mail
from briefing.page import output
from briefing.page.audience import Look
from briefing.page.formats import FORMATS
from briefing.read import load
from briefing.run import cluster, pipeline
from briefing.summarise import since

RECORD = ".briefing-day.json"


@dataclass(frozen=True, slots=True)
class Day:
    """One day's run: its inbox folder and output folder, how to build, whom to send to."""

    folder: Path
    out: Path
    date: str
    settings: Settings
    look: Look
    single_story: bool = False
    force: bool = False  # rebuild though the input is unchanged
    delivery: mail.Delivery | None = None  # None: do not send
    resend: bool = False  # send though the day was delivered
    workers: int = 1
    scheduler: str | None = None  # a Dask scheduler's address: build on its cluster


@dataclass(frozen=True, slots=True)
class DayRecord:
    """What a day's runs did: the input they built from, the files written (name: SHA-256),
    and when and to whom the day was sent (empty until it was)."""

    input_hash: str
    files: dict[str, str] = field(default_factory=dict)
    sent_to: tuple[str, ...] = ()
    sent_at: str = ""


def run_day(day: Day, say: Callable[[str], None], warn: Callable[[str], None]) -> None:
    """Build the day unless its record says it is built from this input and its files are
    intact, then send it unless it was sent; `say` hears each file written and each step
    skipped, `warn` each file that was not read as an article."""
    if not day.folder.exists() and day.folder.parent.is_dir():  # cron should not mail an error
        say(f"{day.date}: no folder {str(day.folder)!r} in the inbox, nothing to build")
        return
    fingerprint = input_hash(day.folder, day.settings, day.look, day.single_story)
    record = _read_record(day.out)
    if day.out.is_dir():
        _remove_temps(day.out)
    if record is None or day.force or not _is_built(day.out, record, fingerprint):
        record = _build_day(day, record, fingerprint, say, warn)
    else:
        say(f"{day.date}: input unchanged since the last build, nothing to rebuild "
            "(use --force to rebuild)")
    if day.delivery is None:
        return
    if record.sent_to and not day.resend:
        say(f"{day.date}: already sent to {', '.join(record.sent_to)} at {record.sent_at} "
            "(use --resend to send again)")
        return
    pdfs = sorted(day.out / name for name in record.files if name.endswith(".pdf"))
    first = next((path for path in pdfs if naming.is_index(path)), pdfs[0])
    say(mail.mail_briefing(first, day.delivery, day.look.audience, [p for p in pdfs if p != first]))
    to, cc = day.delivery.recipients(day.look.audience)
    _record_sent(day.out, record, [*to, *cc])


def _build_day(day: Day, record: DayRecord | None, fingerprint: str, say: Callable[[str], None],
              warn: Callable[[str], None]) -> DayRecord:
    """Build and write the day's files in every format, then record them."""
    earlier = _earlier_stories(day.out.parent, day.date)
    edition = (cluster.build_edition(str(day.folder), day.scheduler, day.settings, day.date, day.look,
                                     FORMATS, day.single_story, earlier=earlier) if day.scheduler
               else pipeline.build_edition(day.folder, day.settings, day.date, day.look, FORMATS,
                                           day.single_story, day.workers, earlier=earlier))
    for skipped in edition.skipped:
        warn(skipped.warning())
    files = pipeline.edition_files(edition, day.look, FORMATS, day.out)
    stamped = {path: _stamp(data, fingerprint) if path.suffix == ".json" else data
               for path, data in files.items()}
    output.write_files(stamped)
    for path in stamped:
        say(str(path))
    return _record_build(day.out, record, fingerprint, stamped)


def _earlier_stories(root: Path, date: str) -> tuple[since.Earlier, ...]:
    """The stories of the latest earlier day under root that has briefings (their JSON)."""
    days = sorted((p for p in root.glob("????-??-??") if p.is_dir() and p.name < date), reverse=True)
    for folder in days:
        stories = tuple(story for path in sorted(folder.glob(naming.story_glob("json")))
                        if (story := _read_earlier(path, folder.name)) is not None)
        if stories:
            return stories
    return ()


def _read_earlier(path: Path, date: str) -> since.Earlier | None:
    """One earlier briefing's points from its JSON; None when it cannot be read as one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        points = tuple(str(item["text"]) for section in data["sections"] for item in section["items"])
        return since.Earlier(date, points)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def input_hash(folder: Path, settings: Settings, look: Look, single_story: bool = False) -> str:
    """SHA-256 over every input file (name and bytes), the settings, the audience and version."""
    load.check_folder(folder)
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(os.fsencode(path.name) + b"\0" + path.read_bytes() + b"\0")
    options = {"settings": asdict(settings), "audience": str(asdict(look.audience)),
               "templates": _template_bytes(look), "version": __version__,
               "single_story": single_story}
    digest.update(json.dumps(options, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


def _template_bytes(look: Look) -> str:
    """A hash of the user's template folder, so editing a template triggers a rebuild."""
    if look.user_templates is None:
        return ""
    digest = hashlib.sha256()
    for path in sorted(p for p in look.user_templates.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(look.user_templates)).encode() + path.read_bytes())
    return digest.hexdigest()


def _read_record(day_folder: Path) -> DayRecord | None:
    """The day's record, or None when there is none or it cannot be read (the day is redone)."""
    try:
        data = json.loads((day_folder / RECORD).read_text(encoding="utf-8"))
        return DayRecord(str(data["input_hash"]), {str(k): str(v) for k, v in data["files"].items()},
                         tuple(str(a) for a in data.get("sent_to", [])), str(data.get("sent_at", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _write_record(day_folder: Path, record: DayRecord) -> None:
    """Replace the record atomically: a run killed before this leaves the old record."""
    data = {"input_hash": record.input_hash, "files": record.files, "sent_to": list(record.sent_to),
            "sent_at": record.sent_at}
    output.write_files({day_folder / RECORD: (json.dumps(data, indent=2) + "\n").encode("utf-8")})


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _is_built(day_folder: Path, record: DayRecord | None, fingerprint: str) -> bool:
    """Built from this input, with every file it wrote still there and unchanged."""
    if record is None or record.input_hash != fingerprint or not record.files:
        return False
    for name, sha in record.files.items():
        try:
            if _digest((day_folder / name).read_bytes()) != sha:
                return False
        except OSError:
            return False
    return True


def _record_build(day_folder: Path, previous: DayRecord | None, fingerprint: str,
                 written: dict[Path, bytes]) -> DayRecord:
    """After writing a day's files: remove what the previous build wrote and this one did not
    (stories regroup), never anything else, and record the new files. Whether the day was
    sent carries over: a day is delivered once unless told to send again."""
    names = {path.name: _digest(data) for path, data in written.items()}
    for name in (previous.files if previous else {}):
        if name not in names and Path(name).name == name:
            (day_folder / name).unlink(missing_ok=True)
    sent = previous or DayRecord(fingerprint)
    record = DayRecord(fingerprint, names, sent.sent_to, sent.sent_at)
    _write_record(day_folder, record)
    return record


def _record_sent(day_folder: Path, record: DayRecord, recipients: list[str]) -> None:
    _write_record(day_folder, replace(record, sent_to=tuple(recipients),
                                     sent_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")))


def _remove_temps(day_folder: Path) -> None:
    """Temp files an interrupted run left (`.NAME.XXXX.tmp`, as output.temp_beside names them)
    for the files this tool writes."""
    for path in day_folder.glob(".*.tmp"):
        name = path.name[1:].rsplit(".", 2)[0]
        if name == RECORD or naming.is_ours(name):
            path.unlink(missing_ok=True)


def _stamp(json_bytes: bytes, fingerprint: str) -> bytes:
    """The briefing JSON with the input hash recorded in it."""
    data = json.loads(json_bytes)
    data["input_hash"] = fingerprint
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
