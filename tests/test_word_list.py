"""The English word list that tells everyday words from terms (parse/keys): read from
wordfreq's own data file for plain words, the same numbers wordfreq gives, and a command
that needs it does not pay for importing wordfreq."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from wordfreq import zipf_frequency

from notes_kb.parse import keys
from tests.conftest import write_files


def test_every_listed_word_and_others_get_wordfreqs_own_number() -> None:
    """Every plain word of the small English list, words it lacks, an empty word and words
    that are not plain letters (read through wordfreq itself) get wordfreq's Zipf number."""
    table = keys._small_list("en")
    assert table is not None and len(table) > 20_000
    plain = [word for word in table if keys._LETTERS.fullmatch(word)][::7]
    others = ["", "perplexity", "tokenizer", "pre-training", "naïve", "don't", "x2", "GPU"]
    for word in [*plain, *others]:
        assert keys._zipf(word) == float(zipf_frequency(word, "en", wordlist="small")), word
    assert keys.everyday_word("Images") and not keys.everyday_word("perplexity")


def test_a_command_that_reads_the_word_list_does_not_import_wordfreq(tmp_path: Path) -> None:
    """A cold process that checks words against the list and runs a `search` over a note
    titled with a word answers without importing wordfreq (a fifth of a second of a
    command's start)."""
    vault = write_files(tmp_path / "vault", {"Clustering.md": "Groups items.\n", "b.md": "x\n"})
    code = (
        "import sys\n"
        "from notes_kb.parse import keys\n"
        "assert keys.everyday_word('text') and not keys.common_word('Clustering')\n"
        "from notes_kb.cli.client import main\n"
        f"sys.argv = ['notes', '--dir', {str(vault)!r}, 'search', 'groups']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('wordfreq' in sys.modules, file=sys.stderr)\n"
    )
    env = {**os.environ, "NOTES_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Clustering.md" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "False"
