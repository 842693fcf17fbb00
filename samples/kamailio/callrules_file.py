"""Reads a call-rule file (the output of `callrules compile`) as it is, and checks it.

The format (docs/call-rules.md): UTF-8 without a byte-order mark, LF line ends; a line starting with
`#` is a comment; blank lines are ignored; `[name]` starts a section (one per connection; the name
is everything between the first `[` and the final `]`); then `Key=value` lines, split on the first
`=`, the value verbatim.

Any problem raises RuleFileError, whose text is `<file>:<line>: <what is wrong>`, and always names
the FIRST line that is wrong. Keys this server does not know are ignored, so a newer compiler (a schema
with a new field) does not break an older server: each unknown key is one warning per load, naming its first
line and how many connections have it, however many connections that is.

Only the keys the server enforces are kept (ENFORCED_KEYS): a 50,000-connection file holds about
two million rules, and the loader must read it in a second or two without holding all of them.

Run it alone to check a file without starting Kamailio:  python3 callrules_file.py connection.rules
"""

from __future__ import annotations

import ipaddress
import re
import socket
import sys
from dataclasses import dataclass
from typing import Callable, Mapping

Warn = Callable[[str], None]

# Every key the compiler may write (docs/call-rules.md).
KNOWN_KEYS: frozenset[str] = frozenset((
    "OrigMatch", "Domain", "TermMatch", "NatWan", "Address", "DialPlan", "DialPolicy",
    "MaxCallsOrig", "MaxCallsTerm", "MaxCallsTotal", "BillingUser", "AuthUser", "AuthPassword",
    "AuthRealm", "OrigEnabled", "TermEnabled", "RequestHost", "DestHost", "RequestUser", "DestUser",
    "SourceUser", "SourceHost", "CheckSourceIp", "ServerHeader", "ComfortNoise", "PcmuOnly",
    "EnforceMinDuration", "AltInterface", "BlockVideo", "NewDialogDest", "ResponseDest", "Srtp",
    "Transport", "OrigMatchHeader", "SessionTimer", "LockRtpPort", "HidePdd", "Ringback",
    "Block180Media", "MidCallUriUpdates", "Record", "PAId", "RequireAuth", "UtcOffset", "TimeZone",
    "MinDuration", "RegExpires", "AuthAsClient", "CarrierTrunk",
))

# The keys the server acts on (README.md, "How it routes a call"); the others are checked for syntax only.
ENFORCED_KEYS: frozenset[str] = frozenset((
    "OrigMatch", "Domain", "TermMatch", "Address", "MaxCallsOrig", "MaxCallsTerm", "MaxCallsTotal",
    "AuthUser", "AuthPassword", "AuthRealm", "OrigEnabled", "TermEnabled", "RequestHost", "DestHost",
    "RequestUser", "DestUser", "SourceUser", "SourceHost", "CheckSourceIp", "Transport",
    "OrigMatchHeader", "PAId", "RequireAuth",
))

# Values of the enforced keys are checked; a bad one makes the whole file invalid.
YES_NO_KEYS: frozenset[str] = frozenset(("OrigEnabled", "TermEnabled", "CheckSourceIp", "RequireAuth"))
COUNT_KEYS: frozenset[str] = frozenset(("MaxCallsOrig", "MaxCallsTerm", "MaxCallsTotal"))
CHOICES: Mapping[str, tuple[str, ...]] = {
    "Transport": ("UDP", "TCP", "TLS"),
    "OrigMatchHeader": ("from", "to", "request", "contact"),
}
CHECKED_KEYS: frozenset[str] = YES_NO_KEYS | COUNT_KEYS | frozenset(CHOICES)

_KEY = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")
# A whole rule line, for the fast path: anchored at line starts, so it never skips a line that is not one.
_RULE = re.compile(r"^([A-Za-z][A-Za-z0-9]*)=(.*)$", re.MULTILINE)
# Every character the format forbids in a line (docs/call-rules.md, text-char), except LF, which ends lines.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


class RuleFileError(Exception):
    """A call-rule file that cannot be enforced: names the file and the 1-based line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


def _ignore(message: str) -> None:
    """The default warning sink: drops the message."""


@dataclass(frozen=True, slots=True)
class Connection:
    """One section of the file: its name, its line, and the rules the server enforces."""

    name: str
    line: int
    values: Mapping[str, str]
    rule_count: int
    orig_match: str
    term_match: str  # TermMatch, which defaults to OrigMatch
    domain: str
    orig_header: str  # OrigMatchHeader: from, to, request or contact
    transport: str  # UDP, TCP or TLS
    source_ips: tuple[str, ...]  # what CheckSourceIp=yes lets in (empty when it is off)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.values.get(key, default)

    def flag(self, key: str, default: str) -> bool:
        """A yes/no rule; `default` when the section does not set it."""
        return self.values.get(key, default) == "yes"

    def count(self, key: str) -> int | None:
        """A call limit, or None for no limit."""
        value = self.values.get(key)
        return int(value) if value is not None else None


def load(path: str, warn: Warn = _ignore, resolve: bool = True) -> list[Connection]:
    """Reads and checks the call-rule file at `path`; returns its connections in file order."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as error:
        raise RuleFileError(path, 0, f"cannot read the call-rule file: {error.strerror}") from None
    return parse(data, path, warn, resolve)


def parse(data: bytes, path: str = "<rules>", warn: Warn = _ignore, resolve: bool = True) -> list[Connection]:
    """Parses call-rule bytes; `path` is only used in messages. With `resolve`, host names that
    CheckSourceIp needs are looked up in DNS (once, now)."""
    text, stop = _decode(data, path)
    # The first line that holds a forbidden character, if any: the lines before it are still parsed first,
    # so the error named is always the first in the file.
    control = _CONTROL.search(text)
    if control is not None:
        number = text.count("\n", 0, control.start()) + 1
        if stop is None or number <= stop.line:
            char = control.group()
            what = "a carriage return (the file must use LF line ends)" if char == "\r" \
                else f"the control character U+{ord(char):04X}"
            stop = RuleFileError(path, number, f"contains {what}")
    if text.startswith("\ufeff"):
        raise RuleFileError(path, 1, "starts with a byte-order mark (the file must be UTF-8 without one)")
    if stop is None:
        connections = _parse_sections(text, path, warn, resolve)
        if connections is not None:
            return connections
    return _parse_lines(text, stop, path, warn, resolve)


def _parse_sections(text: str, path: str, warn: Warn, resolve: bool) -> list[Connection] | None:
    """The fast path, for files shaped as the compiler writes them: header comments, then sections of
    known keys, each followed by one blank line. Does the same checks as _parse_lines, but a section at a
    time with the string methods doing the work. Returns None for anything else (a comment or blank line
    inside a section, an unknown key, any error), and _parse_lines then reads the file line by line,
    naming the first problem or warning exactly."""
    if not text.endswith("\n"):
        return None
    chunks = text.split("\n[")
    header = chunks[0]
    if header.startswith("["):
        chunks[0] = header[1:]
        number = 1
    else:
        if any(line and line[0] != "#" for line in header.split("\n")):
            return None
        del chunks[0]
        number = header.count("\n") + 2
    connections: list[Connection] = []
    names: set[str] = set()
    unknown: dict[str, list[int]] = {}
    known = KNOWN_KEYS
    for chunk in chunks:
        head, _, body = chunk.partition("\n")
        name = head[:-1]
        if head[-1:] != "]" or not name or name in names:
            return None
        names.add(name)
        # Blank lines may end a section; anywhere else they take the slow path.
        text_of_rules = body.rstrip("\n")
        count = text_of_rules.count("\n") + 1 if text_of_rules else 0
        pairs = _RULE.findall(text_of_rules)
        rules = dict(pairs)
        if len(pairs) != count or len(rules) != count:
            return None  # a line that is not Key=value, or a repeated key
        values = {key: rules[key] for key in rules.keys() & ENFORCED_KEYS}
        keys = list(rules)
        section_line = number

        def line_of(key: str, keys: list[str] = keys, first: int = section_line + 1) -> int:
            return first + keys.index(key)

        if not rules.keys() <= known:
            for key in rules.keys() - known:
                _count_unknown(unknown, key, line_of(key))

        try:
            for key in values.keys() & CHECKED_KEYS:
                _check_value(path, 0, key, values[key])
            connections.append(_finish(path, name, section_line, values, line_of, count, warn, resolve))
        except RuleFileError:
            return None
        number += chunk.count("\n") + 1
    _warn_unknown(unknown, path, warn)
    return connections


def _parse_lines(text: str, stop: RuleFileError | None, path: str, warn: Warn, resolve: bool) -> list[Connection]:
    """Reads the file line by line, stopping at the first problem (`stop`, found beforehand, ends the text)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if stop is not None:
        del lines[stop.line - 1:]
    connections: list[Connection] = []
    first_line: dict[str, int] = {}
    name: str | None = None
    section_line = 0
    values: dict[str, str] = {}
    seen: dict[str, int] = {}
    unknown: dict[str, list[int]] = {}
    for number, line in enumerate(lines, start=1):
        if not line or line[0] == "#":
            continue
        if line[0] == "[":
            if line[-1] != "]":
                raise RuleFileError(path, number, f"a section line must end with ], got {line!r}")
            if name is not None:
                connections.append(_finish(path, name, section_line, values, seen.__getitem__, len(seen), warn, resolve))
            name = line[1:-1]
            if name == "":
                raise RuleFileError(path, number, "a section name cannot be empty")
            if name in first_line:
                raise RuleFileError(path, number, f"section [{name}] appears twice (first on line {first_line[name]})")
            first_line[name] = section_line = number
            values, seen = {}, {}
            continue
        key, equals, value = line.partition("=")
        if not equals:
            if line.strip() == "":
                raise RuleFileError(path, number, "a line of only spaces (a blank line must be empty)")
            raise RuleFileError(path, number, f"expected Key=value, [section] or # comment, got {line!r}")
        if key not in KNOWN_KEYS:
            if _KEY.match(key) is None:
                raise RuleFileError(path, number, f"{key!r} is not a key (ASCII letters and digits, a letter first)")
            if name is not None:
                _count_unknown(unknown, key, number)
        if name is None:
            raise RuleFileError(path, number, f"{key}= comes before any [section]")
        if key in seen:
            raise RuleFileError(path, number, f"{key} appears twice in [{name}] (first on line {seen[key]})")
        seen[key] = number
        if key in ENFORCED_KEYS:
            _check_value(path, number, key, value)
            values[key] = value
    _warn_unknown(unknown, path, warn)
    if stop is not None:
        raise stop
    if name is not None:
        connections.append(_finish(path, name, section_line, values, seen.__getitem__, len(seen), warn, resolve))
    return connections


def _count_unknown(unknown: dict[str, list[int]], key: str, line: int) -> None:
    """Notes a key this server does not know: its first line and how many connections have it."""
    seen = unknown.get(key)
    if seen is None:
        unknown[key] = [line, 1]
    else:
        seen[1] += 1


def _warn_unknown(unknown: dict[str, list[int]], path: str, warn: Warn) -> None:
    """One warning per unknown key, in order of first appearance: a new field in 50,000 connections is one line."""
    for key, (line, count) in sorted(unknown.items(), key=lambda item: item[1][0]):
        many = f" (in {count} connections)" if count > 1 else ""
        warn(f"{path}:{line}: unknown key {key}: ignored{many}; this server does not act on it")


def _decode(data: bytes, path: str) -> tuple[str, RuleFileError | None]:
    """The text, and the error for the first line that is not UTF-8 (the text then ends before that line)."""
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        number = data.count(b"\n", 0, error.start) + 1
        problem = RuleFileError(path, number, f"not UTF-8 (byte {error.start - line_start + 1} of the line)")
        return data[:line_start].decode("utf-8"), problem


def _check_value(path: str, number: int, key: str, value: str) -> None:
    if key in YES_NO_KEYS:
        if value != "yes" and value != "no":
            raise RuleFileError(path, number, f"{key} must be yes or no, got {value!r}")
    elif key in COUNT_KEYS:
        if not (value.isascii() and value.isdigit()):
            raise RuleFileError(path, number, f"{key} must be a whole number of calls, got {value!r}")
    elif key in CHOICES and value not in CHOICES[key]:
        raise RuleFileError(path, number, f"{key} must be one of {', '.join(CHOICES[key])}, got {value!r}")


def _finish(path: str, name: str, line: int, values: dict[str, str], line_of: Callable[[str], int],
            rule_count: int, warn: Warn, resolve: bool) -> Connection:
    if not values.get("OrigMatch"):
        raise RuleFileError(path, line, f"section [{name}] has no OrigMatch")
    if values.get("RequireAuth") == "yes" and not (values.get("AuthUser") and values.get("AuthPassword")):
        warn(f"{path}:{line_of('RequireAuth')}: RequireAuth=yes without AuthUser and AuthPassword: "
             f"every call from [{name}] will be refused")
    if values.get("Transport") == "TLS":
        warn(f"{path}:{line_of('Transport')}: Transport=TLS: this server has no TLS listener, "
             f"calls to [{name}] will be refused")
    sources = _allowed_sources(name, values, warn, resolve) if values.get("CheckSourceIp") == "yes" else ()
    orig_match = values["OrigMatch"]
    return Connection(name, line, values, rule_count, orig_match, values.get("TermMatch") or orig_match,
                      values.get("Domain", ""), values.get("OrigMatchHeader", "from"), values.get("Transport", "UDP"),
                      sources)


def split_host_port(hostport: str) -> tuple[str, str]:
    """`host`, `host:port`, `[v6]`, `[v6]:port` -> (host, port or "")."""
    if hostport.startswith("["):
        end = hostport.find("]")
        if end > 0:
            rest = hostport[end + 1:]
            return hostport[:end + 1], rest[1:] if rest.startswith(":") else ""
    if hostport.count(":") == 1:
        host, port = hostport.split(":")
        return host, port
    return hostport, ""


def _allowed_sources(name: str, values: Mapping[str, str], warn: Warn, resolve: bool) -> tuple[str, ...]:
    """The source addresses CheckSourceIp=yes lets in, the connection's addresses: the host of OrigMatch
    when it has no `*` (`sip*@192.0.2.10` -> 192.0.2.10) and the host of Address. A host name is resolved
    once, now."""
    hosts = []
    orig = values["OrigMatch"]
    if "@" in orig and "*" not in orig.split("@", 1)[1]:
        hosts.append(orig.split("@", 1)[1])
    if values.get("Address"):
        hosts.append(values["Address"])
    allowed: set[str] = set()
    for host in hosts:
        host = split_host_port(host)[0].strip("[]")
        try:
            allowed.add(str(ipaddress.ip_address(host)))
            continue
        except ValueError:
            pass
        if not resolve:
            continue
        try:
            allowed.update(str(info[4][0]) for info in socket.getaddrinfo(host, None))
        except OSError as error:
            warn(f"[{name}]: cannot resolve {host!r} for CheckSourceIp ({error})")
    if not allowed:
        warn(f"[{name}]: CheckSourceIp=yes, but no address to check against: every call will be refused")
    return tuple(sorted(allowed))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python3 callrules_file.py <call-rule file>", file=sys.stderr)
        return 2
    try:
        found = load(argv[1], warn=lambda message: print(f"warning: {message}", file=sys.stderr))
    except RuleFileError as error:
        print(f"callrules: {error}", file=sys.stderr)
        return 1
    for connection in found:
        print(f"[{connection.name}] line {connection.line}: {connection.rule_count} rules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
