"""The hashes every run takes (the cache file's name, the walk's digest, the code's stamp;
a study card's id, for each note parsed) without `hashlib`, whose import loads OpenSSL
(`_hashlib`): 3 to 9 ms of CPU of a warm command's start, for hashes CPython also builds in
(`_blake2`, `_sha1`, and `_sha256`, `_sha2` from Python 3.12). A Python built without them
gives hashlib's, the same digests."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hashlib import blake2b, sha1, sha256
else:
    try:
        from _blake2 import blake2b
    except ImportError:  # a build without it
        from hashlib import blake2b
    try:
        from _sha1 import sha1
    except ImportError:  # a build without it
        from hashlib import sha1
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256
        except ImportError:  # a build without it
            from hashlib import sha256

__all__ = ["blake2b", "sha1", "sha256"]
