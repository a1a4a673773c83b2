"""Process-wide speed knobs, each kept because a benchmark showed it pays (docs/benchmarks.md).

Every place that tunes the interpreter for speed calls one of these: NLTK's import without
SciPy's statistics, the garbage collector's policy during a build and at exit, and what a
worker process does when it starts.
"""

from __future__ import annotations

import gc
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

# during a build, middle-generation collections between two full ones (Python's default: 10)
MIDDLE_COLLECTIONS_PER_FULL = 1000


def import_nltk_without_statistics() -> None:
    """Import NLTK without the scipy.stats it imports only for functions briefing never calls.

    NLTK guards that import with `except ImportError`; a None entry in sys.modules makes that
    one import fail, and goes once NLTK is in, so scipy.stats imports as usual afterwards.
    """
    if "nltk" in sys.modules or "scipy.stats" in sys.modules:
        return
    sys.modules["scipy.stats"] = None  # type: ignore[assignment]
    try:
        import nltk  # noqa: F401
    finally:
        del sys.modules["scipy.stats"]


@contextmanager
def few_full_collections() -> Iterator[None]:
    """Within it, full garbage collections are rare: what a build reads lives until its end.

    The young generations are still collected. Layouts are made outside it: WeasyPrint's box
    trees are cycles, and holding their collections off grows memory.
    """
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, MIDDLE_COLLECTIONS_PER_FULL)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)


def freeze_what_lives_on() -> None:
    """Move every object alive now out of the collector's reach: it lives as long as the process
    (modules, a worker's inherited data) or the process is about to exit, dropping all at once."""
    gc.freeze()


def start_worker() -> None:
    """A worker process ignores Ctrl-C (the main process stops the run) and freezes what it
    inherited."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    freeze_what_lives_on()
