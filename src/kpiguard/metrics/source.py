"""Where the data lives: one engine connection per spec, tables mapped to the canonical names, read-only.

DuckDB (embedded, the default) reads the Parquet/CSV files of `data.tables` through views, or tables of a
`.duckdb` file attached read-only. Any other engine is reached through `data.engine`, a URL that `ibis.connect`
understands (postgres://..., pyspark://local for a local Spark session, ...), where `data.tables` names tables.
The session time zone is set to the spec's timezone, so a timezone-aware timestamp cast to a naive one is the
local wall-clock time there: periods are then compared on local time, the same way on every engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kpiguard._i18n import Message
from kpiguard.errors import DataError, Diagnostic, KpiguardError, Location
from kpiguard.spec.models import Spec

M = Message
NO_TABLE = M(
    en="metric {metric!r} needs table {table!r}, which the spec does not map; add it under data.tables "
       "({table}: path/to/{table}.parquet or a table name)",
    fr="la métrique {metric!r} a besoin de la table {table!r}, que la spec ne déclare pas ; ajoutez-la sous "
       "data.tables ({table}: chemin/vers/{table}.parquet ou un nom de table)")
NO_FILE = M(en="table {table!r}: file {path} not found (paths are relative to the spec file)",
            fr="table {table!r} : fichier {path} introuvable (les chemins sont relatifs au fichier de spec)")
CANNOT_READ = M(en="table {table!r}: cannot read {path}: {reason}",
                fr="table {table!r} : impossible de lire {path} : {reason}")
CONNECTING = M(en="connecting to {engine}", fr="connexion à {engine}")
READING_DATES = M(en="reading the first and last dates of table {table}", fr="lecture des dates extrêmes de la table {table}")
NO_ENGINE_FILE = M(en="engine: database file {path} not found (paths are relative to the spec file)",
                   fr="engine : fichier de base de données {path} introuvable (les chemins sont relatifs au fichier "
                      "de spec)")
# A database file as `data.engine` (the loader's list): DuckDB's, or SQLite's (told apart by their header).
DATABASE_FILES = (".duckdb", ".ddb", ".db", ".sqlite", ".sqlite3")
CANNOT_CONNECT = M(en="cannot connect to engine {engine!r}: {reason}",
                   fr="impossible de se connecter au moteur {engine!r} : {reason}")
NO_ENGINE_TABLE = M(en="table {table!r}: {name!r} does not exist in the engine {engine!r}{hint}",
                    fr="table {table!r} : {name!r} n'existe pas dans le moteur {engine!r}{hint}")
CLOSE_TABLES = M(en="; did you mean {names}?", fr=" ; vouliez-vous dire {names} ?")
NO_SCHEMA = M(en="; it has no schema {schema!r} (schemas: {schemas})",
              fr=" ; il n'a pas de schéma {schema!r} (schémas : {schemas})")
NO_COLUMN = M(
    en="metric {metric!r} needs column {column!r} of table {table!r}{mapped}; columns there: {columns}. "
       "Map it under data.columns.{table} ({column}: your_column_name)",
    fr="la métrique {metric!r} a besoin de la colonne {column!r} de la table {table!r}{mapped} ; colonnes "
       "présentes : {columns}. Déclarez-la sous data.columns.{table} ({column}: nom_de_votre_colonne)")
MAPPED_AS = M(en=" (mapped to {name!r})", fr=" (associée à {name!r})")
NO_TIME = M(
    en="metric {metric!r}: table {table!r} has no time column to cut periods on; set params.time_column",
    fr="métrique {metric!r} : la table {table!r} n'a pas de colonne de temps pour découper les périodes ; "
       "précisez params.time_column")
NOT_TEXT = M(
    en="column {column!r} of table {table!r}{mapped} is {type}, not text: kpiguard counts the orders whose status "
       "is 'completed' (or missing); map status to a text column under data.columns.{table}, or provide the "
       "statuses as text (in a view or a copy of the file)",
    fr="la colonne {column!r} de la table {table!r}{mapped} est de type {type}, pas du texte : kpiguard compte les "
       "commandes dont le statut est 'completed' (ou absent) ; associez status à une colonne de texte sous "
       "data.columns.{table}, ou fournissez les statuts en texte (dans une vue ou une copie du fichier)")
BAD_TIME_VALUES = M(
    en="cannot read the times of table {table!r} (column {column!r}): {reason}. Store them as ISO dates or "
       "timestamps (2026-01-05, 2026-01-05 10:00:00, 2026-01-05T10:00:00+01:00)",
    fr="impossible de lire les dates de la table {table!r} (colonne {column!r}) : {reason}. Enregistrez-les au "
       "format ISO (2026-01-05, 2026-01-05 10:00:00, 2026-01-05T10:00:00+01:00)")
NOT_A_TIME = M(en="{value!r} is not a date the engine reads", fr="{value!r} n'est pas une date que le moteur lit")
BAD_TIME = M(en="column {column!r} of table {table!r}{mapped} is {type}, not a date or timestamp",
             fr="la colonne {column!r} de la table {table!r}{mapped} est de type {type}, pas une date ou un timestamp")
UNSUPPORTED_FILE = M(en="table {table!r}: {path} is not a .parquet, .csv, .json or .duckdb file",
                     fr="table {table!r} : {path} n'est pas un fichier .parquet, .csv, .json ou .duckdb")

# The column that places a row of each canonical table in time.
TIME_COLUMNS = {
    "orders": "ordered_at",
    "email_events": "event_at",
    "sessions": "started_at",
    "creatives": "launched_at",
    "customers": "created_at",
    "inventory": "snapshot_date",
    "products": "launched_at",
}
# Canonical columns a table may lack, read as all missing: an orders table without `status` has only
# completed orders (docs/canonical-schema.md), so the catalog's `coalesce(status, 'completed')` keeps them all.
OPTIONAL_COLUMNS: dict[str, dict[str, str]] = {"orders": {"status": "string"}}
FILE_SUFFIXES = (".parquet", ".pq", ".csv", ".tsv", ".json", ".jsonl", ".ndjson")


@dataclass
class Source:
    """An open engine plus the spec's table mapping; tables come back with canonical column names."""

    spec: Spec
    con: Any
    engine: str  # the ibis backend name: duckdb, postgres, pyspark, ...
    files: bool = False  # data.tables are file paths (the embedded default) rather than table names
    _tables: dict[str, Any] = field(default_factory=dict)
    _text_times_checked: set[tuple[str, str]] = field(default_factory=set)
    _views: dict[str, tuple[str, Path]] = field(default_factory=dict)  # view name -> (file kind, path)

    @property
    def dialect(self) -> str:
        return self.engine

    def table(self, name: str, *, metric: str, location: Location | None = None) -> Any:
        """The table mapped to `name`, its columns renamed to the canonical names (cached)."""
        if name in self._tables:
            return self._tables[name]
        data = self.spec.data
        if name not in data.tables:
            raise DataError(Diagnostic(NO_TABLE.localized(metric=metric, table=name), location or _tables_loc(self.spec),
                                       code="data"))
        table = self._open(name, data.tables[name])
        mapping = data.columns.get(name, {})
        renames = {canonical: user for canonical, user in mapping.items()
                   if user in table.columns and canonical != user}
        for canonical, user in mapping.items():
            if user not in table.columns:
                raise DataError(Diagnostic(
                    NO_COLUMN(metric=metric, column=canonical, table=name, mapped=MAPPED_AS(name=user),
                              columns=", ".join(table.columns)),
                    _spec_loc(self.spec, ("data", "columns", name, canonical)), code="data"))
        if renames:
            table = _renamed(table, renames)
        for column, dtype in OPTIONAL_COLUMNS.get(name, {}).items():
            if column not in table.columns:
                import ibis

                table = table.mutate(**{column: ibis.null(dtype)})
            elif not (table[column].type().is_string() or table[column].type().is_null()):
                # the catalog compares it with 'completed': a code (1, 2) or a flag cannot be read as a status
                mapped = mapping.get(column)
                where = ("data", "columns", name, column) if mapped else ("data", "tables", name)
                raise DataError(Diagnostic(
                    NOT_TEXT(column=column, table=name, type=str(table[column].type()),
                             mapped=MAPPED_AS(name=mapped) if mapped else ""),
                    _spec_loc(self.spec, where), code="data"))
        self._tables[name] = table
        return table

    def require(self, table_name: str, columns: list[str] | tuple[str, ...], *, metric: str,
                location: Location | None = None) -> Any:
        """The mapped table, after checking that it has `columns` (a DataError naming the first missing)."""
        table = self.table(table_name, metric=metric, location=location)
        for column in columns:
            if column not in table.columns:
                mapped = self.spec.data.columns.get(table_name, {}).get(column)
                raise DataError(Diagnostic(
                    NO_COLUMN(metric=metric, column=column, table=table_name,
                              mapped=MAPPED_AS(name=mapped) if mapped else "", columns=", ".join(table.columns)),
                    location or _spec_loc(self.spec, ("data", "tables", table_name)), code="data"))
        return table

    def local_time(self, table: Any, column: str, *, table_name: str) -> Any:
        """The column as local (spec timezone) wall-clock time: naive timestamps are already local."""
        dtype = table[column].type()
        if dtype.is_timestamp():
            return table[column]  # an instant stays an instant: `within` compares it with instant bounds
        if dtype.is_date():
            return table[column]
        if dtype.is_string():
            self._check_text_times(table, column, table_name)
            return table[column].cast("timestamp")
        mapped = self.spec.data.columns.get(table_name, {}).get(column)
        where = ("data", "columns", table_name, column) if mapped else ("data", "tables", table_name)
        raise DataError(Diagnostic(BAD_TIME(column=column, table=table_name, type=str(dtype),
                                            mapped=MAPPED_AS(name=mapped) if mapped else ""),
                                   _spec_loc(self.spec, where), code="data"))

    def _check_text_times(self, table: Any, column: str, table_name: str) -> None:
        """Times stored as text (a CSV) that the engine cannot read (`05/01/2026`, day first) are a data error
        naming the first such value, rather than the engine's failure in the middle of a metric."""
        if (table_name, column) in self._text_times_checked:
            return
        self._text_times_checked.add((table_name, column))
        text = table[column]
        bad = table.filter(text.notnull() & (text.strip() != "") & text.try_cast("timestamp").isnull())
        try:
            rows = self.execute(bad.select(text).limit(1))
        except Exception:  # noqa: BLE001 - an engine without TRY_CAST: its own error comes with the metric
            return
        if len(rows):
            value = rows.iloc[0, 0]
            raise DataError(Diagnostic(
                BAD_TIME_VALUES(table=table_name, column=self.user_column(table_name, column),
                                reason=NOT_A_TIME(value=value)),
                _spec_loc(self.spec, ("data", "tables", table_name)), code="data"))

    def user_column(self, table_name: str, column: str) -> str:
        """The column as the user's file names it: the one mapped under data.columns, else the canonical name."""
        return self.spec.data.columns.get(table_name, {}).get(column, column)

    @staticmethod
    def naive(expr: Any) -> Any:
        """Local wall-clock time: an instant cast to a naive timestamp reads it in the session's time zone,
        which `connect` set to the spec's timezone. Naive timestamps and dates are already local."""
        dtype = expr.type()
        if dtype.is_timestamp() and dtype.timezone is not None:
            return expr.cast("timestamp")
        return expr

    def local_date(self, expr: Any) -> Any:
        """The local calendar date of a time column."""
        if expr.type().is_date():
            return expr
        return self.naive(expr).date()

    def execute(self, expr: Any) -> Any:
        """The (small, aggregated) result as a pandas DataFrame."""
        if self.engine == "duckdb":
            # compiled once, and converted by DuckDB itself: ibis' own conversion of a one-row result with a
            # hundred columns costs more than some queries
            return self.con.raw_sql(self.con.compile(expr)).df()
        return self.con.execute(expr)

    def to_sql(self, expr: Any) -> str:
        import ibis

        return str(ibis.to_sql(expr, dialect=self.dialect))

    def session_sql(self) -> list[str]:
        """The statements that prepare a session of the engine as kpiguard's own, so that the printed SQL gives
        the same numbers when pasted into psql, spark.sql or duckdb: the spec's time zone (a timestamptz cast to
        a timestamp reads it there), and the views over the files the queries read."""
        tz = _tz(self.spec)
        statements = {"postgres": [f"SET TIME ZONE '{tz}'"], "duckdb": [f"SET TimeZone = '{tz}'"],
                      "pyspark": [f"SET TIME ZONE '{tz}'"]}.get(self.engine, [])
        for view, (kind, path) in self._views.items():
            quoted = str(path).replace("'", "''")
            if self.engine == "duckdb":
                reader = {"parquet": "read_parquet", "csv": "read_csv_auto", "csv_decimal_comma": "read_csv_auto",
                          "json": "read_json_auto"}[kind]
                options = ", decimal_separator = ','" if kind == "csv_decimal_comma" else ""
                statements.append(f"CREATE OR REPLACE TEMP VIEW \"{view}\" AS SELECT * FROM {reader}('{quoted}'{options})")
            elif self.engine == "pyspark":
                options = ", header 'true', inferSchema 'true'" if kind.startswith("csv") else ""
                statements.append(f"CREATE OR REPLACE TEMPORARY VIEW `{view}` USING {kind.split('_')[0]} "
                                  f"OPTIONS (path '{quoted}'{options})")
        return statements

    # --- opening tables ---------------------------------------------------------------------------------------

    def _open(self, name: str, value: str) -> Any:
        loc = _spec_loc(self.spec, ("data", "tables", name))
        if self.files or _looks_like_file(value):
            return self._open_file(name, value, _resolve(self.spec, value.split("::")[0]), loc)
        return self._open_engine_table(name, value, loc)

    def _open_file(self, name: str, value: str, path: Path, loc: Location | None) -> Any:
        suffix = path.suffix.lower()
        if suffix in (".duckdb", ".db", ".ddb"):
            inner = value.split("::", 1)[1] if "::" in value else name
            if not path.exists():
                raise DataError(Diagnostic(NO_FILE(table=name, path=path), loc, code="data"))
            return self._attached(path, inner, name, loc)
        has_glob = any(ch in str(path) for ch in "*?[")
        if not has_glob and not path.exists():
            raise DataError(Diagnostic(NO_FILE(table=name, path=path), loc, code="data"))
        if path.is_dir():
            path = path / "*.parquet"
            suffix = ".parquet"
        view = f"kpiguard_{name}"
        try:
            if suffix in (".parquet", ".pq"):
                self._views[view] = ("parquet", path)
                return self.con.read_parquet(str(path), table_name=view)
            if suffix in (".csv", ".tsv"):
                return self._read_csv(str(path), view)
            if suffix in (".json", ".jsonl", ".ndjson"):
                self._views[view] = ("json", path)
                return self.con.read_json(str(path), table_name=view)
        except Exception as exc:  # noqa: BLE001 - any engine error reading a user file is a data error
            raise DataError(Diagnostic(CANNOT_READ(table=name, path=path, reason=_first_line(exc)), loc,
                                       code="data")) from None
        raise DataError(Diagnostic(UNSUPPORTED_FILE(table=name, path=path), loc, code="data"))

    def _attached(self, path: Path, inner: str, name: str, loc: Location | None) -> Any:
        alias = "kpiguard_db_" + str(abs(hash(str(path.resolve()))))
        if alias not in getattr(self, "_attached_dbs", set()):
            try:
                self.con.attach(str(path), name=alias, read_only=True)
            except Exception as exc:  # noqa: BLE001
                raise DataError(Diagnostic(CANNOT_READ(table=name, path=path, reason=_first_line(exc)), loc,
                                           code="data")) from None
            self.__dict__.setdefault("_attached_dbs", set()).add(alias)
        schema, _, table = inner.rpartition(".")  # `file.duckdb::crm.events`: table `events` of schema `crm`
        try:
            return self.con.table(table, database=(alias, schema) if schema else alias)
        except Exception:  # noqa: BLE001
            raise DataError(Diagnostic(NO_ENGINE_TABLE(table=name, name=inner, engine=str(path)), loc,
                                       code="data")) from None

    def _read_csv(self, path: str, view: str) -> Any:
        """A CSV file; one written with decimal commas (a French spreadsheet's export: `62,96` under `;`
        separators) is read again with `,` as the decimal mark, when a text column holds only such numbers."""
        self._views[view] = ("csv", Path(path))
        table = self.con.read_csv(path, table_name=view)
        if _decimal_comma_columns(table):
            try:
                again = self.con.read_csv(path, table_name=view, decimal_separator=",")
            except Exception:  # noqa: BLE001 - a file the engine cannot read that way keeps its first reading
                return self.con.read_csv(path, table_name=view)
            if not _decimal_comma_columns(again):
                self._views[view] = ("csv_decimal_comma", Path(path))  # explain prints the same reading
                return again
            return self.con.read_csv(path, table_name=view)
        return table

    def _open_engine_table(self, name: str, value: str, loc: Location | None) -> Any:
        parts = value.split(".")
        try:
            if len(parts) == 1:
                return self.con.table(value)
            return self.con.table(parts[-1], database=tuple(parts[:-1]) if len(parts) > 2 else parts[0])
        except Exception:  # noqa: BLE001 - the engine's own "table not found" error, in its own words
            raise DataError(Diagnostic(NO_ENGINE_TABLE(table=name, name=value, engine=_redact(self.spec.data.engine),
                                                       hint=self._table_hint(parts)),
                                       loc, code="data")) from None

    def _table_hint(self, parts: list[str]) -> str:
        """What the engine has instead of a missing `schema.table`: the schema's absence, or close table names
        (`Sales.Orders` for `sales.orders`: PostgreSQL folds unquoted names to lower case, kpiguard does not)."""
        import difflib

        schema = ".".join(parts[:-1]) or None
        try:
            if schema is not None and len(parts) == 2:
                schemas = [d for d in self.con.list_databases()
                           if not d.startswith("pg_") and d != "information_schema"]
                if schema not in schemas:
                    close = [d for d in schemas if d.lower() == schema.lower()]
                    close = close or difflib.get_close_matches(schema, schemas, n=3, cutoff=0.6)
                    if close:
                        return CLOSE_TABLES(names=", ".join(f"{c}.{parts[-1]}" for c in close))
                    return NO_SCHEMA(schema=schema, schemas=", ".join(schemas[:20]) or "-")
            tables = self.con.list_tables(database=schema) if schema else self.con.list_tables()
        except Exception:  # noqa: BLE001 - a hint is a nicety; the error stands without it
            return ""
        wanted = parts[-1]
        close = [t for t in tables if t.lower() == wanted.lower()]
        close = close or difflib.get_close_matches(wanted, tables, n=3, cutoff=0.6)
        prefix = f"{schema}." if schema else ""
        return CLOSE_TABLES(names=", ".join(f"{prefix}{t}" for t in close)) if close else ""


def _renamed(table: Any, renames: dict[str, str]) -> Any:
    """The table with each mapped user column under its canonical name, in place. A user column may serve two
    canonical names (visitor_id and customer_id both read from one `client` column); a user column whose name
    is a canonical name being mapped onto is dropped."""
    columns: dict[str, Any] = {}
    for column in table.columns:
        sources = [canonical for canonical, user in renames.items() if user == column]
        if sources:
            columns.update({canonical: table[column] for canonical in sources})
        elif column not in renames:
            columns[column] = table[column]
    return table.select(**columns)


_SAMPLE_ROWS = 1000


def _decimal_comma_columns(table: Any) -> list[str]:
    """The text columns whose sampled values are all numbers written with a decimal comma (`-62,96`)."""
    import re

    texts = [c for c, t in table.schema().items() if t.is_string()]
    if not texts:
        return []
    sample = table.select(*texts).limit(_SAMPLE_ROWS).execute()
    pattern = re.compile(r"^\s*-?\d+,\d+\s*$|^\s*-?\d+\s*$")
    found = []
    for column in texts:
        values = [v for v in sample[column].tolist() if isinstance(v, str) and v.strip()]
        if values and any("," in v for v in values) and all(pattern.match(v) for v in values):
            found.append(column)
    return found


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def reads_files(spec: Spec, table: str) -> bool:
    """Whether the table is read from a data file (the embedded engine's default), not from a database."""
    engine = (spec.data.engine or "duckdb").strip()
    value = spec.data.tables.get(table, "")
    return engine in ("duckdb", "duckdb://", "duckdb://:memory:") or _looks_like_file(value)


def _looks_like_file(value: str) -> bool:
    lowered = value.lower().split("::")[0]
    return lowered.endswith(FILE_SUFFIXES + (".duckdb", ".db", ".ddb")) or "/" in lowered


def _resolve(spec: Spec, value: str) -> Path:
    path = Path(value).expanduser()
    if not path.is_absolute() and spec._path:
        path = Path(spec._path).resolve().parent / path
    return path


def _redact(url: str) -> str:
    """A connection URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "<engine>"
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def _tables_loc(spec: Spec) -> Location | None:
    return spec.data.loc_of("tables") or spec.data.loc or spec.loc


def _spec_loc(spec: Spec, path: tuple) -> Location | None:
    """The location of a YAML path in the spec file (re-read on error only), else the closest known one."""
    if spec._path:
        try:
            from kpiguard.errors import DiagnosticBag
            from kpiguard.spec.yamlsource import read_yaml

            text = Path(spec._path).read_text(encoding="utf-8")
            _, smap = read_yaml(text, spec._path, DiagnosticBag())
            for end in range(len(path), 0, -1):
                if path[:end] in smap.values:
                    return smap.keys.get(path[:end]) or smap.values[path[:end]]
        except Exception:  # noqa: BLE001, S110 - a location is a nicety; never fail the error itself
            pass
    return _tables_loc(spec)


def table_location(spec: Spec, table: str) -> Location | None:
    return _spec_loc(spec, ("data", "tables", table))


def connect(spec: Spec) -> Source:
    """Open the spec's engine once; the Source is reusable across `compute` calls."""
    from kpiguard.metrics.progress import query_progress

    engine = (spec.data.engine or "duckdb").strip()
    with query_progress(CONNECTING(engine=_redact(engine)), enabled=False):  # a Spark session takes seconds
        return _connect(spec, engine)


def _connect(spec: Spec, engine: str) -> Source:
    loc = spec.data.loc_of("engine") or spec.data.loc or spec.loc
    try:
        if engine in ("duckdb", "duckdb://", "duckdb://:memory:"):
            return _duckdb(spec)
        if engine.startswith("pyspark"):
            return Source(spec, _pyspark(spec, engine), "pyspark")
        if "://" not in engine and engine.lower().endswith(DATABASE_FILES):
            con, backend = _database_file(spec, engine, loc)
            _session_setup(con, backend, spec)
            return Source(spec, con, backend)
        import ibis

        con = ibis.connect(_with_connect_timeout(engine))
        backend = con.name
        _session_setup(con, backend, spec)
        return Source(spec, con, backend)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - an unreachable engine is a user-facing data error
        raise DataError(Diagnostic(CANNOT_CONNECT(engine=_redact(engine), reason=_first_line(exc)), loc,
                                   code="data")) from None


# Seconds to wait for a PostgreSQL server to answer: libpq waits for ever by default, and a host behind a firewall
# that drops packets would hang kpiguard for minutes before the first message. A URL's own connect_timeout wins.
PG_CONNECT_TIMEOUT = 15


def _with_connect_timeout(url: str) -> str:
    """The URL with a connect_timeout when it is a PostgreSQL one that sets none."""
    scheme, _, rest = url.partition("://")
    if scheme.lower() not in ("postgres", "postgresql") or "connect_timeout=" in rest:
        return url
    return f"{url}{'&' if '?' in rest else '?'}connect_timeout={PG_CONNECT_TIMEOUT}"


def _database_file(spec: Spec, engine: str, loc: Location | None) -> tuple[Any, str]:
    """A database file named by `data.engine`, relative to the spec like every path of it, opened read-only:
    a missing file is an error (a database engine would create it empty, a write to the user's folder)."""
    import ibis

    path = _resolve(spec, engine)
    if not path.is_file():
        raise DataError(Diagnostic(NO_ENGINE_FILE(path=path), loc, code="data"))
    with path.open("rb") as handle:
        header = handle.read(16)
    if header.startswith(b"SQLite format 3"):
        import sqlite3

        return ibis.sqlite.from_connection(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)), "sqlite"
    return ibis.duckdb.connect(path, read_only=True), "duckdb"


def _duckdb(spec: Spec) -> Source:
    import ibis

    con = ibis.duckdb.connect()
    con.raw_sql(f"SET TimeZone = '{_tz(spec)}'")
    con.raw_sql("SET enable_progress_bar = false")  # kpiguard shows its own progress, on stderr, when slow
    return Source(spec, con, "duckdb", files=True)


def _tz(spec: Spec) -> str:
    from zoneinfo import ZoneInfo

    ZoneInfo(spec.timezone)  # validated by the spec model already; belt and braces before it reaches SQL
    if not all(ch.isalnum() or ch in "/_+-" for ch in spec.timezone):
        raise ValueError(spec.timezone)
    return spec.timezone


def _session_setup(con: Any, backend: str, spec: Spec) -> None:
    tz = _tz(spec)
    if backend == "postgres":
        con.raw_sql(f"SET TIME ZONE '{tz}'")
        if spec.data.read_only:
            con.raw_sql("SET default_transaction_read_only = on")
    elif backend == "duckdb":
        con.raw_sql(f"SET TimeZone = '{tz}'")


_SPARK: dict[str, Any] = {}


def _pyspark(spec: Spec, engine: str) -> Any:
    """A local Spark session (shared by the process: starting one costs seconds), through ibis' backend."""
    import ibis

    session = _SPARK.get("session")
    if session is None:
        from pyspark.sql import SparkSession

        master = "local[2]"
        rest = engine.split("://", 1)[1] if "://" in engine else ""
        if rest and rest not in ("local", ""):
            master = rest if rest.startswith(("local", "spark:", "yarn")) else master
        quiet = Path(__file__).with_name("spark-log4j2.properties").as_uri()
        session = (SparkSession.builder.master(master).appName("kpiguard")
                   .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={quiet}")
                   .config("spark.sql.shuffle.partitions", "4")
                   .config("spark.ui.enabled", "false")
                   # kpiguard shows its own progress; Spark's stage bars would garble it on stderr
                   .config("spark.ui.showConsoleProgress", "false")
                   .config("spark.driver.memory", "1g")
                   .config("spark.sql.ansi.enabled", "false")
                   .getOrCreate())
        session.sparkContext.setLogLevel("ERROR")
        _SPARK["session"] = session
    con = ibis.pyspark.connect(session)
    # after connect: ibis sets the session to UTC; periods are read in the spec's timezone instead
    session.conf.set("spark.sql.session.timeZone", _tz(spec))
    return con


# --- bounds of the data ------------------------------------------------------------------------------------------

def data_bounds(spec: Spec, source: Source | None = None) -> tuple[date | None, date | None]:
    """First and last local dates of the data: of `orders` when mapped, else over every mapped timed table."""
    from kpiguard.metrics.progress import query_progress

    source = source or connect(spec)
    names = ["orders"] if "orders" in spec.data.tables else [n for n in spec.data.tables if n in TIME_COLUMNS]
    first: date | None = None
    last: date | None = None
    for name in names:
        column = TIME_COLUMNS[name]
        table = source.require(name, [column], metric="data_bounds")
        local = source.local_time(table, column, table_name=name)
        try:
            with query_progress(READING_DATES(table=name), enabled=False):
                row = source.execute(table.aggregate(lo=source.naive(local.min()), hi=source.naive(local.max())))
        except KpiguardError:
            raise
        except Exception as exc:  # noqa: BLE001 - the engine refusing the user's time column is a data error
            raise DataError(Diagnostic(BAD_TIME_VALUES(table=name, column=source.user_column(name, column),
                                                       reason=_first_line(exc)),
                                       table_location(spec, name), code="data")) from None
        lo, hi = _as_date(row["lo"].iloc[0]), _as_date(row["hi"].iloc[0])
        if lo is not None:
            first = lo if first is None else min(first, lo)
        if hi is not None:
            last = hi if last is None else max(last, hi)
    return first, last


def _as_date(value: Any) -> date | None:
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "date") and callable(value.date):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()
