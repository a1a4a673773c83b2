"""Output: write files whole or not at all (a temp file in the same folder, then a rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefing.audience import Audience, builtin_templates
from briefing.errors import OutputError


def write_files(files: dict[Path, bytes]) -> list[Path]:
    """Write every file to a temp name first, then rename them all; on failure leave nothing."""
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps.append((Path(temp), path))
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        for temp, path in temps:
            os.replace(temp, path)
    except OSError as error:
        raise OutputError(f"cannot write {error.filename or 'output'}: {error.strerror}; "
                          "choose a writable folder with --out") from None
    finally:
        for temp, _ in temps:
            temp.unlink(missing_ok=True)
    return list(files)


def export_audience(audience: Audience, folder: Path) -> list[Path]:
    """Copy the base templates, then the audience's over them, into a new or empty folder."""
    if folder.exists() and any(folder.iterdir()):
        raise OutputError(f"folder {str(folder)!r} is not empty: choose a new or empty folder")
    files = {folder / p.name: p.read_bytes()
             for source in (builtin_templates() / "base", audience.folder)
             for p in sorted(source.iterdir()) if p.is_file()}
    return write_files(files)
