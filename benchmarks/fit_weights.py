"""Fit the definition scorer's weights to labelled sets (logistic regression, pure Python).

    python benchmarks/fit_weights.py --train tests/defset/dev SET ... --check OTHER_SET ...

Every candidate the extractor scores in the training sets becomes one example: its named
features (parse/definitions/score.features) and whether its note's labels name its term.
The fit starts from the hand weights and prints the weights it found, ready to paste into
WEIGHTS, and the precision and recall of both weight sets on the --check sets.
"""

from __future__ import annotations

import argparse
import importlib
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import notes_kb.parse.definitions as definitions
from notes_kb.parse.keys import concept_key

# the module, not the function of the same name the package exports
scoring = importlib.import_module("notes_kb.parse.definitions.score")

sys.path.insert(0, str(Path(__file__).parent))
from eval_glossary import Score, evaluate, read_labels  # noqa: E402

# what each_scored reports of a candidate: its note's path, its term, text, kind and
# evidence, and the score it got
Scored = Callable[[str, str, str, str, float, float], None]


def each_scored(folder: Path, record: Scored) -> None:
    """Run the finder over every note of a set's vault and report every candidate it
    scores to `record`."""
    from notes_kb.config import locate
    from notes_kb.index.load import load_vault

    current: list[str] = [""]
    original = scoring.score

    def recording(term: str, text: str, kind: str, evidence: float) -> float:
        value = original(term, text, kind, evidence)
        record(current[0], term, text, kind, evidence, value)
        return value

    definitions.score = recording  # type: ignore[attr-defined]
    try:
        for note in load_vault(locate(folder / "notes")).notes:
            current[0] = note.path
            definitions.find_definitions(note)
    finally:
        definitions.score = original  # type: ignore[attr-defined]


def examples(folder: Path) -> list[tuple[dict[str, float], int]]:
    """(features, 1 when the labels name the term) for every candidate scored in a set."""
    labels = read_labels(folder)
    gold = {
        path: {concept_key(name) for t in value["terms"] for name in t.split(" | ")}
        for path, value in labels.items()
    }
    found: list[tuple[dict[str, float], int]] = []

    def record(path: str, term: str, text: str, kind: str, evidence: float, _: float) -> None:
        features = scoring.features(term, text, kind, evidence)
        found.append((features, int(concept_key(term) in gold.get(path, set()))))

    each_scored(folder, record)
    return found


def fit(
    data: list[tuple[dict[str, float], int]], start: dict[str, float], steps: int = 400
) -> dict[str, float]:
    """Logistic regression by gradient descent, L2 towards the hand weights; the bias is
    the threshold (a candidate is kept when the weighted sum reaches it)."""
    weights = dict(start)
    bias = -scoring.THRESHOLD
    names = sorted({name for features, _ in data for name in features} | set(weights))
    rate, pull = 0.05, 0.02
    for _ in range(steps):
        grads = dict.fromkeys(names, 0.0)
        grad_bias = 0.0
        for features, label in data:
            z = bias + sum(weights.get(n, 0.0) * v for n, v in features.items())
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            for n, v in features.items():
                grads[n] += (p - label) * v
            grad_bias += p - label
        for n in names:
            penalty = pull * (weights.get(n, 0.0) - start.get(n, 0.0))
            weights[n] = weights.get(n, 0.0) - rate * (grads[n] / len(data) + penalty)
        bias -= rate * grad_bias / len(data)
    # express the bias as a shift of the evidence-free threshold
    shift = bias + scoring.THRESHOLD  # every candidate has one kind: shift the kinds
    return {n: round(w + (shift if n.startswith("kind:") else 0.0), 2) for n, w in weights.items()}


def report(name: str, folders: list[Path]) -> None:
    total = Score()
    for folder in folders:
        result = evaluate(folder)
        for field in ("found", "right", "labelled", "recalled"):
            setattr(total, field, getattr(total, field) + getattr(result, field))
    f1 = 2 * total.precision * total.recall / max(total.precision + total.recall, 1e-9)
    print(f"  {name}: precision {total.precision:.1%} recall {total.recall:.1%} F1 {f1:.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", nargs="+", type=Path, required=True)
    parser.add_argument("--check", nargs="+", type=Path, default=[])
    args = parser.parse_args(argv)
    data = [example for folder in args.train for example in examples(folder)]
    positives = sum(label for _, label in data)
    print(f"{len(data)} candidates, {positives} labelled terms")
    hand: dict[str, Any] = dict(scoring.WEIGHTS)
    learned = fit(data, hand)
    for name in sorted(learned, key=lambda n: (not n.startswith("kind:"), n)):
        if abs(learned[name] - hand.get(name, 0.0)) >= 0.05:
            print(f"  {name!r}: {hand.get(name, 0.0):+.2f} -> {learned[name]:+.2f}")
    for label, weights in (("hand", hand), ("fitted", learned)):
        scoring.WEIGHTS.clear()
        scoring.WEIGHTS.update(weights)
        report(f"{label}, train", args.train)
        if args.check:
            report(f"{label}, check", args.check)
    scoring.WEIGHTS.clear()
    scoring.WEIGHTS.update(hand)
    return 0


if __name__ == "__main__":
    sys.exit(main())
