"""Output: write files whole or not at all (a temp file in the same folder, then a rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefing.core import errors
from briefing.page.audience import Audience, builtin_templates

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
            _check_output_folder(path.parent, option)
            made += [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            path.parent.mkdir(parents=True, exist_ok=True)
            temps.append(temp_beside(path))  # listed before it is written: an interrupt finds it
            write_temp(temps[-1], data)
        for temp, path in zip(temps, files, strict=True):
            temp.replace(path)
    except OSError as error:
        _discard(temps, made)
        name = str(error.filename or "output")
        raise errors.cannot_write(name, error.strerror or "error", option) from None
    except BaseException:
        _discard(temps, made)
        raise
    return list(files)


def temp_beside(path: Path) -> Path:
    """A new, empty, hidden temp file beside path: `.NAME.XXXX.tmp`."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    return Path(name)


def write_temp(temp: Path, data: bytes) -> None:
    """data into the temp file, synced, with the usual permissions."""
    with temp.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    temp.chmod(FILE_MODE & ~_current_umask())


def _current_umask() -> int:
    """The process umask (mkstemp makes files readable by the owner only; we want the usual)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _check_output_folder(folder: Path, option: str) -> None:
    """Fail early, naming the path, when folder or one of its parents is a file."""
    for parent in (folder, *folder.parents):
        if parent.exists():
            if not parent.is_dir():
                raise errors.file_in_the_way(folder, parent, option)
            return


def _discard(temps: list[Path], folders: list[Path]) -> None:
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
        raise errors.export_onto_file(folder)
    if folder.exists() and any(folder.iterdir()):
        raise errors.export_into_full_folder(folder)
    files = {folder / p.name: p.read_bytes()
             for source in (builtin_templates() / "base", audience.folder)
             for p in sorted(source.iterdir()) if p.is_file()}
    return write_files(files, option="the DIR argument")
