"""File output: every file kpiguard writes is written atomically (temp file + rename)."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from kpiguard._i18n import Message
from kpiguard.errors import Diagnostic, KpiguardError, Location

# Said after the path (the diagnostic's location), which it does not repeat.
CANNOT_WRITE = Message(en="cannot write: {reason}; choose another path",
                       fr="écriture impossible : {reason} ; choisissez un autre chemin")
# The code of that diagnostic: the command that chose the path adds the option to change (`--out`, `--report`).
WRITE_FAILED = "io.write"


# The usual reasons a file cannot be read or written, in both languages (the system says them in English).
REASONS = {
    errno.ENOENT: Message(en="no such file or folder", fr="fichier ou dossier introuvable"),
    errno.EISDIR: Message(en="this is a folder", fr="c'est un dossier"),
    errno.ENOTDIR: Message(en="a file is in the way where a folder is expected",
                           fr="un fichier se trouve là où un dossier est attendu"),
    errno.EACCES: Message(en="permission denied", fr="permission refusée"),
    errno.EPERM: Message(en="operation not permitted", fr="opération non permise"),
    errno.EROFS: Message(en="read-only file system", fr="système de fichiers en lecture seule"),
    errno.ENOSPC: Message(en="no space left on the device", fr="plus de place sur le disque"),
    errno.ENAMETOOLONG: Message(en="the name is too long", fr="le nom est trop long"),
}


def os_reason(exc: OSError | UnicodeDecodeError, lang: str | None = None) -> str:
    """Why a file operation failed, in `lang` or the language in force (the system's words when it is unusual)."""
    if isinstance(exc, UnicodeDecodeError):
        return NOT_UTF8.render(lang, byte=exc.object[exc.start] if exc.start < len(exc.object) else 0)
    reason = REASONS.get(exc.errno) if exc.errno is not None else None
    return reason.render(lang) if reason is not None else (exc.strerror or str(exc))


NOT_UTF8 = Message(en="the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8",
                   fr="le fichier n'est pas du texte UTF-8 (octet 0x{byte:02x}) ; enregistrez-le en UTF-8")
UTF16 = Message(en="the file is UTF-16 text (what Windows PowerShell's `>` writes); save it as UTF-8",
                fr="le fichier est du texte UTF-16 (ce qu'écrit le `>` de Windows PowerShell) ; enregistrez-le en UTF-8")
NOT_TEXT = Message(en="this is {kind}, not text; {expected}", fr="c'est {kind}, pas du texte ; {expected}")
# What a file that is no text usually is, by its first bytes: the way out depends on what was given instead.
SQLITE_MAGIC = b"SQLite format 3\x00"  # the first bytes of an SQLite database (data.engine tells it by them too)
BINARY_KINDS = (
    (b"PAR1", Message(en="a Parquet file", fr="un fichier Parquet")),
    (b"PK\x03\x04", Message(en="a ZIP archive (a spreadsheet such as .xlsx or .ods, a .docx...)",
                             fr="une archive ZIP (un classeur .xlsx ou .ods, un .docx...)")),
    (b"\xd0\xcf\x11\xe0", Message(en="an Office file (.xls, .doc)", fr="un fichier Office (.xls, .doc)")),
    (b"%PDF", Message(en="a PDF document", fr="un document PDF")),
    (SQLITE_MAGIC, Message(en="an SQLite database", fr="une base SQLite")),
)
DUCKDB = Message(en="a DuckDB database", fr="une base DuckDB")  # its magic bytes come after a checksum
BINARY = Message(en="a binary file", fr="un fichier binaire")


def expand_home(path: str | os.PathLike[str]) -> Path:
    """`~/x` and `~user/x` with the home folder; as written when there is none to find (`~nosuchuser/x`, no $HOME
    nor password entry), where pathlib raises RuntimeError: the path then names no file, which is said as such."""
    try:
        return Path(path).expanduser()
    except (RuntimeError, KeyError):
        return Path(path)


def not_text(raw: bytes, expected: Message, lang: str | None = None) -> str | None:
    """Why bytes read from a file are not the text kpiguard reads (a Parquet file given as the spec, a spreadsheet of
    sentences, UTF-16 from PowerShell's `>`), with `expected` (what to give instead) as the way out; None for text
    (a byte that is not UTF-8 is for the caller to locate)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return UTF16.render(lang)
    kind = next((kind for magic, kind in BINARY_KINDS if raw.startswith(magic)), None)
    if kind is None and raw[8:12] == b"DUCK":
        kind = DUCKDB
    elif kind is None and b"\x00" in raw[:8192]:
        kind = BINARY
    return NOT_TEXT.render(lang, kind=kind.render(lang), expected=expected.render(lang)) if kind is not None else None


def utf8_error_location(raw: bytes, error: UnicodeDecodeError, file: str) -> Location:
    """The line and column (in characters) of the first byte of `raw` that is not UTF-8."""
    good = raw[: error.start].decode("utf-8", errors="replace")
    return Location(file, good.count("\n") + 1, len(good) - (good.rfind("\n") + 1) + 1)


def check_writable(path: str | os.PathLike[str]) -> None:
    """Refuse at once a path that `write_atomic` could not write, before a command spends time on its output:
    a folder, a file where a folder should be, a folder without write permission or on a read-only disk.
    Missing folders are fine (`write_atomic` creates them). Raises KpiguardError."""
    try:
        code = _unwritable(Path(path))
    except OSError as exc:  # pathlib's tests raise for a name too long, a folder on the way that cannot be searched
        code = exc.errno
    if code is not None:
        reason = os_reason(OSError(code, os.strerror(code)))
        raise KpiguardError(Diagnostic(CANNOT_WRITE(reason=reason), Location(str(path)), code=WRITE_FAILED))


def _unwritable(target: Path) -> int | None:
    """The errno that writing `target` would meet, else None."""
    if target.is_dir():
        return errno.EISDIR
    ancestor = target.parent
    while not ancestor.exists() and ancestor != ancestor.parent and not ancestor.is_file():
        ancestor = ancestor.parent
    if ancestor.exists() and not ancestor.is_dir():
        return errno.ENOTDIR
    if ancestor.is_dir() and not os.access(ancestor, os.W_OK | os.X_OK):
        return errno.EROFS if os.statvfs(ancestor).f_flag & os.ST_RDONLY else errno.EACCES
    return None


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
        raise KpiguardError(Diagnostic(CANNOT_WRITE(reason=os_reason(exc)), Location(str(path)),
                                       code=WRITE_FAILED)) from None


def _write(path: Path, content: str | bytes) -> Path:
    if path.is_dir():  # `-o .` or `-o ""`: the rename onto it said "Device or resource busy"
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if path.exists() and not path.is_file() and not path.is_dir():
        # a device or a pipe (/dev/null, /dev/stdout, a FIFO): written in place; a rename would replace it
        with open(path, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
        return path
    target = Path(os.path.realpath(path)) if path.is_symlink() else path  # a link keeps pointing at the new file
    _replace(target, content)
    return path


def _replace(target: Path, content: str | bytes) -> None:
    mode = target.stat().st_mode & 0o777 if target.exists() else _default_mode()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where one of the folders should be
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(target.parent)) from None
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


# Input size: a spec or a file of sentences far larger than any real one is refused before it is read. Loading
# costs ~1.4 s and ~40 MB per MB of YAML: a 50 MB "spec" (a data export given by mistake) ran 71 s in 2.1 GB.
# Data files are the engine's and are never limited.
MB = 1_000_000
LIMIT_VARIABLE = "KPIGUARD_MAX_INPUT_MB"
SPEC_LIMIT_MB = 20  # bench/lint.py's spec of 10,000 KPIs weighs 1.8 MB; a real one, a few dozen KPIs, some kB
SENTENCES_LIMIT_MB = 1  # some 15,000 one-line KPI sentences, each checked in ~15 ms
_CHUNK = 1 << 16

TOO_LARGE = Message(en="the file weighs {size} MB, over the limit of {limit} MB for {kind}",
                    fr="le fichier pèse {size} Mo, au-delà de la limite de {limit} Mo pour {kind}")
AT_LEAST = Message(en="the input is over the limit of {limit} MB for {kind}",
                   fr="l'entrée dépasse la limite de {limit} Mo pour {kind}")
RAISE_LIMIT = Message(en="; is it the right file? If it is, raise the limit: {variable}={more}",
                      fr=" ; est-ce le bon fichier ? Si oui, relevez la limite : {variable}={more}")
BAD_LIMIT = Message(
    en="{variable}={value!r} is not a size in megabytes; write a positive number (50), or unset it for the default",
    fr="{variable}={value!r} n'est pas une taille en mégaoctets ; écrivez un nombre positif (50), ou retirez-la "
       "pour la valeur par défaut")
LIMIT_CODE = "io.limit"


class TooLarge(Exception):
    """An input over its size limit: `size` bytes, or at least that many when `exact` is False (a pipe, read up to
    the limit and no further)."""

    def __init__(self, size: int, limit: int, exact: bool) -> None:
        super().__init__(size)
        self.size, self.limit, self.exact = size, limit, exact

    def reason(self, kind: Message, lang: str | None = None) -> str:
        """Why it is refused, and how to read it anyway; `kind` ends the sentence "over the limit of 20 MB for ...":
        what the limit is for (`a spec (a spec of 10,000 KPIs weighs 1.8 MB)`)."""
        from kpiguard._i18n import get_lang
        from kpiguard._numbers import format_number

        lang = lang or get_lang()
        limit_mb = self.limit / MB
        limit = format_number(limit_mb, lang, 1, trim=True)
        if self.exact:
            said = TOO_LARGE.render(lang, size=format_number(self.size / MB, lang, 1, trim=True), limit=limit,
                                    kind=kind.render(lang))
            more = -(-self.size // MB) + 1
        else:
            said = AT_LEAST.render(lang, limit=limit, kind=kind.render(lang))
            more = int(limit_mb * 10)
        return said + RAISE_LIMIT.render(lang, variable=LIMIT_VARIABLE, more=more)


def input_limit(default_mb: float, lang: str | None = None) -> int:
    """The size limit of an input in bytes: `default_mb`, or $KPIGUARD_MAX_INPUT_MB. A value that is no positive
    number raises KpiguardError, said in `lang` (a limit silently ignored would refuse the file the user meant to
    allow)."""
    value = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not value:
        return int(default_mb * MB)
    try:
        limit = float(value.replace(",", "."))
    except ValueError:
        limit = float("nan")
    if not limit > 0 or limit == float("inf"):
        raise KpiguardError(Diagnostic(BAD_LIMIT.render(lang, variable=LIMIT_VARIABLE, value=value), code=LIMIT_CODE))
    return int(limit * MB)


def read_limited(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the file `path`, or TooLarge beyond `limit` bytes: a file is told by its size before it is read;
    a pipe (`<(zcat spec.yaml.gz)`, /dev/stdin) is read up to the limit and no further. OSError as `open` raises."""
    with open(path, "rb") as stream:
        return read_stream_limited(stream, limit)


def read_stream_limited(stream: object, limit: int) -> bytes:
    """All the bytes of a binary stream (a file, stdin), or TooLarge beyond `limit`."""
    import stat

    try:
        status = os.fstat(stream.fileno())  # type: ignore[attr-defined]
    except (OSError, AttributeError, ValueError):  # no descriptor (a test's stdin)
        status = None
    regular = status is not None and stat.S_ISREG(status.st_mode)
    if regular and status.st_size > limit:  # type: ignore[union-attr]
        raise TooLarge(status.st_size, limit, exact=True)  # type: ignore[union-attr]
    if regular:
        data = stream.read()  # type: ignore[attr-defined]  # known to be small enough: in one read
        if len(data) > limit:  # it grew since
            raise TooLarge(len(data), limit, exact=True)
        return data  # type: ignore[no-any-return]
    chunks, size = [], 0
    while size <= limit:
        wanted = min(_CHUNK, limit + 1 - size)
        chunk = stream.read(wanted)  # type: ignore[attr-defined]
        chunks.append(chunk)
        size += len(chunk)
        # A buffered read returns less than asked only at the end: read no more (at a terminal, Ctrl-D ends the
        # input once, and another read would wait for a second one)
        if len(chunk) < wanted:
            break
    if size > limit:
        raise TooLarge(size, limit, exact=False)
    return chunks[0][:0].join(chunks) if chunks else b""  # a text stream (a test's stdin) gives str
