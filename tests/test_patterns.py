"""Patterns compiled on first use (parse/patterns) behave as `re.compile`'s."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from notes_kb.parse.patterns import compiled


def test_a_deferred_pattern_finds_what_a_compiled_one_finds() -> None:
    """Every method and attribute the parsers use gives what `re.compile`'s pattern gives."""
    source, flags = r"(?P<word>\w+)\s+(is|are)\b", re.I
    text = "Tokens ARE units; a token is a piece. Words are"
    deferred, eager = compiled(source, flags), re.compile(source, flags)
    assert deferred.pattern == eager.pattern
    for name in ("match", "search", "fullmatch", "findall", "split"):
        assert str(getattr(deferred, name)(text)) == str(getattr(eager, name)(text)), name
        assert str(getattr(deferred, name)(text, 1)) == str(getattr(eager, name)(text, 1))
    assert [m.span() for m in deferred.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert deferred.sub(r"<\g<word>>", text) == eager.sub(r"<\g<word>>", text)
    assert deferred.subn("-", text, 1) == eager.subn("-", text, 1)
    assert (deferred.flags, deferred.groups) == (eager.flags, eager.groups)
    assert deferred.groupindex == eager.groupindex
    assert compiled(deferred.pattern + "$").search("x is") is not None  # built from another


def test_a_pattern_is_compiled_at_its_first_use_only() -> None:
    """Making a pattern compiles nothing: a bad one fails where it is first used."""
    bad = compiled("(unclosed")
    with pytest.raises(re.error):
        bad.search("text")


def test_the_definition_finder_compiles_no_pattern_on_import() -> None:
    """Importing the definition finder (what parsing one edited note pays) compiles none of
    its patterns: they wait for the text that needs them."""
    code = (
        "import re, sys\n"
        "made = []\n"
        "real = re.compile\n"
        "def counted(*args, **kwargs):\n"
        "    made.append(sys._getframe(1).f_code.co_filename)\n"
        "    return real(*args, **kwargs)\n"
        "re.compile = counted\n"
        "import notes_kb.parse.definitions\n"
        "print(sum('definitions' in name or 'patterns' in name for name in made))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"
