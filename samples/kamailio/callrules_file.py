"""Reads a call-rule file (the output of `callrules compile`) as it is, and checks it.

The format (docs/call-rules.md): UTF-8, LF line ends; a line starting with `#` is a comment; blank
lines are ignored; `[name]` starts a section (one per connection; the name is everything between the
first `[` and the final `]`); then `Key=value` lines, split on the first `=`, the value verbatim.

Any problem raises RuleFileError, whose text is `<file>:<line>: <what is wrong>`: Kamailio prints it
and refuses to start. Keys this sample does not know are kept and reported as warnings, so a newer
compiler does not break an older server.

Run it alone to check a file without starting Kamailio:  python3 callrules_file.py connection.rules
"""

import ipaddress
import re
import socket
import sys

# Every key the compiler may write (docs/call-rules.md).
KNOWN_KEYS = (
    "OrigMatch", "Domain", "TermMatch", "NatWan", "Address", "DialPlan", "DialPolicy",
    "MaxCallsOrig", "MaxCallsTerm", "MaxCallsTotal", "BillingUser", "AuthUser", "AuthPassword",
    "AuthRealm", "OrigEnabled", "TermEnabled", "RequestHost", "DestHost", "RequestUser", "DestUser",
    "SourceUser", "SourceHost", "CheckSourceIp", "ServerHeader", "ComfortNoise", "PcmuOnly",
    "EnforceMinDuration", "AltInterface", "BlockVideo", "NewDialogDest", "ResponseDest", "Srtp",
    "Transport", "OrigMatchHeader", "SessionTimer", "LockRtpPort", "HidePdd", "Ringback",
    "Block180Media", "MidCallUriUpdates", "Record", "PAId", "RequireAuth", "UtcOffset", "TimeZone",
    "MinDuration", "RegExpires", "AuthAsClient", "CarrierTrunk",
)

# Values of the keys this sample enforces are checked; a bad one stops the server at start-up.
YES_NO_KEYS = ("OrigEnabled", "TermEnabled", "CheckSourceIp", "RequireAuth")
COUNT_KEYS = ("MaxCallsOrig", "MaxCallsTerm", "MaxCallsTotal")
CHOICES = {
    "Transport": ("UDP", "TCP", "TLS"),
    "OrigMatchHeader": ("from", "to", "request", "contact"),
}

_KEY = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class RuleFileError(Exception):
    """A call-rule file that cannot be enforced: names the file and the 1-based line."""

    def __init__(self, path, line, message):
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line


class Pattern:
    """A match pattern: `*` stands for any run of characters (also none); the rest is literal and
    compared without regard to case. A pattern with `@` is matched against `scheme:user@host` of a
    URI (so `sip*@192.0.2.10` is any SIP URI at 192.0.2.10); one without `@` against the user part
    alone (so `1555*` is any user starting with 1555). Ports and URI parameters are never compared."""

    def __init__(self, text):
        self.text = text
        self.whole_uri = "@" in text
        self._regex = re.compile(".*".join(re.escape(part) for part in text.split("*")), re.IGNORECASE | re.DOTALL)

    def matches(self, uri):
        if uri is None:
            return False
        subject = f"{uri.scheme}:{uri.user}@{uri.host}" if self.whole_uri else uri.user
        return self._regex.fullmatch(subject) is not None

    def __repr__(self):
        return f"Pattern({self.text!r})"


class Uri:
    """The parts of a SIP URI the rules look at."""

    _SHAPE = re.compile(r"\s*<?\s*([A-Za-z][A-Za-z0-9+.-]*):(?:([^@;>?]*)@)?([^;>?]*)")

    def __init__(self, scheme, user, host, port):
        self.scheme, self.user, self.host, self.port = scheme.lower(), user, host, port

    @classmethod
    def parse(cls, text):
        """Parses `sip:user@host:port;params`, also inside `"name" <...>`; None if it is not a URI."""
        if not text:
            return None
        if "<" in text:
            text = text[text.index("<"):]
        m = cls._SHAPE.match(text)
        if m is None:
            return None
        scheme, user, hostport = m.group(1), m.group(2) or "", m.group(3)
        host, port = split_host_port(hostport)
        return cls(scheme, user, host, port)


def split_host_port(hostport):
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


class Connection:
    """One section of the file: a connection's rules, with the line each came from."""

    def __init__(self, name, line):
        self.name = name
        self.line = line
        self.values = {}
        self.lines = {}

    def get(self, key, default=None):
        return self.values.get(key, default)

    def flag(self, key, default):
        return self.values.get(key, default) == "yes"

    def count(self, key):
        """The call limit, or None for no limit."""
        value = self.values.get(key)
        return int(value) if value is not None else None

    # Filled in by finish(), once the whole section has been read.
    orig_match = None
    term_match = None
    orig_header = "from"
    transport = "UDP"
    source_ips = ()

    def finish(self, path, warn):
        if "OrigMatch" not in self.values or self.values["OrigMatch"] == "":
            raise RuleFileError(path, self.line, f"section [{self.name}] has no OrigMatch")
        self.orig_match = Pattern(self.values["OrigMatch"])
        self.term_match = Pattern(self.values.get("TermMatch") or self.values["OrigMatch"])
        self.orig_header = self.values.get("OrigMatchHeader", "from")
        self.transport = self.values.get("Transport", "UDP")
        self.source_ips = self._allowed_sources(warn)
        if self.flag("RequireAuth", "no") and not (self.get("AuthUser") and self.get("AuthPassword")):
            warn(f"{path}:{self.lines['RequireAuth']}: RequireAuth=yes without AuthUser and AuthPassword: "
                 f"every call from [{self.name}] will be refused")
        if self.transport == "TLS":
            warn(f"{path}:{self.lines['Transport']}: Transport=TLS: this sample has no TLS listener, "
                 f"calls to [{self.name}] will be refused")

    def _allowed_sources(self, warn):
        """The source addresses CheckSourceIp=yes lets in, the connection's addresses: the host of
        OrigMatch when it has no `*` (`sip*@192.0.2.10` -> 192.0.2.10) and the host of Address.
        A host name is resolved once, now."""
        if not self.flag("CheckSourceIp", "no"):
            return ()
        hosts = []
        orig = self.values["OrigMatch"]
        if "@" in orig and "*" not in orig.split("@", 1)[1]:
            hosts.append(orig.split("@", 1)[1])
        if self.get("Address"):
            hosts.append(self.get("Address"))
        allowed = set()
        for host in hosts:
            host = split_host_port(host)[0].strip("[]")
            try:
                allowed.add(str(ipaddress.ip_address(host)))
                continue
            except ValueError:
                pass
            try:
                allowed.update(info[4][0] for info in socket.getaddrinfo(host, None))
            except OSError as error:
                warn(f"[{self.name}]: cannot resolve {host!r} for CheckSourceIp ({error})")
        if not allowed:
            warn(f"[{self.name}]: CheckSourceIp=yes, but no address to check against: every call will be refused")
        return tuple(sorted(allowed))


def load(path, warn=lambda message: None):
    """Reads and checks the call-rule file at `path`; returns its connections in file order."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as error:
        raise RuleFileError(path, 0, f"cannot read the call-rule file: {error.strerror}") from None
    return parse(data, path, warn)


def parse(data, path="<rules>", warn=lambda message: None):
    """Parses call-rule bytes; `path` is only used in messages."""
    connections = []
    by_name = {}
    current = None
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    for number, raw in enumerate(raw_lines, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise RuleFileError(path, number, f"not UTF-8 (byte {error.start + 1} of the line)") from None
        bad = _CONTROL.search(line)
        if bad is not None:
            what = "a carriage return (the file must use LF line ends)" if bad.group() == "\r" \
                else f"the control character U+{ord(bad.group()):04X}"
            raise RuleFileError(path, number, f"contains {what}")
        if number == 1 and line.startswith("\ufeff"):
            raise RuleFileError(path, number, "starts with a byte-order mark (the file must be UTF-8 without one)")
        if line == "" or line.startswith("#"):
            continue
        if line.strip() == "":
            raise RuleFileError(path, number, "a line of only spaces (a blank line must be empty)")
        if line.startswith("["):
            if not line.endswith("]"):
                raise RuleFileError(path, number, f"a section line must end with ], got {line!r}")
            name = line[1:-1]
            if name == "":
                raise RuleFileError(path, number, "a section name cannot be empty")
            if name in by_name:
                raise RuleFileError(path, number, f"section [{name}] appears twice (first on line {by_name[name].line})")
            if current is not None:
                current.finish(path, warn)
            current = Connection(name, number)
            by_name[name] = current
            connections.append(current)
            continue
        key, equals, value = line.partition("=")
        if not equals:
            raise RuleFileError(path, number, f"expected Key=value, [section] or # comment, got {line!r}")
        if _KEY.match(key) is None:
            raise RuleFileError(path, number, f"{key!r} is not a key (ASCII letters and digits, a letter first)")
        if current is None:
            raise RuleFileError(path, number, f"{key}= comes before any [section]")
        if key in current.values:
            raise RuleFileError(path, number, f"{key} appears twice in [{current.name}] (first on line {current.lines[key]})")
        _check_value(path, number, key, value, warn)
        current.values[key] = value
        current.lines[key] = number
    if current is not None:
        current.finish(path, warn)
    return connections


def _check_value(path, number, key, value, warn):
    if key not in KNOWN_KEYS:
        warn(f"{path}:{number}: unknown key {key}: ignored")
    elif key in YES_NO_KEYS and value not in ("yes", "no"):
        raise RuleFileError(path, number, f"{key} must be yes or no, got {value!r}")
    elif key in COUNT_KEYS and not (value.isascii() and value.isdigit()):
        raise RuleFileError(path, number, f"{key} must be a whole number of calls, got {value!r}")
    elif key in CHOICES and value not in CHOICES[key]:
        raise RuleFileError(path, number, f"{key} must be one of {', '.join(CHOICES[key])}, got {value!r}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python3 callrules_file.py <call-rule file>")
    try:
        found = load(sys.argv[1], warn=lambda message: print(f"warning: {message}", file=sys.stderr))
    except RuleFileError as error:
        sys.exit(f"callrules: {error}")
    for connection in found:
        print(f"[{connection.name}] line {connection.line}: {len(connection.values)} rules")
