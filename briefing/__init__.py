"""briefing: a folder of news articles in, a one-page sourced briefing out."""

import sys

__version__ = "0.1.0"


def import_nltk_without_statistics() -> None:
    """Import NLTK as it runs without SciPy's statistics, before anything else imports it.

    NLTK's package import brings in scipy.stats (about a second of every run) only for tests in
    its collocation and translation modules that briefing never calls; it treats SciPy as
    optional (each such import is guarded by `except ImportError`). A None entry in sys.modules
    makes that one import fail (the import system's documented module cache), and it goes as
    soon as NLTK is in, so scipy.stats imports as usual for any later caller.
    """
    if "nltk" in sys.modules or "scipy.stats" in sys.modules:
        return
    sys.modules["scipy.stats"] = None  # type: ignore[assignment]
    try:
        import nltk  # noqa: F401
    finally:
        del sys.modules["scipy.stats"]
