"""A long fuzz run of the parsers and the query: `python tests/fuzz.py --minutes 5`.

Runs the properties of tests/properties.py with many more examples than the suite does,
round after round until the time is up, and prints what it tried. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings

from tests import properties as p


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--examples", type=int, default=2000, help="per property per round")
    args = parser.parse_args()
    slow = settings(
        max_examples=args.examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    conn = p.make_index(Path(tempfile.mkdtemp(prefix="notes-fuzz-")))
    checks = {  # wrapped once; each call is a new run with new random examples
        "loader+definitions+glossary": slow(given(p.markdownish)(p.definitions_never_raise)),
        "links": slow(given(p.markdownish)(p.links_never_raise)),
        "inline text": slow(given(p.queries)(p.inline_text_never_raises)),
        "query parser": slow(given(p.queries)(p.query_parser_never_raises)),
        "search": slow(
            given(p.queries)(lambda q: p.search_never_raises_and_finds_only_notes(conn, q))
        ),
    }
    deadline = time.monotonic() + args.minutes * 60
    rounds = 0
    tried: dict[str, int] = dict.fromkeys(checks, 0)
    while time.monotonic() < deadline:
        rounds += 1
        for name, check in checks.items():
            started = time.monotonic()
            check()  # raises, with the shrunk failing example, on the first failure
            tried[name] += args.examples
            print(
                f"round {rounds}: {name:30} {args.examples} examples in "
                f"{time.monotonic() - started:5.1f} s",
                flush=True,
            )
            if time.monotonic() >= deadline:
                break
    print("no failure; examples tried: " + ", ".join(f"{k} {v}" for k, v in tried.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
