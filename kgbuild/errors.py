"""The project's own exceptions, turned into one-line messages and exit codes at the CLI."""

from __future__ import annotations

import difflib
import re

EXIT_CHECK_FAILED = 1
EXIT_BAD_INPUT = 2


def did_you_mean(word: str, choices) -> str | None:
    """A hint naming the closest known word, for a misspelt key or id."""
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else None


# Characters that would end or break a line of a message: line breaks of every kind, other
# controls, and halves of a character that a non-UTF-8 argument leaves behind.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def one_line(text: str) -> str:
    """`text` with every character that would break the line written as an escape."""
    def escape(match: re.Match) -> str:
        char = match.group()
        return {"\n": "\\n", "\r": "\\r"}.get(char, f"\\u{ord(char):04x}")
    return _UNPRINTABLE.sub(escape, text)


class KgError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = EXIT_BAD_INPUT
    # Whether the message is laid out on several lines on purpose, each made safe where it
    # was written; otherwise the command line prints it as one line.
    multiline = False


class InputError(KgError):
    """Bad input: names the file, line (and column), field and what to do."""

    multiline = True  # one line, and the excerpt below it

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: int | None = None, field: str | None = None, hint: str | None = None,
                 excerpt: str | None = None):
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.hint = hint
        self.excerpt = excerpt
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: "
        if self.field:
            text += f"field '{self.field}': "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        text = one_line(text)
        if self.excerpt:
            text += "\n" + self.excerpt
        return text


class CheckFailed(KgError):
    """A check or validation found problems; the report says which."""

    exit_code = EXIT_CHECK_FAILED

    def __init__(self, report: str):
        self.report = report
        super().__init__(report)


class QueryError(KgError):
    """A stored query is missing, malformed, or was given bad parameters."""


class InputErrors(KgError):
    """Several independent input problems, reported together so one run shows them all."""

    def __init__(self, errors: list[KgError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class Collector:
    """Gathers the input errors of independent items (files, claims) instead of stopping at
    the first, then raises them together at the end of a phase."""

    def __init__(self):
        self.errors: list[KgError] = []

    def attempt(self, func, *args, **kwargs):
        try:
            return func(*args, **kwargs)
        except InputErrors as exc:
            self.errors.extend(exc.errors)
        except InputError as exc:
            self.errors.append(exc)
        return None

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise InputErrors(list(self.errors))


class OutputError(KgError):
    """An output file or folder could not be written; nothing of it was changed."""

    def __init__(self, path, reason):
        why = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
        super().__init__(f"cannot write {path}: {why}; check that its folder exists and can "
                         "be written, and that the disk has room")
