"""The read commands run without Typer: `show`, `links`, `glossary`, `define`, `concepts`
and `search`, when their arguments are plain.

Importing Typer and Click, every command's module and building the app (every command's
parameters) take about 30 ms of a warm command's 170 to 230 at 10,000 notes. The commands
here read argv themselves, by the same rules Click applies, and only in the forms that
leave no doubt: the global `--dir PATH` (`-d PATH`, `--dir=PATH`) and `--no-pager`, the
command, its options as `SPECS` lists them (`tests/test_cli_direct.py` checks the list
against the app's), and its arguments. Anything else (`--help`, `--version`, an unknown
option, a missing or extra argument, an option's value that starts with `-` or is empty,
an argument that is empty or not UTF-8, shell completion, a closed stdout or stderr) is
left to the Typer app, which prints what it always printed. The commands' bodies are
`cli/reading.py`'s, the ones the Typer commands call; errors become `Error: ...` and an
exit code as in `app._Commands.invoke`.
"""

from __future__ import annotations

import os
import sys
from typing import NamedTuple

FLAG = "flag"  # the option sets the parameter to its `set` value
TEXT = "text"  # the option takes a value
TEXTS = "texts"  # the option takes a value and may be repeated: a list
COUNT = "count"  # the option takes a whole number, 1 to LARGEST
LARGEST = 1_000_000_000  # `app._LARGEST`: no count, depth or limit comes near it


class Option(NamedTuple):
    parameter: str
    kind: str
    set: object = True  # what a FLAG sets


class Spec(NamedTuple):
    """A command's parameters: its arguments (in order; `optional` ones may be left out,
    a `many` one takes one or more words), its options and every parameter's default."""

    arguments: tuple[str, ...]
    optional: bool
    many: bool
    options: dict[str, Option]
    defaults: dict[str, object]


_JSON = {"--json": Option("json_out", FLAG)}
SPECS: dict[str, Spec] = {
    "show": Spec(
        ("note",),
        optional=False,
        many=False,
        options={
            "--raw": Option("raw", FLAG),
            "--pager": Option("pager", FLAG),
            "--no-pager": Option("pager", FLAG, False),
            **_JSON,
        },
        defaults={"raw": False, "json_out": False, "pager": True},
    ),
    "links": Spec(
        ("note",),
        optional=False,
        many=False,
        options={"--unlinked": Option("unlinked", FLAG), **_JSON},
        defaults={"unlinked": False, "json_out": False},
    ),
    "glossary": Spec(("prefix",), True, False, _JSON, {"prefix": None, "json_out": False}),
    "define": Spec(("term",), False, False, _JSON, {"json_out": False}),
    "concepts": Spec(("term",), True, False, _JSON, {"term": None, "json_out": False}),
    "search": Spec(
        ("query",),
        optional=False,
        many=True,
        options={
            "--not": Option("exclude", TEXTS),
            "--tag": Option("tag", TEXT),
            "--under": Option("under", TEXT),
            "--limit": Option("limit", COUNT),
            "-n": Option("limit", COUNT),
            **_JSON,
        },
        defaults={"exclude": None, "tag": None, "under": None, "limit": 20, "json_out": False},
    ),
}


class Parsed(NamedTuple):
    command: str
    given: str | None  # the --dir value
    no_pager: bool
    values: dict[str, object]  # every parameter of the command


def run(argv: list[str]) -> int | None:
    """Run the command here and return its exit code; None when argv is not one this
    module takes (nothing was done then: the Typer app runs it)."""
    if "_NOTES_COMPLETE" in os.environ or sys.stdout is None or sys.stderr is None:
        return None  # shell completion, or a stream closed at start: as the app does it
    parsed = parse(argv)
    if parsed is None:
        return None
    from notes_kb import collector
    from notes_kb.cli import output, reading
    from notes_kb.cli.pager import PAGING
    from notes_kb.errors import NotesError

    collector.resume()  # the modules are loaded
    PAGING.enabled, PAGING.vault_root = not parsed.no_pager, None
    body = getattr(reading, parsed.command)
    with output.ending_on_closed_output():
        try:
            code: int = body(parsed.given, **parsed.values)
        except NotesError as error:
            output.error(error.message, error.hint)
            return int(error.exit_code)
        except KeyboardInterrupt:
            return 130  # what Typer's main exits with
        return code
    return 1


def parse(argv: list[str]) -> Parsed | None:
    """The command and its parameters, when argv leaves no doubt about them."""
    if any(not _plain(arg) for arg in argv):
        return None
    given: str | None = None
    no_pager = False
    at = 0
    while at < len(argv) and argv[at].startswith("-"):
        arg = argv[at]
        if arg == "--no-pager" and not no_pager:
            no_pager = True
        elif arg in ("--dir", "-d") and given is None and at + 1 < len(argv):
            given = argv[at + 1]
            at += 1
        elif arg.startswith("--dir=") and given is None:
            given = arg.removeprefix("--dir=")
        else:
            return None
        if given is not None and (not given or given.startswith("-")):
            return None
        at += 1
    if at == len(argv) or argv[at] not in SPECS:
        return None
    command = argv[at]
    values = _command_values(SPECS[command], command == "search", argv[at + 1 :])
    return None if values is None else Parsed(command, given, no_pager, values)


def _command_values(spec: Spec, exclusions: bool, args: list[str]) -> dict[str, object] | None:
    """The command's parameters from its part of argv. `exclusions`: a `-word` that is no
    option leaves the word out (`search`, as `app._QueryCommand` rewrites it)."""
    values = dict(spec.defaults)
    words: list[str] = []
    lists: dict[str, list[str]] = {}  # the values of TEXTS options (and `-word`s), in order
    given: set[str] = set()
    at = 0
    while at < len(args):
        arg = args[at]
        at += 1
        if not arg.startswith("-"):
            words.append(arg)
            continue
        if arg == "-":  # click's argument for stdin
            return None
        name, joined, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if exclusions and not arg.startswith("--") and arg not in spec.options:
            if arg[:2] == "-n" and arg[2:].isdigit():  # `-n5`: the limit, as click reads it
                name, joined, value = "-n", "=", arg[2:]
            else:
                lists.setdefault("exclude", []).append(arg[1:])
                continue
        option = spec.options.get(name)
        if option is None or (option.kind != TEXTS and option.parameter in given):
            return None
        given.add(option.parameter)
        if option.kind == FLAG:
            if joined:
                return None
            values[option.parameter] = option.set
            continue
        if not joined:
            if at == len(args):
                return None
            value = args[at]
            at += 1
        if not value or value.startswith("-"):
            return None
        if option.kind == COUNT:
            if not (value.isascii() and value.isdigit() and 1 <= int(value) <= LARGEST):
                return None
            values[option.parameter] = int(value)
        elif option.kind == TEXTS:
            lists.setdefault(option.parameter, []).append(value)
        else:
            values[option.parameter] = value
    if any(not word for word in words):
        return None
    values.update(lists)
    names = spec.arguments
    if spec.many:
        if not words:
            return None
        values[names[0]] = words
    elif len(words) == len(names) or (spec.optional and len(words) == len(names) - 1):
        values.update(zip(names, words, strict=False))
    else:
        return None
    return values


def _plain(arg: str) -> bool:
    """Not a byte of argv that is not UTF-8 (Python's surrogate escapes): `app._Command`
    makes that a usage error."""
    return not any("\udc80" <= char <= "\udcff" for char in arg)
