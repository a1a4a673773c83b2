"""The ground floor: the data types between stages, settings, errors and shared text resources.

Holds `models` (the frozen dataclasses every stage passes on, the section kinds), `settings`
and `config` (defaults shipped in `defaults.toml`, a profile layered on top), `errors` (the
catalogue of user errors), `wordlists` (the `.tsv` tables under `briefing/data/`), `languages`
(stemmers, stop words, language detection), `naming` (file names) and `runtime` (process-wide
knobs: garbage collection, NLTK's import). Imports nothing else of briefing.
"""

__version__ = "0.1.0"
