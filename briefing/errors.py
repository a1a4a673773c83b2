"""Every error a user can cause, in one place: each names the thing, the options and the fix.

Anything that is not a BriefingError is a bug and keeps its traceback.
"""

from __future__ import annotations


class BriefingError(Exception):
    """A problem with the user's input or settings, shown as one line with exit code 1."""


class UsageError(BriefingError):
    """A command-line option has a value outside its choices: one line, exit code 2 (click's
    convention for bad usage, as for an unknown option)."""


class InputError(BriefingError):
    """The input folder or one of its files cannot be used."""


class SettingsError(BriefingError):
    """A settings or profile file has a bad value."""


class TemplateError(BriefingError):
    """A template cannot be loaded or rendered."""


class OutputError(BriefingError):
    """The output folder cannot be written."""


class MailError(BriefingError):
    """A message cannot be built or sent."""


def missing_folder(path: str) -> InputError:
    return InputError(f"input folder {path!r} does not exist: pass a folder of .txt, .md or .html articles")


def not_a_folder(path: str) -> InputError:
    return InputError(f"{path!r} is a file, not a folder: pass the folder that holds the articles")


def no_articles(path: str, skipped: list[tuple[str, str]] | None = None) -> InputError:
    """No article to brief; when files were skipped, how many and why the first was."""
    if skipped:
        name, reason = skipped[0]
        return InputError(f"no articles found in {path!r}: all {len(skipped)} files were skipped "
                          f"({name}: {reason})")
    return InputError(
        f"no articles found in {path!r}: add .txt, .md or .html files with article text"
    )


def unknown_choice(what: str, value: str, options: list[str]) -> SettingsError:
    return SettingsError(f"unknown {what} {value!r}: choose one of {', '.join(sorted(options))}")


def missing_file(what: str, path: object) -> SettingsError:
    return SettingsError(f"{what} {str(path)!r} does not exist: pass an existing TOML file")


def folder_not_file(what: str, path: object) -> SettingsError:
    return SettingsError(f"{what} {str(path)!r} is a folder: pass a TOML file")


def not_utf8(what: str, path: object) -> SettingsError:
    return SettingsError(f"{what} {str(path)!r} is not UTF-8 text: save it as UTF-8")


def bad_toml(what: str, path: object, problem: str) -> SettingsError:
    return SettingsError(f"{what} {str(path)!r} is not valid TOML: {problem}")


def unreadable(what: str, path: object, reason: str) -> SettingsError:
    return SettingsError(f"{what} {str(path)!r} cannot be read ({reason}): pass a readable TOML file")


def unknown_key(origin: str, key: str, known: list[str]) -> SettingsError:
    return SettingsError(f"{origin}: unknown setting {key!r}: known settings are {', '.join(known)}")


def not_a_table(origin: str, key: str) -> SettingsError:
    return SettingsError(f"{origin}: setting {key!r} must be a table, like [{key}]")


def bad_value(origin: str, key: str, value: object, allowed: str) -> SettingsError:
    return SettingsError(f"{origin}: setting {key!r} must be {allowed}, not {value!r}")


def min_above_max(low: int, high: int) -> SettingsError:
    return SettingsError(f"min_words ({low}) is above max_words ({high}): "
                         "no sentence could be an item")


def unknown_language(language: str) -> SettingsError:
    return SettingsError(f"unknown language {language!r}: use one sumy and NLTK support, "
                         "such as english, german, french, spanish or italian")
