"""Which connection a call belongs to, in a few table lookups whatever the number of connections.

This module is the one place where the loader (callrules_db.py, which writes the tables) and the
routing script (callrules.py, which reads them from Kamailio's shared memory) agree on:

- **patterns**: `*` stands for any run of characters; the rest is literal, ASCII letters compared
  without case. A pattern with `@` is compared with `scheme:user@host` of a URI, one without `@`
  with the user part alone; ports and URI parameters are never compared.
- **the order** (docs/call-rules.md, "Which section"): the most specific pattern wins, across all
  domains: a pattern without `*` before one with; then more literal characters; then fewer `*`;
  then the pattern's text (case folded), then the connection's Domain compared the same way, then
  the exact texts. Termination uses the same rule on TermMatch, then the origination order.
- **the tables**: every pattern is filed under one key derived from its text (an *anchor*: its whole
  text, its host, or its literal prefix or suffix); a call probes the few keys its own URI can produce,
  so a lookup costs a handful of hash-table reads, never a scan of the connections. Each key holds
  the candidates filed there, best first, with what the router needs about each connection.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from callrules_file import Connection, split_host_port

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ASCII_FOLD = str.maketrans(_UPPER, _UPPER.lower())

# Separators inside table values. The call-rule format forbids every control character in values
# (error CR1012), so none of these can occur in a pattern, a name or a rule.
CANDIDATES = "\x1e"
PARTS = "\x1d"
FIELDS = "\x1f"

# The families of keys a pattern can be filed under. EXACT: the subject itself; PREFIX/SUFFIX: the
# subject's first/last n characters, for each length n that some pattern uses; GENERAL: one list for
# patterns with no literal anchor at all (such as `*`), which every lookup checks.
WHOLE, USER, HOST = "w", "u", "h"
WHOLE_PREFIX, HOST_PREFIX, HOST_SUFFIX, USER_PREFIX, USER_SUFFIX = "wp", "hp", "hs", "up", "us"
GENERAL = "g"
EXACT_FAMILIES = (WHOLE, USER, HOST)
PREFIX_FAMILIES = (WHOLE_PREFIX, HOST_PREFIX, USER_PREFIX)
SUFFIX_FAMILIES = (HOST_SUFFIX, USER_SUFFIX)

# The header whose URI origination compares (OrigMatchHeader), each with its own tables; termination
# always compares the Request-URI as it arrived.
ORIG_HEADERS = ("from", "to", "request", "contact")
TERMINATION = "t"


def origination_space(header: str) -> str:
    return f"o.{header}"


def fold(text: str) -> str:
    """Lower-cases ASCII letters only, as the matching and the compiler's order do."""
    return text.lower() if text.isascii() else text.translate(_ASCII_FOLD)


@dataclass(frozen=True, slots=True)
class Pattern:
    """A match pattern, case folded and split at its wildcards."""

    text: str
    folded: str
    parts: tuple[str, ...]

    @staticmethod
    def parse(text: str) -> Pattern:
        folded = fold(text)
        return Pattern(text, folded, tuple(folded.split("*")))

    @property
    def whole_uri(self) -> bool:
        return "@" in self.text

    @property
    def wildcards(self) -> int:
        return len(self.parts) - 1

    def matches(self, subject: str) -> bool:
        """Whether the (case-folded) subject matches."""
        return glob_matches(self.parts, subject)


def glob_matches(parts: Sequence[str], subject: str) -> bool:
    """`parts` is a folded pattern split at `*`: the subject must start with the first part, end with the
    last, and hold the others in order between them (leftmost placement is always right for `*`)."""
    if len(parts) == 1:
        return subject == parts[0]
    first, last = parts[0], parts[-1]
    if not subject.startswith(first):
        return False
    end = len(subject) - len(last)
    if end < len(first) or not subject.endswith(last):
        return False
    position = len(first)
    for middle in parts[1:-1]:
        found = subject.find(middle, position, end)
        if found < 0:
            return False
        position = found + len(middle)
    return True


def specificity(text: str) -> tuple[int, int, int, str]:
    """The sort key of a pattern, most specific first: without `*` before with; more literal characters
    (Unicode scalar values) first; fewer `*` first; then the case-folded text in code-point order."""
    wildcards = text.count("*")
    return (1 if wildcards else 0, wildcards - len(text), wildcards, fold(text))


@dataclass(frozen=True, slots=True)
class Uri:
    """The parts of a SIP URI the rules look at."""

    scheme: str
    user: str
    host: str
    port: str

    # scheme ":" [user "@"] host [":" port] [";" params] ["?" headers]; neither user nor host holds "@".
    _SHAPE = re.compile(r"\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*):(?:([^@;>?\s]*)@)?([^@;>?,\s]*)")

    @classmethod
    def parse(cls, text: str | None) -> Uri | None:
        """Parses `sip:user@host:port;params`, also inside `"name" <...>`; None if it is not a URI."""
        if not text:
            return None
        angle = text.find("<")
        if angle >= 0:
            text = text[angle:]
        m = cls._SHAPE.match(text)
        if m is None:
            return None
        host, port = split_host_port(m.group(3))
        return cls(m.group(1).lower(), m.group(2) or "", host, port)

    def with_parts(self, user: str, hostport: str) -> str:
        return f"{self.scheme}:{user}@{hostport}" if user else f"{self.scheme}:{hostport}"


@dataclass(frozen=True, slots=True)
class Subject:
    """What patterns are compared with, case folded: `scheme:user@host`, the user, the host."""

    whole: str
    user: str
    host: str

    @staticmethod
    def of(uri: Uri | None) -> Subject | None:
        if uri is None:
            return None
        return Subject(fold(f"{uri.scheme}:{uri.user}@{uri.host}"), fold(uri.user), fold(uri.host))

    def text(self, family: str) -> str:
        if family[0] == "w":
            return self.whole
        return self.user if family[0] == "u" else self.host


def anchor(pattern: Pattern) -> tuple[str, str] | None:
    """The key family and text a pattern is filed under: its longest literal anchor. None for a pattern
    that can never match (one with two `@`: a URI's `scheme:user@host` has exactly one)."""
    folded = pattern.folded
    if not pattern.whole_uri:
        if not pattern.wildcards:
            return USER, folded
        return _longest((USER_PREFIX, pattern.parts[0]), (USER_SUFFIX, pattern.parts[-1]))
    if folded.count("@") != 1:
        return None
    if not pattern.wildcards:
        return WHOLE, folded
    host = folded.split("@", 1)[1]
    if "*" not in host:
        return HOST, host
    host_parts = host.split("*")
    return _longest((HOST_PREFIX, host_parts[0]), (HOST_SUFFIX, host_parts[-1]), (WHOLE_PREFIX, pattern.parts[0]))


def _longest(*anchors: tuple[str, str]) -> tuple[str, str]:
    family, text = max(anchors, key=lambda a: len(a[1]))  # the first of equals: prefixes before suffixes
    return (family, text) if text else (GENERAL, "")


def table_key(space: str, family: str, text: str) -> str:
    return f"{space}:{family}:{text}"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A connection filed in the tables: its rank in the order, its pattern, and the router's record."""

    rank: int
    pattern: Pattern
    record: str

    def encode(self) -> str:
        return f"{self.rank}{PARTS}{self.pattern.folded}{PARTS}{self.record}"


@dataclass(frozen=True, slots=True)
class Families:
    """Which key families one space uses, and for prefixes and suffixes which lengths: what a lookup
    probes. Written to the tables as one META value."""

    exact: tuple[str, ...]
    lengths: Mapping[str, tuple[int, ...]]
    general: bool

    def encode(self) -> str:
        items = list(self.exact)
        items += [f"{family}{'.'.join(map(str, lengths))}" for family, lengths in sorted(self.lengths.items())]
        if self.general:
            items.append(GENERAL)
        return ",".join(items)

    @staticmethod
    def decode(text: str) -> Families:
        exact: list[str] = []
        lengths: dict[str, tuple[int, ...]] = {}
        general = False
        for item in filter(None, text.split(",")):
            if item == GENERAL:
                general = True
            elif item in EXACT_FAMILIES:
                exact.append(item)
            else:
                family = item[:2]
                lengths[family] = tuple(int(n) for n in item[2:].split("."))
        return Families(tuple(exact), lengths, general)

    def probes(self, subject: Subject) -> Iterator[tuple[str, str]]:
        """Every (family, text) key a subject can produce that some pattern is filed under."""
        for family in self.exact:
            yield family, subject.text(family)
        for family, lengths in self.lengths.items():
            text = subject.text(family)
            size = len(text)
            if family in SUFFIX_FAMILIES:
                for n in lengths:
                    if n <= size:
                        yield family, text[size - n:]
            else:
                for n in lengths:
                    if n <= size:
                        yield family, text[:n]
        if self.general:
            yield GENERAL, ""


META = "meta"


@dataclass(frozen=True, slots=True)
class SpaceIndex:
    """The tables of one space (origination by one header, or termination): key -> candidates."""

    space: str
    families: Families
    buckets: Mapping[str, tuple[Candidate, ...]]

    def rows(self) -> Iterator[tuple[str, str]]:
        for key, candidates in self.buckets.items():
            yield key, CANDIDATES.join(c.encode() for c in candidates)


def build_space(space: str, candidates: Iterable[Candidate]) -> tuple[SpaceIndex, list[tuple[Candidate, Candidate]]]:
    """Files the candidates. Of candidates with the same pattern (case folded) only the best can ever be
    chosen: the others are left out and returned as (shadowed, winner) pairs. Patterns that can never
    match are left out too (returned with themselves as the winner)."""
    best_by_pattern: dict[str, Candidate] = {}
    left_out: list[tuple[Candidate, Candidate]] = []
    for candidate in sorted(candidates, key=lambda c: c.rank):
        winner = best_by_pattern.get(candidate.pattern.folded)
        if winner is not None:
            left_out.append((candidate, winner))
        else:
            best_by_pattern[candidate.pattern.folded] = candidate
    buckets: dict[str, list[Candidate]] = {}
    exact: set[str] = set()
    lengths: dict[str, set[int]] = {}
    general = False
    for candidate in best_by_pattern.values():
        filed = anchor(candidate.pattern)
        if filed is None:
            left_out.append((candidate, candidate))
            continue
        family, text = filed
        if family in EXACT_FAMILIES:
            exact.add(family)
        elif family == GENERAL:
            general = True
        else:
            lengths.setdefault(family, set()).add(len(text))
        buckets.setdefault(table_key(space, family, text), []).append(candidate)
    families = Families(
        tuple(f for f in EXACT_FAMILIES if f in exact),
        {family: tuple(sorted(sizes)) for family, sizes in lengths.items()},
        general)
    return SpaceIndex(space, families, {key: tuple(found) for key, found in buckets.items()}), left_out


def find(get: Callable[[str], str | None], space: str, families: Families, subject: Subject | None) -> tuple[int, str] | None:
    """The best candidate whose pattern matches the subject: (rank, record), or None. `get` reads a key
    of the tables (a hash-table read in Kamailio's shared memory, or a dict in tests)."""
    if subject is None:
        return None
    best_rank = -1
    best_record = ""
    for family, text in families.probes(subject):
        value = get(table_key(space, family, text))
        if not value:
            continue
        for encoded in value.split(CANDIDATES):
            rank_text, pattern, record = encoded.split(PARTS, 2)
            rank = int(rank_text)
            if best_rank >= 0 and rank >= best_rank:
                break  # candidates are filed best first
            if glob_matches(pattern.split("*"), subject.whole if "@" in pattern else subject.user):
                best_rank, best_record = rank, record
                break
    return (best_rank, best_record) if best_rank >= 0 else None


# --- what the router needs about a connection, filed with each candidate ---------------------------------

def _count(value: str | None) -> str:
    return value if value is not None else ""


def _limit(text: str) -> int | None:
    return int(text) if text else None


@dataclass(frozen=True, slots=True)
class OrigRecord:
    """The origination half of a connection: what is checked on a call coming from it."""

    name: str
    check_source: bool
    sources: tuple[str, ...]
    enabled: bool
    require_auth: bool
    auth_user: str
    auth_password: str
    realm: str
    max_orig: int | None
    max_total: int | None

    def encode(self) -> str:
        return FIELDS.join((
            self.name, "1" if self.check_source else "0", ",".join(self.sources), "1" if self.enabled else "0",
            "1" if self.require_auth else "0", self.auth_user, self.auth_password, self.realm,
            _count(None if self.max_orig is None else str(self.max_orig)),
            _count(None if self.max_total is None else str(self.max_total))))

    @staticmethod
    def decode(text: str) -> OrigRecord:
        f = text.split(FIELDS)
        return OrigRecord(f[0], f[1] == "1", tuple(filter(None, f[2].split(","))), f[3] == "1", f[4] == "1",
                          f[5], f[6], f[7], _limit(f[8]), _limit(f[9]))


@dataclass(frozen=True, slots=True)
class TermRecord:
    """The termination half of a connection: where and how a call to it is sent."""

    name: str
    enabled: bool
    address: str
    transport: str
    max_term: int | None
    max_total: int | None
    request_user: str
    request_host: str
    dest_user: str
    dest_host: str
    source_user: str
    source_host: str
    paid: str

    def encode(self) -> str:
        return FIELDS.join((
            self.name, "1" if self.enabled else "0", self.address, self.transport,
            "" if self.max_term is None else str(self.max_term), "" if self.max_total is None else str(self.max_total),
            self.request_user, self.request_host, self.dest_user, self.dest_host, self.source_user, self.source_host,
            self.paid))

    @staticmethod
    def decode(text: str) -> TermRecord:
        f = text.split(FIELDS)
        return TermRecord(f[0], f[1] == "1", f[2], f[3], _limit(f[4]), _limit(f[5]), f[6], f[7], f[8], f[9], f[10],
                          f[11], f[12])


def orig_record(connection: Connection) -> OrigRecord:
    return OrigRecord(
        connection.name, connection.flag("CheckSourceIp", "no"), connection.source_ips,
        connection.flag("OrigEnabled", "yes"), connection.flag("RequireAuth", "no"),
        connection.get("AuthUser") or "", connection.get("AuthPassword") or "",
        connection.get("AuthRealm") or connection.get("Domain") or "",
        connection.count("MaxCallsOrig"), connection.count("MaxCallsTotal"))


def term_record(connection: Connection) -> TermRecord:
    def rule(key: str) -> str:
        return connection.get(key) or ""
    return TermRecord(
        connection.name, connection.flag("TermEnabled", "yes"), rule("Address"), connection.transport,
        connection.count("MaxCallsTerm"), connection.count("MaxCallsTotal"),
        rule("RequestUser"), rule("RequestHost"), rule("DestUser"), rule("DestHost"), rule("SourceUser"),
        rule("SourceHost"), rule("PAId"))


# --- all the tables of one call-rule file ----------------------------------------------------------------

def origination_order(connection: Connection) -> tuple[object, ...]:
    """The documented order of sections (the compiler writes them in it): OrigMatch by specificity, then
    Domain by the same rule, then the exact texts, so no two sections tie."""
    return (specificity(connection.orig_match), specificity(connection.domain), connection.orig_match,
            connection.domain)


@dataclass(frozen=True, slots=True)
class Shadowed:
    """A connection that can never be chosen on one side: `winner` has the same pattern and comes first
    (or, when `winner` is None, its pattern can never match a URI)."""

    side: str
    name: str
    pattern: str
    winner: str | None

    def message(self) -> str:
        key = "OrigMatch" if self.side == "origination" else "TermMatch"
        if self.winner is None:
            return f"[{self.name}] is never chosen for {self.side}: {key}={self.pattern} has more than one @"
        return (f"[{self.name}] is never chosen for {self.side}: [{self.winner}] has the same {key} "
                f"({self.pattern}) and comes first in the order")


@dataclass(frozen=True, slots=True)
class Tables:
    """Everything the server loads for one call-rule file: (key, value) rows, and what could not be used."""

    spaces: tuple[SpaceIndex, ...]
    shadowed: tuple[Shadowed, ...]
    connections: int

    @property
    def meta(self) -> str:
        return ";".join(f"{index.space}={index.families.encode()}" for index in self.spaces)

    def rows(self) -> Iterator[tuple[str, str]]:
        yield META, self.meta
        for index in self.spaces:
            yield from index.rows()

    def largest_bucket(self) -> tuple[str, int]:
        """The key with the most candidates, and how many: what one unlucky lookup checks."""
        largest = ("", 0)
        for index in self.spaces:
            for key, candidates in index.buckets.items():
                if len(candidates) > largest[1]:
                    largest = (key, len(candidates))
        return largest


def decode_meta(text: str) -> dict[str, Families]:
    spaces: dict[str, Families] = {}
    for item in filter(None, text.split(";")):
        space, _, families = item.partition("=")
        spaces[space] = Families.decode(families)
    return spaces


def build_tables(connections: Sequence[Connection]) -> Tables:
    ordered = sorted(connections, key=origination_order)
    spaces: list[SpaceIndex] = []
    shadowed: list[Shadowed] = []

    def file(side: str, space: str, candidates: list[Candidate], names: Sequence[str]) -> None:
        if not candidates:
            return
        index, left_out = build_space(space, candidates)
        spaces.append(index)
        for lost, winner in left_out:
            shadowed.append(Shadowed(side, names[lost.rank], lost.pattern.text,
                                     None if lost is winner else names[winner.rank]))

    orig_names = [c.name for c in ordered]
    by_header: dict[str, list[Candidate]] = {header: [] for header in ORIG_HEADERS}
    for rank, c in enumerate(ordered):
        by_header[c.orig_header].append(Candidate(rank, Pattern.parse(c.orig_match), orig_record(c).encode()))
    for header, candidates in by_header.items():
        file("origination", origination_space(header), candidates, orig_names)

    by_term = sorted(range(len(ordered)), key=lambda rank: (specificity(ordered[rank].term_match), rank))
    term_names = [ordered[rank].name for rank in by_term]
    file("termination", TERMINATION,
         [Candidate(position, Pattern.parse(ordered[rank].term_match), term_record(ordered[rank]).encode())
          for position, rank in enumerate(by_term)], term_names)
    shadowed.sort(key=lambda s: (s.side != "origination", s.name))
    return Tables(tuple(spaces), tuple(shadowed), len(connections))


def linear_find(connections: Sequence[Connection], side: str, subjects: Mapping[str, Subject | None]) -> Connection | None:
    """The reference the tables must agree with: every connection in the documented order, the first whose
    pattern matches wins. `subjects` maps a header (or TERMINATION) to the call's subject. For tests."""
    ordered = sorted(connections, key=origination_order)
    if side == TERMINATION:
        ordered = [c for _, _, c in sorted((specificity(c.term_match), i, c) for i, c in enumerate(ordered))]
    for connection in ordered:
        pattern = Pattern.parse(connection.orig_match if side != TERMINATION else connection.term_match)
        subject = subjects.get(TERMINATION if side == TERMINATION else connection.orig_header)
        if subject is not None and pattern.matches(subject.whole if pattern.whole_uri else subject.user):
            return connection
    return None
