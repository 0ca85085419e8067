"""The writing half of notes: create (`new`, `daily`), edit and rename notes.

Each command plans its edits as pure functions of the text (spans of the original bytes,
never a re-dumped YAML), then writes through `notes_kb.files`, which holds the safety rules:
atomic, mode kept, refused when the file changed since it was read, never through a link out
of the vault or into a read-only one.
"""
