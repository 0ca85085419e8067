"""Studying the notes: the deck drawn from them, FSRS scheduling over an append-only review
log, the study session's queue, statistics and the Anki export. Never writes a note."""
