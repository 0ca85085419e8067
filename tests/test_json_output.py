"""`--json` written as UTF-8 bytes (`serialize.encoded`): the very bytes the text would
have become, escaped as `dumps` escapes, whatever the stream's encoding and errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from notes_kb.cli.serialize import dumps, encoded
from tests.conftest import VaultFactory

NOTES = Path(sys.executable).parent / "notes"
VALUES = [
    "plain ascii",
    "del \x7f in ascii",
    "c1 \x85 and \x9b, é kept",
    "© and a no-break\xa0space: 0xC2 leads, no C1 follows",
    "line \u2028 paragraph \u2029",
    "tab\tesc\x1b",
    "注意力 and — dashes",
    ["nested", {"key \x9f": "value ©"}],
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("pretty", [False, True])
@pytest.mark.parametrize("errors", ["strict", "surrogateescape"])
def test_encoded_is_dumps_in_utf8(value: object, pretty: bool, errors: str) -> None:
    """The bytes equal `dumps` encoded with the stream's errors handler."""
    assert encoded(value, pretty, errors) == dumps(value, pretty).encode("utf-8", errors)


def test_raw_bytes_of_a_file_name_are_not_taken_for_a_c1_control() -> None:
    """A surrogate-escaped name (bytes C2 85 that were not UTF-8 text) is written back as
    those bytes, not as an escaped U+0085: as the text stream writes it."""
    value = "name \udcc2\udc85 and \x85"
    assert encoded(value, False, "surrogateescape") == b'"name \xc2\x85 and \\u0085"'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8:surrogateescape", "latin-1"])
def test_glossary_json_is_escaped_in_every_stream_encoding(
    make_vault: VaultFactory, encoding: str
) -> None:
    """`notes glossary --json` in a real run, to a pipe in UTF-8 (written as bytes) and in
    Latin-1 (written as text): the same JSON, controls and separators escaped, © kept."""
    vault = make_vault({"defs.md": "# Defs\n\n- **Widget**: a part \x85 with \u2028 © and \x7f.\n"})
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    done = subprocess.run(
        [str(NOTES), "--dir", str(vault), "glossary", "--json"], env=env, capture_output=True
    )
    assert (done.returncode, done.stderr) == (0, b"")
    out = done.stdout.decode(encoding.split(":")[0])
    assert '"definition":"a part \\u0085 with \\u2028 © and \\u007f."' in out
    assert [entry["term"] for entry in json.loads(out)] == ["Widget"]
