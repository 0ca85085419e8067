"""`notes study` and `notes export anki` as a user runs them: a scripted session through a
real subprocess, the lists and statistics, and the Anki package read back."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_kb.cli.app import app
from notes_kb.config import locate
from notes_kb.index.load import load_vault
from notes_kb.query.glossary import build_glossary
from notes_kb.review.study import Session, open_study
from tests.conftest import BUNDLED, VaultFactory

NOTES = shutil.which("notes", path=str(Path(sys.executable).parent)) or shutil.which("notes")
runner = CliRunner()
VAULT = {
    "concepts.attention.md": (
        "---\ntags: [llm]\n---\n# Attention\n\n## What is attention?\n\nA [bold]mix[/bold] of "
        "values \x1b[31m.\n\nKV cache::stored keys and values\n"
    ),
    "questions.md": "# Questions\n\n## Still open\n\n### Is RoPE best?\n",
}


def run(vault: Path, *args: str, stdin: str = "") -> tuple[int, str, str]:
    """The CLI in process, stdout a pipe: (exit code, stdout, stderr)."""
    result = runner.invoke(app, ["--dir", str(vault), *args], input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.skipif(NOTES is None, reason="the notes script is not installed")
def test_a_scripted_session_on_the_bundled_vault(tmp_path: Path) -> None:
    """Answers piped on stdin: the first card is shown, revealed and rated Good, the second
    rated Again, the third suspended, then q; the log holds exactly those three events."""
    # the user's own review log of the bundled vault (they may have studied it) stays behind
    vault = shutil.copytree(BUNDLED, tmp_path / "notes", ignore=shutil.ignore_patterns(".notes-kb"))
    loaded = load_vault(locate(vault))
    expected = list(Session.start(open_study(loaded, build_glossary(loaded.notes))).queue)[:3]
    env = {k: v for k, v in os.environ.items() if k != "NOTES_DIR"}
    done = subprocess.run(
        [str(NOTES), "--dir", str(vault), "study"],
        input="\n3\n\n1\ns\nq\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    out = done.stdout
    assert out.count("Enter: show the answer") == 4 and out.count("Answer\n") == 2
    assert "0 due · 20 new · 20 left" in out and "1 due · 19 new · 20 left" in out
    for standing in expected:
        assert " ".join(standing.card.front.replace("**", "").split()) in " ".join(out.split())
    assert out.rstrip().splitlines()[-1].startswith("Reviewed 2 cards · 50% correct · next due in")
    lines = (vault / ".notes-kb" / "reviews.jsonl").read_text(encoding="utf-8").splitlines()
    logged = [(e["card"], e["action"], e.get("rating")) for e in map(json.loads, lines)]
    assert logged == [
        (expected[0].card.id, "review", 3),
        (expected[1].card.id, "review", 1),
        (expected[2].card.id, "suspend", None),
    ]
    changed = [
        p.name
        for p in vault.iterdir()
        if p.is_file() and p.read_bytes() != (BUNDLED / p.name).read_bytes()
    ]
    assert changed == []  # studying never modifies a note


def test_end_of_input_keeps_the_reviews_and_note_text_is_data(make_vault: VaultFactory) -> None:
    """Input that ends mid-card ends the session cleanly with the ratings given so far; a
    note's `[bold]` and escape codes are shown as text, never obeyed."""
    vault = make_vault(VAULT)
    code, out, err = run(vault, "study", stdin="\n4\n")
    assert (code, err) == (0, "")
    assert "A [bold]mix[/bold] of values ␛[31m." in out and "\x1b" not in out
    assert out.rstrip().splitlines()[-1].startswith("Reviewed 1 card · 100% correct")
    assert len((vault / ".notes-kb" / "reviews.jsonl").read_text().splitlines()) == 1


def test_list_open_suspended_and_stats_as_json(make_vault: VaultFactory) -> None:
    """--list, --open, --suspended and --stats print JSON on stdout, [] when empty; listing
    never creates the log; --unsuspend brings a card back."""
    vault = make_vault(VAULT)
    code, out, _ = run(vault, "study", "--list", "--json")
    listed = json.loads(out)
    assert [(c["kind"], c["state"], c["front"]) for c in listed] == [
        ("question", "new", "What is attention?"),
        ("basic", "new", "KV cache"),
    ]
    assert listed[0]["context"] == "Attention" and listed[0]["tags"] == ["llm"]
    assert not (vault / ".notes-kb").exists()
    assert [c["front"] for c in json.loads(run(vault, "study", "--open", "--json")[1])] == [
        "Is RoPE best?"
    ]
    assert json.loads(run(vault, "study", "--suspended", "--json")[1]) == []
    run(vault, "study", stdin="s\n")
    assert [c["id"] for c in json.loads(run(vault, "study", "--suspended", "--json")[1])] == [
        listed[0]["id"]
    ]
    assert run(vault, "study", "--unsuspend", listed[0]["id"][:8])[0] == 0
    assert json.loads(run(vault, "study", "--suspended", "--json")[1]) == []
    stats = json.loads(run(vault, "study", "--stats", "--json")[1])
    assert (stats["cards"], stats["reviews"], stats["states"]["open"]) == (3, 0, 1)
    assert len(stats["due_by_day"]) == 14
    code, out, _ = run(vault, "study", "--stats")
    assert code == 0 and "3 cards: 2 new · 1 open" in out


def test_a_damaged_log_line_is_a_notice(make_vault: VaultFactory) -> None:
    """A damaged line of the log is named on stderr; the command still answers."""
    vault = make_vault({**VAULT, ".notes-kb/reviews.jsonl": "{oops\n"})
    code, out, err = run(vault, "study", "--list", "--json")
    assert code == 0 and len(json.loads(out)) == 2
    log = vault / ".notes-kb" / "reviews.jsonl"
    assert err.startswith(f"{log}:1: line skipped: Expecting property name")
    assert err.count("\n") == 1


def test_anki_export_reads_back_with_the_same_ids(make_vault: VaultFactory, tmp_path: Path) -> None:
    """The .apkg is a zip holding an Anki SQLite collection: one note per card with the
    card id as GUID, tags and a link to the note; a second export has the same ids."""
    vault = make_vault(VAULT)

    def read(path: Path) -> list[tuple[int, str, str, str]]:
        with zipfile.ZipFile(path) as archive:
            assert sorted(archive.namelist()) == ["collection.anki2", "media"]
            (tmp_path / "col.anki2").write_bytes(archive.read("collection.anki2"))
        conn = sqlite3.connect(tmp_path / "col.anki2")
        rows = conn.execute("SELECT n.id, n.guid, n.tags, n.flds FROM notes n ORDER BY n.id")
        found = [(i, g, t, f) for i, g, t, f in rows]
        assert conn.execute("SELECT count(*) FROM cards").fetchone() == (len(found),)
        conn.close()
        return found

    code, out, err = run(vault, "export", "anki", str(tmp_path / "out.apkg"), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["kinds"] == {"question": 1, "basic": 1}
    first = read(tmp_path / "out.apkg")
    run(vault, "export", "anki", str(tmp_path / "again.apkg"))
    assert [row[:2] for row in read(tmp_path / "again.apkg")] == [row[:2] for row in first]
    card = next(fields for _, _, _, fields in first if "What is attention?" in fields)
    front, back, context, source = card.split("\x1f")
    assert front == "<p>What is attention?</p>" and context == "Attention"
    assert "[bold]mix[/bold]" in back and "concepts.attention.md:6</a>" in source
    assert {tags for _, _, tags, _ in first} >= {" llm notes-kb::question "}
    code, _, err = run(vault, "export", "pdf", "x.pdf")
    assert code == 2


def test_scope_tag_and_under_choose_the_cards(make_vault: VaultFactory) -> None:
    """A NOTE, a note#section, a hierarchy glob, --tag and --under each narrow the cards."""
    vault = make_vault(
        {
            **VAULT,
            "ml.optim.md": "# Optim\n\n## What is Adam?\n\nAn optimiser.\n\n## Why warm up?\n\nx\n",
        }
    )

    def fronts(*args: str) -> list[str]:
        return [c["front"] for c in json.loads(run(vault, "study", "--list", "--json", *args)[1])]

    assert fronts("ml.optim") == ["What is Adam?", "Why warm up?"]
    assert fronts("ml.optim#why-warm-up") == ["Why warm up?"]
    assert fronts("ml.*") == fronts("--under", "ml") == ["What is Adam?", "Why warm up?"]
    assert fronts("--tag", "llm") == ["What is attention?", "KV cache"]
    code, _, err = run(vault, "study", "nosuchnote")
    assert code == 1 and err.startswith('Error: no note "nosuchnote"')
