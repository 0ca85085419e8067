"""The wire between `notes` (`cli/client.py`) and `notes serve` (`cli/serve.py`): names,
the request as the server reads it, and the recorded streams a served command prints to.

One connection per command. The request: an 8-byte length and NUL-separated fields (see
`client.request`), with the client's terminal passed as a file descriptor. The server
answers one byte: `L` (run it yourself) or `A` (accepted); then `.` every second while it
works, then `R`, an 8-byte length and the result: the exit code (4 bytes) and the chunks the
command printed, each a kind (`STDOUT`, `STDERR`, `PAGE`: text for the client's pager), an
8-byte length and bytes; or `L` again when it could not run the command after all.

When the client's stdout is not a terminal (the request says so), the server may send
`O` instead of `R` once the command ran; the client then passes its stdout and stderr with
the byte `H`, and the server answers `W`, writes what the command printed to them itself,
in order, and sends `R` with the exit code and only the chunks it could not write
(`serving.hand_over`): the bytes are not copied through the client (10 MB for `glossary
--json` at 10,000 notes).
"""

from __future__ import annotations

SOCKET_FOLDER = "notes-kb"  # in $XDG_RUNTIME_DIR; without it, the cache folder holds them
SUFFIX = ".sock"
PROTOCOL = b"notes-kb/2"
STDOUT, STDERR, PAGE = 1, 2, 3
