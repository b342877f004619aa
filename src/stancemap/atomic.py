"""All or nothing on disk: a file is written whole under a temporary name, then renamed
over its target, so a failure or a kill never leaves a partial file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes | Iterable[str]) -> None:
    """Write all of ``data`` (text as UTF-8; or text pieces, written as they come, so that a
    large export is never whole in memory) to ``path`` or nothing."""
    if isinstance(data, str | bytes):
        payload = data.encode("utf-8") if isinstance(data, str) else data
        save_atomic(path, lambda tmp: tmp.write_bytes(payload))
        return
    pieces = data

    def save(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            for piece in pieces:
                fh.write(piece)

    save_atomic(path, save)


def save_atomic(path: str | Path, save: Callable[[Path], object]) -> None:
    """Have ``save(tmp)`` write the file under a temporary name beside ``path`` (a library's
    own writer, e.g. ``onnx.save``), then rename it over ``path``; on any error the
    temporary file goes and ``path`` is as it was."""
    target = Path(path)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(fd)
    tmp = Path(name)
    try:
        save(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it a normal file's mode
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
