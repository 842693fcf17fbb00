"""KEMI routing script of the CallRules SIP server (Kamailio app_python3).

The call rules are not in Python objects: run.sh (and reload.sh) check the call-rule file and write
it as tables into an SQLite database (callrules_db.py); this script copies them into Kamailio's
shared memory (htable), where every worker reads the same tables. A worker holds no rules of its
own, only the small description of which keys a lookup probes (callrules_index.Families), cached
per generation.

Tables come in two slots, `cr0` and `cr1`; `crgen=>gen` names the live generation, whose slot is
gen % 2. The main process loads the live generation before the workers start (ksr_htable_event).
On reload, the loader process (ksr_rtimer_rules) fills the other slot, flips `gen` and empties the
old slot. A call reads `gen` before and after its lookups and starts again if it changed, so no
call ever sees half old, half new rules.

A new INVITE is handled in two halves (README.md; docs/call-rules.md):
  origination  the connection the call comes FROM: the most specific OrigMatch that matches the URI
               of the connection's OrigMatchHeader; source IP, OrigEnabled, RequireAuth.
  termination  the connection the call goes TO: the most specific TermMatch that matches the
               Request-URI as it arrived; TermEnabled, Address, Transport, translations, PAId.
then the call limits are checked and the call counted in one step, under a lock shared by all
workers, so a burst can never admit more calls than a limit allows.

In cluster mode (run.sh -c; cluster/README.md) every call with a limit is checked and counted on one node, the owner
of the call limits; the others forward such calls there (one extra hop). The dialog module replicates every call,
with its counters, to every node, so a node that takes over as owner counts the calls already up. The KDMQ,
readiness and ownership parts are in callrules_cluster.py. Without -c nothing of it runs.
"""

from __future__ import annotations

import os
import sys

import KSR as KSR

sys.dont_write_bytecode = True  # leave no __pycache__ beside the sample
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import callrules_index as ix  # noqa: E402  (found beside this script)

# Dialog profiles (kamailio.cfg): one counter per connection section name.
ORIG, TERM, TOTAL = "orig", "term", "total"
GENERATION_TABLE, GENERATION = "crgen", "gen"
# Set by reload.sh (RPC htable.seti): the generation the loader process should load; the loader answers
# with GENERATION when it is live, or FAILED (and ERROR, the reason) when it could not load it.
WANTED, FAILED, ERROR = "want", "failed", "error"
SLOT_TABLES = ("cr0", "cr1")
# cfgutils lock that makes check-and-count one step across workers (kamailio.cfg sets lock_set_size).
LIMITS_LOCK = "callrules-limits"
# A lookup that keeps meeting reloads gives up after this many tries (reloads are seconds apart).
LOOKUP_TRIES = 3


def mod_init() -> CallRouter:
    cluster = None
    if os.environ.get("CALLRULES_CLUSTER"):
        import callrules_cluster  # only in cluster mode

        cluster = callrules_cluster.ClusterRouting.from_environment()
    return CallRouter(os.environ.get("CALLRULES_DB", ""), cluster)


def load_generation(database: str, generation: int) -> None:
    """Copies a generation of tables from the database into its slot in shared memory and makes it live:
    the slot is emptied and filled, then crgen=>gen flips to it, then the other slot is emptied. Raises
    callrules_db.LoadError (nothing live has changed) when the database or shared memory fails it."""
    import callrules_db  # only the main and loader processes need SQLite

    table = SLOT_TABLES[generation % 2]
    KSR.htable.sht_reset(table)
    try:
        count = 0
        for key, value in callrules_db.read_slot(database, generation):
            if KSR.htable.sht_sets(table, key, value) < 0:
                raise callrules_db.LoadError(
                    f"out of shared memory after {count} of the rows: start the server with a larger -m")
            count += 1
    except BaseException:
        KSR.htable.sht_reset(table)
        raise
    KSR.htable.sht_seti(GENERATION_TABLE, GENERATION, generation)
    KSR.htable.sht_reset(SLOT_TABLES[1 - generation % 2])
    KSR.info(f"callrules: generation {generation} of the call rules is live ({count} table rows)\n")


def _translate(rule: str, original: str) -> str:
    """A translation value: empty keeps the original; otherwise `[*]` inside it stands for the original
    (so `[*]` alone keeps it, `1[*]` prefixes 1) and the rest is literal."""
    if not rule:
        return original
    return rule.replace("[*]", original)


def _keeps(rule: str) -> bool:
    return rule in ("", "[*]")


class CallRouter:
    def __init__(self, database: str, cluster: object = None) -> None:
        self._database = database
        # callrules_cluster.ClusterRouting in cluster mode, else None.
        self._cluster = cluster
        # Per worker: the probe description of the live generation, read once per generation.
        self._spaces_generation = -1
        self._spaces: dict[str, ix.Families] = {}

    def child_init(self, rank: int) -> int:
        return 0

    # --- loading the rules (main process at start-up, loader process on reload) -------------------

    def ksr_htable_event(self, msg: object, event: str) -> int:
        """htable:mod-init, in the main process before any worker exists: loads the live generation. A server
        that cannot load its rules must not run: it exits, saying why."""
        if event != "htable:mod-init":
            return 1
        import callrules_db

        try:
            if not self._database:
                raise callrules_db.LoadError("CALLRULES_DB is not set: start the server with run.sh")
            generation = callrules_db.live_generation(self._database)
            if generation == 0:
                raise callrules_db.LoadError(f"{self._database} holds no call rules: start the server with run.sh")
            load_generation(self._database, generation)
            if self._cluster is not None:
                self._cluster.started()
        except Exception as error:  # noqa: BLE001 (any failure here must stop the server with its reason)
            sys.stderr.write(f"callrules: cannot load the call rules: {error}\n")
            sys.stderr.flush()
            os._exit(255)  # before any worker is forked: nothing else to stop
        return 1

    def ksr_rtimer_rules(self, msg: object, event: str = "") -> int:
        """Every 100 ms in the loader process: loads the generation reload.sh asked for, if it is new."""
        wanted = KSR.htable.sht_get(GENERATION_TABLE, WANTED)
        if wanted is None or wanted == KSR.htable.sht_get(GENERATION_TABLE, GENERATION) \
                or wanted == KSR.htable.sht_get(GENERATION_TABLE, FAILED):
            return 1
        try:
            load_generation(self._database, wanted)
        except Exception as error:  # noqa: BLE001 (reported to reload.sh; the live rules stay)
            KSR.err(f"callrules: generation {wanted} of the call rules not loaded: {error}\n")
            KSR.htable.sht_sets(GENERATION_TABLE, ERROR, str(error))
            KSR.htable.sht_seti(GENERATION_TABLE, FAILED, wanted)
        return 1

    # --- cluster mode (callrules_cluster.py) --------------------------------------------------------

    def ksr_rtimer_cluster(self, msg: object, event: str = "") -> int:
        if self._cluster is not None:
            self._cluster.ksr_rtimer_cluster()
        return 1

    # --- requests -------------------------------------------------------------------------------

    def ksr_request_route(self, msg: object) -> int:
        if self._cluster is not None and KSR.pv.get("$rm") == "KDMQ":
            return self._cluster.dmq_request()
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

    def in_dialog_request(self) -> int:
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

    def initial_request(self) -> int:
        if KSR.is_ACK():
            # An ACK outside a dialog belongs to a transaction or to nothing: never answer it.
            if KSR.tm.t_check_trans() > 0:
                KSR.tm.t_relay()
            return 1
        # Retransmissions of a request already being handled are absorbed here: tm resends the answer
        # it gave (a refusal included), so nothing is looked up twice.
        if KSR.tmx.t_precheck_trans() > 0:
            KSR.tm.t_check_trans()
            return 1
        if KSR.tm.t_check_trans() == 0:
            return 1
        if KSR.is_OPTIONS() and KSR.pv.is_null("$rU"):
            # Keep-alive and readiness probe: ready once a generation of rules is loaded.
            if KSR.htable.sht_get(GENERATION_TABLE, GENERATION) is None:
                KSR.sl.sl_send_reply(503, "Call rules not loaded")
            elif self._cluster is not None and not self._cluster.ready():
                KSR.sl.sl_send_reply(503, "Learning the calls in progress")
            else:
                KSR.sl.sl_send_reply(200, "OK")
            return 1
        if not KSR.is_INVITE():
            KSR.sl.sl_send_reply(405, "Method Not Allowed")
            return 1
        if self._cluster is not None:
            return self.new_cluster_call(self._cluster)
        # From here on every answer is stateful, so a retransmitted INVITE meets the transaction above.
        if KSR.tm.t_newtran() < 0:
            KSR.sl.sl_reply_error()
            return 1
        return self.new_call()

    def new_call(self) -> int:
        found = self.lookup()
        if found is None:
            return 1
        orig, term = found
        if not self.originate(orig) or not self.terminate(term):
            return 1
        assert term is not None  # terminate() refused the call otherwise
        if not self.admit(orig, term):
            return 1
        self.route(orig, term)
        return 1

    def new_cluster_call(self, cluster: object) -> int:
        """A new call in cluster mode (callrules_cluster.py). A call with a limit on any of its connections is checked
        and counted on one node, the owner of the call limits; a node that does not own them forwards the call there
        (one extra hop) after its own origination checks, which the owner then trusts. A call without a limit stays
        on the node that received it. Refusals before the transaction exists are stateless: a retransmission is
        looked up again and gets the same answer."""
        from callrules_cluster import FORWARD_HEADER, ClusterRouting

        assert isinstance(cluster, ClusterRouting)
        forward = cluster.incoming_forward()
        if not cluster.ready():
            if KSR.tm.t_newtran() < 0:
                KSR.sl.sl_reply_error()
                return 1
            # Its counts are not complete yet: admitting a call could pass a limit.
            cluster.refuse_not_ready()
            return 1
        found = self.lookup()
        if found is None:
            return 1
        orig, term = found
        if forward is None and not self.originate(orig):
            return 1
        if not self.terminate(term):
            return 1
        assert term is not None  # terminate() refused the call otherwise
        if self.limited(orig, term):
            place = cluster.place(forward)
            if place is not cluster.me:
                if KSR.tm.t_newtran() < 0:
                    KSR.sl.sl_reply_error()
                elif place is None:
                    cluster.refuse_no_owner()
                else:
                    cluster.forward(place, forward)
                return 1
        # The dialog module replicates a dialog over DMQ only when the dialog exists before its transaction
        # (dlg_onreq registers the replication when the transaction is created; dlg_manage on an existing
        # transaction does not, in 5.6 as in later versions). The dialog is counted in no profile until admit(); a
        # refused call's dialog ends with its refusal and is never replicated (it is not relayed).
        KSR.dialog.dlg_manage()
        # From here on every answer is stateful, so a retransmitted INVITE meets the transaction above.
        if KSR.tm.t_newtran() < 0:
            KSR.sl.sl_reply_error()
            return 1
        if forward is not None:
            KSR.hdr.remove(FORWARD_HEADER)  # not passed on to the connection
        if not self.admit(orig, term):
            return 1
        self.route(orig, term)
        return 1

    def ksr_failure_forward(self, msg: object) -> int:
        """tm failure route of a call forwarded to the owner of the call limits (callrules_cluster.py)."""
        if self._cluster is not None:
            self._cluster.forward_failed()
        return 1

    def route(self, orig: ix.OrigRecord, term: ix.TermRecord) -> None:
        """Relays an admitted call to its termination connection."""
        self.apply_translations(term)
        transport = term.transport.lower()
        KSR.pv.sets("$du", f"sip:{term.address};transport={transport}")
        KSR.rr.record_route()
        KSR.dbg(f"callrules: call {KSR.pv.get('$ci')} from [{orig.name}] to [{term.name}] via {term.address} {term.transport}\n")
        self.relay()

    def relay(self) -> None:
        if KSR.tm.t_relay() < 0:
            KSR.sl.sl_reply_error()

    # --- which connections: one consistent generation of the tables -------------------------------

    def lookup(self) -> tuple[ix.OrigRecord, ix.TermRecord | None] | None:
        """The origination connection and, if there is one, the termination connection, both from the same
        generation of the rules; None when the call has been refused."""
        for _ in range(LOOKUP_TRIES):
            generation = KSR.htable.sht_get(GENERATION_TABLE, GENERATION)
            if generation is None:
                return self.refuse(503, "Call rules not loaded")
            table = f"cr{generation % 2}"

            def get(key: str, table: str = table) -> str | None:
                return KSR.htable.sht_get(table, key)

            spaces = self.spaces(generation, get)
            orig = self.find_origination(get, spaces)
            term = None
            if orig is not None:
                subject = ix.Subject.of(ix.Uri.parse(KSR.pv.get("$ru")))
                families = spaces.get(ix.TERMINATION)
                found = ix.find(get, ix.TERMINATION, families, subject) if families is not None else None
                term = ix.TermRecord.decode(found[1]) if found is not None else None
            if KSR.htable.sht_get(GENERATION_TABLE, GENERATION) == generation:
                if orig is None:
                    return self.refuse(403, "No matching connection")
                return orig, term
        return self.refuse(503, "Call rules are being reloaded")

    def spaces(self, generation: int, get: object) -> dict[str, ix.Families]:
        if generation != self._spaces_generation:
            meta = get(ix.META)  # type: ignore[operator]
            self._spaces = ix.decode_meta(meta or "")
            # Only remembered when read whole; a half-flushed slot is read again on the retry.
            self._spaces_generation = generation if meta else -1
        return self._spaces

    def find_origination(self, get: object, spaces: dict[str, ix.Families]) -> ix.OrigRecord | None:
        best: tuple[int, str] | None = None
        for header in ix.ORIG_HEADERS:
            families = spaces.get(ix.origination_space(header))
            if families is None:
                continue
            found = ix.find(get, ix.origination_space(header), families, ix.Subject.of(self.header_uri(header)))  # type: ignore[arg-type]
            if found is not None and (best is None or found[0] < best[0]):
                best = found
        return ix.OrigRecord.decode(best[1]) if best is not None else None

    @staticmethod
    def header_uri(header: str) -> ix.Uri | None:
        if header == "from":
            return ix.Uri.parse(KSR.pv.get("$fu"))
        if header == "to":
            return ix.Uri.parse(KSR.pv.get("$tu"))
        if header == "request":
            return ix.Uri.parse(KSR.pv.get("$ru"))
        return ix.Uri.parse(KSR.hdr.get("Contact"))

    # --- origination: the call comes FROM a connection -------------------------------------------

    def originate(self, orig: ix.OrigRecord) -> bool:
        if orig.check_source and KSR.pv.get("$si") not in orig.sources:
            self.refuse(403, "Source address not allowed")
            return False
        if not orig.enabled:
            self.refuse(403, "Origination disabled")
            return False
        return not orig.require_auth or self.authenticated(orig)

    def authenticated(self, orig: ix.OrigRecord) -> bool:
        realm = orig.realm or KSR.pv.get("$fd")
        if not orig.auth_user or not orig.auth_password:
            self.refuse(403, "Authentication not configured")
            return False
        # Digest check against the section's password; the user name is compared below (checks=0).
        result = KSR.auth.pv_auth_check(realm, orig.auth_password, 0, 0)
        if result in (-4, -5):  # nonce expired, or no credentials for this realm: challenge (407)
            KSR.auth.auth_challenge(realm, 0)
            return False
        if result < 0 or KSR.pv.get("$au") != orig.auth_user:
            self.refuse(403, "Authentication failed")
            return False
        KSR.auth.consume_credentials()  # the credentials are ours: never pass them on
        return True

    # --- termination: the call goes TO a connection -----------------------------------------------

    def terminate(self, term: ix.TermRecord | None) -> bool:
        refusal = None
        if term is None:
            refusal = (404, "No matching connection")
        elif not term.enabled:
            refusal = (403, "Termination disabled")
        elif not term.address:
            refusal = (503, "Connection has no address")
        elif term.transport == "TLS":
            refusal = (503, "TLS not available")
        if refusal is not None:
            self.refuse(*refusal)
            return False
        return True

    @staticmethod
    def checks(orig: ix.OrigRecord, term: ix.TermRecord) -> list[tuple[str, str, int | None, str]]:
        """The counters a call counts in (profile, connection) with their limits (None: no limit) and field names."""
        checks = [(ORIG, orig.name, orig.max_orig, "MaxCallsOrig"), (TOTAL, orig.name, orig.max_total, "MaxCallsTotal"),
                  (TERM, term.name, term.max_term, "MaxCallsTerm")]
        if term.name != orig.name:
            checks.append((TOTAL, term.name, term.max_total, "MaxCallsTotal"))
        return checks

    @classmethod
    def limited(cls, orig: ix.OrigRecord, term: ix.TermRecord) -> bool:
        """Whether any counter the call counts in has a limit."""
        return any(limit is not None for _, _, limit, _ in cls.checks(orig, term))

    def admit(self, orig: ix.OrigRecord, term: ix.TermRecord) -> bool:
        """Checks every limit and counts the call (its dialog exists), as one step for all workers: no other call is
        counted between this call's check and its own count. In cluster mode only the owner of the call limits admits
        limited calls, against its own calls plus the replicas of the other nodes' (callrules_cluster.py)."""
        checks = self.checks(orig, term)
        over = None
        if KSR.cfgutils.lock(LIMITS_LOCK) < 0:
            # Without the lock a burst could pass a limit: refuse rather than count unsafely.
            self.refuse(500, "Call limits unavailable")
            return False
        try:
            for profile, name, limit, key in checks:
                if limit is None:
                    continue
                KSR.dialog.get_profile_size(profile, name, "$var(calls)")
                if KSR.pv.get("$var(calls)") >= limit:
                    over = (key, name)
                    break
            else:
                # Every call counts in every profile, limited or not, so a reload that adds a limit
                # counts the calls already up.
                if self._cluster is None:
                    KSR.dialog.dlg_manage()  # in cluster mode the dialog exists already (new_cluster_call)
                for profile, name, _, _ in checks:
                    KSR.dialog.set_dlg_profile(profile, name)
        finally:
            KSR.cfgutils.unlock(LIMITS_LOCK)
        if over is not None:
            self.refuse(503, f"Call limit reached ({over[0]} of {over[1]})")
            return False
        return True

    def apply_translations(self, term: ix.TermRecord) -> None:
        request = ix.Uri.parse(KSR.pv.get("$ru"))
        if request is not None:
            user = _translate(term.request_user, request.user)
            if not _keeps(term.request_host):
                # The request-URI is replaced whole: setting only its host would keep the old port.
                KSR.pv.sets("$ru", request.with_parts(user, _translate(term.request_host, request.host)))
            elif user != request.user:
                KSR.pv.sets("$rU", user)

        self.translate_header(term.dest_user, term.dest_host, "$tu", KSR.uac.uac_replace_to_uri)
        self.translate_header(term.source_user, term.source_host, "$fu", KSR.uac.uac_replace_from_uri)

        if term.paid:
            KSR.hdr.remove("P-Asserted-Identity")
            KSR.hdr.append(f"P-Asserted-Identity: {term.paid}\r\n")

    @staticmethod
    def translate_header(user_rule: str, host_rule: str, pv: str, replace: object) -> None:
        uri = ix.Uri.parse(KSR.pv.get(pv))
        if uri is None:
            return
        user = _translate(user_rule, uri.user)
        original = f"{uri.host}:{uri.port}" if uri.port else uri.host
        hostport = original if _keeps(host_rule) else _translate(host_rule, uri.host)
        if user == uri.user and hostport == original:
            return
        replace(uri.with_parts(user, hostport))  # type: ignore[operator]

    # --- replies ----------------------------------------------------------------------------------

    @staticmethod
    def refuse(code: int, reason: str) -> None:
        """Answers the INVITE (statefully: its retransmissions get the same answer from tm); returns None."""
        KSR.info(f"callrules: {code} {reason} for call {KSR.pv.get('$ci')} from {KSR.pv.get('$si')}\n")
        KSR.sl.send_reply(code, reason)
        return None
