"""The loader's database: what prepare writes, when it writes again, and that an invalid file changes nothing."""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
import time
import unittest

import callrules_db as cdb
import callrules_file as cf
import callrules_index as ix

RULES = "[example.com/sip*@10.0.0.1]\nOrigMatch=sip*@10.0.0.1\nDomain=example.com\nTermMatch=1555*\nAddress=10.0.0.1\n"


class PrepareTests(unittest.TestCase):
    def setUp(self) -> None:
        self._folder = tempfile.TemporaryDirectory()
        self.folder = self._folder.name
        self.rules = os.path.join(self.folder, "connection.rules")
        self.database = os.path.join(self.folder, "state", "rules.db")
        self.write(RULES)

    def tearDown(self) -> None:
        self._folder.cleanup()

    def write(self, text: str) -> None:
        # As callrules compile does: a complete new file renamed over the old one.
        temporary = self.rules + ".tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(temporary, self.rules)

    def rows(self, table: str) -> dict[str, str]:
        with sqlite3.connect(self.database) as db:
            return dict(db.execute(f"SELECT key_name, key_value FROM {table}"))

    def generation(self) -> int:
        return int(self.rows("crgen")["gen"])

    def test_prepare_writes_the_tables_of_one_generation_readable_by_the_owner_only(self) -> None:
        facts = cdb.prepare(self.rules, self.database)
        self.assertEqual((1, 1), (facts.generation, facts.connections))
        self.assertEqual(1, self.generation())
        live = self.rows("cr1")
        self.assertEqual({}, self.rows("cr0"))
        self.assertEqual(facts.rows, len(live))
        spaces = ix.decode_meta(live[ix.META])
        found = ix.find(live.get, ix.TERMINATION, spaces[ix.TERMINATION], ix.Subject.of(ix.Uri.parse("sip:15551@x")))
        self.assertIsNotNone(found)
        self.assertEqual("10.0.0.1", ix.TermRecord.decode(found[1]).address)  # type: ignore[index]
        self.assertEqual(0o600, stat.S_IMODE(os.stat(self.database).st_mode))
        self.assertEqual(0o700, stat.S_IMODE(os.stat(os.path.dirname(self.database)).st_mode))

    def test_an_unchanged_file_is_not_read_again_and_a_new_one_is(self) -> None:
        cdb.prepare(self.rules, self.database)
        self.assertEqual(1, cdb.prepare(self.rules, self.database).generation)
        time.sleep(0.01)
        self.write(RULES.replace("10.0.0.1\n", "10.0.0.2\n"))
        facts = cdb.prepare(self.rules, self.database)
        self.assertEqual(2, facts.generation)
        self.assertEqual({}, self.rows("cr1"))  # the other slot is emptied
        self.assertIn("10.0.0.2", "".join(self.rows("cr0").values()))

    def test_an_invalid_file_is_refused_and_the_database_keeps_the_last_good_rules(self) -> None:
        cdb.prepare(self.rules, self.database)
        before = self.rows("cr1")
        self.write(RULES + "MaxCallsOrig=many\n")
        with self.assertRaises(cf.RuleFileError) as raised:
            cdb.prepare(self.rules, self.database)
        self.assertEqual(6, raised.exception.line)
        self.assertEqual(1, self.generation())
        self.assertEqual(before, self.rows("cr1"))

    def test_the_command_prints_facts_for_run_sh_and_the_error_for_an_invalid_file(self) -> None:
        import contextlib
        import io
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            self.assertEqual(0, cdb.main(["callrules_db.py", "prepare", self.rules, self.database]))
            self.write("[a]\n")
            self.assertEqual(1, cdb.main(["callrules_db.py", "prepare", self.rules, self.database]))
        self.assertIn("connections=1\n", out.getvalue())
        self.assertIn(f"callrules: invalid call-rule file: {self.rules}:1: section [a] has no OrigMatch", err.getvalue())

    def test_reload_without_a_server_says_so(self) -> None:
        import contextlib
        import io
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            self.assertEqual(1, cdb.main(["callrules_db.py", "reload", self.folder]))
        self.assertIn("no server started by run.sh here", err.getvalue())


if __name__ == "__main__":
    unittest.main()
