"""Precision and recall of the glossary against hand-labelled notes.

A labelled set is a folder with `notes/` (a vault) and `labels.yml`: for each note, the
`terms` a careful reader would put in a glossary for it (`a | b` are names of one concept)
and `not_terms`, things that look like definitions but are not. Run:

    python benchmarks/eval_glossary.py tests/defset/dev            # the set we tune on
    python benchmarks/eval_glossary.py tests/defset/holdout        # the set we do not
    python benchmarks/eval_glossary.py SET -v                      # every miss and false hit

A found definition counts as right when its note's labels name its term (any name of its
glossary entry: an acronym found for a labelled expansion counts). Recall counts labelled
concepts found in their note; precision counts distinct (note, term) pairs found.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from notes_kb.config import locate
from notes_kb.index.load import load_vault
from notes_kb.parse.keys import concept_key
from notes_kb.query.glossary import build_glossary


@dataclass
class Score:
    """Counts for one labelled set."""

    found: int = 0  # distinct (note, term) pairs found
    right: int = 0  # of those, labelled terms of their note
    labelled: int = 0  # labelled concepts
    recalled: int = 0  # labelled concepts found in their note
    traps: int = 0  # labelled not_terms
    sprung: int = 0  # not_terms found as terms
    by_kind: Counter[tuple[str, bool]] = field(default_factory=Counter)
    misses: list[tuple[str, str]] = field(default_factory=list)
    false: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.labelled if self.labelled else 1.0


def read_labels(folder: Path) -> dict[str, dict[str, list[str]]]:
    data = yaml.safe_load((folder / "labels.yml").read_text(encoding="utf-8")) or {}
    return {
        str(path): {
            "terms": [str(t) for t in (value or {}).get("terms") or []],
            "not_terms": [str(t) for t in (value or {}).get("not_terms") or []],
        }
        for path, value in data.items()
    }


def evaluate(folder: Path) -> Score:
    labels = read_labels(folder)
    vault = load_vault(locate(folder / "notes"))
    entries = build_glossary(vault.notes)
    score = Score()
    gold: dict[str, list[set[str]]] = {}
    traps: dict[str, set[str]] = {}
    for path, value in labels.items():
        gold[path] = [{concept_key(n) for n in t.split(" | ")} - {""} for t in value["terms"]]
        traps[path] = {concept_key(t) for t in value["not_terms"]} - {""}
        score.labelled += len(gold[path])
        score.traps += len(traps[path])
    hit: dict[str, set[int]] = defaultdict(set)
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        names = {concept_key(n) for n in entry.names}
        for definition in entry.definitions:
            key = concept_key(definition.term)
            if (definition.path, key) in seen or definition.path not in gold:
                continue  # a note counted once per term; an unlabelled note (--whole) not
            seen.add((definition.path, key))
            score.found += 1
            concepts = gold.get(definition.path, [])
            matched = [i for i, alts in enumerate(concepts) if key in alts or alts & names]
            if matched:
                score.right += 1
                hit[definition.path].update(matched)
            else:
                trap = key in traps.get(definition.path, set())
                score.sprung += trap
                score.false.append(
                    (definition.path, definition.term, definition.kind, definition.text[:90])
                )
            score.by_kind[(definition.kind, bool(matched))] += 1
    for path, concepts in gold.items():
        for i in range(len(concepts)):
            if i in hit[path]:
                score.recalled += 1
            else:
                score.misses.append((path, labels[path]["terms"][i]))
    return score


def turned_down(folder: Path, path: str) -> list[str]:
    """What the extractor considered in one note and refused, with scores."""
    from notes_kb.parse.definitions import find_definitions
    from notes_kb.parse.frontmatter import parse_note

    source = (folder / "notes" / path).read_text(encoding="utf-8", errors="replace")
    note, _ = parse_note(source, path)
    trace: list[str] = []
    find_definitions(note, trace=trace)
    return trace


def report(name: str, score: Score, verbose: bool, why: Path | None = None) -> None:
    print(
        f"{name}: precision {score.precision:.1%} ({score.right}/{score.found}), "
        f"recall {score.recall:.1%} ({score.recalled}/{score.labelled}), "
        f"not_terms taken as terms {score.sprung}/{score.traps}"
    )
    kinds = sorted({kind for kind, _ in score.by_kind})
    for kind in kinds:
        right, wrong = score.by_kind[(kind, True)], score.by_kind[(kind, False)]
        print(f"  {kind:18s} {right:4d} right {wrong:4d} wrong")
    if verbose:
        for path, term, kind, text in sorted(score.false):
            print(f"  FALSE {path}: {term!r} [{kind}] {text!r}")
        for path, term in sorted(score.misses):
            print(f"  MISS  {path}: {term!r}")
            if why is not None:
                names = [concept_key(n) for n in term.split(" | ")]
                for line in turned_down(why, path):
                    if any(n and n in concept_key(line.split("[")[0]) for n in names):
                        print(f"          {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="+", type=Path, help="folders with notes/ and labels.yml")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and false hits")
    parser.add_argument(
        "--why", action="store_true", help="with -v: the candidates turned down in missed notes"
    )
    args = parser.parse_args(argv)
    total = Score()
    for folder in args.sets:
        score = evaluate(folder)
        report(str(folder), score, args.verbose, folder if args.why else None)
        for name in ("found", "right", "labelled", "recalled", "traps", "sprung"):
            setattr(total, name, getattr(total, name) + getattr(score, name))
    if len(args.sets) > 1:
        report("all", total, False)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `... | head -1`: the reader has what it wanted; no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
