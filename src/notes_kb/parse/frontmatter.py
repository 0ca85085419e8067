"""One note file's text -> Note: frontmatter split and normalised, title and id rules. Pure."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from notes_kb.model import Diagnostic, Note
from notes_kb.parse.title import heading_title, title_from_fname

if TYPE_CHECKING:
    import yaml

_OPEN = re.compile(r"---[ \t]*\n")
# Keys whose YAML value is kept as the author typed it: `title: 0.89` is a title, not a float.
_TEXT_KEYS = ("id", "title", "desc")
_MS_THRESHOLD = 100_000_000_000  # larger epoch numbers are milliseconds (after 1973 in ms)
# Bounds on what one note's frontmatter may cost: YAML aliases can make a 1 KB text expand
# to billions of values ("billion laughs"), nesting can exhaust the stack, a scalar can be
# megabytes. Beyond these, the frontmatter is refused (a diagnostic) and the body loads.
MAX_FRONTMATTER_CHARS = 256 * 1024
MAX_SCALAR_CHARS = 64 * 1024
MAX_DEPTH = 64
MAX_VALUES = 10_000  # counted with every alias expanded
# Frontmatter lines read without YAML (`simple_frontmatter`): a plain key and a value that
# is a single-quoted text, a decimal integer as YAML 1.1 reads one (no sign, no leading 0,
# no `_`) or a word of digits and letters opening on a digit (`5kixsvumd19a`: no number,
# date or time to YAML, unless `0b...` or `0x...`), a plain text opening on a letter with
# none of the characters YAML gives a meaning to, or a list of such texts, in brackets (`[a, b c]`,
# where a comma ends an item) or on the lines below the key (`  - a`).
_PLAIN = r"[A-Za-z][A-Za-z0-9 _.,()/-]*(?<! )"
_ITEM = r"[A-Za-z][A-Za-z0-9 _./-]*(?<! )"
_SIMPLE_LINE = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]*):"
    r"(?: '((?:[^'\n]|'')*)'| ([0-9][0-9a-z]{0,63})"
    rf"| ({_PLAIN})| \[((?:{_ITEM}(?:, {_ITEM})*)?)\]|)"
)
_BELOW = re.compile(rf"  - ({_ITEM})")
# the plain words YAML 1.1 reads as a boolean or null, not as text
_NOT_TEXT = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF "
    "null Null NULL".split()
)
_SIMPLE_LINES = 200


class NoteFrontmatter:
    """The frontmatter split, and its YAML read with a hardened safe loader.

    What the README promises: only the first line opens (`---`), `---` or `...` closes, and
    the caller learns where the body starts (for line numbers) and whether the fence never
    closed (the whole text is then body). YAML loads only for a note that has frontmatter
    (15 to 20 ms of a run that parses one note without it); python-frontmatter's handler,
    once the base of this class, is not loaded at all (7 ms of every run that parses)."""

    FM_BOUNDARY = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)

    def detect(self, text: str) -> bool:
        return _OPEN.match(text) is not None

    def locate(self, text: str) -> tuple[int, int, int] | None:
        """(YAML start, YAML end, body start) offsets, or None when no fence closes."""
        opening = _OPEN.match(text)
        assert opening is not None
        close = self.FM_BOUNDARY.search(text, opening.end())
        if close is None:
            return None
        return opening.end(), close.start(), min(len(text), close.end() + 1)

    def split(self, text: str) -> tuple[str, str]:
        found = self.locate(text)
        if found is None:
            return "", text
        return text[found[0] : found[1]], text[found[2] :]

    def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
        return load_frontmatter(fm)[0]


HANDLER = NoteFrontmatter()


def parse_note(text: str, path: str, vault: str = "") -> tuple[Note, list[Diagnostic]]:
    """Build a Note from decoded text; problems become diagnostics and the body still loads."""
    # CRLF and old Mac CR-only files: one line per line, and no bare CR to rewrite a tty line
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    diagnostics: list[Diagnostic] = []
    meta: dict[str, Any] = {}
    raw: dict[str, str] = {}
    body_offset, body_line = 0, 1
    if HANDLER.detect(text):
        found = HANDLER.locate(text)
        if found is None:
            diagnostics.append(
                Diagnostic(
                    path,
                    1,
                    "error",
                    "frontmatter-unclosed",
                    "frontmatter starts with --- but has no closing --- line; read as body",
                )
            )
        else:
            yaml_text = text[found[0] : found[1]]
            body_offset = found[2]
            body_line = text.count("\n", 0, body_offset) + 1
            meta, raw, problem = load_frontmatter(yaml_text)
            if problem is not None:
                line, message = problem
                # YAML counts U+2028 and U+0085 as line breaks, the file's lines do not: a
                # line past the frontmatter's closing --- is that line
                at = min(1 + line, body_line - 1) if line else 1
                diagnostics.append(Diagnostic(path, at, "error", "frontmatter-invalid", message))
    fname = path.rsplit("/", 1)[-1]
    named = fname.lower().endswith(".md") and len(fname) > 3  # ".md" alone is all name
    fname = fname[:-3] if named else fname
    stem_path = path[:-3] if named else path
    body = text[body_offset:]

    note_id = _text(meta, raw, "id") or stem_path
    title = _text(meta, raw, "title") or heading_title(body, fname) or title_from_fname(fname)
    created = to_datetime(meta.get("created"))
    updated = to_datetime(meta.get("updated"))
    for key, value, parsed in (
        ("created", meta.get("created"), created),
        ("updated", meta.get("updated"), updated),
    ):
        if value not in (None, "") and parsed is None:
            diagnostics.append(
                Diagnostic(
                    path,
                    1,
                    "warning",
                    "frontmatter-type",
                    f"{key}: {str(value)[:40]!r} is not a time (epoch ms, "
                    "epoch seconds or an ISO date)",
                )
            )
    tags, tag_problem = to_tags(meta.get("tags"))
    if tag_problem:
        diagnostics.append(Diagnostic(path, 1, "warning", "frontmatter-type", tag_problem))
    note = Note(
        id=note_id,
        title=title,
        fname=fname,
        path=path,
        vault=vault,
        desc=_text(meta, raw, "desc"),
        tags=tags,
        created=created,
        updated=updated,
        frontmatter=meta,
        source=text,
        body_offset=body_offset,
        body_line=body_line,
    )
    return note, diagnostics


def load_frontmatter(
    yaml_text: str,
) -> tuple[dict[str, Any], dict[str, str], tuple[int, str] | None]:
    """Parse YAML into (values, raw scalars of text keys, (line, problem) or None)."""
    if not yaml_text.strip():
        return {}, {}, None
    simple = simple_frontmatter(yaml_text)
    if simple is not None:
        return simple[0], simple[1], None
    return yaml_frontmatter(yaml_text)


def simple_frontmatter(yaml_text: str) -> tuple[dict[str, Any], dict[str, str]] | None:
    """(values, raw scalars of text keys) of frontmatter made only of the lines most notes
    have (`_SIMPLE_LINE`: Dendron writes `id`, `title`, `desc`, `updated`, `created` and
    `tags` so), read as YAML's safe loader reads them, without loading YAML (5 to 10 ms of
    a run that parses one note); None for anything else, which YAML reads."""
    if len(yaml_text) > MAX_FRONTMATTER_CHARS:
        return None  # refused by YAML's reading, with a diagnostic
    lines = yaml_text.split("\n")
    if lines[-1] or len(lines) > _SIMPLE_LINES:
        return None
    values: dict[str, Any] = {}
    raw: dict[str, str] = {}
    below: list[str] | None = None  # a list whose items are on the lines below its key
    for line in lines[:-1]:
        if below is not None and (item := _BELOW.fullmatch(line)) is not None:
            below.append(item[1])
            continue
        found = _SIMPLE_LINE.fullmatch(line) if len(line) <= MAX_SCALAR_CHARS else None
        if found is None or below == []:  # a key with nothing below it is null to YAML
            return None
        key, quoted, word, plain, listed = found.groups()
        if key in values or key in _NOT_TEXT or plain in _NOT_TEXT:
            return None
        below = None
        value: Any
        if quoted is not None:
            if not quoted.isprintable():
                return None
            value = text = quoted.replace("''", "'")
        elif word is not None:
            if word[0] == "0" and (word[1:].isdigit() or word[1:2] in ("b", "x")):
                return None  # octal, binary or hexadecimal to YAML 1.1
            value, text = (int(word) if word.isdigit() else word), word
        elif plain is not None:
            value = text = plain
        else:
            value = listed.split(", ") if listed else []
            if listed is None:
                below = value  # filled from the lines below
            if key in _TEXT_KEYS:
                return None  # a list: YAML keeps no raw text of it
        if key in _TEXT_KEYS:
            raw[key] = value = text
        values[key] = value
    if below == [] or any(
        item in _NOT_TEXT for value in values.values() if isinstance(value, list) for item in value
    ):
        return None
    return values, raw


def yaml_frontmatter(
    yaml_text: str,
) -> tuple[dict[str, Any], dict[str, str], tuple[int, str] | None]:
    """What `load_frontmatter` gives, read by YAML's safe loader, bounded (`_over_bounds`)."""
    import yaml  # here: a run that parses only notes without frontmatter never loads it

    key_node: yaml.Node | None = None  # the entry being built, to place construction errors
    if len(yaml_text) > MAX_FRONTMATTER_CHARS:
        return {}, {}, (1, f"frontmatter is over {MAX_FRONTMATTER_CHARS // 1024} KB; ignored")
    try:
        refusal = _over_bounds(yaml_text)
        if refusal is not None:
            return {}, {}, refusal
        loader = _loader()(yaml_text)
        try:
            node = loader.get_single_node()
            if node is None:
                return {}, {}, None
            if not isinstance(node, yaml.MappingNode):
                return (
                    {},
                    {},
                    (
                        node.start_mark.line + 1,
                        "frontmatter is not a mapping of keys to values; ignored",
                    ),
                )
            values: dict[str, Any] = {}
            raw: dict[str, str] = {}
            problem: tuple[int, str] | None = None
            for key_node, value_node in node.value:
                key = str(loader.construct_object(key_node, deep=True))
                if key in values:
                    if problem is None:
                        problem = (
                            key_node.start_mark.line + 1,
                            f"duplicate frontmatter key {key!r}; the first is kept",
                        )
                    continue
                values[key] = loader.construct_object(value_node, deep=True)
                if (
                    key in _TEXT_KEYS
                    and isinstance(value_node, yaml.ScalarNode)
                    and values[key] is not None  # `title: null` is no title, not "null"
                ):
                    raw[key] = value_node.value
                    values[key] = value_node.value  # `id: 0123` is "0123" in --json too
            return values, raw, problem
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        # for a bracket or quote left open the context mark is where it opened, which is where
        # a person has to look; otherwise (block structure, tabs) the problem mark is the line
        mark = getattr(error, "problem_mark", None)
        context = getattr(error, "context", None) or ""
        if any(word in context for word in ("flow", "quoted", "simple key")):
            mark = getattr(error, "context_mark", None) or mark
        line = mark.line + 1 if mark is not None else 0
        if isinstance(error, yaml.reader.ReaderError):  # no mark: find the refused character
            line = yaml_text.count("\n", 0, max(0, yaml_text.find(chr(error.character)))) + 1
        # a mark at the end of the stream points past the YAML, at the closing fence
        line = min(line, len(yaml_text.rstrip().split("\n")))
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return {}, {}, (line, f"invalid YAML frontmatter: {reason}; frontmatter ignored")
    except (TypeError, ValueError, RecursionError) as error:  # unhashable keys, bad timestamps
        line = key_node.start_mark.line + 1 if key_node is not None else 0
        return {}, {}, (line, f"invalid YAML frontmatter: {error}; frontmatter ignored")


@cache
def _loader() -> type[yaml.SafeLoader]:
    """LibYAML's safe loader where PyYAML was built with it, else the pure Python one."""
    import yaml

    found: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return found


def _over_bounds(yaml_text: str) -> tuple[int, str] | None:
    """(line, why) when the YAML would cost too much to build, else None. One pass over the
    parser's events (no objects built, no recursion): depth, scalar sizes, and the number
    of values with every alias expanded, known from each anchored node's size."""
    import yaml

    sizes: dict[str, int] = {}
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, values before it)
    total = 0
    for event in yaml.parse(yaml_text, Loader=_loader()):
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.ScalarEvent):
            if len(event.value) > MAX_SCALAR_CHARS:
                limit = MAX_SCALAR_CHARS // 1024
                return line, f"a frontmatter value is over {limit} KB; frontmatter ignored"
            total += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            open_nodes.append((event.anchor, total))
            if len(open_nodes) > MAX_DEPTH:
                return line, f"frontmatter nests over {MAX_DEPTH} levels deep; ignored"
        elif isinstance(event, yaml.CollectionEndEvent) and open_nodes:
            anchor, before = open_nodes.pop()
            total += 1
            if anchor:
                sizes[anchor] = total - before
        elif isinstance(event, yaml.AliasEvent):
            total += sizes.get(event.anchor or "", 1)
        if total > MAX_VALUES:
            return line, (
                f"frontmatter expands to over {MAX_VALUES:,} values (YAML aliases); ignored"
            )
    return None


def _text(meta: dict[str, Any], raw: dict[str, str], key: str) -> str:
    if key in raw:
        return raw[key].strip()
    value = meta.get(key)
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value).strip()


def to_datetime(value: Any) -> datetime | None:
    """Epoch ms or s, an ISO string, a YAML date: a UTC datetime, or None when it is none."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if re.fullmatch(r"-?\d+(\.\d+)?", value):
            value = float(value)
        else:
            try:
                value = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return None
    if isinstance(value, int | float):
        seconds = value / 1000 if abs(value) >= _MS_THRESHOLD else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        try:
            return value.astimezone(UTC)
        except OverflowError:  # year 1 with a positive offset has no UTC time
            return None
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None


def to_tags(value: Any) -> tuple[tuple[str, ...], str | None]:
    """A tag string, comma list or YAML list -> tuple of tags without '#'."""
    if value is None:
        return (), None
    if isinstance(value, str):
        items: list[Any] = re.split(r"[,\s]+", value)
    elif isinstance(value, list | tuple):
        items = list(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        items = [value]
    else:
        return (), f"tags: expected a string or a list, got {type(value).__name__}; ignored"
    tags: list[str] = []
    for item in items:
        if isinstance(item, dict | list) or item is None:
            continue
        tag = str(item).strip().lstrip("#")
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags), None
