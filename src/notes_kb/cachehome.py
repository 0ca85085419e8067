"""The user's cache folder for notes-kb, without importing platformdirs where its answer is
certain: on Linux, `$XDG_CACHE_HOME/notes-kb` when that is an absolute path, else
`$HOME/.cache/notes-kb` when $HOME is one (what every platformdirs 4 gives there). Anywhere
else (macOS, Windows, Android, a relative or missing $HOME, a relative $XDG_CACHE_HOME,
which platformdirs versions read differently) the caller asks platformdirs.

Every `notes` run looks for this folder (the cache, and the sockets of `notes serve` when
there is no $XDG_RUNTIME_DIR); importing platformdirs for it took 6 ms of each. Only `os`
and `sys` are imported here: the entry point (`cli/client.py`) loads this module before it
knows whether a server answers.
"""

from __future__ import annotations

import os
import sys

APP_NAME = "notes-kb"
ENV_CACHE = "NOTES_CACHE_DIR"


def cache_folder() -> str:
    """Where notes keeps its caches: $NOTES_CACHE_DIR (`~` expanded), else the user's cache
    folder. The one rule `config.cache_dir` and the client's search for a server read."""
    given = os.environ.get(ENV_CACHE)
    return os.path.expanduser(given) if given else user_cache_folder()


def user_cache_folder() -> str:
    """The user's cache folder for notes-kb: platformdirs' `user_cache_dir`."""
    found = linux_cache_folder()
    if found is None:
        import platformdirs

        found = platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    return found


def linux_cache_folder() -> str | None:
    """The user's cache folder for notes-kb as platformdirs names it on Linux; None when
    this is not plain Linux or the environment leaves room for doubt."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel"):
        return None
    if os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system":
        return None  # platformdirs may take this for an Android app
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg.startswith("/"):
        return os.path.join(xdg, APP_NAME)
    if xdg.strip():
        return None  # relative: platformdirs 4.0 takes it, later versions do not
    home = os.environ.get("HOME", "")
    if not home.startswith("/"):
        return None  # unset or relative: platformdirs looks the user up
    return os.path.join(os.path.expanduser("~/.cache"), APP_NAME)
