"""The garbage collector, kept from looking again and again at objects that cannot be
garbage: a one-command `notes` run's modules, and what a read command makes by the ten
thousand and keeps (the walk of the vault, a kept result decoded from the cache, the
dictionaries of its JSON). Each collection those set off would look at every one of them
again for nothing to free: the collections took 5 ms of a warm `links` and 45 of a
`glossary --json` at 10,000 notes, 0.4 and 0.5 now.

Only `gc` is imported here: the entry point (`cli/client.py`) loads this module before it
knows whether a server answers."""

from __future__ import annotations

import gc

_one_run = False  # this process runs one command and ends: what lasts until then stays


def one_run() -> None:
    """This process runs one command and ends (the `notes` entry point, not `notes serve`,
    not a test): no collection until `resume`, while the modules load."""
    global _one_run
    _one_run = True
    gc.disable()


def lasting() -> None:
    """This process answers command after command (`notes serve`): what a command makes does
    not last, so from here on nothing more is put out of the collector's reach."""
    global _one_run
    _one_run = False


def resume() -> None:
    """The modules are loaded: in a one-command run they are put out of the collector's
    reach (`gc.freeze`) and it runs again. What is made from here on is collected as ever,
    so a run that parses notes or computes kept results frees its cycles."""
    if _one_run and not gc.isenabled():
        gc.freeze()
        gc.enable()


class paused:  # lower case: used as `with paused():`, like a function
    """No collection inside the block: it makes objects by the thousand and frees none. In
    a one-command run everything made so far is then put out of the collector's reach (it
    lasts the run), so the first collection after the block does not look at them all
    either; a cycle left unfreed before the block stays until the run ends."""

    def __enter__(self) -> None:
        self.running = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if _one_run:
            gc.freeze()
        if self.running:
            gc.enable()
