"""Definition finding of this tree against another revision's, note by note: are they the same?

Run (before committing a change meant to leave the output alone, such as a speed-up):

    python benchmarks/same_definitions.py --base main notes ../shared/vaults/dendron-site /tmp/v10k

It checks the `--base` revision out in a temporary git worktree, and in two processes (one
per tree, side by side) writes for every note of the given vaults the repr of what
`find_definitions` returns, definitions and aliases, and of its trace (every candidate
turned down, with why). The two dumps must be byte-identical; the first differing notes are
printed otherwise, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# what each process runs: `notes_kb` is the one on its PYTHONPATH
_DUMP = """
import sys
from pathlib import Path
from notes_kb.config import locate
from notes_kb.index.load import load_vault
from notes_kb.parse.definitions import find_definitions
from notes_kb.parse.markdown import block_tokens

with open(sys.argv[1], "w", encoding="utf-8") as out:
    for vault in sys.argv[2:]:
        for note in load_vault(locate(Path(vault))).notes:
            trace = []
            found, aliases = find_definitions(note, block_tokens(note.body), trace)
            out.write(f"{vault}\\t{note.path}\\t{found!r}\\t{aliases!r}\\t{trace!r}\\n")
"""


def dump(src: Path, out: Path, vaults: list[str]) -> subprocess.Popen[bytes]:
    """Start writing the dump of the code under `src` (a tree's `src/` folder)."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0")
    return subprocess.Popen([sys.executable, "-c", _DUMP, str(out), *vaults], env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vaults", nargs="+", type=Path)
    parser.add_argument("--base", default="main", help="the revision compared against")
    parser.add_argument("--show", type=int, default=5, help="differing notes printed")
    args = parser.parse_args(argv)
    vaults = [str(vault.resolve()) for vault in args.vaults]
    with tempfile.TemporaryDirectory() as work:
        base, dumps = Path(work) / "base", (Path(work) / "base.txt", Path(work) / "this.txt")
        git = ["git", "-C", str(ROOT)]
        add = [*git, "worktree", "add", "-q", "--detach", str(base), args.base]
        subprocess.run(add, check=True)
        try:
            running = [dump(base / "src", dumps[0], vaults), dump(ROOT / "src", dumps[1], vaults)]
            if any(process.wait() for process in running):
                return 2
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(base)], check=True)
        before, after = (path.read_text(encoding="utf-8").splitlines() for path in dumps)
    if before == after:
        print(f"same: {len(after)} notes, byte-identical")
        return 0
    differing = [(a, b) for a, b in zip(before, after, strict=False) if a != b]
    print(f"DIFFERENT: {len(differing)} of {len(after)} notes (base had {len(before)})")
    for a, b in differing[: args.show]:
        at = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
        start = max(0, at - 120)  # the note's vault and path, then where the two part
        print(f"{a.split(chr(9))[1]}:\n- ...{a[start : at + 200]}\n+ ...{b[start : at + 200]}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
