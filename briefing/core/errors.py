"""Every error a user can cause, in one place: each names the thing, the options and the fix.

Anything that is not a BriefingError is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Sequence


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


# Command line (exit code 2: a value outside an option's choices)

def unknown_option_value(what: str, value: str, options: Sequence[str], hint: str = "") -> UsageError:
    return UsageError(f"unknown {what} {value!r}: choose {'from' if hint else 'one of'} "
                      f"{', '.join(options)}{hint}")


def selection_only(algorithm: str, builders: Sequence[str]) -> SettingsError:
    return SettingsError(f"algorithm {algorithm!r} only chooses a --words summary (briefing summarize), "
                         f"it lays out no page: build with one of {', '.join(builders)}")


def not_a_date(value: str) -> UsageError:
    return UsageError(f"date {value!r} is not a date: write it as YYYY-MM-DD")


def missing_template_folder(path: object) -> SettingsError:
    return SettingsError(f"template folder {str(path)!r} does not exist: pass a folder")


# Output

def cannot_write(name: str, reason: str, option: str) -> OutputError:
    return OutputError(f"cannot write {name}: {reason}; choose a writable folder with {option}")


def file_in_the_way(folder: object, parent: object, option: str) -> OutputError:
    return OutputError(f"cannot write to {str(folder)!r}: {str(parent)!r} is a file, not a folder; "
                       f"choose a writable folder with {option}")


def export_onto_file(folder: object) -> OutputError:
    return OutputError(f"{str(folder)!r} is a file, not a folder: choose a new or empty folder")


def export_into_full_folder(folder: object) -> OutputError:
    return OutputError(f"folder {str(folder)!r} is not empty: choose a new or empty folder")


# Templates and the page

def template_syntax(where: str, line: int | None, problem: str) -> TemplateError:
    return TemplateError(f"{where}:{line}: {problem}")


def template_not_found(name: str | None) -> TemplateError:
    return TemplateError(f"template {name!r} not found in the template folders")


def template_failed(where: str, problem: str) -> TemplateError:
    return TemplateError(f"{where}: {problem}")


def template_recursion(name: str) -> TemplateError:
    return TemplateError(f"{name}: a template includes or extends itself, without end")


def nothing_fits(with_first: float, without: float) -> SettingsError:
    return SettingsError(f"not one item fits the page: the briefing with its first item fills "
                         f"{with_first:.1f} pages, its title, header and sources alone {without:.1f}; "
                         "lower type_size or shorten the template")


def audience_shows_nothing(audience: str, items: int) -> SettingsError:
    return SettingsError(f"the audience {audience!r} shows none of the briefing's {items} items: "
                         "check sections and items_per_section in its audience.toml")


# Mail

def no_recipient() -> MailError:
    return MailError("no recipient: give --to ADDRESS or set [mail] to in audience.toml")


def no_sender(variable: str) -> MailError:
    return MailError(f"no sender: give --from ADDRESS, set [mail] from in audience.toml, or set {variable}")


def smtp_and_eml() -> MailError:
    return MailError("give --smtp to send the message or --eml to write it, not both")


def no_password(user: str, variable: str) -> MailError:
    return MailError(f"--user {user!r} needs a password: set {variable}")


def nowhere_to_deliver() -> MailError:
    return MailError("nowhere to deliver: give --smtp HOST:PORT to send, or --eml FILE to write")


def bad_address(value: str, reason: str) -> MailError:
    return MailError(f"invalid e-mail address {value!r}: {reason}; write it as name@example.org")


def subject_with_line_break(subject: str) -> MailError:
    return MailError(f"invalid subject {subject!r}: it contains a line break; use one line")


def cannot_attach(path: object, reason: str) -> MailError:
    return MailError(f"cannot attach {str(path)!r}: {reason}")


def cannot_write_message(path: object, reason: str) -> MailError:
    return MailError(f"cannot write {str(path)!r}: {reason}; choose a writable folder")


def password_in_clear(server: str) -> MailError:
    return MailError(f"{server} offers no STARTTLS, so the password would cross the network "
                     "unencrypted; use --ssl or a server that offers STARTTLS")


def some_refused(server: str, refused: str) -> MailError:
    return MailError(f"{server} refused {refused}; the others received the briefing, "
                     "check the refused addresses")


def all_refused(server: str, refused: str) -> MailError:
    return MailError(f"{server} refused {refused}; check the recipient addresses")


def sender_refused(server: str, sender: str, reply: str) -> MailError:
    return MailError(f"{server} refused sender {sender!r} ({reply}); use a sender the server accepts")


def login_not_ascii(server: str) -> MailError:
    return MailError(f"{server}: the SMTP user and password must be ASCII for smtplib's login; "
                     "use an ASCII user name and password for the mail account")


def login_rejected(server: str, user: str | None, reply: str, variable: str) -> MailError:
    return MailError(f"{server} rejected the login for user {user!r} ({reply}); check the user "
                     f"and {variable}")


def sending_failed(server: str, problem: str) -> MailError:
    return MailError(f"sending through {server} failed: {problem}")


def unreachable(server: str, problem: str) -> MailError:
    return MailError(f"cannot reach mail server {server}: {problem}; check the host, the port and "
                     "whether it needs SSL")


def bad_server(value: str) -> MailError:
    return MailError(f"invalid mail server {value!r}: write it as HOST:PORT, as in smtp.example.org:587")


def bad_port(value: str, highest: int) -> MailError:
    return MailError(f"invalid port in mail server {value!r}: choose 1 to {highest}")


class ClusterError(BriefingError):
    """A build cannot run on the Dask cluster it was sent to."""


def cluster_extra_missing() -> ClusterError:
    return ClusterError("--scheduler needs Dask distributed: pip install 'briefing[dask]'")


def url_extra_missing(location: str) -> ClusterError:
    return ClusterError(f"{location!r} is a URL, read with fsspec: pip install 'briefing[dask]'")


def scheduler_unreachable(address: str, problem: str) -> ClusterError:
    return ClusterError(f"cannot reach the Dask scheduler at {address} ({problem}): start it "
                        "(dask scheduler), or check the address and DASK_SCHEDULER_ADDRESS")


def no_cluster_workers(address: str) -> ClusterError:
    return ClusterError(f"the Dask scheduler at {address} has no workers: start some "
                        f"(dask worker {address} --nthreads 1)")


def unreadable_input(location: str, problem: str) -> InputError:
    return InputError(f"cannot list {location!r} ({problem}): check the URL and its credentials")


def changed_while_built(name: str) -> InputError:
    return InputError(f"{name} changed while the build ran: run the build again")
