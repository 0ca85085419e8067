"""`notes define` for a term the notes write with its expansion but never define: the
pairings, labelled as such, by either name; the error and the definitions otherwise as
before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from notes_kb import open_vault
from notes_kb.cli import serialize
from notes_kb.cli.kept_kb import KeptKnowledgeBase
from notes_kb.cli.views_study import expansion_view
from notes_kb.config import locate
from notes_kb.errors import TermNotFoundError
from notes_kb.index.live_walk import EVERYTHING, Touched
from notes_kb.query.expansions import EXPANSION, Expansion, Pairing
from notes_kb.query.terms import TermReport
from tests.conftest import VaultFactory
from tests.test_cli import run
from tests.test_expansions import NOTES

NAS_LINE = (
    'NAS: no definition in the notes; written out as "Neural Architecture Search" '
    "(ml/automl.md:3)\n"
)
SEARCH_LINE = (
    'Neural Architecture Search: no definition in the notes; abbreviated "NAS" (ml/automl.md:3)\n'
)


def _touch(path: Path, text: str) -> None:
    """Write and move the mtime on, so the cache sees a change even within one tick."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))


def test_define_an_acronym_gives_its_expansion(make_vault: VaultFactory) -> None:
    """By the acronym, in any case: one line naming the expansion and where it is written."""
    vault = make_vault(NOTES)
    assert run("define", "NAS", vault=vault) == (0, NAS_LINE, "")
    assert run("define", "nas", vault=vault) == (0, NAS_LINE, "")


def test_define_an_expansion_gives_its_acronym(make_vault: VaultFactory) -> None:
    """By the expansion, in any case, hyphenated or plural: the acronym it is written with."""
    vault = make_vault(NOTES)
    for name in ("Neural Architecture Search", "neural-architecture search"):
        assert run("define", name, vault=vault) == (0, SEARCH_LINE, "")
    assert run("define", "neural architecture searches", vault=vault) == (0, SEARCH_LINE, "")


def test_the_json_answer_is_told_apart_from_a_definition(make_vault: VaultFactory) -> None:
    """--json: `defined` false, the other names and every pairing; no `definitions`."""
    vault = make_vault(NOTES)
    code, out, err = run("define", "NAS", "--json", vault=vault)
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "term": "NAS",
        "defined": False,
        "aliases": ["Neural Architecture Search"],
        "pairs": [
            {
                "name": "Neural Architecture Search",
                "relation": "expansion",
                "note": "ml/automl",
                "path": "ml/automl.md",
                "line": 3,
            }
        ],
    }
    _, out, _ = run("define", "neural architecture search", "--json", vault=vault)
    assert json.loads(out)["pairs"][0]["relation"] == "abbreviation"


@pytest.mark.parametrize("tty", [False, True], ids=["pipe", "terminal"])
def test_the_direct_run_answers_as_the_app(make_vault: VaultFactory, tty: bool) -> None:
    """`cli/direct.py` prints what the Typer app prints, plain and --json."""
    from tests.test_cli_direct import both

    vault = make_vault(NOTES)
    for args in (["define", "NAS"], ["define", "neural architecture search", "--json"]):
        by_app, by_direct = both(["--dir", str(vault), *args], tty)
        assert by_direct == by_app and by_app[0] == 0


def test_a_defined_term_answers_as_before(make_vault: VaultFactory) -> None:
    """A term with a definition gets the glossary entry, byte for byte what `define` gives,
    though the notes also pair it with its expansion."""
    vault = make_vault(NOTES)
    kb = open_vault(vault)
    report = kb.look_up("retrieval augmented generation")
    assert isinstance(report, TermReport) and report.entry.term == "RAG"
    code, out, err = run("define", "RAG", "--json", vault=vault)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == serialize.term_report(kb.define("RAG")) and "defined" not in data
    assert set(data) == {"term", "aliases", "definition", "definitions", "sources"} | {
        "related",
        "mentioned_in",
    }
    code, out, _ = run("define", "RAG", vault=vault)
    assert code == 0 and out.startswith("RAG  also: Retrieval-augmented generation\n\n1. ")


def test_a_term_with_neither_is_the_same_error(make_vault: VaultFactory) -> None:
    """No definition and no pairing: the error line and exit 1, as before."""
    vault = make_vault(NOTES)
    assert run("define", "xylophone", vault=vault) == (
        1,
        "",
        'Error: no term "xylophone" in the glossary\n',
    )
    with pytest.raises(TermNotFoundError):
        open_vault(vault).look_up("xylophone")


def test_an_edit_that_writes_the_pair_is_seen_by_the_next_define(
    make_vault: VaultFactory,
) -> None:
    """Not found, then a note writes the acronym out: the next run answers with it (an
    unknown term is never kept); then a definition added takes its place."""
    vault = make_vault(NOTES)
    assert run("define", "SFT", vault=vault)[0] == 1
    _touch(vault / "ft.md", "# FT\n\nWe start with SFT (supervised finetuning).\n")
    code, out, _ = run("define", "SFT", vault=vault)
    assert (code, out) == (
        0,
        'SFT: no definition in the notes; written out as "supervised finetuning" (ft.md:3)\n',
    )
    _touch(vault / "ft.md", "# FT\n\n- **SFT**: training on labelled demonstrations.\n")
    code, out, _ = run("define", "SFT", vault=vault)
    assert code == 0 and "1. training on labelled demonstrations." in out


def test_the_servers_kept_answer_follows_an_edit(make_vault: VaultFactory) -> None:
    """The resident index keeps `define` answers until the cache changes: an unknown term
    is asked again after the pair is written, and an expansion gives way to a definition."""
    vault = make_vault(NOTES)
    kb = KeptKnowledgeBase(locate(vault))
    kb.note(EVERYTHING)
    kb.refresh()
    with pytest.raises(TermNotFoundError):
        kb.look_up("SFT")
    _touch(vault / "ft.md", "# FT\n\nWe start with SFT (supervised finetuning).\n")
    kb.note(Touched(False, frozenset({str(vault / "ft.md")})))
    kb.refresh()
    found = kb.look_up("SFT")
    assert isinstance(found, Expansion) and kb.look_up("SFT") is found  # kept
    _touch(vault / "ft.md", "# FT\n\n- **SFT**: training on labelled demonstrations.\n")
    kb.note(Touched(False, frozenset({str(vault / "ft.md")})))
    kb.refresh()
    report = kb.look_up("SFT")
    assert isinstance(report, TermReport) and report.entry.definitions[0].line == 3


def test_note_text_is_printed_as_data(make_vault: VaultFactory) -> None:
    """Markup and escape characters in a note's path or names print literally, never as
    styles or terminal codes, in a pipe and on a terminal."""
    vault = make_vault(
        {"[bold]odd\x1b[2J.md": "# Odd\n\nWe tried Neural Architecture Search (NAS).\n"}
    )
    for tty in (False, True):
        code, out, _ = run("define", "NAS", vault=vault, tty=tty)
        assert code == 0 and "[bold]odd" in out and "\x1b" not in out
    hostile = Expansion(
        "[bold]NAS\x1b[2J",
        (Pairing("[red]Neural\x1b[0m Search", EXPANSION, "n", "[i]n.md", 4),),
    )
    (line,) = expansion_view(hostile)
    assert line.plain == (
        '[bold]NAS␛[2J: no definition in the notes; written out as "[red]Neural␛[0m Search" '
        "([i]n.md:4)"
    )
    assert "\x1b" not in line.rich().plain and "[bold]" in line.rich().plain


def test_several_names_and_places(make_vault: VaultFactory) -> None:
    """Two expansions of one acronym each get a line, the most written first, with every
    place (a few shown, --json lists all)."""
    files: dict[str, str | bytes] = {
        f"n{i}.md": f"# N{i}\n\nNeural Architecture Search (NAS) again.\n" for i in range(7)
    }
    files["s.md"] = "# S\n\nThe NAS (network attached storage) holds backups.\n"
    vault = make_vault(files)
    code, out, _ = run("define", "NAS", vault=vault)
    assert (code, out) == (
        0,
        "NAS: no definition in the notes\n"
        '  written out as "Neural Architecture Search" (n0.md:3, n1.md:3, n2.md:3, n3.md:3, '
        "n4.md:3, … and 2 more)\n"
        '  written out as "network attached storage" (s.md:3)\n',
    )
    _, data, _ = run("define", "NAS", "--json", vault=vault)
    assert len(json.loads(data)["pairs"]) == 8


def test_a_real_run_answers_with_the_expansion(make_vault: VaultFactory) -> None:
    """`python -m notes_kb define` in a subprocess: the line, the JSON, exit 0."""
    vault = make_vault(NOTES)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for args, expected in (([], NAS_LINE), (["--json"], None)):
        done = subprocess.run(
            [sys.executable, "-m", "notes_kb", "--dir", str(vault), "define", "NAS", *args],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        assert (done.returncode, done.stderr) == (0, "")
        if expected is not None:
            assert done.stdout == expected
        else:
            assert json.loads(done.stdout)["defined"] is False


def test_a_term_said_but_never_defined_names_where_it_is_said(make_vault: VaultFactory) -> None:
    """A term no note defines but notes say as a phrase: the error names the first places
    (one per note, at most two shown) and the search that shows them; exit 1, empty stdout."""
    vault = make_vault(
        {
            "retrieval.md": "# Retrieval\n\nWe rerank with late interaction over the tokens.\n",
            "colbert.md": "# ColBERT\n\nIntro.\n\nColBERT scores by late interaction too.\n",
        }
    )
    code, out, err = run("define", "late interaction", vault=vault)
    assert (code, out) == (1, "")
    assert err.startswith('Error: no term "late interaction" in the glossary (said without a ')
    assert "definition in 2 notes (" in err and "notes search late interaction)" in err
    assert "retrieval.md:3" in err and "colbert.md:5" in err
    with pytest.raises(TermNotFoundError) as raised:
        open_vault(vault).look_up("late interaction")
    assert sorted(raised.value.said) == ["colbert.md:5", "retrieval.md:3"]
    with pytest.raises(TermNotFoundError) as raised:  # a word every note says: no places
        open_vault(vault).look_up("with")
    assert raised.value.said == []


def test_a_short_name_sharing_a_few_letters_is_no_suggestion(make_vault: VaultFactory) -> None:
    """ "beam search" unknown: "BPE" (a few letters alike) is not offered; "Attention" still
    is for "atention"."""
    vault = make_vault(
        {
            "bpe.md": "# BPE\n\nBPE is a tokenizer that merges the most frequent pair of bytes.\n",
            "attention.md": "# Attention\n\nAttention is a layer that weighs tokens.\n",
            "rag.md": "# RAG\n\nRAG is a pattern that retrieves notes before answering.\n",
        }
    )
    assert (
        run("define", "beam search", vault=vault)[2]
        == 'Error: no term "beam search" in the glossary\n'
    )
    assert '"Attention"' in run("define", "atention", vault=vault)[2]


def test_a_long_name_holding_the_letters_inside_a_word_is_no_suggestion(
    make_vault: VaultFactory,
) -> None:
    """ "struct" unknown: "Data Structures" (a word of it starts so) is offered, "Generative
    Representational Instruction Tuning" (the letters inside "Instruction") is not."""
    vault = make_vault(
        {
            "grit.md": "# GRIT\n\nGenerative Representational Instruction Tuning is a method"
            " that trains one model for embeddings and generation.\n",
            "ds.md": "# DS\n\nData Structures is a course that covers arrays and trees.\n",
        }
    )
    error = run("define", "struct", vault=vault)[2]
    assert '"Data Structures"' in error
    assert "Generative" not in error
