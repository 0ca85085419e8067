"""`notes new` and `notes daily`: Dendron frontmatter, templates, schemas, never overwriting."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notes_kb import open_vault
from notes_kb.cli.app import app
from notes_kb.errors import BadOptionError, NoteNotFoundError, WriteRefusedError
from notes_kb.write.create import daily_note, day_of, new_note
from tests.conftest import VaultFactory

NOW = datetime(2026, 12, 6, 14, 30, tzinfo=timezone(timedelta(hours=1)))
STAMP = int(NOW.timestamp() * 1000)


def dendron(tmp_path: Path, files: dict[str, str]) -> Path:
    """A Dendron workspace with one vault folder `vault` holding `files`."""
    root = tmp_path / "ws"
    (root / "vault").mkdir(parents=True)
    (root / "dendron.yml").write_text("workspace:\n  vaults:\n    - fsPath: vault\n")
    for name, text in files.items():
        (root / "vault" / name).write_text(text, encoding="utf-8")
    return root


def test_new_writes_dendron_frontmatter(tmp_path: Path) -> None:
    """id of 23 letters and digits, humanised title, empty desc, epoch-ms times, tags."""
    root = dendron(tmp_path, {})
    made = new_note(open_vault(root).vault, "projects.launch-plan", tags=["work", "q4"], now=NOW)
    text = (root / "vault" / "projects.launch-plan.md").read_text()
    assert re.fullmatch(r"[a-z0-9]{23}", made.id)
    assert text == (
        f"---\nid: {made.id}\ntitle: Launch Plan\ndesc: ''\nupdated: {STAMP}\n"
        f"created: {STAMP}\ntags:\n  - work\n  - q4\n---\n\n"
    )
    assert made.path == "vault/projects.launch-plan.md" and made.created and not made.opened


def test_a_title_that_needs_quoting_is_quoted(make_vault: VaultFactory) -> None:
    """`--title 'a: b'` stays one YAML string, and the note loads with that title."""
    root = make_vault({})
    new_note(open_vault(root).vault, "x", title="Why: #1 'quotes'", now=NOW)
    assert open_vault(root).resolve("x").note.title == "Why: #1 'quotes'"


def test_new_refuses_to_overwrite_in_any_case(make_vault: VaultFactory) -> None:
    """An existing note (also `New.md` for `new`) is never replaced; the file is unchanged."""
    root = make_vault({"New.md": "mine\n"})
    for name in ("New", "new", "New.md"):
        with pytest.raises(WriteRefusedError, match="already exists"):
            new_note(open_vault(root).vault, name, now=NOW)
    assert (root / "New.md").read_text() == "mine\n"


def test_a_path_in_a_folder_vault_makes_its_folders(make_vault: VaultFactory) -> None:
    """In a plain folder vault `ideas/launch` is a path; bad names are usage errors."""
    root = make_vault({"a.md": ""})
    made = new_note(open_vault(root).vault, "ideas/launch", now=NOW)
    assert made.path == "ideas/launch.md" and (root / "ideas" / "launch.md").is_file()
    for bad in ("../x", "/abs", "a/../b", ".hidden", "a|b", "x#y"):
        with pytest.raises(BadOptionError):
            new_note(open_vault(root).vault, bad, now=NOW)


def test_template_placeholders_tags_and_extra_keys(tmp_path: Path) -> None:
    """--template copies the body with {{title}}, {{date}}, {{time}} filled, its tags and
    its other frontmatter keys as written (comments included)."""
    template = (
        "---\nid: t1\ntitle: Meeting\ntags: [meeting]\nattendees:  # who came\n  - me\n---\n"
        "# {{title}}\nOn {{date}} at {{time}}, {{ CURRENT_YEAR }}; {{unknown}} stays.\n"
    )
    root = dendron(tmp_path, {"templates.meeting.md": template})
    made = new_note(open_vault(root).vault, "meet.standup", template="meeting", now=NOW)
    text = (root / "vault" / "meet.standup.md").read_text()
    assert made.template == "templates.meeting"
    assert text.endswith(
        "tags:\n  - meeting\nattendees:  # who came\n  - me\n---\n\n"
        "# Standup\nOn 2026-12-06 at 14:30, 2026; {{unknown}} stays.\n"
    )
    with pytest.raises(NoteNotFoundError, match="template nosuch"):
        new_note(open_vault(root).vault, "meet.other", template="nosuch", now=NOW)


def test_the_templates_note_of_the_longest_prefix_is_used(tmp_path: Path) -> None:
    """Without --template, `templates.proj.web` serves `proj.web.x`, `templates.proj` `proj.y`."""
    root = dendron(tmp_path, {"templates.proj.md": "P {{fname}}\n", "templates.proj.web.md": "W\n"})
    vault = open_vault(root).vault
    assert new_note(vault, "proj.web.x", now=NOW).template == "templates.proj.web"
    assert new_note(vault, "proj.y", now=NOW).template == "templates.proj"
    assert (root / "vault" / "proj.y.md").read_text().endswith("---\n\nP proj.y\n")
    assert new_note(vault, "other", now=NOW).template is None


SCHEMA = """version: 1
schemas:
  - id: journal
    parent: root
    children:
      - daily
  - id: daily
    namespace: true
    template:
      id: templates.journal-day
      type: note
  - id: rfc
    parent: root
    children:
      - pattern: "*"
        template: templates.missing
"""


def test_a_dendron_schema_names_the_template(tmp_path: Path) -> None:
    """A `*.schema.yml` pattern (namespaces too) picks its template; a missing one is said."""
    root = dendron(
        tmp_path, {"journal.schema.yml": SCHEMA, "templates.journal-day.md": "Day {{title}}\n"}
    )
    vault = open_vault(root).vault
    made = new_note(vault, "journal.daily.2026", now=NOW)
    assert made.template == "templates.journal-day"
    assert (root / "vault" / "journal.daily.2026.md").read_text().endswith("\nDay 2026\n")
    missing = new_note(vault, "rfc.one", now=NOW)
    assert missing.template is None and "templates.missing" in missing.remark


def test_daily_creates_the_day_note_from_its_template_once(tmp_path: Path) -> None:
    """`daily` names the note by the setting, titles it with the date, and finds it again."""
    root = dendron(tmp_path, {"templates.daily.md": "## Log for {{date}}\n"})
    made = daily_note(open_vault(root).vault, "2026-12-01", now=NOW)
    assert made.fname == "daily.journal.2026.12.01" and made.title == "2026-12-01"
    text = (root / "vault" / "daily.journal.2026.12.01.md").read_text()
    assert "title: '2026-12-01'\n" in text and text.endswith("## Log for 2026-12-01\n")
    again = daily_note(open_vault(root).vault, "2026-12-01", now=NOW)
    assert not again.created and again.id == made.id


def test_daily_follows_the_daily_note_setting(
    make_vault: VaultFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NOTES_DAILY_NOTE (strftime codes, `/` for folders) names the note."""
    monkeypatch.setenv("NOTES_DAILY_NOTE", "journal/%Y-%m-%d")
    root = make_vault({"a.md": ""})
    assert daily_note(open_vault(root).vault, "yesterday", now=NOW).path == "journal/2026-12-05.md"


def test_days_a_person_types() -> None:
    """today, yesterday, tomorrow, ISO and `3 days ago` are days in local time."""
    assert [day_of(t, NOW).isoformat() for t in (None, "Yesterday", "tomorrow", "2026-01-31")] == [
        "2026-12-06",
        "2026-12-05",
        "2026-12-07",
        "2026-01-31",
    ]
    assert day_of("3 days ago", NOW).isoformat() == "2026-12-03"
    with pytest.raises(BadOptionError, match="cannot read the day"):
        day_of("someday", NOW)


def test_cli_new_prints_the_path_and_json(make_vault: VaultFactory) -> None:
    """Piped, `new` prints the path (no editor); --json gives the new note; a clash is Error."""
    root = make_vault({"a.md": ""})
    runner = CliRunner()
    result = runner.invoke(app, ["--dir", str(root), "new", "b", "--title", "Bee"])
    assert result.exit_code == 0, result.stderr
    assert Path(result.stdout.strip()) == root / "b.md"
    result = runner.invoke(app, ["--dir", str(root), "new", "c", "--json", "--tag", "x"])
    data = json.loads(result.stdout)
    assert {k: data[k] for k in ("path", "fname", "title", "created", "template")} == {
        "path": "c.md",
        "fname": "c",
        "title": "C",
        "created": True,
        "template": None,
    }
    result = runner.invoke(app, ["--dir", str(root), "new", "b"])
    assert (
        result.exit_code == 1 and result.stderr == "Error: b.md already exists; not overwritten\n"
    )
    listed = runner.invoke(app, ["--dir", str(root), "list", "--json"])
    assert [n["fname"] for n in json.loads(listed.stdout)] == ["a", "b", "c"]


def test_cli_daily_json_then_found(make_vault: VaultFactory) -> None:
    """`daily DATE --json` creates once; the second run finds it (`created: false`)."""
    root = make_vault({"a.md": ""})
    runner = CliRunner()
    first = runner.invoke(app, ["--dir", str(root), "daily", "2026-02-03", "--json"])
    second = runner.invoke(app, ["--dir", str(root), "daily", "2026-02-03", "--json"])
    assert json.loads(first.stdout)["path"] == "daily.journal.2026.02.03.md"
    assert json.loads(first.stdout)["created"] and not json.loads(second.stdout)["created"]
