"""KEMI routing script for the CallRules sample SIP server (Kamailio app_python3).

At start-up (mod_init, before Kamailio forks its workers) it reads the call-rule file named by the
environment variable CALLRULES_FILE, as it is. A file it cannot enforce stops Kamailio: the message
names the file and the line. Each worker then holds its own read-only copy of the rules; what calls
share (the active-call counts) lives in Kamailio's dialog profiles, never in Python.

A new INVITE is handled in two halves (see README.md and docs/call-rules.md (What the SIP server does with each key)):
  origination  the first section whose OrigMatch matches the caller's header (OrigMatchHeader) is
               the connection the call comes FROM: source IP, OrigEnabled, RequireAuth, call limits.
  termination  the first section whose TermMatch matches the request-URI is the connection the
               call goes TO: TermEnabled, call limits, translations, PAId, sent to Address/Transport.
"""

import os
import sys

import KSR as KSR

sys.dont_write_bytecode = True  # leave no __pycache__ beside the sample
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import callrules_file  # noqa: E402  (found beside this script)

# Dialog profiles (kamailio.cfg): one counter per connection section name.
ORIG, TERM, TOTAL = "orig", "term", "total"


def mod_init():
    path = os.environ.get("CALLRULES_FILE", "")
    if not path:
        return _fail("CALLRULES_FILE is not set: start the server with run.sh <call-rule file> [port]")
    try:
        connections = callrules_file.load(path, warn=_warn)
    except callrules_file.RuleFileError as error:
        return _fail(f"invalid call-rule file: {error}")
    KSR.info(f"callrules: loaded {len(connections)} connection(s) from {path}\n")
    return CallRouter(connections)


def _warn(message):
    sys.stderr.write(f"callrules: warning: {message}\n")
    sys.stderr.flush()


def _fail(message):
    # Written straight to stderr so the reason is the last thing an operator sees; raising then makes
    # app_python3 fail its mod_init, and Kamailio exits with a non-zero status.
    sys.stderr.write(f"callrules: {message}\n")
    sys.stderr.flush()
    return None


def _translate(rule, original):
    """A translation value: empty or absent keeps the original; otherwise `[*]` inside it stands for
    the original (so `[*]` alone keeps it, `1[*]` prefixes 1) and the rest is literal."""
    if not rule:
        return original
    return rule.replace("[*]", original)


class CallRouter:
    def __init__(self, connections):
        self.connections = connections

    def child_init(self, rank):
        return 0

    # --- requests -------------------------------------------------------------------------------

    def ksr_request_route(self, msg):
        if KSR.maxfwd.process_maxfwd(10) < 0:
            KSR.sl.sl_send_reply(483, "Too Many Hops")
            return 1
        if KSR.sanity.sanity_check(17895, 7) < 0:
            return 1  # sanity_check has answered the malformed request
        if KSR.is_CANCEL():
            if KSR.tm.t_check_trans() > 0:
                KSR.tm.t_relay()
            return 1
        if KSR.pv.is_null("$tt"):
            return self.initial_request()
        return self.in_dialog_request()

    def in_dialog_request(self):
        # record_route() on the INVITE brings ACK and BYE here; loose_route() also tells the dialog
        # module, which ends the dialog (and frees its call counts) on BYE.
        if KSR.rr.loose_route() > 0:
            self.relay()
            return 1
        if KSR.is_ACK():
            if KSR.tm.t_check_trans() > 0:
                KSR.tm.t_relay()
            return 1
        KSR.sl.sl_send_reply(404, "Not here")
        return 1

    def initial_request(self):
        if KSR.is_ACK():
            # An ACK outside a dialog belongs to a transaction or to nothing: never answer it.
            if KSR.tm.t_check_trans() > 0:
                KSR.tm.t_relay()
            return 1
        # Retransmissions of a request already being relayed are absorbed here.
        if KSR.tmx.t_precheck_trans() > 0:
            KSR.tm.t_check_trans()
            return 1
        if KSR.tm.t_check_trans() == 0:
            return 1
        if KSR.is_OPTIONS() and KSR.pv.is_null("$rU"):
            KSR.sl.sl_send_reply(200, "OK")  # keep-alive and readiness probe
            return 1
        if not KSR.is_INVITE():
            KSR.sl.sl_send_reply(405, "Method Not Allowed")
            return 1
        return self.new_call()

    def new_call(self):
        orig = self.origination()
        if orig is None:
            return 1
        term = self.termination()
        if term is None:
            return 1
        if not self.within_limits(orig, term):
            return 1

        # Counted only once every check has passed, so a refused call never holds a slot.
        KSR.dialog.dlg_manage()
        KSR.dialog.set_dlg_profile(ORIG, orig.name)
        KSR.dialog.set_dlg_profile(TOTAL, orig.name)
        KSR.dialog.set_dlg_profile(TERM, term.name)
        if term is not orig:
            KSR.dialog.set_dlg_profile(TOTAL, term.name)

        self.apply_translations(term)
        address = term.get("Address")
        transport = term.transport.lower()
        KSR.pv.sets("$du", f"sip:{address};transport={transport}")
        KSR.rr.record_route()
        KSR.info(f"callrules: call {KSR.pv.get('$ci')} from [{orig.name}] to [{term.name}] via {address} {term.transport}\n")
        self.relay()
        return 1

    def relay(self):
        if KSR.tm.t_relay() < 0:
            KSR.sl.sl_reply_error()

    # --- origination: the call comes FROM a connection -------------------------------------------

    def origination(self):
        for connection in self.connections:
            if connection.orig_match.matches(self.orig_subject(connection.orig_header)):
                break
        else:
            return self.refuse(403, "No matching connection")
        if connection.flag("CheckSourceIp", "no"):
            if KSR.pv.get("$si") not in connection.source_ips:
                return self.refuse(403, "Source address not allowed")
        if not connection.flag("OrigEnabled", "yes"):
            return self.refuse(403, "Origination disabled")
        if connection.flag("RequireAuth", "no") and not self.authenticated(connection):
            return None
        return connection

    def orig_subject(self, header):
        if header == "from":
            return callrules_file.Uri.parse(KSR.pv.get("$fu"))
        if header == "to":
            return callrules_file.Uri.parse(KSR.pv.get("$tu"))
        if header == "request":
            return callrules_file.Uri.parse(KSR.pv.get("$ru"))
        return callrules_file.Uri.parse(KSR.hdr.get("Contact"))

    def authenticated(self, connection):
        user, password = connection.get("AuthUser"), connection.get("AuthPassword")
        realm = connection.get("AuthRealm") or connection.get("Domain") or KSR.pv.get("$fd")
        if not user or not password:
            self.refuse(403, "Authentication not configured")
            return False
        # Digest check against the section's password; the user name is compared below (checks=0).
        result = KSR.auth.pv_auth_check(realm, password, 0, 0)
        if result in (-4, -5):  # nonce expired, or no credentials for this realm: challenge (407)
            KSR.auth.auth_challenge(realm, 0)
            return False
        if result < 0 or KSR.pv.get("$au") != user:
            self.refuse(403, "Authentication failed")
            return False
        KSR.auth.consume_credentials()  # the credentials are ours: never pass them on
        return True

    # --- termination: the call goes TO a connection -----------------------------------------------

    def termination(self):
        request = callrules_file.Uri.parse(KSR.pv.get("$ru"))
        for connection in self.connections:
            if connection.term_match.matches(request):
                break
        else:
            return self.refuse(404, "No matching connection")
        if not connection.flag("TermEnabled", "yes"):
            return self.refuse(403, "Termination disabled")
        if not connection.get("Address"):
            return self.refuse(503, "Connection has no address")
        if connection.transport == "TLS":
            return self.refuse(503, "TLS not available")
        return connection

    def within_limits(self, orig, term):
        checks = [(ORIG, orig, "MaxCallsOrig"), (TOTAL, orig, "MaxCallsTotal"), (TERM, term, "MaxCallsTerm")]
        if term is not orig:
            checks.append((TOTAL, term, "MaxCallsTotal"))
        for profile, connection, key in checks:
            limit = connection.count(key)
            if limit is None:
                continue
            KSR.dialog.get_profile_size(profile, connection.name, "$var(calls)")
            if KSR.pv.get("$var(calls)") >= limit:
                self.refuse(503, f"Call limit reached ({key} of {connection.name})")
                return False
        return True

    def apply_translations(self, term):
        request = callrules_file.Uri.parse(KSR.pv.get("$ru"))
        user = _translate(term.get("RequestUser"), request.user)
        if term.get("RequestHost") not in (None, "", "[*]"):
            # The request-URI is replaced whole: setting only its host would keep the old port.
            host = _translate(term.get("RequestHost"), request.host)
            KSR.pv.sets("$ru", f"{request.scheme}:{user}@{host}" if user else f"{request.scheme}:{host}")
        elif user != request.user:
            KSR.pv.sets("$rU", user)

        self.translate_header(term, "DestUser", "DestHost", "$tu", KSR.uac.uac_replace_to_uri)
        self.translate_header(term, "SourceUser", "SourceHost", "$fu", KSR.uac.uac_replace_from_uri)

        if term.get("PAId"):
            KSR.hdr.remove("P-Asserted-Identity")
            KSR.hdr.append(f"P-Asserted-Identity: {term.get('PAId')}\r\n")

    @staticmethod
    def translate_header(term, user_key, host_key, pv, replace):
        uri = callrules_file.Uri.parse(KSR.pv.get(pv))
        if uri is None:
            return
        user = _translate(term.get(user_key), uri.user)
        host_rule = term.get(host_key)
        original = f"{uri.host}:{uri.port}" if uri.port else uri.host
        hostport = original if host_rule in (None, "", "[*]") else _translate(host_rule, uri.host)
        if user == uri.user and hostport == original:
            return
        replace(f"{uri.scheme}:{user}@{hostport}" if user else f"{uri.scheme}:{hostport}")

    # --- replies ----------------------------------------------------------------------------------

    @staticmethod
    def refuse(code, reason):
        KSR.info(f"callrules: {code} {reason} for call {KSR.pv.get('$ci')} from {KSR.pv.get('$si')}\n")
        KSR.sl.sl_send_reply(code, reason)
        return None
