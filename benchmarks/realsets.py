"""Rebuild a labelled set of real notes from its manifest, so eval_glossary.py can read it.

The real vaults we measure the glossary on are other people's public notes; this repository
keeps only what we wrote about them: `benchmarks/realsets/setNN/labels.yml` (the terms a reader
listed for each note), `manifest.yml` (which repository, commit and files) and a README. This
script fetches the notes themselves, byte for byte, from each repository's git history:

    python benchmarks/realsets.py benchmarks/realsets/set30 /tmp/set30
    python benchmarks/realsets.py benchmarks/realsets/set30 /tmp/set30 --mirror /work/.mirror
    python benchmarks/eval_glossary.py /tmp/set30
    python benchmarks/realsets.py benchmarks/realsets/set30 /tmp/set30w --whole   # see below

For each repository `owner/name` it looks for a git directory under `--mirror` (a folder
holding `owner+name/`, at any depth below it, as the search tool's `fetch` leaves them),
else clones `https://github.com/owner/name` (bare, blobs on demand) into `--clones`. A commit
the repository no longer has is reported and its notes skipped; the exit status is then 1.

`--whole` writes every Markdown file of each repository at its commit, not only the labelled
ones: the vault as its owner has it, as a user points `notes` at it. The evaluator then scores
the labelled notes alone, with every other note there to lend what a whole vault lends (its
titles and links, the labels an author repeats across notes).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import yaml


def is_git_dir(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir()


def find_git_dir(root: Path, repo: str) -> Path | None:
    """A git directory for `repo` under `root`/owner+name, searched four levels deep."""
    top = root / repo.replace("/", "+")
    if not top.is_dir():
        return None
    layer = [top]
    for _ in range(4):
        for folder in layer:
            if is_git_dir(folder):
                return folder
            if is_git_dir(folder / ".git"):
                return folder / ".git"
        layer = sorted(child for folder in layer for child in folder.iterdir() if child.is_dir())
    return None


def clone(repo: str, clones: Path) -> Path:
    target = clones / (repo.replace("/", "+") + ".git")
    if not is_git_dir(target):
        url = f"https://github.com/{repo}"
        command = ["git", "clone", "-q", "--bare", "--filter=blob:none", url, str(target)]
        subprocess.run(command, check=True)
    return target


def safe_path(path: str) -> PurePosixPath:
    """A manifest path as a relative path that stays inside the set's notes/ folder."""
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"manifest path leaves the set: {path!r}")
    return pure


def materialise(
    set_dir: Path, dest: Path, mirror: Path | None, clones: Path, whole: bool = False
) -> int:
    """Write dest/notes/owner+name/path for every manifest entry (with `whole`, for every
    Markdown file of the repository at that commit); copy labels.yml. Failures."""
    manifest = yaml.safe_load((set_dir / "manifest.yml").read_text(encoding="utf-8")) or []
    (dest / "notes").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(set_dir / "labels.yml", dest / "labels.yml")
    failures = 0
    for entry in manifest:
        repo, commit = str(entry["repo"]), str(entry["commit"])
        git_dir = find_git_dir(mirror, repo) if mirror else None
        git_dir = git_dir or clone(repo, clones)
        paths = [str(path) for path in entry["paths"]]
        if whole:
            listed = subprocess.run(
                ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "-z", "--name-only", commit],
                capture_output=True,
                check=True,
            )
            names = listed.stdout.decode("utf-8", "replace").split("\0")
            paths += [n for n in names if n.lower().endswith(".md") and n not in paths]
        for path in paths:
            target = dest / "notes" / repo.replace("/", "+") / safe_path(str(path))
            shown = subprocess.run(
                ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
                capture_output=True,
            )
            if shown.returncode != 0:
                print(f"{repo} {commit[:8]} {path}: not found", file=sys.stderr)
                failures += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(shown.stdout)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set", type=Path, help="a folder with manifest.yml and labels.yml")
    parser.add_argument("dest", type=Path, help="where to write notes/ and labels.yml")
    parser.add_argument("--mirror", type=Path, help="a folder of fetched git snapshots")
    parser.add_argument(
        "--clones", type=Path, default=Path("/tmp/realsets-clones"), help="where to clone"
    )
    parser.add_argument(
        "--whole", action="store_true", help="every Markdown file of each repository"
    )
    args = parser.parse_args(argv)
    args.clones.mkdir(parents=True, exist_ok=True)
    try:
        failures = materialise(args.set, args.dest, args.mirror, args.clones, args.whole)
    except (OSError, ValueError, KeyError, yaml.YAMLError, subprocess.CalledProcessError) as err:
        print(f"Error: {err}", file=sys.stderr)
        return 2
    print(f"{args.dest}: {failures} note(s) missing" if failures else f"{args.dest}: ready")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
