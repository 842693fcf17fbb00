"""The loader: checks a call-rule file and writes it as tables into the server's SQLite database, from
which the server copies them into Kamailio's shared memory (htable).

  python3 callrules_db.py prepare <call-rule file> <database>
      run.sh, before Kamailio starts: makes the database serve the file. The file is checked whole; when
      it is unchanged since the database was written (same inode, size, times) nothing is read again.
      Prints facts for sizing Kamailio (key=value lines). Kamailio's main process then loads the live
      generation before it starts its workers (callrules.py, ksr_htable_event).
  python3 callrules_db.py reload <state folder>
      reload.sh: checks the file again and writes it into the slot the server is not using, then asks the
      server for that generation (RPC: crgen=>want). The server's loader process copies the slot into
      shared memory and makes it live in one step (crgen=>gen), then empties the old slot; this waits
      for that, or for the server's reason why not (crgen=>failed, crgen=>error). An invalid file changes
      nothing: the running rules stay.

Generations: each version of the rules gets the next number, and lives in slot number % 2 (tables cr0 and
cr1, in the database and in shared memory alike).

The database is also where the dialog module keeps the calls in progress across a restart (kamailio.cfg).
It holds passwords (AuthPassword), so it is created readable by its owner only.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import re
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Iterator, Sequence

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import callrules_file  # noqa: E402
import callrules_index  # noqa: E402

# Bumped whenever what is written changes, so a database written by another version is rebuilt.
FORMAT = 1
SLOTS = ("cr0", "cr1")
GENERATION_TABLE = "crgen"
STATE_TABLE = "crstate"
# How many warnings of one kind are printed before the rest are counted.
WARNINGS_SHOWN = 10
# More patterns than this under one table key makes the lookups that probe it slow: the loader says so.
CROWDED_KEY = 64
# How long reload waits for the server to load a new generation (50,000 connections take about a second).
RELOAD_TIMEOUT = 120.0

_HTABLE_COLUMNS = ("id INTEGER PRIMARY KEY NOT NULL, key_name VARCHAR(64) DEFAULT '' NOT NULL, "
                   "key_type INTEGER DEFAULT 0 NOT NULL, value_type INTEGER DEFAULT 0 NOT NULL, "
                   "key_value VARCHAR(128) DEFAULT '' NOT NULL, expires INTEGER DEFAULT 0 NOT NULL")

# The tables of Kamailio 5.6's dialog module (schema version 7 and 1), as its db_sqlite scripts create them.
_DIALOG_SCHEMA = """
CREATE TABLE IF NOT EXISTS dialog (
    id INTEGER PRIMARY KEY NOT NULL, hash_entry INTEGER NOT NULL, hash_id INTEGER NOT NULL,
    callid VARCHAR(255) NOT NULL, from_uri VARCHAR(255) NOT NULL, from_tag VARCHAR(128) NOT NULL,
    to_uri VARCHAR(255) NOT NULL, to_tag VARCHAR(128) NOT NULL, caller_cseq VARCHAR(20) NOT NULL,
    callee_cseq VARCHAR(20) NOT NULL, caller_route_set VARCHAR(512), callee_route_set VARCHAR(512),
    caller_contact VARCHAR(255) NOT NULL, callee_contact VARCHAR(255) NOT NULL, caller_sock VARCHAR(64) NOT NULL,
    callee_sock VARCHAR(64) NOT NULL, state INTEGER NOT NULL, start_time INTEGER NOT NULL,
    timeout INTEGER DEFAULT 0 NOT NULL, sflags INTEGER DEFAULT 0 NOT NULL, iflags INTEGER DEFAULT 0 NOT NULL,
    toroute_name VARCHAR(32), req_uri VARCHAR(255) NOT NULL, xdata VARCHAR(512));
CREATE INDEX IF NOT EXISTS dialog_hash_idx ON dialog (hash_entry, hash_id);
CREATE TABLE IF NOT EXISTS dialog_vars (
    id INTEGER PRIMARY KEY NOT NULL, hash_entry INTEGER NOT NULL, hash_id INTEGER NOT NULL,
    dialog_key VARCHAR(128) NOT NULL, dialog_value VARCHAR(512) NOT NULL);
CREATE INDEX IF NOT EXISTS dialog_vars_hash_idx ON dialog_vars (hash_entry, hash_id);
"""


class LoadError(Exception):
    """A reload or prepare that could not be done; the message says why and what still runs."""


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Identifies one version of the call-rule file without reading it: `callrules compile` replaces the
    file by renaming a new one over it, so a new version has a new inode and new times."""

    path: str
    text: str

    @staticmethod
    def of(path: str) -> Fingerprint:
        s = os.stat(path)
        return Fingerprint(path, f"{FORMAT}:{s.st_dev}:{s.st_ino}:{s.st_size}:{s.st_mtime_ns}:{s.st_ctime_ns}")


@dataclass(frozen=True, slots=True)
class Facts:
    """What a generation of rules holds, for sizing Kamailio and for messages."""

    generation: int
    connections: int
    rows: int
    bytes: int

    def lines(self) -> str:
        return (f"generation={self.generation}\nconnections={self.connections}\n"
                f"rows={self.rows}\nbytes={self.bytes}\n")


def _warn_printer(prefix: str = "callrules: warning: ") -> callrules_file.Warn:
    def warn(message: str) -> None:
        print(prefix + message, file=sys.stderr)
    return warn


def read_rules(path: str) -> callrules_index.Tables:
    """Checks the whole file and builds its tables, printing warnings; raises RuleFileError."""
    warn = _warn_printer()
    # Hundreds of thousands of small objects, none of them cyclic: the cycle collector only costs time here.
    gc.disable()
    try:
        connections = callrules_file.load(path, warn=warn)
        tables = callrules_index.build_tables(connections)
    finally:
        gc.enable()
    key, size = tables.largest_bucket()
    if size > CROWDED_KEY:
        warn(f"{path}: {size} patterns share the table key {key!r}: every call that probes it checks them all")
    for number, shadowed in enumerate(tables.shadowed):
        if number == WARNINGS_SHOWN:
            print(f"callrules: warning: ... and {len(tables.shadowed) - WARNINGS_SHOWN} more connection(s) "
                  "never chosen on one side", file=sys.stderr)
            break
        warn(f"{path}: {shadowed.message()}")
    return tables


def connect(database: str) -> sqlite3.Connection:
    """Opens (creating if needed, owner-only) the database and its tables."""
    folder = os.path.dirname(os.path.abspath(database))
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if not os.path.exists(database):
        # Created owner-only before SQLite opens it: it will hold passwords.
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    db = sqlite3.connect(database, timeout=30, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    tables = "".join(f"CREATE TABLE IF NOT EXISTS {table} ({_HTABLE_COLUMNS});\n" for table in (*SLOTS, GENERATION_TABLE))
    versions = ", ".join(f"('{table}', 2)" for table in (*SLOTS, GENERATION_TABLE))
    db.executescript(f"""BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS version (table_name VARCHAR(32) NOT NULL, table_version INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT version_table_name_idx UNIQUE (table_name));
{tables}
CREATE TABLE IF NOT EXISTS {STATE_TABLE} (slot INTEGER PRIMARY KEY, generation INTEGER NOT NULL,
    fingerprint TEXT NOT NULL, connections INTEGER NOT NULL, rows INTEGER NOT NULL, bytes INTEGER NOT NULL);
{_DIALOG_SCHEMA}
INSERT OR IGNORE INTO version (table_name, table_version) VALUES {versions}, ('dialog', 7), ('dialog_vars', 1);
COMMIT;""")
    return db


def current_generation(db: sqlite3.Connection) -> int:
    row = db.execute(f"SELECT key_value FROM {GENERATION_TABLE} WHERE key_name = 'gen'").fetchone()
    return int(row[0]) if row else 0


def slot_of(generation: int) -> int:
    return generation % 2


def facts_of(db: sqlite3.Connection, generation: int) -> tuple[Facts, str] | None:
    row = db.execute(f"SELECT generation, fingerprint, connections, rows, bytes FROM {STATE_TABLE} WHERE slot = ?",
                     (slot_of(generation),)).fetchone()
    if row is None or row[0] != generation:
        return None
    return Facts(row[0], row[2], row[3], row[4]), row[1]


def write_slot(db: sqlite3.Connection, generation: int, tables: callrules_index.Tables, fingerprint: Fingerprint) -> Facts:
    """Replaces the slot of `generation` with the tables, in one transaction."""
    table = SLOTS[slot_of(generation)]
    rows = list(tables.rows())
    size = sum(len(key) + len(value) for key, value in rows)
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(f"DELETE FROM {table}")
        db.executemany(f"INSERT INTO {table} (key_name, key_type, value_type, key_value) VALUES (?, 0, 0, ?)", rows)
        db.execute(f"INSERT OR REPLACE INTO {STATE_TABLE} (slot, generation, fingerprint, connections, rows, bytes) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   (slot_of(generation), generation, fingerprint.text, tables.connections, len(rows), size))
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    return Facts(generation, tables.connections, len(rows), size)


def set_generation(db: sqlite3.Connection, generation: int) -> None:
    db.execute("BEGIN IMMEDIATE")
    db.execute(f"DELETE FROM {GENERATION_TABLE}")
    db.execute(f"INSERT INTO {GENERATION_TABLE} (key_name, key_type, value_type, key_value) VALUES ('gen', 0, 1, ?)",
               (str(generation),))
    db.execute("COMMIT")


def clear_slot(db: sqlite3.Connection, slot: int) -> None:
    db.execute("BEGIN IMMEDIATE")
    db.execute(f"DELETE FROM {SLOTS[slot]}")
    db.execute(f"DELETE FROM {STATE_TABLE} WHERE slot = ?", (slot,))
    db.execute("COMMIT")


def live_generation(database: str) -> int:
    """The generation the database serves (0 when it has none); read by the server at start-up."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    try:
        return current_generation(db)
    finally:
        db.close()


def read_slot(database: str, generation: int) -> Iterator[tuple[str, str]]:
    """The (key, value) rows of a generation, streamed: the server copies them into shared memory one by one,
    so loading 50,000 connections costs the server no more private memory than a few rows."""
    db = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30)
    try:
        db.execute("PRAGMA mmap_size=1073741824")  # read the pages in place rather than copying them
        written = db.execute(f"SELECT generation, rows FROM {STATE_TABLE} WHERE slot = ?", (slot_of(generation),)).fetchone()
        if written is None or written[0] != generation:
            raise LoadError(f"the database has no generation {generation} (it holds {written[0] if written else 'none'})")
        count = 0
        for key, value in db.execute(f"SELECT key_name, key_value FROM {SLOTS[slot_of(generation)]}"):
            count += 1
            yield key, value
        if count != written[1]:
            raise LoadError(f"generation {generation} has {count} rows in the database, {written[1]} were written")
    finally:
        db.close()


def prepare(rules: str, database: str) -> Facts:
    """Makes the database serve `rules` before Kamailio starts (see the module text)."""
    rules = os.path.abspath(rules)
    fingerprint = Fingerprint.of(rules)
    db = connect(database)
    try:
        generation = current_generation(db)
        known = facts_of(db, generation) if generation else None
        if known is not None and known[1] == fingerprint.text:
            facts = known[0]
        else:
            tables = read_rules(rules)
            generation += 1
            facts = write_slot(db, generation, tables, fingerprint)
            set_generation(db, generation)
        # The other slot is loaded at start-up too: keep it empty.
        clear_slot(db, 1 - slot_of(generation))
        return facts
    finally:
        db.close()


# --- reload: talking to the running server ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ServerState:
    """What run.sh wrote about the server it started (state folder/server.conf)."""

    folder: str
    rules: str
    database: str
    control: str
    pid: int

    @staticmethod
    def read(folder: str) -> ServerState:
        path = os.path.join(folder, "server.conf")
        try:
            with open(path, encoding="utf-8") as f:
                values = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)
        except OSError as error:
            raise LoadError(f"no server started by run.sh here ({path}: {error.strerror})") from None
        return ServerState(folder, values["rules"], values["database"], values["control"], int(values["pid"]))


def rpc(state: ServerState, *command: str, timeout: float = 60) -> str:
    """One RPC command over the server's control socket (kamcmd); raises LoadError when it fails."""
    try:
        done = subprocess.run(["kamcmd", "-s", f"unixs:{state.control}", *command],
                              capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise LoadError(f"the server did not answer {command[0]} ({error})") from None
    if done.returncode != 0 or done.stdout.startswith("error:"):
        raise LoadError(f"the server refused {' '.join(command[:2])}: {(done.stdout + done.stderr).strip()}")
    return done.stdout


def server_value(state: ServerState, name: str) -> str | None:
    """An item of the server's crgen table, or None when it is not set."""
    try:
        answer = rpc(state, "htable.get", GENERATION_TABLE, name)
    except LoadError as error:
        if "doesn't exist" in str(error):
            return None
        raise
    found = re.search(r"value: (.*)", answer)
    return found.group(1).strip() if found else None


def reload(folder: str, timeout: float = RELOAD_TIMEOUT) -> Facts:
    """Validates the server's call-rule file and has the server swap it in (see the module text)."""
    state = running_server(folder)
    with reload_lock(state):
        fingerprint = Fingerprint.of(state.rules)
        tables = read_rules(state.rules)  # raises RuleFileError: nothing has been touched yet
        staged = stage(state, tables, fingerprint)
        del tables
        ask(staged)
        wait_live(staged, time.monotonic() + timeout)
    return staged.facts


def running_server(folder: str) -> ServerState:
    """The server run.sh started with this state folder; LoadError when it is not running."""
    state = ServerState.read(folder)
    try:
        os.kill(state.pid, 0)
    except OSError:
        raise LoadError(f"the server (pid {state.pid}) is not running") from None
    return state


@contextlib.contextmanager
def reload_lock(state: ServerState) -> Iterator[None]:
    """One reload of a server at a time; a second waits for the first."""
    with open(os.path.join(state.folder, "reload.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@dataclass(frozen=True, slots=True)
class Staged:
    """A generation written into the slot a server is not using, not yet live."""

    state: ServerState
    live: int
    generation: int
    facts: Facts


def stage(state: ServerState, tables: callrules_index.Tables, fingerprint: Fingerprint) -> Staged:
    """Writes checked tables into the server's spare slot; the server's rules do not change."""
    live_text = server_value(state, "gen")
    if live_text is None:
        raise LoadError("the server has no live generation of rules")
    live = int(live_text)
    db = connect(state.database)
    try:
        generation = max(live, current_generation(db)) + 1
        if slot_of(generation) == slot_of(live):
            generation += 1
        return Staged(state, live, generation, write_slot(db, generation, tables, fingerprint))
    finally:
        db.close()


def ask(staged: Staged) -> None:
    """Asks the server to make a staged generation live (its loader process does it within 100 ms)."""
    rpc(staged.state, "htable.seti", GENERATION_TABLE, "want", str(staged.generation))


def wait_live(staged: Staged, deadline: float) -> None:
    """Waits until the server has made the staged generation live, then makes it the one a restart starts on."""
    state, generation = staged.state, staged.generation
    while server_value(state, "gen") != str(generation):
        if server_value(state, "failed") == str(generation):
            raise LoadError(f"the server could not load the new rules: {server_value(state, 'error')}")
        if time.monotonic() > deadline:
            raise LoadError("the server did not load the new rules in time")
        time.sleep(0.05)
    db = connect(state.database)
    try:
        set_generation(db, generation)
        clear_slot(db, slot_of(staged.live))
    finally:
        db.close()


def main(argv: Sequence[str]) -> int:
    if len(argv) == 4 and argv[1] == "prepare":
        try:
            facts = prepare(argv[2], argv[3])
        except callrules_file.RuleFileError as error:
            print(f"callrules: invalid call-rule file: {error}", file=sys.stderr)
            return 1
        except (OSError, sqlite3.Error) as error:
            print(f"callrules: cannot prepare the rules database {argv[3]}: {error}", file=sys.stderr)
            return 1
        sys.stdout.write(facts.lines())
        return 0
    if len(argv) == 3 and argv[1] == "reload":
        started = time.monotonic()
        try:
            facts = reload(argv[2])
        except callrules_file.RuleFileError as error:
            print(f"callrules: invalid call-rule file: {error}", file=sys.stderr)
            print("callrules: reload refused; the server keeps its current rules", file=sys.stderr)
            return 1
        except (LoadError, OSError, sqlite3.Error) as error:
            print(f"callrules: reload failed: {error}; the server keeps its current rules", file=sys.stderr)
            return 1
        print(f"callrules: reloaded {facts.connections} connection(s), generation {facts.generation}, "
              f"in {time.monotonic() - started:.2f} s")
        return 0
    print("usage: callrules_db.py prepare <call-rule file> <database>\n"
          "       callrules_db.py reload <state folder>", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
