"""benchmarks/realsets.py rebuilds a labelled set from a manifest and a repository's history."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "realsets.py"


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


@pytest.fixture()
def mirrored(tmp_path: Path) -> tuple[Path, Path, str]:
    repo = tmp_path / "mirror" / "alice+ml-notes" / "work"
    (repo / "dl").mkdir(parents=True)
    (repo / "dl" / "Attention.md").write_bytes(b"# Attention\r\nAttention weighs tokens.\n")
    (repo / "dl" / "Softmax.md").write_text("- **Softmax**: turns scores into probabilities.\n")
    (repo / "todo.txt").write_text("not a note\n")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "notes")
    commit = git(repo, "rev-parse", "HEAD")
    (repo / "dl" / "Attention.md").write_text("changed later\n")  # not in the commit
    return tmp_path / "mirror", tmp_path / "set", commit


Completed = subprocess.CompletedProcess[str]


def run(*args: object) -> Completed:
    command = [sys.executable, str(SCRIPT), *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def rebuild(mirrored: tuple[Path, Path, str], out: Path, paths: list[str], *more: str) -> Completed:
    """A set listing `paths` at the mirrored commit, rebuilt into `out` by the script."""
    mirror, set_dir, commit = mirrored
    set_dir.mkdir(exist_ok=True)
    listed = "".join(f"    - {p}\n" for p in paths)
    manifest = f"- repo: alice/ml-notes\n  commit: {commit}\n  paths:\n{listed}"
    (set_dir / "manifest.yml").write_text(manifest)
    (set_dir / "labels.yml").write_text('"alice+ml-notes/dl/Attention.md":\n  terms: [attention]\n')
    return run(set_dir, out, "--mirror", mirror, *more)


def test_notes_come_back_byte_for_byte_at_the_commit(
    mirrored: tuple[Path, Path, str], tmp_path: Path
) -> None:
    done = rebuild(mirrored, tmp_path / "out", ["dl/Attention.md"])
    assert done.returncode == 0, done.stderr
    note = tmp_path / "out" / "notes" / "alice+ml-notes" / "dl" / "Attention.md"
    assert note.read_bytes() == b"# Attention\r\nAttention weighs tokens.\n"
    assert (tmp_path / "out" / "labels.yml").read_text().startswith('"alice+ml-notes/')


def test_whole_brings_every_note_of_the_repository_and_only_labelled_ones_are_scored(
    mirrored: tuple[Path, Path, str], tmp_path: Path
) -> None:
    """`--whole`: the vault as its owner has it (every Markdown file at the commit, nothing
    else); the evaluator counts the labelled notes' definitions alone."""
    done = rebuild(mirrored, tmp_path / "out", ["dl/Attention.md"], "--whole")
    assert done.returncode == 0, done.stderr
    notes = tmp_path / "out" / "notes" / "alice+ml-notes"
    assert sorted(p.relative_to(notes).as_posix() for p in notes.rglob("*")) == [
        "dl",
        "dl/Attention.md",
        "dl/Softmax.md",
    ]
    evaluate = Path(__file__).resolve().parent.parent / "benchmarks" / "eval_glossary.py"
    score = subprocess.run(
        [sys.executable, str(evaluate), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert score.returncode == 0, score.stderr
    # Softmax's definition is in an unlabelled note: counted neither right nor wrong
    assert "precision 100.0% (0/0), recall 0.0% (0/1)" in score.stdout.splitlines()[0]


def test_a_missing_file_is_reported_and_fails(
    mirrored: tuple[Path, Path, str], tmp_path: Path
) -> None:
    done = rebuild(mirrored, tmp_path / "out", ["dl/Attention.md", "dl/Gone.md"])
    assert done.returncode == 1
    assert "dl/Gone.md: not found" in done.stderr


def test_a_path_leaving_the_set_is_refused_in_one_line(
    mirrored: tuple[Path, Path, str], tmp_path: Path
) -> None:
    done = rebuild(mirrored, tmp_path / "out", ["../../escape.md"])
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "Error: manifest path leaves the set: '../../escape.md'"
    ]
    assert not (tmp_path / "escape.md").exists()
