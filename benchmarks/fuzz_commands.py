"""Run every `notes` command on generated hostile vaults for a while; report crashes, hangs,
peak memory and any change to the vault.

    python benchmarks/fuzz_commands.py --seconds 60

Each round writes a fresh vault mixing the hostile things real vaults hold (YAML bombs,
embed storms, names that are not UTF-8 or hold newlines and RTL marks, binary files,
megabyte lines, deep folders, symbolic links out, broken caches), then runs each command as
a real process with a time limit. A crash is an exit code other than 0, 1 or 2, or a
traceback on stderr; a hang is a run past the limit; a vault that is not byte-identical
afterwards is a write. Exits 1 when anything went wrong.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NOTES = Path(sys.executable).parent / "notes"
LAUGHS = (
    "---\n"
    + 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
        for i in range(8)
    )
    + "---\n"
)


def hostile_files(rng: random.Random, count: int) -> dict[bytes, bytes]:
    """File name (bytes) -> content (bytes): a random mix of hostile notes."""
    files: dict[bytes, bytes] = {}
    names = [f"n{i}" for i in range(count)]
    for i, name in enumerate(names):
        kind = rng.choice(
            [
                "plain",
                "laughs",
                "deep-yaml",
                "embeds",
                "binary",
                "long-line",
                "bad-utf8",
                "bad-name",
                "nested-list",
                "links",
                "unclosed",
                "huge-scalar",
                "empty",
            ]
        )
        others = rng.sample(names, min(len(names), 12))
        body = f"# Note {i}\n\ntoken {rng.random()} [[{others[0]}]] #tag{i % 5}\n"
        content = body.encode()
        fname = f"{name}.md".encode()
        if kind == "laughs":
            content = (LAUGHS + body).encode()
        elif kind == "deep-yaml":
            content = ("---\nx: " + "[" * 200 + "]" * 200 + "\n---\n" + body).encode()
        elif kind == "embeds":
            content = (body + "\n".join(f"![[{o}]]" for o in others) + "\n").encode()
        elif kind == "binary":
            content = bytes(rng.randrange(256) for _ in range(2000))
        elif kind == "long-line":
            content = (
                body + " ".join(f"w{j} [[{others[j % 12]}]]" for j in range(20_000))
            ).encode()
        elif kind == "bad-utf8":
            content = body.encode() + b"\xff\xfe\xc3( " + b"\x1b[31m red \x1b]0;title\x07\n"
        elif kind == "bad-name":
            fname = (
                rng.choice(
                    [
                        b"bad-\xff\xfe",
                        b"new\nline",
                        "rtl-\u202e".encode(),
                        b"ctl-\x1b[2J",
                        b"quote\"'<>&",
                        b"sp ace.and.dots",
                    ]
                )
                + f"-{i}.md".encode()
            )
        elif kind == "nested-list":
            content = (body + "".join("  " * d + "- item\n" for d in range(3000))).encode()
        elif kind == "links":
            content = (
                body + " ".join(f"[[{o}#h{j}|alias]]" for j, o in enumerate(others))
            ).encode()
        elif kind == "unclosed":
            content = ("---\ntitle: never closed\n" + body).encode()
        elif kind == "huge-scalar":
            content = ("---\ntitle: " + "t" * 200_000 + "\n---\n" + body).encode()
        elif kind == "empty":
            content = b""
        files[fname] = content
    deep = b"/".join([b"d"] * 200) + b"/deep.md"
    files[deep] = b"# Deep\n\ndeep token\n"
    return files


def write_vault(root: Path, files: dict[bytes, bytes], outside: Path) -> None:
    base = os.fsencode(root)
    for name, content in files.items():
        path = os.path.join(base, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(content)
    os.symlink(outside, os.path.join(base, b"out-link.md"))
    os.symlink(os.path.dirname(outside), os.path.join(base, b"out-dir"))
    os.symlink(os.path.join(base, b"loop"), os.path.join(base, b"loop"))


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for folder, dirs, names in os.walk(os.fsencode(root)):
        dirs.sort()
        for name in sorted(names) + dirs:
            path = os.path.join(folder, name)
            digest.update(path)
            if os.path.islink(path):
                digest.update(os.readlink(path))
            elif os.path.isfile(path):
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return digest.hexdigest()


COMMANDS = [
    ["list"],
    ["list", "--json"],
    ["tree"],
    ["check"],
    ["check", "--json"],
    ["tags"],
    ["show", "n0", "--no-pager"],
    ["show", "n1", "--raw", "--no-pager"],
    ["show", "n2", "--json"],
    ["links", "n3"],
    ["links", "n4", "--json"],
    ["graph", "-f", "dot"],
    ["graph", "-f", "mermaid"],
    ["graph", "--json"],
    ["glossary"],
    ["concepts"],
    ["define", "token"],
    ["search", "token"],
    ["search", "token", "--json"],
    ["search", '"unclosed AND NEAR( * ^'],
    ["search", "x " * 500],
    ["index", "--json"],
    # study and writing: read-only forms (a dry run, a listing, a session given no input)
    ["study", "--list"],
    ["study", "--list", "--json"],
    ["study", "--stats", "--json"],
    ["study", "--open"],
    ["study"],
    ["rename", "n5", "n5-renamed", "--dry-run"],
    ["rename", "n6", "../outside", "--dry-run"],
    ["edit", "n7"],
]


def run_one(argv: list[str], env: dict[str, str], limit: float) -> tuple[str, float, str]:
    """(verdict, seconds, stderr tail): ok, crash or hang."""
    started = time.monotonic()
    try:
        done = subprocess.run(
            argv, env=env, capture_output=True, timeout=limit, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        return "hang", time.monotonic() - started, ""
    seconds = time.monotonic() - started
    err = done.stderr.decode("utf-8", "replace")
    if done.returncode not in (0, 1, 2) or "Traceback" in err:
        return "crash", seconds, err[-600:]
    return "ok", seconds, ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--notes", type=int, default=60, help="notes per generated vault")
    parser.add_argument("--limit", type=float, default=30, help="seconds before a run hangs")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    deadline = time.monotonic() + args.seconds
    runs = crashes = hangs = writes = rounds = 0
    slowest = (0.0, "")
    failures: list[str] = []
    while time.monotonic() < deadline:
        rounds += 1
        work = Path(tempfile.mkdtemp(prefix="notes-fuzz-"))
        try:
            outside = work / "outside" / "secret.md"
            outside.parent.mkdir()
            outside.write_text("# Secret\n\nSECRET\n", "utf-8")
            vault = work / "vault"
            write_vault(vault, hostile_files(rng, args.notes), outside)
            cache = work / "cache"
            if rounds % 3 == 0:  # a cache spoiled before the first run
                cache.mkdir(mode=0o700)
            env = {
                **os.environ,
                "NOTES_CACHE_DIR": str(cache),
                "NO_COLOR": "1",
                "NOTES_LOCK_TIMEOUT": "10",
                "COLUMNS": "100",
            }
            before = fingerprint(vault)
            for command in COMMANDS:
                if time.monotonic() > deadline:
                    break
                verdict, seconds, err = run_one(
                    [str(NOTES), "--dir", str(vault), *command], env, args.limit
                )
                runs += 1
                slowest = max(slowest, (seconds, " ".join(command)[:60]))
                if verdict != "ok":
                    crashes += verdict == "crash"
                    hangs += verdict == "hang"
                    failures.append(f"round {rounds} {command}: {verdict}\n{err}")
                if rounds % 3 == 0 and command == ["list"]:
                    for database in cache.glob("*.sqlite"):
                        with open(database, "r+b") as handle:  # damage it in the middle
                            handle.seek(database.stat().st_size // 2)
                            handle.write(os.urandom(4096))
                if fingerprint(vault) != before:
                    writes += 1
                    failures.append(f"round {rounds} {command}: the vault changed")
                    before = fingerprint(vault)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{rounds} vaults, {runs} runs of {len(COMMANDS)} commands in {args.seconds:g} s: "
        f"{crashes} crashes, {hangs} hangs, {writes} vault writes; peak memory of one run "
        f"{peak_mb:.0f} MB; slowest {slowest[0]:.1f} s ({slowest[1]})"
    )
    for failure in failures[:10]:
        print("---", failure, sep="\n")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
