"""Daily runs: a content hash of a day's inputs and settings, so an unchanged day is not rebuilt."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from briefing import __version__, load
from briefing.render import Look
from briefing.settings import Settings


def input_hash(folder: Path, settings: Settings, look: Look, single_story: bool = False) -> str:
    """SHA-256 over every input file (name and bytes), the settings, the audience and version."""
    load.check_folder(folder)
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    options = {"settings": asdict(settings), "audience": str(asdict(look.audience)),
               "templates": template_bytes(look), "version": __version__,
               "single_story": single_story}
    digest.update(json.dumps(options, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


def template_bytes(look: Look) -> str:
    """A hash of the user's template folder, so editing a template triggers a rebuild."""
    if look.user_templates is None:
        return ""
    digest = hashlib.sha256()
    for path in sorted(p for p in look.user_templates.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(look.user_templates)).encode() + path.read_bytes())
    return digest.hexdigest()


def already_built(day_folder: Path, fingerprint: str) -> bool:
    """The day's folder holds a JSON built from exactly this input."""
    return any(stamped_with(path) == fingerprint for path in day_folder.glob("*.json"))


def stamped_with(json_path: Path) -> str | None:
    """The input hash a JSON file records, if any."""
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data.get("input_hash") if isinstance(data, dict) else None


def remove_stale(day_folder: Path, written: list[Path]) -> None:
    """Remove what an earlier build of the day wrote and this one did not (stories regroup)."""
    for path in [*day_folder.glob("briefing-*"), *day_folder.glob("index-*")]:
        if path not in written and path.is_file():
            path.unlink()


def stamp(json_bytes: bytes, fingerprint: str) -> bytes:
    """The briefing JSON with the input hash recorded in it."""
    data = json.loads(json_bytes)
    data["input_hash"] = fingerprint
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
