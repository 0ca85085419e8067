"""`notes search`: ranking, language handling, query syntax, filters and snippets, through
the library (Index + search) and through the CLI (--json and the human view)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_kb.cli.app import app
from notes_kb.config import locate
from notes_kb.errors import BadOptionError
from notes_kb.index.search import Results, search
from notes_kb.index.store import Index
from notes_kb.parse.search_syntax import join_arguments
from tests.conftest import VaultFactory, write_files

runner = CliRunner()
HIT_KEYS = {"id", "title", "path", "score", "line", "section", "snippet", "highlights"}
Searcher = Callable[[dict[str, str | bytes]], sqlite3.Connection]


def run(*args: str, vault: Path) -> tuple[int, str, str]:
    """The CLI in process, as tests/test_cli.py runs it: (exit code, stdout, stderr)."""
    result = runner.invoke(app, ["--dir", str(vault), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str, vault: Path) -> tuple[list[dict], str]:
    """`notes search --json ARGS`: the parsed hits and stderr; the exit code must be 0, or 1
    when nothing matches (like grep)."""
    code, out, err = run("search", "--json", *args, vault=vault)
    assert code == (0 if json.loads(out) else 1), err
    return json.loads(out), err


def note_paths(hits: list) -> list[str]:
    """The notes of a hit list in order, each once (hits of a note are grouped)."""
    seen: list[str] = []
    for hit in hits:
        path = hit["path"] if isinstance(hit, dict) else hit.path
        if path not in seen:
            seen.append(path)
    return seen


@pytest.fixture
def indexed(make_vault: VaultFactory, tmp_path: Path) -> Iterator[Searcher]:
    """Build a vault, index it in tmp_path/c and hand back the open connection."""
    opened: list[Index] = []

    def build(files: dict[str, str | bytes]) -> sqlite3.Connection:
        index = Index.open(locate(make_vault(files)), tmp_path / "c")
        index.refresh()
        opened.append(index)
        return index.conn

    yield build
    for index in opened:
        index.close()


# -- ranking ---------------------------------------------------------------------------------


def test_title_match_beats_body_only_match(indexed: Searcher) -> None:
    """A note whose title holds the word ranks above one that only mentions it in the text."""
    conn = indexed(
        {
            "body.md": "---\ntitle: Misc\n---\nwe talk about attention once here\n",
            "title.md": "---\ntitle: Attention\n---\nunrelated words here and there\n",
            "other.md": "---\ntitle: Other\n---\nnothing to see\n",
        }
    )
    assert note_paths(search(conn, "attention").hits) == ["title.md", "body.md"]


def test_heading_match_beats_body_match(indexed: Searcher) -> None:
    """A note with the word in a heading ranks above one with it only in the text."""
    conn = indexed(
        {
            "body.md": "---\ntitle: Misc\n---\nwe talk about attention once here\n",
            "heading.md": "---\ntitle: Models\n---\n## Attention\n\nsome text about models\n",
        }
    )
    results = search(conn, "attention")
    assert note_paths(results.hits) == ["heading.md", "body.md"]
    assert (results.hits[0].line, results.hits[0].section) == (4, "Attention")


def test_glossary_note_defining_the_term_ranks_first_with_its_definition(
    indexed: Searcher,
) -> None:
    """`- *token*: ...` makes its note the first hit, above title and frequent-body matches."""
    conn = indexed(
        {
            "glossary.md": "---\ntitle: Glossary\n---\n# Glossary\n\n"
            "- *token*: the unit a model reads\n- *logit*: a raw score\n",
            "budget.md": "---\ntitle: Token budget\n---\nSpend it wisely.\n",
            "many.md": "---\ntitle: Usage\n---\ntoken token token token counts.\n",
        }
    )
    results = search(conn, "token")
    assert results.definition == ("token", "the unit a model reads", "glossary.md", 6)
    assert note_paths(results.hits) == ["glossary.md", "budget.md", "many.md"]


def test_sentence_definition_ranks_first_with_its_definition(indexed: Searcher) -> None:
    """ "A token is ..." defines the term: that note leads and its sentence is the definition."""
    conn = indexed(
        {
            "basics.md": "---\ntitle: Basics\n---\n"
            "A token is the smallest unit of text a model reads.\n\nOther stuff.\n",
            "tricks.md": "---\ntitle: Token tricks\n---\nSaving money on prompts.\n",
            "many.md": "---\ntitle: Usage\n---\ntoken token token token counts.\n",
        }
    )
    results = search(conn, "token")
    assert results.definition == (
        "token",
        "A token is the smallest unit of text a model reads.",
        "basics.md",
        4,
    )
    assert note_paths(results.hits) == ["basics.md", "tricks.md", "many.md"]


def test_human_output_starts_with_the_definition_panel(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The human view opens with a panel titled by the term: its definition and path:line."""
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # drawn as on a terminal; piped is plain lines
    vault = make_vault(
        {
            "glossary.md": "---\ntitle: Glossary\n---\n# Glossary\n\n"
            "- *token*: the unit a model reads\n",
            "many.md": "---\ntitle: Usage\n---\ntoken counts.\n",
        }
    )
    code, out, err = run("search", "token", vault=vault)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("╭─ token ")
    assert [line.strip("│ ") for line in lines[1:3]] == ["the unit a model reads", "glossary.md:6"]
    assert lines[3].startswith("╰")
    assert lines[4:] == [
        "",
        "Glossary  glossary.md",
        "    6  § Glossary  - token: the unit a model reads",
        "",
        "Usage  many.md",
        "    4  token counts.",
        "",
        "2 notes",
    ]


# -- language --------------------------------------------------------------------------------


def test_stemming_plural_finds_singular_and_back(indexed: Searcher) -> None:
    """English words are stemmed: `transformers` finds `transformer` and the other way round."""
    conn = indexed(
        {
            "one.md": "---\ntitle: One\n---\nthe transformer architecture\n",
            "many.md": "---\ntitle: Many\n---\nall transformers here\n",
            "other.md": "---\ntitle: Other\n---\nrecurrent networks\n",
        }
    )
    for query in ("transformers", "transformer"):
        hits = search(conn, query).hits
        assert sorted(note_paths(hits)) == ["many.md", "one.md"]
        assert sorted(h.snippet[s:e] for h in hits for s, e in h.highlights) == [
            "transformer",
            "transformers",
        ]


@pytest.mark.parametrize("query", ["naive", "naïve", "NAÏVE"])
def test_diacritics_are_folded_both_ways(indexed: Searcher, query: str) -> None:
    """`naive` finds `naïve` and `naïve` finds `naive`; the highlight covers the word as written."""
    conn = indexed(
        {
            "accent.md": "---\ntitle: Accent\n---\nthe naïve approach\n",
            "plain.md": "---\ntitle: Plain\n---\nthe naive baseline\n",
            "other.md": "---\ntitle: Other\n---\nnothing here\n",
        }
    )
    hits = search(conn, query).hits
    assert sorted(note_paths(hits)) == ["accent.md", "plain.md"]
    words = {h.path: [h.snippet[s:e] for s, e in h.highlights] for h in hits}
    assert words == {"accent.md": ["naïve"], "plain.md": ["naive"]}


@pytest.mark.parametrize("query", ["注意力", "变换器", "机制是变换"])
def test_cjk_text_is_found_by_substring(
    indexed: Searcher, make_vault: VaultFactory, query: str
) -> None:
    """Chinese text without spaces is found by any run of its characters (library and CLI)."""
    files: dict[str, str | bytes] = {
        "cjk.md": "---\ntitle: 中文\n---\n注意力机制是变换器的核心\n",
        "other.md": "---\ntitle: 其他\n---\n循环神经网络\n",
    }
    conn = indexed(files)
    hits = search(conn, query).hits
    assert [(h.path, h.line, h.snippet) for h in hits] == [
        ("cjk.md", 4, "注意力机制是变换器的核心")
    ]
    data, err = run_json(query, vault=make_vault(files))
    assert (note_paths(data), err) == (["cjk.md"], "")


# -- query syntax ----------------------------------------------------------------------------

PHRASE_VAULT: dict[str, str | bytes] = {
    "near.md": "---\ntitle: Near\n---\nthe kv cache grows with the context\n",
    "apart.md": "---\ntitle: Apart\n---\nthe cache of a kv store\n",
}


def test_quoted_phrase_needs_the_words_together(indexed: Searcher) -> None:
    """`kv cache` finds both notes; `"kv cache"` only the one with the words side by side."""
    conn = indexed(PHRASE_VAULT)
    assert sorted(note_paths(search(conn, "kv cache").hits)) == ["apart.md", "near.md"]
    assert note_paths(search(conn, '"kv cache"').hits) == ["near.md"]


def test_shell_argument_with_a_space_is_a_phrase(make_vault: VaultFactory) -> None:
    """`notes search "kv cache"` is the phrase; `notes search kv cache` is two words."""
    assert join_arguments(["kv cache"]) == '"kv cache"'
    assert join_arguments(["kv", "cache"]) == "kv cache"
    assert join_arguments(['"kv cache"', "x"]) == '"kv cache" x'
    vault = make_vault(PHRASE_VAULT)
    data, _ = run_json("kv cache", vault=vault)
    assert note_paths(data) == ["near.md"]
    data, _ = run_json("kv", "cache", vault=vault)
    assert sorted(note_paths(data)) == ["apart.md", "near.md"]


def test_or_finds_either_word(indexed: Searcher) -> None:
    """`rag OR lora` finds notes with either; without OR the words are ANDed."""
    conn = indexed(
        {
            "rag.md": "---\ntitle: R\n---\nretrieval with rag\n",
            "lora.md": "---\ntitle: L\n---\nadapters like lora\n",
            "other.md": "---\ntitle: O\n---\nsomething else\n",
        }
    )
    assert sorted(note_paths(search(conn, "rag OR lora").hits)) == ["lora.md", "rag.md"]
    assert search(conn, "rag lora").hits == []


def test_minus_word_excludes_a_note_that_has_it_in_any_section(indexed: Searcher) -> None:
    """`attention -transformer` leaves out a note even when the two words are in other sections."""
    conn = indexed(
        {
            "both.md": "---\ntitle: Both\n---\n# Both\n\n## One\n\nattention here\n\n"
            "## Two\n\nthe transformer there\n",
            "opening.md": "---\ntitle: Opening\n---\nthe transformer first\n\n"
            "## Later\n\nattention later\n",
            "only.md": "---\ntitle: Only\n---\nattention alone\n",
        }
    )
    assert sorted(note_paths(search(conn, "attention").hits)) == [
        "both.md",
        "only.md",
        "opening.md",
    ]
    assert note_paths(search(conn, "attention -transformer").hits) == ["only.md"]


PREFIX_VAULT: dict[str, str | bytes] = {
    "tz.md": "---\ntitle: A\n---\ntokenization of text\n",
    "tzr.md": "---\ntitle: B\n---\nthe tokenizer splits\n",
    "other.md": "---\ntitle: C\n---\nembeddings only\n",
}


def test_prefix_finds_words_starting_with_it(indexed: Searcher) -> None:
    """`tokeniz*` finds tokenization and tokenizer although their stems are `token`."""
    conn = indexed(PREFIX_VAULT)
    hits = search(conn, "tokeniz*").hits
    assert sorted(note_paths(hits)) == ["tz.md", "tzr.md"]
    assert sorted(h.snippet[s:e] for h in hits for s, e in h.highlights) == [
        "tokenization",
        "tokenizer",
    ]


def test_prefix_does_not_find_a_shorter_word_with_the_same_stem(indexed: Searcher) -> None:
    """`tokeniz*` never finds a note that only says `token` (no word starts with tokeniz)."""
    conn = indexed({**PREFIX_VAULT, "token.md": "---\ntitle: D\n---\nplain token words\n"})
    assert sorted(note_paths(search(conn, "tokeniz*").hits)) == ["tz.md", "tzr.md"]


def test_prefix_of_nothing_finds_nothing(indexed: Searcher) -> None:
    """`zzzz*` (no word starts with it) gives no hits and no error."""
    conn = indexed(PREFIX_VAULT)
    assert search(conn, "zzzz*").hits == []


def test_prefix_of_nothing_cli_prints_empty_json(make_vault: VaultFactory) -> None:
    """`notes search --json 'zzzz*'` prints [] and exits 0."""
    assert run("search", "--json", "zzzz*", vault=make_vault(PREFIX_VAULT)) == (1, "[]\n", "")


# -- typo tolerance --------------------------------------------------------------------------

TYPO_VAULT: dict[str, str | bytes] = {
    "quant.md": "---\ntitle: Quant\n---\nquantization reduces precision\n",
    "other.md": "---\ntitle: Other\n---\nsomething unrelated\n",
}


def test_typo_is_corrected_to_the_closest_word(indexed: Searcher) -> None:
    """`quantizaton` is searched as `quantization` and the correction is reported."""
    results = search(indexed(TYPO_VAULT), "quantizaton")
    assert results.corrections == {"quantizaton": "quantization"}
    assert results.shown_query == "quantization"
    assert note_paths(results.hits) == ["quant.md"]


def test_a_typo_in_the_first_letter_is_corrected_too(indexed: Searcher) -> None:
    """The words under a typo's first letter are tried first; a first letter typed wrong
    (`wuantization`) still finds its word among all of them."""
    vault = indexed(TYPO_VAULT)
    assert search(vault, "wuantization").corrections == {"wuantization": "quantization"}
    assert search(vault, "somethng").corrections == {"somethng": "something"}


def test_typo_correction_notice_on_stderr_keeps_json_valid(make_vault: VaultFactory) -> None:
    """The CLI says `showing results for "quantization"` on stderr; stdout is pure JSON."""
    data, err = run_json("quantizaton", vault=make_vault(TYPO_VAULT))
    assert err == 'showing results for "quantization"\n'
    assert [(h["path"], h["snippet"]) for h in data] == [
        ("quant.md", "quantization reduces precision")
    ]


def test_word_with_no_close_word_is_empty_not_an_error(
    indexed: Searcher, make_vault: VaultFactory
) -> None:
    """A word close to nothing gives no hits, no correction, exit 1 and `[]`."""
    results = search(indexed(TYPO_VAULT), "xyzzyplugh")
    assert (results.hits, results.corrections, results.shown_query) == ([], {}, "xyzzyplugh")
    assert run("search", "--json", "xyzzyplugh", vault=make_vault(TYPO_VAULT)) == (1, "[]\n", "")


# -- filters ---------------------------------------------------------------------------------

FILTER_VAULT: dict[str, str | bytes] = {
    "a.md": "---\ntitle: A\ntags: [ml]\n---\nshared word\n",
    "a.b.md": "---\ntitle: AB\ntags: [ml.llm]\n---\nshared word\n",
    "a.b.c.md": "---\ntitle: ABC\ntags: [mlops]\n---\nshared word\n",
    "ab.md": "---\ntitle: Ab\ntags: [other, ML]\n---\nshared word\n",
    "b.md": "---\ntitle: B\n---\nshared word\n",
}


@pytest.fixture(scope="module")
def filtered(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[sqlite3.Connection, Path]]:
    """FILTER_VAULT written and indexed once for the filter tests below (they only read it):
    the library's open connection and the vault, whose CLI cache `filtered_cli` keeps."""
    root = tmp_path_factory.mktemp("filtered")
    vault = write_files(root / "vault", FILTER_VAULT)
    index = Index.open(locate(vault), root / "c")
    index.refresh()
    yield index.conn, vault
    index.close()


@pytest.fixture
def filtered_cli(
    filtered: tuple[sqlite3.Connection, Path], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The filter vault, the CLI's cache of it shared by the filter tests."""
    vault = filtered[1]
    monkeypatch.setenv("NOTES_CACHE_DIR", str(vault.parent / "cli-cache"))
    return vault


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ml", ["a.b.md", "a.md", "ab.md"]),
        ("#ml", ["a.b.md", "a.md", "ab.md"]),
        ("ml.llm", ["a.b.md"]),
        ("mlops", ["a.b.c.md"]),
        ("m", []),
    ],
)
def test_tag_filter_exact_and_sub_tags(
    filtered: tuple[sqlite3.Connection, Path], filtered_cli: Path, tag: str, expected: list[str]
) -> None:
    """--tag TAG keeps notes tagged TAG (any case) or TAG.x, never `mlops` for `ml`."""
    assert sorted(note_paths(search(filtered[0], "shared", tag=tag).hits)) == expected
    data, _ = run_json("shared", "--tag", tag, vault=filtered_cli)
    assert sorted(note_paths(data)) == expected


@pytest.mark.parametrize(
    ("under", "expected"),
    [
        ("a.*", ["a.b.c.md", "a.b.md", "a.md"]),
        ("a", ["a.b.c.md", "a.b.md", "a.md"]),
        ("a.b.*", ["a.b.c.md", "a.b.md"]),
        ("a*", ["a.b.c.md", "a.b.md", "a.md", "ab.md"]),
        ("zzz.*", []),
    ],
)
def test_under_filter_includes_the_note_itself_and_descendants(
    filtered: tuple[sqlite3.Connection, Path], filtered_cli: Path, under: str, expected: list[str]
) -> None:
    """--under a.* keeps `a` and everything below it, never the sibling `ab`."""
    assert sorted(note_paths(search(filtered[0], "shared", under=under).hits)) == expected
    data, _ = run_json("shared", "--under", under, vault=filtered_cli)
    assert sorted(note_paths(data)) == expected


def test_limit_counts_notes_and_keeps_the_best(indexed: Searcher, make_vault: VaultFactory) -> None:
    """--limit N gives the N best notes of the unlimited ranking, whatever their hit count."""
    files: dict[str, str | bytes] = {
        f"n{i}.md": f"---\ntitle: N{i}\n---\nword{' filler' * i}\n\n## S\n\nword again\n"
        for i in range(6)
    }
    conn = indexed(files)
    full = note_paths(search(conn, "word").hits)
    assert len(full) == 6
    limited = search(conn, "word", limit=2).hits
    assert note_paths(limited) == full[:2]
    assert len(limited) == 4  # two hits in each of the two notes
    data, _ = run_json("word", "--limit", "2", vault=make_vault(files))
    assert note_paths(data) == full[:2]
    data, _ = run_json("word", "-n", "1", vault=make_vault(files))
    assert note_paths(data) == full[:1]


def test_limit_zero_is_a_usage_error(indexed: Searcher, make_vault: VaultFactory) -> None:
    """--limit 0 exits 2 with the option named on stderr; the library raises BadOptionError."""
    code, out, err = run("search", "word", "--limit", "0", vault=make_vault(TYPO_VAULT))
    assert (code, out) == (2, "")
    assert "--limit" in err
    with pytest.raises(BadOptionError):
        search(indexed(TYPO_VAULT), "word", limit=0)


# -- snippets --------------------------------------------------------------------------------

SNIPPET_NOTE = (
    "---\n"  # 1
    "title: Optimisation\n"  # 2
    "tags: [ml]\n"  # 3
    "---\n"  # 4
    "# Optimisation\n"  # 5
    "\n"  # 6
    "Intro paragraph.\n"  # 7
    "\n"  # 8
    "## Optimisers\n"  # 9
    "\n"  # 10
    "- **Bold** lead item with [[other.note|a link]] here\n"  # 11
    "- `code` and *emph*\n"  # 12
    "- the gradient descent step\n"  # 13
    "\n"  # 14
    "Tail text.\n"  # 15
    "\n"  # 16
    "## Momentum\n"  # 17
    "\n"  # 18
    "Momentum smooths the path.\n"  # 19
)


def test_hit_line_section_snippet_and_highlights(indexed: Searcher) -> None:
    """A hit names the file line of the match (frontmatter counted), its heading, and the
    highlight offsets point at the matched word in a snippet without Markdown marks."""
    conn = indexed({"opt.md": SNIPPET_NOTE})
    hits = search(conn, "gradient").hits
    assert [(h.path, h.line, h.section) for h in hits] == [("opt.md", 13, "Optimisers")]
    hit = hits[0]
    assert SNIPPET_NOTE.split("\n")[hit.line - 1] == "- the gradient descent step"
    assert hit.snippet == (
        "- Bold lead item with a link here - code and emph - the gradient descent step Tail text."
    )
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["gradient"]
    heading = search(conn, "momentum").hits
    assert [(h.line, h.section) for h in heading] == [(19, "Momentum")]
    assert [heading[0].snippet[s:e] for s, e in heading[0].highlights] == ["Momentum"]


def test_json_hit_line_is_the_file_line(make_vault: VaultFactory) -> None:
    """In --json, `line` is the file's own line of the match and `highlights` are offsets."""
    data, _ = run_json("gradient", vault=make_vault({"opt.md": SNIPPET_NOTE}))
    assert data == [
        {
            "id": "opt",
            "title": "Optimisation",
            "path": "opt.md",
            "score": data[0]["score"],
            "line": 13,
            "section": "Optimisers",
            "snippet": "- Bold lead item with a link here - code and emph - "
            "the gradient descent step Tail text.",
            "highlights": [[56, 64]],  # "gradient"
        }
    ]


def test_hits_of_a_note_are_grouped_at_most_three(indexed: Searcher) -> None:
    """A note matching in five sections shows three passages, together, then the next note."""
    many = "---\ntitle: Many\n---\n# Many\n\n" + "".join(
        f"## Part {n}\n\nthe loss {n}\n\n" for n in range(1, 6)
    )
    conn = indexed({"many.md": many, "one.md": "---\ntitle: One\n---\nthe loss once\n"})
    hits = search(conn, "loss").hits
    assert [h.path for h in hits] in (
        ["many.md"] * 3 + ["one.md"],
        ["one.md"] + ["many.md"] * 3,
    )
    lines = many.split("\n")
    for hit in hits:
        if hit.path == "many.md":
            number = int(hit.section.removeprefix("Part "))
            assert lines[hit.line - 1] == f"the loss {number}"
            assert [hit.snippet[s:e] for s, e in hit.highlights] == ["loss"]
    assert len({h.section for h in hits if h.path == "many.md"}) == 3


# -- any text is safe ------------------------------------------------------------------------

EDGE_VAULT: dict[str, str | bytes] = {
    "token.md": "---\ntitle: Token\n---\nEvery token counts.\n",
    "table.md": "---\ntitle: SQL\n---\nDrop the table of notes when done.\n",
}
LONG_QUERY = ("attention " * 200)[:2000]
# query -> the notes it finds; the words of text that is not query syntax are just words
EDGE_CASES: list[tuple[str, list[str]]] = [
    ("", []),
    ('"', []),
    ('"unclosed', []),
    ('"every token', ["token.md"]),
    ("*", []),
    ("-", []),
    ("--", []),
    ("-only", []),
    ("-token", []),
    ("AND", []),
    ("OR", []),
    ("NOT", []),
    ("token OR", ["token.md"]),
    ("OR token", []),  # a leading OR joins nothing: it is the word "or", found nowhere
    ("token AND", ["token.md"]),
    ("NOT token", []),  # NOT word is -word: nothing is left
    ("token NOT only", ["token.md"]),
    ("(", []),
    (")", []),
    ("(token)", ["token.md"]),
    ("NEAR(a b)", []),
    ("a:b", []),
    ("title:token", []),
    ("^token", ["token.md"]),
    ('token"', ["token.md"]),
    ("'", []),
    ("%", []),
    ("_", []),
    ("\\", []),
    ("\\\\", []),
    (";DROP TABLE notes;--", ["table.md"]),
    ("x" * 2000, []),
    (LONG_QUERY, []),
    ("🤖", []),
    ("token 🤖", ["token.md"]),
    ("токен", []),
]
EDGE_IDS = [ascii(query[:24]) for query, _ in EDGE_CASES]


@pytest.mark.parametrize(("query", "expected"), EDGE_CASES, ids=EDGE_IDS)
def test_query_syntax_edge_cases_library(
    indexed: Searcher, query: str, expected: list[str]
) -> None:
    """Every odd query returns Results normally with the notes its words name."""
    conn = indexed(EDGE_VAULT)
    results = search(conn, query)
    assert isinstance(results, Results)
    assert note_paths(results.hits) == expected
    assert note_paths(search(conn, "token").hits) == ["token.md"]  # the index is intact


@pytest.mark.parametrize(("query", "expected"), EDGE_CASES, ids=EDGE_IDS)
def test_query_syntax_edge_cases_cli(
    make_vault: VaultFactory, query: str, expected: list[str]
) -> None:
    """Every odd query exits 0 (1 when nothing matches) with valid JSON (after `--`, a
    leading dash is still a query)."""
    words = query.split(" ") if " " in query else [query]  # as the shell would split it
    data, _ = run_json("--", *words, vault=make_vault(EDGE_VAULT))
    assert note_paths(data) == expected
    assert all(set(hit) == HIT_KEYS for hit in data)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("\x00", []),
        ("-token\x00", []),
        ("token\x00", ["token.md"]),
        ("tok\x00en", []),
        ("a\x00b", []),
        ('"every\x00 token"', ["token.md"]),  # the NUL reads as a space: a real phrase
        ("tok\x00*", ["token.md"]),  # the NUL reads as a space: the prefix tok*
    ],
    ids=["nul", "negated", "trailing", "inside", "two-letters", "phrase", "prefix"],
)
def test_nul_character_in_a_query_is_safe(
    indexed: Searcher, query: str, expected: list[str]
) -> None:
    """A NUL character anywhere in a library query returns normally."""
    assert note_paths(search(indexed(EDGE_VAULT), query).hits) == expected


# -- JSON shape ------------------------------------------------------------------------------


def test_json_hits_have_exactly_the_documented_keys_best_first(make_vault: VaultFactory) -> None:
    """--json: {id, title, path, score, line, section, snippet, highlights} each, best first."""
    vault = make_vault(
        {
            "title.md": "---\ntitle: Attention\n---\nunrelated words\n",
            "heading.md": "---\ntitle: Models\n---\n## Attention\n\nsome text\n",
            "body.md": "---\ntitle: Misc\n---\nwe talk about attention once here\n",
        }
    )
    data, err = run_json("attention", vault=vault)
    assert err == ""
    assert [tuple(hit) for hit in data] == [
        ("id", "title", "path", "score", "line", "section", "snippet", "highlights")
    ] * 3
    assert [(h["id"], h["title"], h["path"], h["line"], h["section"]) for h in data] == [
        ("title", "Attention", "title.md", 4, ""),
        ("heading", "Models", "heading.md", 4, "Attention"),
        ("body", "Misc", "body.md", 4, ""),
    ]
    scores = [h["score"] for h in data]
    assert scores == sorted(scores, reverse=True) and all(isinstance(s, float) for s in scores)
    assert all(
        h["snippet"][s:e].casefold() == "attention" for h in data for s, e in h["highlights"]
    )


def test_json_is_an_empty_list_when_nothing_matches(make_vault: VaultFactory) -> None:
    """No match: stdout is exactly `[]`, stderr is empty and the exit code 1 (like grep)."""
    assert run("search", "--json", "absent", vault=make_vault(EDGE_VAULT)) == (1, "[]\n", "")


def test_filters_and_substrings_together(indexed: Searcher) -> None:
    """A prefix (a filter) with a CJK substring: each value goes to its own condition.
    Found by tests/fuzz.py as `A* :㐀`, which raised an FTS5 syntax error."""
    conn = indexed(
        {
            "a.md": "---\ntitle: A\n---\ntokenizer 注意力机制\n",
            "b.md": "---\ntitle: B\n---\ntokenizer only\n",
        }
    )
    assert [h.path for h in search(conn, "tokeniz* 注意力").hits] == ["a.md"]
    assert search(conn, "A* :㐀").hits == []


@pytest.mark.parametrize("query", ["RAG\r-0:0*", "0:0*", "a.b*", "-x-y*", "token -:*"])
def test_prefixes_of_several_tokens(indexed: Searcher, query: str) -> None:
    """A prefix FTS5 reads as several tokens is never a phrase (found by tests/fuzz.py)."""
    conn = indexed({"a.md": "---\ntitle: A\n---\nRAG token a.bc 0:01\n"})
    assert all(hit.path == "a.md" for hit in search(conn, query).hits)


def test_a_word_typed_many_times_is_one_condition_and_a_huge_query_is_refused() -> None:
    """20,000 copies of a word search as one; over 100 different words is a usage error."""
    from notes_kb.parse.search_syntax import MAX_TERMS, parse_query

    assert [t.text for t in parse_query(" ".join(["token"] * 20_000))] == ["token"]
    assert [t.text for t in parse_query("kv OR kv cache")] == ["kv", "kv", "cache"]
    with pytest.raises(BadOptionError):
        parse_query(" ".join(f"w{i}" for i in range(MAX_TERMS + 1)))
