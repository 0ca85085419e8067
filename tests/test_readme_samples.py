"""The README's sample outputs are what the commands print (tests/readme_samples.py)."""

from __future__ import annotations

from tests import readme_samples
from tests.readme_samples import README, Sample, build_cache, comparable, run, samples, stale


def test_every_sample_is_what_the_command_prints() -> None:
    """Each ```text block opening with `$ notes ARGS` matches a real run of it on the bundled
    vault (relative dates aside). To refresh them: python tests/readme_samples.py --update"""
    found = samples(README.read_text(encoding="utf-8"))
    assert len(found) >= 8
    build_cache()  # a cold build past a second would draw a progress bar into the first one
    stale_samples = [
        "notes " + " ".join(sample.args) for sample in found if stale(sample, run(sample.args))
    ]
    assert stale_samples == [], "run: python tests/readme_samples.py --update"


def test_samples_are_read_and_compared_as_documented() -> None:
    """A block ending in `...` is a prefix; relative dates and the padding they leave do
    not count; blocks without `$ notes` are prose."""
    text = "\n".join(
        [
            "```text",
            "$ notes show 'a b'",
            "│ created  2025-09-18 (14 months ago)   │",
            "...",
            "```",
            "```text",
            "plain",
            "```",
        ]
    )
    [sample] = samples(text)
    assert sample == Sample(
        1, 4, ["show", "a b"], ["│ created  2025-09-18 (14 months ago)   │"], True
    )
    output = ["│ created  2025-09-18 (3 days ago)        │", "more"]
    assert comparable(output[:1]) == comparable(sample.shown) == ["│ created  2025-09-18 │"]
    assert not stale(sample, output)
    assert stale(sample, ["│ created  2025-09-19 (3 days ago) │"])
    assert readme_samples.ENVIRONMENT["COLUMNS"] == "92"
