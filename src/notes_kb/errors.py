"""One exception hierarchy; the CLI maps it to exit codes in one place."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2


class NotesError(Exception):
    """A problem the user can fix; printed as one line, never a traceback."""

    exit_code = ExitCode.ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def did_you_mean(suggestions: list[str]) -> str | None:
    if not suggestions:
        return None
    return "did you mean " + ", ".join(f'"{s}"' for s in suggestions) + "?"


class VaultNotFoundError(NotesError):
    pass


class NoteNotFoundError(NotesError):
    def __init__(self, query: str, suggestions: list[str] | None = None) -> None:
        self.query = query
        self.suggestions = suggestions or []
        super().__init__(f'no note "{query}"', did_you_mean(self.suggestions))


class AmbiguousNoteError(NotesError):
    def __init__(self, query: str, candidates: list[str]) -> None:
        self.query = query
        self.candidates = candidates
        super().__init__(
            f'"{query}" matches {len(candidates)} notes: ' + ", ".join(candidates),
            "name one of them exactly, e.g. by its file name",
        )


class OutsideVaultError(NotesError):
    pass


class BadOptionError(NotesError):
    exit_code = ExitCode.USAGE


class TermNotFoundError(NotesError):
    """No note defines the term; the hint names a note named for it ("Word2Vec.md", which
    defines it in no form the finder reads), close terms, and where the notes say the term
    without defining it ("path:line"), which `notes search` shows."""

    def __init__(
        self,
        query: str,
        suggestions: list[str] | None = None,
        said: list[str] | None = None,
        named: list[str] | None = None,
    ) -> None:
        from shlex import quote

        self.query = query
        self.suggestions = suggestions or []
        self.said = said or []
        self.named = named or []
        hints = [did_you_mean(self.suggestions) or ""]
        if self.said:
            notes = f"{len(self.said)} notes" if len(self.said) > 1 else "1 note"
            where = ", ".join(self.said[:2]) + (", ..." if len(self.said) > 2 else "")
            hints.append(f"said without a definition in {notes} ({where}): notes search {query}")
        hint = " ".join(filter(None, hints))
        if self.named:  # first: the likeliest answer
            shown = f"a note is named for it: notes show {quote(self.named[0])}"
            hint = f"{shown}; {hint}" if hint else shown
        super().__init__(f'no term "{query}" in the glossary', hint)


class WriteRefusedError(NotesError):
    """A write that would be unsafe (a file changed on disk, a read-only vault, a link out
    of the vault, a name taken) and so was not made."""
