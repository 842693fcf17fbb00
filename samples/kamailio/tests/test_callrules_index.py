"""Matching: the patterns, the documented order, and the tables that must agree with a plain scan."""

from __future__ import annotations

import random
import unittest

import callrules_file as cf
import callrules_index as ix


def connection(pattern: str, domain: str = "example.com", term: str | None = None, header: str = "from",
               **rules: str) -> cf.Connection:
    values = {"OrigMatch": pattern, "Domain": domain, "OrigMatchHeader": header, **rules}
    if term is not None:
        values["TermMatch"] = term
    text = f"[{domain}/{pattern}]\n" + "".join(f"{k}={v}\n" for k, v in values.items())
    return cf.parse(text.encode(), resolve=False)[0]


def uri(text: str) -> ix.Subject:
    subject = ix.Subject.of(ix.Uri.parse(text))
    assert subject is not None
    return subject


def lookup(connections: list[cf.Connection], side: str, subjects: dict[str, ix.Subject | None]) -> str | None:
    """Finds through the tables, as the server does (a dict stands for Kamailio's hash tables)."""
    tables = ix.build_tables(connections)
    rows = dict(tables.rows())
    spaces = ix.decode_meta(rows[ix.META])
    best: tuple[int, str] | None = None
    for space, families in spaces.items():
        if (space == ix.TERMINATION) != (side == ix.TERMINATION):
            continue
        header = space if space == ix.TERMINATION else space.split(".", 1)[1]
        found = ix.find(rows.get, space, families, subjects.get(header))
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    if best is None:
        return None
    record = ix.TermRecord.decode(best[1]) if side == ix.TERMINATION else ix.OrigRecord.decode(best[1])
    return record.name


class PatternTests(unittest.TestCase):
    def test_star_is_any_run_and_ascii_case_is_ignored(self) -> None:
        cases = [
            ("sip*@192.0.2.10", "sip:alice@192.0.2.10", True),
            ("sip*@192.0.2.10", "sips:alice@192.0.2.10", True),
            ("sip*@192.0.2.10", "sip:alice@192.0.2.100", False),
            ("SIP*@Trunk.Example", "sip:bob@trunk.example", True),
            ("sip*@10.1.2.*", "sip:bob@10.1.2.3", True),
            ("sip*@*.carrier.example", "sip:x@edge1.carrier.example", True),
            ("sip*@*.carrier.example", "sip:x@carrier.example", False),
            ("*", "", True),
            ("a*b*c", "abc", True),
            ("a*b*c", "acb", False),
            ("a*bc*bc", "abcbc", True),
            ("ab*ba", "aba", False),
            ("Ä*", "ä", False),  # only ASCII letters are folded
        ]
        for pattern, subject, expected in cases:
            with self.subTest(pattern=pattern, subject=subject):
                self.assertEqual(expected, ix.Pattern.parse(pattern).matches(ix.fold(subject)))

    def test_uris_are_read_from_headers(self) -> None:
        self.assertEqual(ix.Uri("sip", "alice", "192.0.2.1", "5060"), ix.Uri.parse('"Alice" <sip:alice@192.0.2.1:5060;transport=udp>;tag=x'))
        self.assertEqual(ix.Uri("sips", "", "[2001:db8::1]", "5061"), ix.Uri.parse("SIPS:[2001:db8::1]:5061"))
        self.assertEqual(ix.Uri("tel", "", "+15551234567", ""), ix.Uri.parse("tel:+15551234567"))
        self.assertEqual("sip:1555@h", uri("sip:1555@h;user=phone?x=y").whole)
        self.assertIsNone(ix.Uri.parse("no uri here"))
        self.assertIsNone(ix.Uri.parse(None))


class OrderTests(unittest.TestCase):
    def test_exact_beats_wildcard_then_longer_literal_then_fewer_wildcards(self) -> None:
        patterns = ["*", "sip*@10.*", "sip*@10.1.2.*", "sip:a@10.1.2.3", "sip*@10.1.2.3", "s*p*@10.1.2.3", "1*", "1555*"]
        ordered = sorted(patterns, key=ix.specificity)
        self.assertEqual(["sip:a@10.1.2.3", "sip*@10.1.2.3", "s*p*@10.1.2.3", "sip*@10.1.2.*", "sip*@10.*", "1555*", "1*", "*"], ordered)

    def test_a_tie_is_broken_by_the_domain_then_the_texts(self) -> None:
        a = connection("1555*", "example.com")
        b = connection("1555*", "*")
        c = connection("1555*", "a.example")
        ordered = sorted([b, a, c], key=ix.origination_order)
        # A named domain before '*', and a longer name first (the same rule as for patterns).
        self.assertEqual(["example.com", "a.example", "*"], [x.domain for x in ordered])


class CompilerAgreementTests(unittest.TestCase):
    def test_the_compiler_writes_sections_in_the_order_the_server_computes(self) -> None:
        """The golden files are the compiler's output: its section order must be the server's origination order, so a
        server that takes the first match in file order agrees with this one."""
        import os
        golden = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "golden")
        files = [os.path.join(golden, "connection.rules")] + [
            os.path.join(golden, "split", name) for name in sorted(os.listdir(os.path.join(golden, "split")))]
        for path in files:
            with self.subTest(path=os.path.basename(path)):
                connections = cf.load(path, resolve=False)
                self.assertEqual([c.name for c in sorted(connections, key=ix.origination_order)], [c.name for c in connections])


class LookupTests(unittest.TestCase):
    def test_an_exact_host_of_one_tenant_beats_a_subnet_wildcard_of_another(self) -> None:
        subnet = connection("sip*@10.1.2.*", "a-very-long-tenant-name.example")
        pbx = connection("sip*@10.1.2.3", "b.example")
        for connections in ([subnet, pbx], [pbx, subnet]):
            self.assertEqual("b.example/sip*@10.1.2.3", lookup(connections, "o", {"from": uri("sip:100@10.1.2.3")}))
            self.assertEqual("a-very-long-tenant-name.example/sip*@10.1.2.*",
                             lookup(connections, "o", {"from": uri("sip:100@10.1.2.4")}))

    def test_termination_takes_the_longest_term_match(self) -> None:
        default = connection("sip*@10.0.0.1", term="1*")
        carrier = connection("sip*@10.0.0.2", term="1555*")
        for connections in ([default, carrier], [carrier, default]):
            self.assertEqual("example.com/sip*@10.0.0.2", lookup(connections, ix.TERMINATION, {ix.TERMINATION: uri("sip:15551234567@h")}))
            self.assertEqual("example.com/sip*@10.0.0.1", lookup(connections, ix.TERMINATION, {ix.TERMINATION: uri("sip:16661234567@h")}))
            self.assertIsNone(lookup(connections, ix.TERMINATION, {ix.TERMINATION: uri("sip:2000@h")}))

    def test_orig_match_header_chooses_the_uri_each_connection_is_compared_with(self) -> None:
        by_from = connection("sip*@10.0.0.9")
        by_request = connection("sip*@192.0.2.1", header="request")
        connections = [by_from, by_request]
        subjects = {"from": uri("sip:a@10.0.0.8"), "request": uri("sip:1555@192.0.2.1")}
        self.assertEqual("example.com/sip*@192.0.2.1", lookup(connections, "o", subjects))

    def test_the_same_pattern_in_two_domains_is_reported_and_only_the_first_is_filed(self) -> None:
        tables = ix.build_tables([connection("sip*@10.0.0.1", "b.example"), connection("sip*@10.0.0.1", "a.example")])
        self.assertEqual(
            ["[b.example/sip*@10.0.0.1] is never chosen for origination: [a.example/sip*@10.0.0.1] has the same "
             "OrigMatch (sip*@10.0.0.1) and comes first in the order",
             "[b.example/sip*@10.0.0.1] is never chosen for termination: [a.example/sip*@10.0.0.1] has the same "
             "TermMatch (sip*@10.0.0.1) and comes first in the order"],
            [s.message() for s in tables.shadowed])
        self.assertEqual(("o.from:h:10.0.0.1", 1), tables.largest_bucket())

    def test_a_pattern_with_two_at_signs_can_never_match_and_is_reported(self) -> None:
        tables = ix.build_tables([connection("sip*@a@b")])
        self.assertIn("has more than one @", tables.shadowed[0].message())

    def test_every_call_does_a_bounded_number_of_reads_whatever_the_number_of_connections(self) -> None:
        connections = [connection(f"sip*@10.{i // 256}.{i % 256}.1", term=f"1{i:04d}*") for i in range(2000)]
        tables = ix.build_tables(connections)
        rows = dict(tables.rows())
        spaces = ix.decode_meta(rows[ix.META])
        reads: list[str] = []

        def get(key: str) -> str | None:
            reads.append(key)
            return rows.get(key)

        found = ix.find(get, "o.from", spaces["o.from"], uri("sip:x@10.7.100.1"))
        self.assertIsNotNone(found)
        self.assertEqual(1, len(reads))
        reads.clear()
        ix.find(get, ix.TERMINATION, spaces[ix.TERMINATION], uri("sip:100421234@h"))
        self.assertEqual(1, len(reads))  # every TermMatch has five literal characters: one length to probe

    def test_the_tables_agree_with_a_scan_of_every_connection_in_order(self) -> None:
        """A differential test: random patterns over a small alphabet (so they overlap a lot), random calls."""
        rng = random.Random(20261201)
        hosts = ["10.1.2.3", "10.1.2.30", "10.1.20.3", "a.example", "b.a.example", "A.Example"]
        users = ["1555123", "1555", "15", "alice", "Alice", ""]

        def random_pattern() -> str:
            if rng.random() < 0.5:
                text = f"{rng.choice(['sip', 'sips', 'tel'])}:{rng.choice(users)}@{rng.choice(hosts)}"
            else:
                text = rng.choice(users) or "1"
            chars = list(text)
            for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
                position = rng.randrange(len(chars) + 1)
                if rng.random() < 0.5 and position < len(chars):
                    chars[position] = "*"
                else:
                    chars.insert(position, "*")
            return "".join(chars)

        for round_ in range(60):
            connections = []
            names = set()
            for _ in range(rng.randrange(1, 40)):
                pattern, domain = random_pattern(), rng.choice(["a.example", "bb.example", "*"])
                if (domain, pattern) in names:
                    continue
                names.add((domain, pattern))
                connections.append(connection(pattern, domain, term=random_pattern(),
                                              header=rng.choice(["from", "from", "request"])))
            for _ in range(40):
                subjects = {
                    "from": uri(f"{rng.choice(['sip', 'sips', 'tel'])}:{rng.choice(users)}@{rng.choice(hosts)}"),
                    "request": uri(f"sip:{rng.choice(users)}@{rng.choice(hosts)}"),
                }
                subjects_t = {ix.TERMINATION: subjects["request"]}
                expected = ix.linear_find(connections, "o", subjects)
                self.assertEqual(expected.name if expected else None, lookup(connections, "o", subjects),
                                 f"round {round_}: {[c.name for c in connections]} {subjects}")
                expected = ix.linear_find(connections, ix.TERMINATION, subjects_t)
                self.assertEqual(expected.name if expected else None, lookup(connections, ix.TERMINATION, subjects_t),
                                 f"round {round_}: {[c.name for c in connections]} {subjects_t}")


class RecordTests(unittest.TestCase):
    def test_records_round_trip(self) -> None:
        c = connection("sip*@192.0.2.1", CheckSourceIp="yes", Address="192.0.2.9", RequireAuth="yes", AuthUser="u",
                       AuthPassword="p w", MaxCallsOrig="3", MaxCallsTotal="0", PAId="<sip:+1@x>", RequestUser="9[*]",
                       Transport="TCP", TermEnabled="no")
        orig = ix.orig_record(c)
        self.assertEqual(orig, ix.OrigRecord.decode(orig.encode()))
        self.assertEqual(("192.0.2.1", "192.0.2.9"), orig.sources)
        self.assertEqual((3, 0, "example.com"), (orig.max_orig, orig.max_total, orig.realm))
        term = ix.term_record(c)
        self.assertEqual(term, ix.TermRecord.decode(term.encode()))
        self.assertEqual((False, "TCP", "9[*]", None), (term.enabled, term.transport, term.request_user, term.max_term))


if __name__ == "__main__":
    unittest.main()
