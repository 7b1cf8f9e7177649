"""File output: every file kpiguard writes is written atomically (temp file + rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kpiguard._i18n import Message
from kpiguard.errors import Diagnostic, KpiguardError, Location

CANNOT_WRITE = Message(en="cannot write {path}: {reason}; choose another path (--out)",
                       fr="impossible d'écrire {path} : {reason} ; choisissez un autre chemin (--out)")


def _default_mode() -> int:
    """The mode a plain `open()` would give a new file (0o666 less the umask): mkstemp's 0o600 is too private
    for a report meant to be forwarded."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: str | os.PathLike[str], content: str | bytes) -> Path:
    """Write `content` to `path` so that readers see the old file or the new one, never half of one.

    A path that cannot be written (missing or read-only folder, a directory in the way, a full disk) is a user
    error: KpiguardError, never a traceback.
    """
    try:
        return _write(Path(path), content)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise KpiguardError(Diagnostic(CANNOT_WRITE(path=path, reason=reason), Location(str(path)))) from None


def _write(target: Path, content: str | bytes) -> Path:
    mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
    target.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return target
