"""The `notes` command: the global options, the commands (in `browse` and `study`), help that
prints plainly, and the one place where library errors become `Error: ...` and an exit code."""

from __future__ import annotations

import sys
from typing import Any

import click
import typer
from typer.core import TyperCommand, TyperGroup

from notes_kb import __version__
from notes_kb.cli import browse, cards, configure, output, serve, study, write
from notes_kb.cli.pager import PAGING
from notes_kb.errors import NotesError


class _HelpFormatter(click.HelpFormatter):
    """Typer escapes `[required]` and `[default: ...]` for Rich whenever Rich is installed,
    even when help is plain text (rich_markup_mode=None); plain help shows them unescaped."""

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, text.replace("\\[", "[")) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


class _Context(click.Context):
    formatter_class = _HelpFormatter


class _Command(TyperCommand):
    context_class = _Context

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Two usage errors no option can declare: an argument that is not UTF-8 text (a
        name or query is matched as text), and a number too large for any count."""
        for arg in args:
            if any(0xDC80 <= ord(char) <= 0xDCFF for char in arg):
                from notes_kb.files import display_name

                raise click.UsageError(f"argument '{display_name(arg)}' is not valid UTF-8", ctx)
        rest = super().parse_args(ctx, args)
        for param in self.params:
            value = ctx.params.get(param.name or "")
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _LARGEST:
                raise click.BadParameter(f"{value} is too large", ctx, param)
        return rest


_LARGEST = 1_000_000_000  # no count, depth or limit of notes comes near it


class _QueryCommand(_Command):
    """`notes search token -attention`: a `-word` that is no option of the command excludes
    the word, as in a search box, instead of failing as an unknown option."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        options = {name for p in self.params for name in (*p.opts, *p.secondary_opts)}
        takes_value = {
            name
            for p in self.params
            if isinstance(p, click.Option) and not p.is_flag
            for name in p.opts
        }
        rewritten: list[str] = []
        value_next = False
        for index, arg in enumerate(args):
            if arg == "--":
                rewritten += args[index:]
                break
            if value_next or arg in options or not _looks_like_exclusion(arg, takes_value):
                rewritten.append(arg)
                value_next = arg in takes_value
                continue
            rewritten.append(f"--not={arg[1:]}")
        return super().parse_args(ctx, rewritten)


def _looks_like_exclusion(arg: str, takes_value: set[str]) -> bool:
    """`-word`, but not `--option`, `-`, or a short option with its value (`-n5`)."""
    if not arg.startswith("-") or arg.startswith("--") or len(arg) < 2:
        return False
    return not (arg[:2] in takes_value and arg[2:].isdigit())


class _Commands(TyperGroup):
    """Turns the library's errors into `Error: ...` on stderr and an exit code: the one place."""

    context_class = _Context

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except NotesError as error:
            output.error(error.message, error.hint)
            raise typer.Exit(int(error.exit_code)) from None


app = typer.Typer(
    cls=_Commands,
    name="notes",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="A knowledge base over a folder of Markdown notes: list, browse and read them.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"notes {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    directory: str = typer.Option(
        None,
        "--dir",
        "-d",
        metavar="PATH",
        help="The vault: a folder of notes, an Obsidian vault or a Dendron workspace. Default: "
        "$NOTES_DIR, else the vault around the current folder, else `vault` in the user's "
        "notes.toml (see `notes config`).",
    ),
    no_pager: bool = typer.Option(
        False, "--no-pager", help="Never page long output (also: NOTES_PAGER=cat)."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    ctx.obj = {"dir": directory}
    PAGING.enabled, PAGING.vault_root = not no_pager, None


for command in (
    browse.show,
    browse.list_command,
    browse.tree,
    browse.check,
    browse.links,
    browse.tags,
    browse.graph,
    study.glossary_command,
    study.define,
    study.concepts,
    study.search_command,
    study.index_command,
    configure.config_command,
    cards.study,
    cards.export,
    write.new,
    write.daily,
    write.edit,
    write.rename,
    serve.serve,
):
    name = command.__name__.removesuffix("_command")
    app.command(name, cls=_QueryCommand if name == "search" else _Command)(command)


def main() -> None:
    """Console entry point; a closed pipe (`notes list | head`) ends quietly."""
    with output.ending_on_closed_output():
        app(prog_name="notes")
    sys.exit(1)
