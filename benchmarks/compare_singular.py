"""Our singulariser (`notes_kb.parse.keys.singular`) against inflect and lemminflect.

Run (the libraries are not dependencies: `pip install inflect lemminflect` first):

    python benchmarks/compare_singular.py notes ../shared/vaults/dendron-site /tmp/set30/notes

(with no vault named, it reads the bundled `notes/`). It collects every word of every
glossary term and alias the glossary finds in the given vaults, and of every labelled term
of `benchmarks/realsets/set*/labels.yml` and `tests/defset/*/labels.yml`, then singularises
each distinct word three ways: ours, inflect's `singular_noun` and lemminflect's
`getLemma(word, upos="NOUN")`, each library wrapped to keep our contract (the word itself
when it is no plural, its case kept). It prints:

- every disagreement, with which side is right by the hand judgement in
  `benchmarks/singular_judged.yml` (the singular a glossary key should fold to: `data` stays
  `data`, `APIs` is `API`); a word not judged there is counted unjudged;
- how often each library, unwrapped, breaks the contract (returns False, changes case);
- the time per word of each, and each library's import and first call.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from notes_kb.config import locate
from notes_kb.index.load import load_vault
from notes_kb.parse.keys import singular
from notes_kb.query.glossary import build_glossary

ROOT = Path(__file__).resolve().parent.parent
LABELS = ("benchmarks/realsets/set*/labels.yml", "tests/defset/*/labels.yml")

JUDGED = ROOT / "benchmarks" / "singular_judged.yml"


def judged() -> dict[str, set[str]]:
    """Each judged word's right singulars (one, or two where either is right)."""
    data = yaml.safe_load(JUDGED.read_text(encoding="utf-8")) or {}
    return {
        str(word): {str(r) for r in right} if isinstance(right, list) else {str(right)}
        for word, right in data.items()
    }


def inflect_singular() -> Callable[[str], str]:
    """inflect's `singular_noun`, which returns False for a word it takes for no plural."""
    import inflect

    engine = inflect.engine()

    def wrapped(word: str) -> str:
        if not word:  # its type check refuses an empty string
            return word
        found = engine.singular_noun(word)
        return found if isinstance(found, str) and found else word

    return wrapped


def lemminflect_singular() -> Callable[[str], str]:
    """lemminflect's noun lemma, of the lowercase word (as written, `LLMs` gives `Llm`),
    with the word's own letters where the lemma is a prefix of it, else its capitals."""
    from lemminflect import getLemma

    def wrapped(word: str) -> str:
        lower = word.lower()
        lemmas = getLemma(lower, upos="NOUN")
        lemma = lemmas[0] if lemmas else lower
        if lemma in ("", lower):  # `s` has the lemma ``
            return word
        if lower.startswith(lemma):
            return word[: len(lemma)]
        if word.isupper():
            return lemma.upper()
        return lemma[:1].upper() + lemma[1:] if word[:1].isupper() else lemma

    return wrapped


def words_of(names: Iterable[str]) -> Counter[str]:
    """Each word of each name as written: split at spaces and slashes, outer punctuation cut;
    a hyphenated word counts whole and by its parts (keys singularise the last part)."""
    found: Counter[str] = Counter()
    for name in names:
        for token in re.split(r"[\s/]+", name):
            token = re.sub(r"^[^\w]+|[^\w]+$", "", token)
            if not token or not any(ch.isalpha() for ch in token):
                continue
            found[token] += 1
            if "-" in token or "_" in token:
                found.update(part for part in re.split(r"[-_]+", token) if part.isalpha())
    return found


def glossary_names(folder: Path) -> list[str]:
    """Every term, alias and defined name the glossary finds in a vault."""
    vault = load_vault(locate(folder))
    names: list[str] = []
    for entry in build_glossary(vault.notes):
        names += [entry.term, *entry.aliases, *(d.term for d in entry.definitions)]
    return names


def label_names(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        name
        for value in data.values()
        for term in (value or {}).get("terms") or []
        for name in str(term).split(" | ")
    ]


def per_word_us(function: Callable[[str], str], words: list[str], repeat: int = 5) -> float:
    """Median microseconds a word over all the words, `repeat` times."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for word in words:
            function(word)
        runs.append((time.perf_counter() - start) / len(words) * 1e6)
    return statistics.median(runs)


FIRST_CALL = {
    "inflect": "import inflect; inflect.engine().singular_noun('models')",
    "lemminflect": "import lemminflect; lemminflect.getLemma('models', upos='NOUN')",
}


def first_call_ms(code: str, repeat: int = 5) -> float:
    """Median milliseconds to run `code` in a fresh interpreter, less a bare start: a
    library's import and first call (lemminflect reads its tables on the first)."""

    def run(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - start

    bare = statistics.median(run("pass") for _ in range(repeat))
    full = statistics.median(run(code) for _ in range(repeat))
    return (full - bare) * 1000


def report(
    name: str,
    words: list[str],
    theirs: Callable[[str], str],
    right: dict[str, set[str]],
) -> None:
    """Every word on which ours and theirs differ (case aside), and which is right."""
    tally: Counter[str] = Counter()
    lines = []
    for word in words:
        mine, other = singular(word), theirs(word)
        if mine.casefold() == other.casefold():
            continue
        good = right.get(word, right.get(word.lower()))
        if good is None:
            verdict = "unjudged"
        else:
            good = {g.casefold() for g in good}
            verdict = {
                (True, True): "both",
                (True, False): "ours",
                (False, True): name,
                (False, False): "neither",
            }[(mine.casefold() in good, other.casefold() in good)]
        tally[verdict] += 1
        lines.append(f"  {word:24s} ours {mine:22s} {name} {other:22s} right: {verdict}")
    print(
        f"ours vs {name}: {sum(tally.values())} of {len(words)} words differ; right: "
        f"ours {tally['ours']}, {name} {tally[name]}, both {tally['both']}, "
        f"neither {tally['neither']}, unjudged {tally['unjudged']}"
    )
    print("\n".join(lines))


def case_kept(word: str, found: str) -> bool:
    """The letters a word and its singular share are in the word's case (`Matrices` ->
    `Matrix`, `LLMs` -> `LLM`; not `matrix`, `Llm`)."""
    shared = 0
    for mine, theirs in zip(word.lower(), found.lower(), strict=False):
        if mine != theirs:
            break
        shared += 1
    return bool(found) and word[:shared] == found[:shared]


def shapes(words: list[str], libraries: dict[str, Callable[[str], str]]) -> None:
    """How often each, raw and wrapped, breaks the contract on the words as written."""
    import inflect
    from lemminflect import getLemma

    engine = inflect.engine()
    false = sum(engine.singular_noun(word) is False for word in words)
    raw = sum(not case_kept(word, (getLemma(word, upos="NOUN") or (word,))[0]) for word in words)
    print(
        f"contract, on {len(words)} words as written: inflect returns False for {false}; "
        f"lemminflect, unwrapped, loses the case of {raw} (`LLMs` -> `Llm`)"
    )
    for name, function in {"ours": singular, **libraries}.items():
        lost = [word for word in words if not case_kept(word, function(word))]
        print(f"  {name:11s} loses the case of {len(lost)}: {', '.join(lost[:8])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vaults", nargs="*", type=Path, default=[ROOT / "notes"])
    parser.add_argument("--no-timing", action="store_true", help="skip the timings")
    args = parser.parse_args(argv)

    counts: Counter[str] = Counter()
    for folder in args.vaults:
        counts += words_of(glossary_names(folder))
    labels = sorted(path for pattern in LABELS for path in ROOT.glob(pattern))
    for path in labels:
        counts += words_of(label_names(path))
    written = sorted(counts)
    lower = sorted({word.lower() for word in written})
    print(
        f"{len(written)} distinct words as written ({len(lower)} in lowercase) from "
        f"{len(args.vaults)} vaults' glossaries and {len(labels)} label files"
    )

    libraries = {"inflect": inflect_singular(), "lemminflect": lemminflect_singular()}
    right = judged()
    for name, theirs in libraries.items():
        report(name, written, theirs, right)
    shapes(written, libraries)
    if not args.no_timing:
        print("time a word (median of 5 passes over the lowercase words):")
        print(f"  ours        {per_word_us(singular, lower):7.2f} us")
        for name, theirs in libraries.items():
            print(f"  {name:11s} {per_word_us(theirs, lower):7.2f} us")
        print("import and first call (median of 5 fresh interpreters, less a bare start):")
        for name, code in FIRST_CALL.items():
            print(f"  {name:11s} {first_call_ms(code):7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
