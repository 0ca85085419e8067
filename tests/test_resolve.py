"""resolve_note: the NOTE argument to one note (and maybe a section), rules in a fixed order."""

from __future__ import annotations

from pathlib import Path

import pytest

from notes_kb.config import locate
from notes_kb.errors import AmbiguousNoteError, NoteNotFoundError, OutsideVaultError
from notes_kb.index.load import Vault, load_vault
from notes_kb.query.resolve import normalise_title, resolve_note, suggest_notes

FILES = {
    "ai-engineering.md": "# AI Engineering\n",
    "ai-engineering.concepts.token.md": "---\nid: tok123\ntitle: Token\n---\n# Token\n",
    "ai-engineering.concepts.embeddings.md": "# Embeddings\n",
    "ai-engineering.concepts.human-in-the-loop.md": "Text only.\n",
    "other.embeddings.md": "# Embeddings elsewhere\n",
    "ai-engineering.chapter-1.md": (
        "---\ntitle: 'Chapter 1: Building AI Applications'\n---\n"
        "# Chapter 1\n\n## Sampling\n\ntext\n\n## Sampling Strategies\n"
    ),
    "ai-engineering.chapter-10.md": "# Chapter 10\n\n## Sampling Strategies\n",
    "book.md": (
        "# Book\n\n## Chapter 10 - The Last One\n\n## Chapter 1 - Introduction to X\n\nbody\n"
        "\n## Glossary\n"
    ),
    "sub/note.md": "# Sub Note\n",
}


def vault_of(tmp_path: Path, files: dict[str, str]) -> Vault:
    root = tmp_path / "kb"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_vault(locate(root))


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    return vault_of(tmp_path, FILES)


def found(vault: Vault, query: str) -> tuple[str, str | None, str]:
    """(fname, section slug or None, rule) of what query resolves to."""
    resolved = resolve_note(vault, query)
    return (
        resolved.note.fname,
        resolved.section.slug if resolved.section else None,
        resolved.rule,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tok123", ("ai-engineering.concepts.token", None, "id")),
        ("ai-engineering", ("ai-engineering", None, "id")),
        ("sub/note", ("note", None, "path")),
        ("ai-engineering.concepts.token", ("ai-engineering.concepts.token", None, "file name")),
        ("AI-Engineering.Concepts.Token", ("ai-engineering.concepts.token", None, "file name")),
        ("token", ("ai-engineering.concepts.token", None, "hierarchy segment")),
        ("TOKEN", ("ai-engineering.concepts.token", None, "hierarchy segment")),
        ("  token  ", ("ai-engineering.concepts.token", None, "hierarchy segment")),
        ("chapter-1", ("ai-engineering.chapter-1", None, "hierarchy segment")),
        ("chapter-10", ("ai-engineering.chapter-10", None, "hierarchy segment")),
        ("Human in the Loop", ("ai-engineering.concepts.human-in-the-loop", None, "title")),
        ("chapter 1 building ai applications", ("ai-engineering.chapter-1", None, "title")),
        ("CHAPTER 1: Building AI-Applications!", ("ai-engineering.chapter-1", None, "title")),
        ("glossary", ("book", "glossary", "heading")),
        ("Chapter 1 - Introduction to X", ("book", "chapter-1---introduction-to-x", "heading")),
        ("sampling", ("ai-engineering.chapter-1", "sampling", "heading")),
    ],
)
def test_rules(vault: Vault, query: str, expected: tuple[str, str | None, str]) -> None:
    """Each rule finds its note and reports its name."""
    assert found(vault, query) == expected


def test_exact_only_for_id_file_name_and_path(vault: Vault) -> None:
    """`exact` is true for id, file name and path matches without a section."""
    assert [resolve_note(vault, q).exact for q in ("tok123", "book", "sub/note.md")] == [
        True,
        True,
        True,
    ]
    assert [resolve_note(vault, q).exact for q in ("token", "Token", "glossary")] == [
        False,
        False,
        False,
    ]


def test_rule_order(tmp_path: Path) -> None:
    """id beats file name beats hierarchy segment beats title beats heading."""
    vault = vault_of(
        tmp_path,
        {
            "x.md": "---\nid: alpha\n---\n",
            "alpha.md": "---\nid: a-id\n---\n# Alpha Title\n## Heading Alpha\n",
            "beta.md": "---\nid: b-id\n---\n",
            "proj.beta.md": "pb",
            "p.gamma.md": "g",
            "g.md": "---\ntitle: Gamma\n---\n",
            "delta-note.md": "---\ntitle: Delta\n---\n",
            "h.md": "# H\n## Delta\n",
        },
    )
    assert found(vault, "alpha") == ("x", None, "id")
    assert found(vault, "beta") == ("beta", None, "file name")
    assert found(vault, "gamma") == ("p.gamma", None, "hierarchy segment")
    assert found(vault, "delta") == ("delta-note", None, "title")
    assert found(vault, "heading-alpha") == ("alpha", "heading-alpha", "heading")


def test_file_name_prefers_same_case(tmp_path: Path) -> None:
    """Two file names that differ only in case: the one typed exactly wins."""
    vault = vault_of(
        tmp_path, {"Readme.md": "---\nid: r1\n---\n", "readme.md": "---\nid: r2\n---\n"}
    )
    if len(vault.notes) < 2:
        pytest.skip("case-insensitive file system")
    assert found(vault, "Readme") == ("Readme", None, "file name")
    assert found(vault, "readme") == ("readme", None, "file name")
    with pytest.raises(AmbiguousNoteError):
        resolve_note(vault, "README")


def test_heading_slug_prefix_stops_at_word_boundary(vault: Vault) -> None:
    """A slug prefix counts only when it ends at a word boundary of the heading's slug."""
    assert found(vault, "Chapter 1 - Introduction") == (
        "book",
        "chapter-1---introduction-to-x",
        "heading",
    )
    with pytest.raises(NoteNotFoundError):
        resolve_note(vault, "chapter-1---intro")


def test_chapter_1_never_matches_chapter_10(tmp_path: Path) -> None:
    """`chapter-1` finds "Chapter 1 - Introduction to X" and never "Chapter 10 - ..."."""
    vault = vault_of(
        tmp_path,
        {"book.md": "# Book\n## Chapter 10 - Last\n## Chapter 1 - Introduction to X\n"},
    )
    assert found(vault, "chapter-1") == ("book", "chapter-1---introduction-to-x", "heading")
    only_ten = vault_of(tmp_path / "ten", {"book.md": "# Book\n## Chapter 10 - Last\n"})
    with pytest.raises(NoteNotFoundError):
        resolve_note(only_ten, "chapter-1")


def test_exact_heading_slug_beats_prefix(tmp_path: Path) -> None:
    """An exact slug wins over headings it is only a prefix of, in any note."""
    vault = vault_of(tmp_path, {"a.md": "## Setup Notes\n", "b.md": "## Setup\n"})
    assert found(vault, "setup") == ("b", "setup", "heading")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chapter-1#sampling", ("ai-engineering.chapter-1", "sampling", "hierarchy segment")),
        (
            "chapter-1#Sampling Strategies",
            ("ai-engineering.chapter-1", "sampling-strategies", "hierarchy segment"),
        ),
        (
            "chapter-10#sampling",
            ("ai-engineering.chapter-10", "sampling-strategies", "hierarchy segment"),
        ),
        (
            "AI-engineering.chapter-1#sampling",
            ("ai-engineering.chapter-1", "sampling", "file name"),
        ),
        ("book#chapter-1", ("book", "chapter-1---introduction-to-x", "id")),
        ("book#chapter-10", ("book", "chapter-10---the-last-one", "id")),
        ("tok123#token", ("ai-engineering.concepts.token", "token", "id")),
        ("sub/note.md#sub-note", ("note", "sub-note", "path")),
    ],
)
def test_explicit_note_hash_heading(
    vault: Vault, query: str, expected: tuple[str, str | None, str]
) -> None:
    """`note#heading` names a section; the rule is the one that found the note."""
    assert found(vault, query) == expected


def test_explicit_heading_not_found_suggests_headings(vault: Vault) -> None:
    """An unknown heading of a known note: NoteNotFoundError suggesting its headings."""
    with pytest.raises(NoteNotFoundError) as caught:
        resolve_note(vault, "chapter-1#samplin")
    assert caught.value.query == "chapter-1#samplin"
    assert caught.value.suggestions[0] == "chapter-1#sampling"
    with pytest.raises(NoteNotFoundError) as caught:
        resolve_note(vault, "chapter-1#zzzzqqq")
    assert caught.value.suggestions == []


def test_explicit_heading_of_unknown_note(vault: Vault) -> None:
    """`nosuch#x`: the note part is reported as not found."""
    with pytest.raises(NoteNotFoundError) as caught:
        resolve_note(vault, "nosuchnote#intro")
    assert caught.value.query == "nosuchnote"


def test_ambiguous_segment_lists_candidates(vault: Vault) -> None:
    """Two notes with the segment `embeddings`: AmbiguousNoteError naming both with paths."""
    with pytest.raises(AmbiguousNoteError) as caught:
        resolve_note(vault, "embeddings")
    assert caught.value.candidates == [
        "ai-engineering.concepts.embeddings (ai-engineering.concepts.embeddings.md)",
        "other.embeddings (other.embeddings.md)",
    ]
    assert caught.value.message == (
        '"embeddings" matches 2 notes: '
        "ai-engineering.concepts.embeddings (ai-engineering.concepts.embeddings.md), "
        "other.embeddings (other.embeddings.md)"
    )


def test_ambiguous_heading_lists_sections(tmp_path: Path) -> None:
    """One heading slug in two notes: candidates are `fname#slug`."""
    vault = vault_of(tmp_path, {"a.md": "## Summary\n", "b.md": "## Summary\n"})
    with pytest.raises(AmbiguousNoteError) as caught:
        resolve_note(vault, "summary")
    assert caught.value.candidates == ["a#summary", "b#summary"]


def test_ambiguous_title(tmp_path: Path) -> None:
    """Two notes with one title are ambiguous by title."""
    vault = vault_of(tmp_path, {"a.md": "# Same Title\n", "b.md": "# Same Title\n"})
    with pytest.raises(AmbiguousNoteError) as caught:
        resolve_note(vault, "same title")
    assert caught.value.candidates == ["a (a.md)", "b (b.md)"]


def test_duplicate_id_is_ambiguous(tmp_path: Path) -> None:
    """Two notes sharing an id cannot be resolved by it."""
    vault = vault_of(tmp_path, {"a.md": "---\nid: x\n---\n", "b.md": "---\nid: x\n---\n"})
    with pytest.raises(AmbiguousNoteError) as caught:
        resolve_note(vault, "x")
    assert caught.value.candidates == ["a (a.md)", "b (b.md)"]


def test_typo_suggests_the_note(vault: Vault) -> None:
    """An unknown name close to a note's name suggests it (at most three, best first)."""
    with pytest.raises(NoteNotFoundError) as caught:
        resolve_note(vault, "tokn")
    assert caught.value.suggestions == ["token"]
    assert caught.value.message == 'no note "tokn"'
    assert caught.value.hint == 'did you mean "token"?'


def test_at_most_three_suggestions(tmp_path: Path) -> None:
    """Many close names: only three suggestions, each a name that finds its note."""
    vault = vault_of(tmp_path, {f"a.topic-{n}.md": f"# T{n}\n" for n in range(6)})
    with pytest.raises(NoteNotFoundError) as caught:
        resolve_note(vault, "topic")
    suggestions = caught.value.suggestions
    assert len(suggestions) == 3
    assert all(resolve_note(vault, s).note.fname.startswith("a.topic-") for s in suggestions)


def test_suggestion_uses_full_name_when_segment_is_shared(vault: Vault) -> None:
    """A suggested segment shared by two notes is given as the full file name instead."""
    assert suggest_notes(vault, "embedings") == [
        "ai-engineering.concepts.embeddings",
        "other.embeddings",
    ]


@pytest.mark.parametrize("query", ["xqzvwjk", "", "   ", "#heading"])
def test_gibberish_has_no_suggestions(vault: Vault, query: str) -> None:
    """Nothing close: NoteNotFoundError without suggestions or hint."""
    with pytest.raises(NoteNotFoundError) as caught:
        resolve_note(vault, query)
    assert (caught.value.suggestions, caught.value.hint) == ([], None)


@pytest.mark.parametrize(
    "query", ["../outside.md", "sub/../../outside.md", "..\\outside.md", "../kb2/x.md"]
)
def test_relative_path_leaving_vault(vault: Vault, tmp_path: Path, query: str) -> None:
    """A relative path that leaves the vault is refused with OutsideVaultError."""
    (tmp_path / "outside.md").write_text("# Outside\n")
    with pytest.raises(OutsideVaultError) as caught:
        resolve_note(vault, query)
    assert caught.value.message.startswith(f'"{query}" is outside the vault')


def test_absolute_path_outside_vault(vault: Vault, tmp_path: Path) -> None:
    """An absolute path outside the vault is refused, whether or not the file exists."""
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n")
    for query in (str(outside), "/etc/passwd", str(tmp_path / "missing.md")):
        with pytest.raises(OutsideVaultError):
            resolve_note(vault, query)


def test_symlink_path_leaving_vault(vault: Vault, tmp_path: Path) -> None:
    """A path through a symbolic link that leads out of the vault is refused."""
    (tmp_path / "outside.md").write_text("# Outside\n")
    (tmp_path / "kb" / "escape.md").symlink_to(tmp_path / "outside.md")
    with pytest.raises(OutsideVaultError):
        resolve_note(vault, "escape.md")


@pytest.mark.parametrize(
    "query",
    [
        "sub/note.md",
        "sub/note",
        "./sub/note.md",
        "sub/../sub/note.md",
        "sub\\note.md",
        "SUB_ABS",
    ],
)
def test_path_inside_vault(vault: Vault, tmp_path: Path, query: str) -> None:
    """A relative or absolute path inside the vault resolves to its note by rule `path`."""
    if query == "SUB_ABS":
        query = str(tmp_path / "kb" / "sub" / "note.md")
    assert found(vault, query) == ("note", None, "path")


def test_path_to_root_note(vault: Vault) -> None:
    """`book.md` is a path at the top of the vault."""
    assert found(vault, "book.md") == ("book", None, "path")


def test_missing_path_inside_vault_is_not_found(vault: Vault) -> None:
    """A path inside the vault with no note: NoteNotFoundError, not OutsideVaultError."""
    with pytest.raises(NoteNotFoundError):
        resolve_note(vault, "sub/missing.md")


def test_path_in_workspace_vault(tmp_path: Path) -> None:
    """In a workspace, a path relative to the workspace or to a vault folder resolves."""
    vault = vault_of(
        tmp_path,
        {
            "dendron.yml": "workspace:\n  vaults:\n    - fsPath: v1\n",
            "v1/topic.md": "# Topic\n",
        },
    )
    assert found(vault, "v1/topic.md") == ("topic", None, "path")
    assert found(vault, "topic.md") == ("topic", None, "path")


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Chapter 1: Building AI Applications!", "chapter 1 building ai applications"),
        ("  Mixed_Case--and   spaces ", "mixed case and spaces"),
        ("\uff26\uff35\uff2c\uff2c", "full"),  # fullwidth letters
        ("Straße", "strasse"),
        ("...", ""),
    ],
)
def test_normalise_title(text: str, key: str) -> None:
    """Titles compare without case, punctuation, underscores or extra spaces."""
    assert normalise_title(text) == key
