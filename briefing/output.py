"""Output: write files whole or not at all (a temp file in the same folder, then a rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefing.audience import Audience, builtin_templates
from briefing.errors import OutputError

FILE_MODE = 0o666  # what open() would ask for; the umask takes its share off


def write_files(files: dict[Path, bytes], option: str = "--out") -> list[Path]:
    """Write every file to a temp name first, then rename them all: no file is ever half-written.

    option: the command-line option a user changes to write elsewhere, named in errors.

    When anything fails before the renames, a Ctrl-C included, the temp files go and so do the
    folders made for them, so a failed run leaves nothing behind.
    """
    temps: list[Path] = []
    made: list[Path] = []
    try:
        for path, data in files.items():
            check_output_folder(path.parent, option)
            made += [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            temps.append(write_temp(path, data))
        for temp, path in zip(temps, files, strict=True):
            os.replace(temp, path)
    except OSError as error:
        discard(temps, made)
        raise OutputError(f"cannot write {error.filename or 'output'}: {error.strerror}; "
                          f"choose a writable folder with {option}") from None
    except BaseException:
        discard(temps, made)
        raise
    return list(files)


def write_temp(path: Path, data: bytes) -> Path:
    """data in a hidden temp file beside path (`.NAME.XXXX.tmp`), synced, with usual permissions."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(FILE_MODE & ~current_umask())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def current_umask() -> int:
    """The process umask (mkstemp makes files readable by the owner only; we want the usual)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_output_folder(folder: Path, option: str) -> None:
    """Fail early, naming the path, when folder or one of its parents is a file."""
    for parent in (folder, *folder.parents):
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"cannot write to {str(folder)!r}: {str(parent)!r} is a file, "
                                  f"not a folder; choose a writable folder with {option}")
            return


def discard(temps: list[Path], folders: list[Path]) -> None:
    """Remove the temp files left, then the folders this run made if they are empty again."""
    for temp in temps:
        temp.unlink(missing_ok=True)
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            continue


def export_audience(audience: Audience, folder: Path) -> list[Path]:
    """Copy the base templates, then the audience's over them, into a new or empty folder."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{str(folder)!r} is a file, not a folder: choose a new or empty folder")
    if folder.exists() and any(folder.iterdir()):
        raise OutputError(f"folder {str(folder)!r} is not empty: choose a new or empty folder")
    files = {folder / p.name: p.read_bytes()
             for source in (builtin_templates() / "base", audience.folder)
             for p in sorted(source.iterdir()) if p.is_file()}
    return write_files(files, option="the DIR argument")
