"""Database helpers for tests: a fresh SQLite database per test, a query log and EXPLAIN QUERY PLAN.

The database lives in the *judge* (the process that runs the tests), in memory. The test hands
the learner's code ``db.connection``: a small DB-API connection whose methods the learner's
code calls across the process boundary. So every statement the learner's code runs is executed,
and logged, by the judge itself: the learner's process cannot hide a query, edit the log or
reach the data any other way (an in-memory database has no file to open). What the learner's
code may run is bounded: no ATTACH, no extensions, a short list of PRAGMAs, and a step budget
per statement (an endless recursive query is stopped with a clear error).

Test-facing API (fixture ``db``)::

    def test_no_n_plus_one(db):
        repo = library.Repository(db.connection)
        repo.authors_with_books()
        db.queries.assert_no_n_plus_one("fetch the books of all authors with one JOIN or IN (...)")
        plan = db.explain("SELECT * FROM books WHERE author_id = ?", (1,))
        plan.assert_uses_index("books", "add an index on books(author_id)")
"""
import functools
import re
import sqlite3
import sys

__all__ = ["Database", "Connection", "Cursor", "QueryLog", "Query", "Plan", "SCHEMA_ATTRIBUTE", "snapshot"]

SCHEMA_ATTRIBUTE = "DB_SCHEMA"  # a test module's SQL run before each test that uses `db`
STEP_BUDGET = 50_000_000  # SQLite VM steps per statement the learner's code runs
_PROGRESS_EVERY = 10_000
_MAX_LENGTH = 10 * 1024 * 1024  # longest string/blob a statement may build
_MAX_SQL_LENGTH = 1024 * 1024
MAX_DATABASE_BYTES = 64 * 1024 * 1024  # the fixture's database (main and temp each): PRAGMA max_page_count
# Everything SQLite allocates in the judge (pages, sorters, a row's values): PRAGMA
# hard_heap_limit, process-wide. Past it a statement fails with SQLITE_NOMEM, never the judge.
SQLITE_HEAP_LIMIT = 160 * 1024 * 1024
MAX_FETCH_BYTES = 16 * 1024 * 1024  # rows one fetchall()/fetchmany() hands the learner's code
LOG_BUDGET = 8 * 1024 * 1024  # SQL and parameters the query log keeps in full, per database
SHAPE_TEXT = 64 * 1024  # characters of a statement its shape (N+1 grouping) is made of

_ALLOWED_PRAGMAS = {
    "foreign_keys", "table_info", "table_xinfo", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "foreign_key_check", "user_version", "table_list", "integrity_check",
    "quick_check", "defer_foreign_keys", "recursive_triggers", "case_sensitive_like",
}
_DENIED_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}


def _kind(sql):
    """The statement's first keyword, upper case: what the query log says of a statement SQLite
    did not prepare (a syntax error). Every statement SQLite prepared is classified by what
    SQLite itself reports of it (`_classify`), whatever its text looks like."""
    text = re.sub(r"^(\s*(--[^\n]*(\n|$)|/\*.*?(\*/|$)))*\s*", "", sql, flags=re.S)
    match = re.match(r"[A-Za-z]+", text)
    return match.group(0).upper() if match else ""


_MAIN_ACTIONS = {
    sqlite3.SQLITE_SELECT: "SELECT",
    sqlite3.SQLITE_INSERT: "INSERT",
    sqlite3.SQLITE_UPDATE: "UPDATE",
    sqlite3.SQLITE_DELETE: "DELETE",
}


_DATA_STATEMENTS = ("SELECT", "VALUES", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE", "")


def _internal(table):
    return isinstance(table, str) and table.lower().startswith("sqlite_")


def _classify(sql, actions, returns_rows):
    """A statement's kind from SQLite's authorizer calls while it was prepared: the first
    SELECT, INSERT, UPDATE or DELETE on a table of the exercise (so `WITH ... SELECT`, a comment
    or anything before it changes nothing; a write keeps its kind, RETURNING or not). A
    statement that is none of these but hands back rows read from a table is a SELECT. Others
    (CREATE, BEGIN, PRAGMA...) keep their first keyword. Returns (kind, tables read)."""
    first = _kind(sql)
    if not actions:
        return first, ()
    if first not in _DATA_STATEMENTS:
        # CREATE, DROP, ALTER, PRAGMA, BEGIN...: the first keyword is the statement's kind (only
        # WITH, comments and VALUES can hide what a statement does).
        return first, ()
    reads = tuple(sorted({a[1] for a in actions if a[0] == sqlite3.SQLITE_READ and a[1] and not _internal(a[1])}))
    # A write into a temporary table that reads the exercise's tables is a read of them: the
    # rows go to a scratch table (and back with RETURNING, or by a later SELECT on it) instead
    # of to the caller, and `INSERT INTO temp.scratch SELECT ... RETURNING` per item was an
    # N+1 that no SELECT count saw (red team, 2026-12-08).
    exercise_reads = tuple(t for t in reads if not _temporary(actions, t))
    for action, table, *rest in actions:
        kind = _MAIN_ACTIONS.get(action)
        if kind is None or _internal(table):
            continue
        if kind != "SELECT" and rest[-1:] == ["temp"] and exercise_reads:
            return "SELECT", reads
        return ("REPLACE" if kind == "INSERT" and first == "REPLACE" else kind), reads
    if returns_rows and reads:
        return "SELECT", reads
    return "", reads


def _temporary(actions, table):
    """Whether every read of `table` the authorizer saw was in the temp schema."""
    schemas = {a[4] for a in actions if a[0] == sqlite3.SQLITE_READ and a[1] == table and len(a) > 4}
    return schemas == {"temp"}


_TOKENS = re.compile(
    r"""(?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<literal>'(?:[^']|'')*'?|[xX]'[0-9a-fA-F]*'?|0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
    |(?P<param>\?\d*|[:@$][A-Za-z0-9_]+)
    |(?P<quoted>"(?:[^"]|"")*"?|\[[^\]]*\]?|`(?:[^`]|``)*`?)
    |(?P<word>[A-Za-z_][A-Za-z0-9_$]*)
    |(?P<space>\s+)
    |(?P<other>.)""",
    re.S | re.X,
)


def normalized(sql):
    """The shape of a statement, for telling "the same query again" (the N+1 pattern): comments
    dropped, every literal and parameter a `?`, names in lower case without their quotes, one
    space between tokens. `SELECT * FROM t WHERE id = 1 -- a` and `select *  from "T" where
    id=?` are the same shape."""
    out = []
    for match in _TOKENS.finditer(sql):
        group = match.lastgroup
        if group in ("comment", "space"):
            continue
        text = match.group(0)
        if group in ("literal", "param"):
            out.append("?")
        elif group == "quoted":
            out.append(text[1:-1].lower() if len(text) > 1 else text)
        elif group == "word":
            out.append(text.lower())
        else:
            out.append(text)
    return " ".join(out)


@functools.lru_cache(maxsize=512)
def _short_shape(sql):
    return normalized(sql)


def _shape(sql):
    """A logged statement's shape: of its first 64 KB (a longer statement is no honest query
    per item). The same text again (a parametrized query in a loop, the usual case) is looked up,
    not tokenized again: tokenizing took about 23 us a statement, as long as running it."""
    if len(sql) <= 4096:
        return _short_shape(sql)
    return normalized(sql[:SHAPE_TEXT]) + (" \u2026" if len(sql) > SHAPE_TEXT else "")


def _size(value, depth=0):
    """About how many bytes `value` (parameters, a row) holds: text and blobs by length."""
    if isinstance(value, (str, bytes, bytearray)):
        return len(value) + 16
    if isinstance(value, (list, tuple)) and depth < 3:
        return 16 + sum(_size(v, depth + 1) for v in value)
    if isinstance(value, dict) and depth < 3:
        return 16 + sum(_size(k, depth + 1) + _size(v, depth + 1) for k, v in value.items())
    return 16


def _short(sql, limit=120):
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class Query:
    """One statement the learner's code ran: its SQL, parameters and kind (SELECT, INSERT...,
    as SQLite saw it), the tables it read, and its shape (`normalized`). Past the log's budget
    (`LOG_BUDGET`) a statement keeps only the start of its SQL and no parameters (`cut`)."""

    __slots__ = ("sql", "params", "kind", "many", "reads", "shape", "cut")

    def __init__(self, sql, params, many=False, keep=True):
        self.shape = _shape(sql)
        self.cut = not keep
        if not keep:
            sql, params = _short(sql, 1000), None
            if len(self.shape) > 1000:
                import hashlib

                self.shape = self.shape[:900] + " #" + hashlib.sha256(self.shape.encode("utf-8", "replace")).hexdigest()
        self.sql = sql
        self.params = params
        self.kind = _kind(sql)
        self.reads = ()
        self.many = many

    def classify(self, sql, actions, returns_rows=False):
        self.kind, self.reads = _classify(sql, actions, returns_rows)

    def __repr__(self):
        return f"Query({_short(self.sql)!r}, {self.params!r})"


class QueryLog:
    """Every statement the learner's code ran through ``db.connection``, in order."""

    def __init__(self):
        self.entries = []

    def __len__(self):
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def clear(self):
        self.entries.clear()

    @property
    def statements(self):
        """The SQL texts, in order."""
        return [q.sql for q in self.entries]

    def count(self, kind=None):
        """How many statements ran (of one kind: "SELECT", "INSERT", ... if given)."""
        if kind is None:
            return len(self.entries)
        return sum(1 for q in self.entries if q.kind == kind.upper())

    def of_kind(self, kind):
        return [q for q in self.entries if q.kind == kind.upper()]

    def repeated(self, kind="SELECT"):
        """Statements of `kind` run more than once with the same shape (see `normalized`: the
        same SQL but for comments, literals, case and spacing): {sql of the first: [params...]}."""
        groups = {}
        first = {}
        for q in self.entries:
            if kind is None or q.kind == kind.upper():
                groups.setdefault(q.shape, []).append(q.params)
                first.setdefault(q.shape, " ".join(q.sql.split()))
        return {first[shape]: params for shape, params in groups.items() if len(params) > 1}

    def listing(self, limit=12):
        lines = [f"  {i + 1}. {_short(q.sql)}" + (f"  {q.params!r}" if q.params else "") for i, q in enumerate(self.entries[:limit])]
        if len(self.entries) > limit:
            lines.append(f"  ... and {len(self.entries) - limit} more")
        return "\n".join(lines) if lines else "  (none)"

    def assert_at_most(self, limit, kind="SELECT", hint=None, what=None):
        """Fails when more than `limit` statements of `kind` ran. `what` names the items they were
        for (e.g. "10 authors"); `hint` says how to do better."""
        count = self.count(kind)
        if count > limit:
            label = f"{kind.upper()}s" if kind else "statements"
            head = f"{count} {label}" + (f" for {what}" if what else "") + f" (at most {limit} expected)"
            raise AssertionError(head + (f": {hint}" if hint else "") + "\nThe statements your code ran:\n" + self.listing())

    def assert_no_n_plus_one(self, hint="fetch the rows in one query with a JOIN or an IN (...)", kind="SELECT", max_repeats=1):
        """Fails when one SELECT ran again and again with different parameters: a query per item
        (the N+1 pattern)."""
        for sql, params in self.repeated(kind).items():
            if len(params) > max_repeats:
                raise AssertionError(
                    f"the same {kind.upper()} ran {len(params)} times, once per item "
                    f"({', '.join(repr(p) for p in params[:4])}{', ...' if len(params) > 4 else ''}): "
                    f"`{_short(sql)}`: {hint}\nThe statements your code ran:\n{self.listing()}"
                )


class Plan:
    """The rows of EXPLAIN QUERY PLAN for one statement."""

    def __init__(self, sql, rows):
        self.sql = sql
        self.rows = [{"id": r[0], "parent": r[1], "detail": r[3]} for r in rows]

    @property
    def details(self):
        return [r["detail"] for r in self.rows]

    def scans(self):
        """Tables read in full (`SCAN books`), not through an index (covering scans excluded)."""
        tables = []
        for detail in self.details:
            match = re.match(r"SCAN (?:TABLE )?(\w+)(.*)", detail)
            if match and "COVERING INDEX" not in match.group(2):
                tables.append(match.group(1))
        return tables

    def indexes(self):
        """Names of the indexes the plan uses."""
        found = []
        for detail in self.details:
            match = re.search(r"USING (?:COVERING )?INDEX (\w+)", detail)
            if match:
                found.append(match.group(1))
        return found

    def uses_index(self, table):
        """True when `table` is read through an index (or its primary key), never scanned."""
        reads = [d for d in self.details if re.match(rf"(SEARCH|SCAN) (TABLE )?{re.escape(table)}\b", d)]
        return bool(reads) and table not in self.scans()

    def assert_uses_index(self, table, hint=None):
        if not self.uses_index(table):
            hint = hint or f"add an index on the column(s) of {table} the query filters or joins on"
            raise AssertionError(
                f"the query scans table {table}, row by row: {hint}\n  {_short(self.sql)}\n"
                "Its plan (EXPLAIN QUERY PLAN):\n" + "\n".join("  " + d for d in self.details)
            )

    def __repr__(self):
        return f"Plan({self.details!r})"


def _check_params(params):
    if params is None:
        return ()
    if isinstance(params, (list, tuple, dict)):
        return params
    raise TypeError(f"SQL parameters must be a tuple, list or dict, not {type(params).__name__}")


class Cursor:
    """What ``connection.execute`` returns: fetch rows, iterate, lastrowid, rowcount."""

    def __init__(self, connection, cursor):
        self._connection = connection
        self._cursor = cursor

    def execute(self, sql, params=()):
        self._connection._run(self._cursor, sql, params)
        return self

    def executemany(self, sql, seq_of_params):
        self._connection._run_many(self._cursor, sql, seq_of_params)
        return self

    def fetchone(self):
        return self._connection._guard(self._cursor.fetchone)

    def fetchall(self):
        return self._connection._guard(lambda: self._fetch(None))

    def fetchmany(self, size=None):
        return self._connection._guard(lambda: self._fetch(size if size is not None else self._cursor.arraysize))

    def _fetch(self, count):
        """Rows, one at a time, at most MAX_FETCH_BYTES of them in all (they are copied into the
        judge's memory, then sent to the learner's process)."""
        rows, total = [], 0
        while count is None or len(rows) < count:
            row = self._cursor.fetchone()
            if row is None:
                break
            total += _size(row)
            if total > MAX_FETCH_BYTES:
                raise sqlite3.OperationalError(
                    f"these rows hold more than {MAX_FETCH_BYTES // (1024 * 1024)} MB: select fewer "
                    "rows or columns, or fetch them a few at a time (fetchmany)"
                )
            rows.append(row)
        return rows

    def __iter__(self):
        return iter(self.fetchall())

    @property
    def lastrowid(self):
        return self._cursor.lastrowid

    @property
    def rowcount(self):
        return self._cursor.rowcount

    @property
    def description(self):
        return self._cursor.description

    def close(self):
        self._cursor.close()


class Connection:
    """The connection the learner's code gets: execute, executemany, executescript, cursor,
    commit, rollback, ``with connection:`` (a transaction), close (a no-op: the test owns it).
    Rows are tuples, or dicts when the test asked for ``db.connect(rows="dict")``."""

    def __init__(self, database, raw):
        self._database = database
        self._raw = raw

    # -- what the learner's code calls ------------------------------------------------
    def execute(self, sql, params=()):
        cursor = self._raw.cursor()
        self._run(cursor, sql, params)
        return Cursor(self, cursor)

    def executemany(self, sql, seq_of_params):
        cursor = self._raw.cursor()
        self._run_many(cursor, sql, seq_of_params)
        return Cursor(self, cursor)

    def executescript(self, script):
        if not isinstance(script, str):
            raise TypeError(f"executescript() takes the SQL script as a str, not {type(script).__name__}")
        # Each statement of the script is logged on its own, as SQLite runs it, with what the
        # authorizer saw while SQLite prepared it (just before it ran).
        database = self._database

        def traced(sql):
            query = database._log(sql, None)
            actions, database._actions = database._actions, []
            if query is not None:
                query.classify(sql, actions)

        database._actions = []
        self._raw.set_trace_callback(traced)
        try:
            self._guard(lambda: self._raw.executescript(script))
        finally:
            self._raw.set_trace_callback(None)
            database._actions = None
        return Cursor(self, self._raw.cursor())

    def cursor(self):
        return Cursor(self, self._raw.cursor())

    def commit(self):
        self._raw.commit()

    def rollback(self):
        self._raw.rollback()

    def close(self):
        """The test owns the database: closing it from the learner's code does nothing."""

    @property
    def in_transaction(self):
        return self._raw.in_transaction

    @property
    def total_changes(self):
        return self._raw.total_changes

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self._raw.commit()
        else:
            self._raw.rollback()
        return False

    # -- internals (not reachable from the learner's process: private names) ------------
    def _run(self, cursor, sql, params):
        if not isinstance(sql, str):
            raise TypeError(f"the SQL statement must be a str, not {type(sql).__name__}")
        params = _check_params(params)
        query = self._database._log(sql, params)
        self._classified(query, sql, cursor, lambda: cursor.execute(sql, params))

    def _run_many(self, cursor, sql, seq_of_params):
        if not isinstance(sql, str):
            raise TypeError(f"the SQL statement must be a str, not {type(sql).__name__}")
        rows = [_check_params(p) for p in seq_of_params]
        query = self._database._log(sql, rows, many=True)
        self._classified(query, sql, cursor, lambda: cursor.executemany(sql, rows))

    def _classified(self, query, sql, cursor, action):
        """Runs the statement, recording what SQLite's authorizer sees as it prepares it (the
        connection caches no statement, so every execution is prepared again)."""
        database = self._database
        database._actions = []
        try:
            self._guard(action)
        finally:
            actions, database._actions = database._actions, None
            if query is not None:
                query.classify(sql, actions, cursor.description is not None)

    def _guard(self, action):
        self._database._steps = 0
        try:
            return action()
        except MemoryError:
            raise sqlite3.OperationalError(
                f"the statement needed more memory than the exercise's database allows "
                f"({SQLITE_HEAP_LIMIT // (1024 * 1024)} MB in all): select fewer or smaller values"
            ) from None
        except sqlite3.OperationalError as exc:
            if str(exc) == "database or disk is full":
                raise sqlite3.OperationalError(
                    f"database or disk is full: the exercise's database holds at most "
                    f"{MAX_DATABASE_BYTES // (1024 * 1024)} MB"
                ) from None
            if self._database._stopped:
                self._database._stopped = False
                raise sqlite3.OperationalError(
                    f"the query was stopped after {STEP_BUDGET:,} SQLite steps: "
                    "an endless recursive query, or a join without a condition?"
                ) from None
            raise sqlite3.OperationalError(str(exc)) from None
        except sqlite3.DatabaseError as exc:
            if str(exc) in ("not authorized", "authorization denied"):
                raise type(exc)(
                    f"{exc}: the exercise's database refuses ATTACH, VACUUM, extensions and most "
                    "PRAGMAs (foreign_keys, table_info, index_list and user_version are allowed)"
                ) from None
            raise type(exc)(str(exc)) from None


def _dict_rows(cursor, row):
    return {column[0]: value for column, value in zip(cursor.description, row)}


class Database:
    """A fresh SQLite database for one test (the ``db`` fixture). ``connection`` goes to the
    learner's code; ``queries`` is what it ran; ``query`` and ``explain`` are the test's own
    (never logged)."""

    def __init__(self, path=":memory:", schema=None, rows="tuple"):
        self.path = str(path)
        # No statement cache: each execution is prepared again, so the authorizer sees every
        # statement the learner's code runs (the query log's kinds come from it).
        self._raw = sqlite3.connect(self.path, check_same_thread=False, cached_statements=0)
        self._steps = 0
        self._stopped = False
        self._logging = False
        self._actions = None  # what the authorizer sees of the learner's statement being prepared
        self._log_budget = LOG_BUDGET
        self._bound_memory()
        self.queries = QueryLog()
        self._raw.execute("PRAGMA foreign_keys = ON")
        if schema:
            for script in [schema] if isinstance(schema, str) else schema:
                self._raw.executescript(script)
            self._raw.commit()
        self._harden()
        self._tests_schema = self._main_schema()
        self.connection = self.connect(rows=rows)

    def connect(self, rows="tuple"):
        """Another handle on the same database for the learner's code; rows as "tuple" or "dict"."""
        if rows not in ("tuple", "dict"):
            raise ValueError('rows must be "tuple" or "dict"')
        self._raw.row_factory = _dict_rows if rows == "dict" else None
        self._logging = True
        return Connection(self, self._raw)

    conn = property(lambda self: self.connection)

    def _bound_memory(self):
        """The database lives in the judge's memory: at most MAX_DATABASE_BYTES of pages (main
        and temp), temporary files in memory (counted too), and SQLite's whole heap bounded."""
        raw = self._raw
        pages = MAX_DATABASE_BYTES // raw.execute("PRAGMA page_size").fetchone()[0]
        raw.execute("PRAGMA temp_store = MEMORY")
        raw.execute(f"PRAGMA main.max_page_count = {pages}")
        raw.execute(f"PRAGMA temp.max_page_count = {pages}")
        limit = raw.execute("PRAGMA hard_heap_limit").fetchone()
        if limit is not None and (limit[0] == 0 or limit[0] > SQLITE_HEAP_LIMIT):
            raw.execute(f"PRAGMA hard_heap_limit = {SQLITE_HEAP_LIMIT}")

    def _harden(self):
        raw = self._raw
        if hasattr(raw, "setlimit"):
            raw.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, _MAX_LENGTH)
            raw.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, _MAX_SQL_LENGTH)
            raw.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)

        def authorize(action, arg1, arg2, db_name, trigger):
            actions = self._actions
            if actions is not None and len(actions) < 10_000:
                actions.append((action, arg1, arg2, trigger, db_name))
            if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
                return sqlite3.SQLITE_DENY
            if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() not in _ALLOWED_PRAGMAS:
                return sqlite3.SQLITE_DENY
            if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in _DENIED_FUNCTIONS:
                return sqlite3.SQLITE_DENY
            return sqlite3.SQLITE_OK

        raw.set_authorizer(authorize)

        def progress():
            self._steps += _PROGRESS_EVERY
            if self._steps > STEP_BUDGET:
                self._stopped = True
                return 1
            return 0

        raw.set_progress_handler(progress, _PROGRESS_EVERY)

    def _log(self, sql, params, many=False):
        if not self._logging:
            return None
        cost = len(sql) + _size(params)
        keep = cost <= self._log_budget
        if keep:
            self._log_budget -= cost
        query = Query(sql, params, many, keep=keep)
        self.queries.entries.append(query)
        return query

    # -- the test's own access (not logged) ------------------------------------------
    def _refuse_shadows(self):
        """The test's own statements run on the learner's connection, where SQLite finds an
        unqualified name in the `temp` schema first: a temporary table or view of the learner's
        named like one of the database's would be what the test reads (red team, 2026-12-07: a
        `CREATE TEMP TABLE members` hid the rows a non-atomic import left in the real table),
        and a temporary trigger would run the learner's SQL inside the test's statements. Before
        each, the test fails if the learner's code left either."""
        # The main schema too: a trigger the learner's code added there runs inside the tests'
        # statements as a temporary one would, and a table renamed away with a view of the
        # learner's put in its place is what the test would read (red team, 2026-12-08).
        for kind, name in sorted(self._main_schema() - self._tests_schema):
            if kind == "trigger":
                raise AssertionError(
                    f"your code created a trigger {name!r}: it would run inside the tests' own statements; "
                    "do the work in your function's own statements instead"
                )
            if kind == "view" and ("table", name) in self._tests_schema:
                raise AssertionError(
                    f"your code put a view in place of the table {name!r}: the tests check the real table; "
                    "change its rows, not what the name means"
                )
        temp = self._raw.execute("SELECT type, name FROM temp.sqlite_master WHERE type IN ('table', 'view', 'trigger')").fetchall()
        if not temp:
            return
        own = {r[0].lower() for r in self._raw.execute("SELECT name FROM main.sqlite_master WHERE type IN ('table', 'view')")}
        for kind, name in temp:
            if kind == "trigger":
                raise AssertionError(
                    f"your code created a temporary trigger {name!r}: it would run inside the tests' own statements; "
                    "do the work in your function's own statements instead"
                )
            if name.lower() in own:
                raise AssertionError(
                    f"your code created a temporary {kind} {name!r} that hides the database's own {name!r}: "
                    "the tests check the real one; give temporary tables names of their own (and drop them when done)"
                )

    def _main_schema(self):
        """The main schema's tables, views and triggers, as (type, name)."""
        rows = self._raw.execute("SELECT type, name FROM main.sqlite_master WHERE type IN ('table', 'view', 'trigger')")
        return {(kind, name.lower()) for kind, name in rows}

    def query(self, sql, params=()):
        """Runs a statement for the test (not logged) and returns all rows as tuples."""
        self._refuse_shadows()
        saved = self._raw.row_factory
        self._raw.row_factory = None
        try:
            cursor = self._raw.execute(sql, _check_params(params))
            rows = cursor.fetchall()
            self._raw.commit()
            return rows
        finally:
            self._raw.row_factory = saved
            self._tests_schema = self._main_schema()  # what the test's own statement made is its

    def script(self, sql):
        """Runs a script of statements for the test (schema, fixture rows); not logged."""
        self._refuse_shadows()
        try:
            self._raw.executescript(sql)
            self._raw.commit()
        finally:
            self._tests_schema = self._main_schema()

    def tables(self):
        return [r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]

    def indexes(self, table=None):
        sql = "SELECT name FROM sqlite_master WHERE type = 'index'" + (" AND tbl_name = ?" if table else "") + " ORDER BY name"
        return [r[0] for r in self.query(sql, (table,) if table else ())]

    def explain(self, sql, params=()):
        """EXPLAIN QUERY PLAN of `sql` with `params`, as a :class:`Plan`."""
        return Plan(sql, self.query("EXPLAIN QUERY PLAN " + sql, params))

    def explain_queries(self, kind="SELECT"):
        """Plans of the statements of `kind` the learner's code ran, in order. A statement kept
        without its parameters (past the log's budget) cannot be explained: that fails, never
        passes unchecked (red team, 2026-12-08: megabytes of parameters first, then the scan)."""
        plans = []
        for q in self.queries.of_kind(kind):
            if q.many:
                continue
            if q.cut:
                raise AssertionError(
                    f"your code sent more SQL and parameters than the query log keeps ({LOG_BUDGET // (1 << 20)} MB in a test), "
                    "so its later statements cannot be checked: pass smaller values, or fewer of them"
                )
            if q.params is not None:
                plans.append(self.explain(q.sql, q.params))
        return plans

    def assert_queries_use_index(self, table, hint=None):
        """Fails when a SELECT the learner's code ran reads `table` without an index."""
        plans = [p for p in self.explain_queries() if re.search(rf"\b{re.escape(table)}\b", p.sql)]
        if not plans:
            raise AssertionError(f"your code ran no SELECT on table {table}")
        for plan in plans:
            plan.assert_uses_index(table, hint)

    def close(self):
        self._logging = False
        self._raw.close()


# What a result shows of the database after a test (`tests[].database`): the judge reads it
# with its own connection after the test ran; it informs and never decides a verdict.
SNAPSHOT_TABLES = 12  # tables shown (by name)
SNAPSHOT_COLUMNS = 16  # columns per table
SNAPSHOT_ROWS = 20  # first rows per table, in rowid order where there is one
SNAPSHOT_CELL = 200  # characters of a text cell, bytes of a blob
SNAPSHOT_QUERIES = 50  # statements of the query log
SNAPSHOT_SQL = 400  # characters of one statement
SNAPSHOT_PARAMS = 200  # characters of one statement's parameters (their repr)
SNAPSHOT_TEXT = 64 * 1024  # characters of cells per snapshot; past it, no more rows are kept
GRADE_BUDGET = 1024 * 1024  # characters of snapshots per grade; past it, names and counts only
SNAPSHOT_STEPS = 2_000_000  # SQLite steps for reading all the tables (a slow generated column stops it)

_current = None  # the snapshots of the test that is running (None: outside a grade's test)
_grade = {"budget": GRADE_BUDGET}


def begin_grade():
    _grade["budget"] = GRADE_BUDGET


def begin_test():
    global _current
    _current = []


def take():
    """The judge: the database after the test that just ran (its first `db`), for `database`."""
    global _current
    data, _current = _current, None
    return data[0] if data else None


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def _cut(text, limit):
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _cell(value):
    """One value for JSON: numbers and None as they are, text cut, a blob as x'hex' (cut)."""
    if value is None or isinstance(value, int) and abs(value) < 2**53 or isinstance(value, float) and value == value and abs(value) != float("inf"):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        return _cut("x'" + data[: SNAPSHOT_CELL // 2].hex() + "'", SNAPSHOT_CELL + 3)
    return _cut(str(value), SNAPSHOT_CELL)


def snapshot(database):
    """The tables of `database` (first rows of each, cells bounded) and the statements the
    learner's code ran, as plain JSON data. Read by the judge's own connection, unlogged; a table
    it cannot read is listed with an `error`. Bounded per snapshot and per grade (`GRADE_BUDGET`)."""
    raw = database._raw
    saved = raw.row_factory
    raw.row_factory = None
    tables = []
    room = min(SNAPSHOT_TEXT, _grade["budget"])  # characters still to keep: the log first, then rows
    queries = []
    for q in database.queries.entries[:SNAPSHOT_QUERIES]:
        item = {"sql": _cut(" ".join(q.sql.split()), SNAPSHOT_SQL), "kind": q.kind}
        if q.params:
            item["params"] = _cut(repr(q.params), SNAPSHOT_PARAMS)
        if q.many:
            item["many"] = True
        size = len(item["sql"]) + len(item.get("params", ""))
        if size > room:
            break
        room -= size
        queries.append(item)
    database._steps = max(0, STEP_BUDGET - SNAPSHOT_STEPS)  # the progress handler stops it past that
    try:
        names = [r[0] for r in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()]
        for name in names[:SNAPSHOT_TABLES]:
            entry = {"name": _cut(name, SNAPSHOT_CELL), "columns": [], "rows": [], "row_count": 0}
            try:
                columns = [r[1] for r in raw.execute(f"PRAGMA table_info({_quote(name)})").fetchall()]
                shown = columns[:SNAPSHOT_COLUMNS]
                entry["columns"] = [_cut(str(c), SNAPSHOT_CELL) for c in shown]
                # Long text and blobs are cut by SQLite itself, so a 10 MB cell is never copied out.
                select = ", ".join(
                    f"CASE WHEN typeof({_quote(c)}) IN ('text', 'blob') THEN substr({_quote(c)}, 1, {SNAPSHOT_CELL + 1}) ELSE {_quote(c)} END"
                    for c in shown
                ) or "NULL"
                rows = raw.execute(f"SELECT {select} FROM {_quote(name)} LIMIT {SNAPSHOT_ROWS}").fetchall()
                for row in rows:
                    cells = [_cell(v) for v in row]
                    size = sum(len(str(c)) + 2 for c in cells)
                    if size > room:
                        room = 0
                        break
                    room -= size
                    entry["rows"].append(cells)
                entry["row_count"] = raw.execute(f"SELECT count(*) FROM {_quote(name)}").fetchone()[0]
            except sqlite3.Error as exc:
                stopped, database._stopped = database._stopped, False
                entry["error"] = "reading it took too long" if stopped else _cut(str(exc), SNAPSHOT_CELL)
            tables.append(entry)
    except sqlite3.Error:
        return None
    finally:
        raw.row_factory = saved
        database._steps = 0
        database._stopped = False
    _grade["budget"] -= min(SNAPSHOT_TEXT, _grade["budget"]) - room
    return {
        "tables": tables,
        "tables_total": len(names),
        "queries": queries,
        "queries_total": len(database.queries.entries),
    }


def _keep_snapshot(database):
    if _current is None:
        return
    try:
        data = snapshot(database)
    except Exception:  # noqa: BLE001 - showing the tables must never break the test's result
        data = None
    if data is not None:
        _current.append(data)


SCHEMA_FILES = ("schema.sql", "fixtures.sql")


def _schema_for(request):
    """The SQL to run before a test: the test module's DB_SCHEMA, or else the exercise's
    schema.sql and fixtures.sql when the judge has them (test-side files, kept in memory)."""
    schema = getattr(request.module, SCHEMA_ATTRIBUTE, None) if request.module is not None else None
    if schema is not None:
        return schema
    judge = sys.modules.get(__package__ + ".judge")
    data = getattr(judge, "TEST_DATA", None) or {}
    scripts = [data[name] for name in SCHEMA_FILES if isinstance(data.get(name), str)]
    return scripts or None


def _db(request):
    """Fixture: a fresh in-memory database, with the schema (see _schema_for) run first."""
    database = Database(":memory:", schema=_schema_for(request))
    try:
        yield database
    finally:
        _keep_snapshot(database)
        database.close()


def _db_path(request):
    """Fixture: the path of a fresh database file in a temporary folder, with DB_SCHEMA run,
    for code that opens the database itself (its statements are not logged)."""
    import shutil

    from .fixtures import make_tmp_path

    folder = make_tmp_path(request.work_dir, request.test_name)
    path = folder / "test.db"
    schema = _schema_for(request)
    raw = sqlite3.connect(str(path))
    try:
        for script in ([schema] if isinstance(schema, str) else schema or []):
            raw.executescript(script)
        raw.commit()
    finally:
        raw.close()
    try:
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


FIXTURES = {"db": _db, "db_path": _db_path}
