"""Cluster mode of the CallRules SIP server: several Kamailio nodes, one set of rules, call counts shared
across the cluster (cluster/README.md has the operator's view and what is and is not guaranteed).

What Kamailio does: the nodes form one DMQ bus (the dmq module, over TCP), and the dialog module replicates
every call it tracks, with its dialog profiles (the call counters), to every node (dialog's enable_dmq): as
soon as a node relays an INVITE, every other node counts that call in the same profiles as its own. A node
checks a limit and counts a call under its own lock (single-node exact), against its own calls plus the
replicas of everyone else's. Replication is asynchronous: no node sees a call another admitted less than the
replication delay ago, so nodes that all admitted limited calls would pass a limit in bursts split across them.

What this module adds:
- the owner of the call limits: one node checks and counts every call that has a limit on any of its connections
  (the first node of the cluster file that is up, as the dispatcher's probes show it); the others forward those
  calls to it (tm, stateful, a header naming the forwarding node, at most MAX_FORWARD_HOPS hops), so a limit is
  checked under one lock for the whole cluster. Calls without a limit stay on the node that received them. A node
  that (re)joins claims ownership only CLAIM_AFTER_MS after it is in sync, once the others see it up; a forward
  the owner does not answer at all is taken over by the next node (cluster/README.md, "What is guaranteed");
- the cluster file (one address:port a line) and the node's Kamailio configuration written from it;
- readiness: a (re)starting node asks every node that is up (the dispatcher module probes them every second)
  for all its dialogs (dialog's DMQ sync), and each answers with them and then an end marker on the same TCP
  connection; the node applies the dialogs in the process that reads them (dmq.process_message), so when the
  marker arrives everything sent before it is counted. It asks twice, a second apart (SYNC_ROUNDS). Until every
  node that is up has sent its markers, the node refuses new calls (503, Retry-After) and answers 503 to OPTIONS
  (load balancers and the other nodes' probes then leave it out). Later, a node it sees come up again is asked
  for its dialogs too (ask_nodes_that_came_up);
- the reload of every node (`reload`): the file is checked once, written into every node's spare slot, and
  only then made live on each; an invalid file changes no node.

The pure parts (the cluster file, the node configuration) need no Kamailio and are unit tested.
"""

from __future__ import annotations

import ipaddress
import os
import sys
import time
from dataclasses import dataclass
from typing import Sequence

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

# The most nodes a cluster can have: dialog ids step by 64 (kamailio.cfg, h_id_step) and node numbers start at 1.
MAX_NODES = 63
# The dispatcher set that holds the other nodes (run.sh writes the list).
NODE_SET = 1
# A new node waits at least this long after starting before it decides it is in sync: the first probes of
# the other nodes (every second) and the DMQ notification have had time to run.
SYNC_MIN_MS = 2500
# A node asks a node that is up for its dialogs again when no marker came within this time.
SYNC_RETRY_MS = 2000
# How many complete dumps of a node's dialogs a joining node waits for, and how long after one it asks for the
# next. The dialog module drops a dialog it receives in a dump while the dialog waits for its ACK (state 3,
# "unhandled state update" in dlg_dmq.c, 5.6 and later), and the ACK's state change then finds no dialog; a
# second dump a second later carries it answered. Measured: 287 of 2,000 calls set up at 500 a second were
# missing after one dump on the busy benchmark machine.
SYNC_ROUNDS = 2
SYNC_ROUND_GAP_MS = 1000
# While waiting, the node says every this often which nodes it waits for.
SYNC_REPORT_MS = 10000

CLUSTER_TABLE = "crcluster"
# The KDMQ peer of this module's own messages (the end-of-dump marker); never passed to the dmq module.
DMQ_PEER = "callrules"
# The body of dialog's DMQ sync request (dlg_dmq.c: action DLG_DMQ_SYNC).
DIALOG_SYNC = '{"action":4}'
# The header a node adds to a call it forwards to the owner of the call limits (its value: the forwarding node).
# Trusted only from a node's address; never passed on to a connection.
FORWARD_HEADER = "X-CallRules-Forwarded"
# How long a forwarding node waits for the owner's first answer (tm sends 100 Trying as soon as it has the
# INVITE) before it decides the owner is gone and admits the call itself. Long enough for a busy owner; short
# enough that the calls of the second before the probes notice a dead owner are not lost.
FORWARD_TIMEOUT_MS = 3000
# A forwarded call goes at most this many hops between nodes: to the owner, and from a node that has just joined (it
# does not claim the limits yet) back to the owner it sees.
MAX_FORWARD_HOPS = 2
# A node claims the call limits (when it is the first node up) this long after it is in sync: by then every other node
# has probed it (every second) and forwards its limited calls to it, so the old owner and the new never both admit.
CLAIM_AFTER_MS = 3000


@dataclass(frozen=True, slots=True)
class Forward:
    """A call forwarded by a node of the cluster (FORWARD_HEADER): the node it came from, and its hops so far."""

    sender: "Node"
    hops: int


class ClusterFileError(Exception):
    """A cluster file that cannot be used; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Node:
    """One node of the cluster: its SIP listener (UDP and TCP) and its number (its line in the cluster file)."""

    address: str
    port: int
    number: int

    @property
    def key(self) -> str:
        return f"{self.address}:{self.port}"

    @property
    def uri(self) -> str:
        """How the nodes reach each other (DMQ and the probes): TCP, so replicas from one node arrive in the order
        sent, and a node that is gone is known at the first attempt (the connection is refused)."""
        return f"sip:{self.address}:{self.port};transport=tcp"


def read_cluster_file(path: str) -> list[Node]:
    """The nodes of a cluster file: one `address:port` a line (IPv4), `#` comments and empty lines ignored. The
    order numbers the nodes: add new nodes at the end and never reorder the file."""
    nodes: list[Node] = []
    seen_addresses: dict[str, int] = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
    except (OSError, UnicodeDecodeError) as error:
        raise ClusterFileError(f"{path}: cannot read the cluster file ({error})") from None
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        address, _, port_text = line.rpartition(":")
        try:
            ip = ipaddress.IPv4Address(address)
        except ValueError:
            raise ClusterFileError(f"{path}:{number}: a node is written address:port with an IPv4 address, got '{line}'") from None
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ClusterFileError(f"{path}:{number}: the port must be a number from 1 to 65535, got '{port_text}'")
        if str(ip) in seen_addresses:
            # Nodes tell each other apart by source address (KDMQ requests are accepted by it).
            raise ClusterFileError(f"{path}:{number}: {ip} is already node {seen_addresses[str(ip)]}: "
                                   "every node needs an address of its own")
        nodes.append(Node(str(ip), int(port_text), len(nodes) + 1))
        seen_addresses[str(ip)] = len(nodes)
        if len(nodes) > MAX_NODES:
            raise ClusterFileError(f"{path}:{number}: a cluster has at most {MAX_NODES} nodes")
    if not nodes:
        raise ClusterFileError(f"{path}: the cluster file names no node")
    return nodes


def now_ms() -> int:
    """Milliseconds on the system's monotonic clock: the same in every process of the node."""
    return int(time.monotonic() * 1000)


# --- in Kamailio ------------------------------------------------------------------------------------------

class ClusterRouting:
    """The cluster part of the routing script (callrules.py delegates to it when run.sh -c started the node).
    Every worker has one; what they share lives in the crcluster htable (kamailio.cfg)."""

    def __init__(self, nodes: Sequence[Node], self_key: str) -> None:
        import KSR  # noqa: N811 (only inside Kamailio)

        self._ksr = KSR
        self.nodes = list(nodes)
        found = [n for n in nodes if n.key == self_key]
        if not found:
            raise ClusterFileError(f"this node ({self_key}) is not in the cluster file")
        self.me = found[0]
        self.others = [n for n in nodes if n.key != self_key]
        self._by_address = {n.address: n for n in nodes}
        # Once in sync a node stays so until it stops, and claims the call limits from CLAIM_AFTER_MS later on: cached
        # per worker.
        self._synced = False
        self._claims = False

    @staticmethod
    def from_environment() -> ClusterRouting | None:
        path = os.environ.get("CALLRULES_CLUSTER", "")
        if not path:
            return None
        return ClusterRouting(read_cluster_file(path), os.environ.get("CALLRULES_NODE", ""))

    def _get_ms(self, key: str) -> int | None:
        value = self._ksr.htable.sht_get(CLUSTER_TABLE, key)
        return int(value) if value is not None else None

    def _set_ms(self, key: str, value: int) -> None:
        self._ksr.htable.sht_sets(CLUSTER_TABLE, key, str(value))

    def started(self) -> None:
        """Main process, before the workers: the clock of the sync starts."""
        self._set_ms("started", now_ms())

    def node_of(self, address: str) -> Node | None:
        return self._by_address.get(address)

    def is_up(self, node: Node) -> bool:
        """Whether the node answered the last probe with 200 (it is running and in sync itself)."""
        return self._ksr.dispatcher.ds_is_active_uri(NODE_SET, node.uri) > 0

    # --- the owner of the call limits ----------------------------------------------------------------

    def claims(self) -> bool:
        """Whether this node may own the call limits: CLAIM_AFTER_MS after it is in sync. Until then the other nodes
        have had time to see it up (their probes) and forward their limited calls to it, so a node that (re)joins
        never admits calls at the same moment as the owner they had (cluster/README.md)."""
        if not self._claims:
            synced = self._get_ms("synced")
            self._claims = synced is not None and now_ms() - synced >= CLAIM_AFTER_MS
        return self._claims

    def owner(self, excluding: Node | None = None, claiming: bool = False) -> Node | None:
        """The node that checks and counts every call with a limit: the first node of the cluster file that is up as
        this node sees it (another node: answering its probes with 200, so running and in sync; this node: claims(),
        or `claiming`). Every node that sees the same nodes up names the same owner. None while this node does not
        claim and sees no other node up."""
        claims = claiming or self.claims()
        for node in self.nodes:
            if node is self.me:
                if claims:
                    return node
            elif node is not excluding and self.is_up(node):
                return node
        return None

    def incoming_forward(self) -> Forward | None:
        """Whether this INVITE was forwarded by a node (to the owner of the call limits) and how many hops it made; an
        outside caller's copy of the forward header is removed and ignored."""
        ksr = self._ksr
        if ksr.hdr.is_present(FORWARD_HEADER) < 0:
            return None
        sender = self.node_of(ksr.pv.get("$si"))
        if sender is None:
            ksr.hdr.remove(FORWARD_HEADER)
            return None
        hops = (ksr.hdr.get(FORWARD_HEADER) or "").rpartition(" ")[2]
        return Forward(sender, int(hops) if hops.isdigit() else MAX_FORWARD_HOPS)

    def place(self, forward: Forward | None) -> Node | None:
        """Where a call with a limit is checked and counted: this node (self.me), another node to forward it to, or
        None: nowhere yet (refuse it for a moment). A call forwarded here is admitted here whenever this node claims
        the limits, even if it sees another owner (the nodes disagree for a moment): it is never sent on in a loop. A
        node that does not claim yet sends a forwarded call on to the owner it sees (back to the sender, if that is
        the owner it sees), at most MAX_FORWARD_HOPS hops in all."""
        owner = self.owner()
        if owner is self.me:
            return owner
        ksr = self._ksr
        if forward is not None and forward.sender is self.me:
            return self.me  # this node's own takeover of a call whose owner could not be reached (_take_over)
        if forward is not None and self.claims():
            ksr.info(f"callrules: cluster node {self.me.key}: {forward.sender.key} forwarded call {ksr.pv.get('$ci')} here "
                     f"while this node sees {owner.key if owner else 'no node'} as the owner of the call limits; "
                     "admitting it here\n")
            return self.me
        if owner is None or (forward is not None and forward.hops >= MAX_FORWARD_HOPS):
            return None
        return owner

    def refuse_no_owner(self) -> None:
        """No node can check this call's limits yet (the whole cluster is starting): refused for a moment."""
        ksr = self._ksr
        ksr.hdr.append_to_reply("Retry-After: 1\r\n")
        ksr.info(f"callrules: 503 No owner of the call limits yet for call {ksr.pv.get('$ci')} from {ksr.pv.get('$si')}\n")
        ksr.tm.t_reply(503, "No owner of the call limits yet")

    def forward(self, owner: Node, forward: Forward | None) -> None:
        """Sends a limited call (its transaction exists) to the owner, which checks and counts it and relays it; its
        answers come back through this node. This node does not Record-Route: the call's ACK and BYE reach the owner
        directly (or through this node's loose routing), and this node keeps no dialog of the call."""
        ksr = self._ksr
        if forward is not None:
            ksr.hdr.remove(FORWARD_HEADER)
        hops = (forward.hops if forward is not None else 0) + 1
        ksr.hdr.append(f"{FORWARD_HEADER}: {self.me.key} {hops}\r\n")
        ksr.pv.sets("$du", owner.uri)
        ksr.pv.sets("$avp(callrules_owner)", owner.address)  # kept with the transaction for the failure route
        ksr.tm.t_set_fr(0, FORWARD_TIMEOUT_MS)
        ksr.tm.t_on_failure("ksr_failure_forward")
        if ksr.tm.t_relay() < 0:
            self._take_over(owner, "could not be reached")

    def forward_failed(self) -> None:
        """tm failure route of a forwarded call. A final answer of the owner (a refusal over a limit, the far end's
        busy) goes back to the caller as it is; when the owner answered nothing at all (the branch timed out after
        FORWARD_TIMEOUT_MS, or could not be sent: a reply tm made itself, on a branch that never had one) it is taken
        for dead, and the call goes to the node that owns the limits without it."""
        ksr = self._ksr
        if ksr.tm.t_is_canceled() > 0:
            return
        if ksr.tm.t_branch_replied() > 0 or ksr.pv.get("$T(reply_type)") != 1:
            if ksr.pv.get("$T_reply_code") == 503:
                # tm would relay the owner's 503 as a 500 (RFC 3261 16.7: a 503 is about the hop that sent it); the
                # owner's 503 is this cluster's own answer (a limit reached, not ready), so the caller gets it as is.
                ksr.tm.t_reply(503, ksr.pv.get("$T_reply_reason") or "Service Unavailable")
            return
        owner = self.node_of(ksr.pv.get("$avp(callrules_owner)") or "")
        what = f"did not answer within {FORWARD_TIMEOUT_MS / 1000:g} s" if ksr.tm.t_branch_timeout() > 0 else "could not be reached"
        self._take_over(owner, what)

    def _take_over(self, failed: Node | None, what: str) -> None:
        """A call whose owner is unreachable goes to the owner without it (the next node of the cluster file that is up
        as this node sees it): this node itself, most often, before its probes have noticed. It then sends the call to
        itself, marked as forwarded, so it is checked and counted here under this node's lock as the owner would (the
        counts include the owner's calls, replicated). With three nodes or more, the survivors can disagree on that
        next owner until their probes agree, and each admits: a limit can be passed for that moment (cluster/README.md)."""
        ksr = self._ksr
        who = failed.key if failed is not None else "the owner"
        # This node may take over even in its first seconds (before it claims the limits): the owner it deferred to is
        # gone, and admitting for a moment beats refusing.
        successor = self.owner(excluding=failed, claiming=True) or self.me
        ksr.warn(f"callrules: cluster node {self.me.key}: the owner of the call limits {who} {what} for call "
                 f"{ksr.pv.get('$ci')}; {'this node checks and counts it itself' if successor is self.me else 'forwarded to ' + successor.key}\n")
        # To itself over UDP: sent from this node's own listening address, so it arrives as from a node.
        ksr.pv.sets("$du", successor.uri if successor is not self.me else f"sip:{self.me.address}:{self.me.port};transport=udp")
        if ksr.tm.t_relay() < 0:
            ksr.tm.t_reply(500, "Call limits unavailable")

    def note_owner(self) -> None:
        """Says in the log when the owner of the call limits changes as this node sees it (every 100 ms, once in
        sync)."""
        ksr = self._ksr
        owner = self.owner()
        key = owner.key if owner is not None else "none"
        before = ksr.htable.sht_get(CLUSTER_TABLE, "owner")
        if before == key:
            return
        ksr.htable.sht_sets(CLUSTER_TABLE, "owner", key)
        if owner is None:
            ksr.info(f"callrules: cluster node {self.me.key}: no owner of the call limits yet (this node claims them "
                     f"{CLAIM_AFTER_MS / 1000:g} s after it is in sync, and sees no other node up); calls with a limit "
                     "are refused with 503 and Retry-After until then\n")
        elif owner is self.me and before not in (None, "none") and not any(n.key == before and self.is_up(n) for n in self.others):
            ksr.warn(f"callrules: cluster node {self.me.key}: {before} no longer answers its probes: this node takes "
                     "over as the owner of the call limits (it checks and counts every call with a limit, with the "
                     "calls of every node replicated so far)\n")
        elif owner is self.me:
            ksr.info(f"callrules: cluster node {self.me.key}: the owner of the call limits is {key} (this node): it "
                     "checks and counts every call with a limit\n")
        else:
            ksr.info(f"callrules: cluster node {self.me.key}: the owner of the call limits is now {key}"
                     f"{f' (was {before})' if before not in (None, 'none') else ''}; calls with a limit are forwarded there\n")

    # --- readiness -------------------------------------------------------------------------------------

    def ready(self) -> bool:
        """Whether this node has learnt the calls in progress: it answers OPTIONS with 200 and admits calls."""
        if not self._synced:
            self._synced = self._ksr.htable.sht_get(CLUSTER_TABLE, "synced") is not None
        return self._synced

    def refuse_not_ready(self) -> None:
        ksr = self._ksr
        ksr.hdr.append("Retry-After: 1\r\n")
        ksr.info(f"callrules: 503 Learning the calls in progress for call {ksr.pv.get('$ci')} from {ksr.pv.get('$si')}\n")
        ksr.sl.send_reply(503, "Learning the calls in progress")

    def ksr_rtimer_cluster(self) -> None:
        """Every 100 ms in a process of its own: asks a node that has just come up (again) for its dialogs, and
        until this node is in sync, asks each node that is up for them, and decides it is in sync once every node
        that is up has sent them all (the markers)."""
        ksr = self._ksr
        if ksr.htable.sht_get(CLUSTER_TABLE, "synced") is not None:
            self.ask_nodes_that_came_up()
            self.note_owner()
            return
        now = now_ms()
        started = self._get_ms("started") or now
        waiting = []
        for node in self.others:
            dumps = self._get_ms("dumps:" + node.key) or 0
            if not self.is_up(node) or dumps >= SYNC_ROUNDS:
                continue
            waiting.append(node.key)
            asked = self._get_ms("asked:" + node.key)
            asked_after = self._get_ms("asked-after:" + node.key)
            last_dump = self._get_ms("dumped:" + node.key)
            next_round = dumps > (asked_after or 0) and last_dump is not None and now - last_dump >= SYNC_ROUND_GAP_MS
            if asked is None or next_round or now - asked >= SYNC_RETRY_MS:
                # Fails (and is retried) while the DMQ notification has not yet made the node known here.
                ksr.dmq.send_message("dialog", node.uri, DIALOG_SYNC, "application/json")
                self._set_ms("asked:" + node.key, now)
                self._set_ms("asked-after:" + node.key, dumps)
        if waiting or now - started < SYNC_MIN_MS:
            reported = self._get_ms("reported") or started
            if waiting and now - reported >= SYNC_REPORT_MS:
                ksr.warn(f"callrules: cluster node {self.me.key} still waits for the calls in progress of "
                         f"{', '.join(waiting)}; it refuses new calls until then\n")
                self._set_ms("reported", now)
            return
        self._set_ms("synced", now)
        for node in self.others:
            if self.is_up(node):
                self._set_ms("up:" + node.key, now)
        learnt = [n.key for n in self.others if (self._get_ms("dumps:" + n.key) or 0) >= SYNC_ROUNDS]
        ksr.info(f"callrules: cluster node {self.me.key} is in sync after {(now - started) / 1000:.1f} s "
                 f"(calls in progress from {', '.join(learnt) or 'no other node: none up'}); it admits calls\n")

    def ask_nodes_that_came_up(self) -> None:
        """A node seen up again after being down (a restart, a network split that healed) may carry calls this node
        never heard of: the calls it read back from its own database after a restart (the dialog module does not
        replicate those until asked), or the calls it admitted while the two could not reach each other. This node
        asks it for all its dialogs, as a joining node does."""
        now = now_ms()
        for node in self.others:
            seen = self._get_ms("up:" + node.key) is not None
            if self.is_up(node):
                if not seen:
                    self._ksr.dmq.send_message("dialog", node.uri, DIALOG_SYNC, "application/json")
                    self._set_ms("up:" + node.key, now)
            elif seen:
                self._ksr.htable.sht_rm(CLUSTER_TABLE, "up:" + node.key)

    # --- KDMQ ------------------------------------------------------------------------------------------

    def dmq_request(self) -> int:
        """A KDMQ request: only from a node of the cluster. Dialog and notification messages are applied in this
        process, in the order their connection delivers them; a dialog sync request is answered with every dialog
        and then the marker, both broadcast to the same nodes from this process."""
        ksr = self._ksr
        sender = self.node_of(ksr.pv.get("$si"))
        if sender is None:
            ksr.sl.sl_send_reply(403, "Not a node of this cluster")
            return 1
        peer = ksr.pv.get("$rU")
        if peer == DMQ_PEER:
            body = ksr.pv.get("$rb") or ""
            requester, _, sent_by = body.partition(" ")
            if requester == self.me.key and sent_by == sender.key:
                # One more complete dump from that node (this process applied its dialogs before this marker).
                self._set_ms("dumps:" + sent_by, (self._get_ms("dumps:" + sent_by) or 0) + 1)
                self._set_ms("dumped:" + sent_by, now_ms())
            ksr.sl.sl_send_reply(200, "OK")
            return 1
        body = ksr.pv.get("$rb") if peer == "dialog" else None
        ksr.dmq.process_message()
        if body is not None and body.strip() == DIALOG_SYNC:
            ksr.dmq.bcast_message(DMQ_PEER, f"{sender.key} {self.me.key}", "text/plain")
        return 1


# --- run.sh: a node's configuration -------------------------------------------------------------------------

def _quoted(text: str) -> str:
    if '"' in text or "\\" in text or "\n" in text:
        raise ClusterFileError(f"cannot use a path with quotes, backslashes or line ends: {text!r}")
    return f'"{text}"'


def write_node_config(cluster_file: str, self_key: str, kamailio_cfg: str, state: str) -> Node:
    """Writes the node's files into its state folder: cluster.list (the other nodes, for the dispatcher's probes;
    they start as down until a probe is answered) and node.cfg (this node's DMQ identity, then kamailio.cfg,
    then every other node as a DMQ notification address). Returns the node."""
    nodes = read_cluster_file(cluster_file)
    me = next((n for n in nodes if n.key == self_key), None)
    if me is None:
        raise ClusterFileError(f"{cluster_file}: {self_key} is not a node of this cluster (start it with -a and the "
                               "port of one of its lines)")
    others = [n for n in nodes if n is not me]
    listing = os.path.join(state, "cluster.list")
    # 9: inactive (until a probe is answered) and probed.
    _write(listing, "".join(f"{NODE_SET} {n.uri} 9 0\n" for n in others) or "# no other node\n")
    lines = [
        "#!KAMAILIO",
        f"# Node {me.number} of {cluster_file}, written by run.sh at each start: edit the cluster file, not this.",
        "#!define WITH_CLUSTER",
        f"#!define CLUSTER_NODE_ID {me.number}",
        f"#!define CLUSTER_DMQ_ADDRESS {_quoted(me.uri)}",
        f"#!define CLUSTER_DS_LIST {_quoted(listing)}",
        f"#!define CLUSTER_PING_FROM {_quoted(f'sip:cluster@{me.address}')}",
        f"include_file {_quoted(os.path.abspath(kamailio_cfg))}",
        *(f'modparam("dmq", "notification_address", {_quoted(n.uri)})' for n in others),
    ]
    _write(os.path.join(state, "node.cfg"), "\n".join(lines) + "\n")
    return me


def _write(path: str, text: str) -> None:
    temporary = path + ".new"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, path)


# --- reload.sh -c: every node at once ---------------------------------------------------------------------

def state_folder(state_root: str, node: Node) -> str:
    """The node's state folder, as run.sh names it."""
    return os.path.join(state_root, str(node.port) if node.address == "127.0.0.1" else f"{node.address}-{node.port}")


def reload_cluster(cluster_file: str, state_root: str, timeout: float = 120.0) -> tuple[list[str], int]:
    """Reloads every running node of the cluster from the call-rule file they share, all or nothing as far as a
    file can make it so: the file is checked once (an invalid file changes no node), written into every node's
    spare slot (a failure there changes no node), and only then made live on every node. Returns what it did, a
    line a node, and how many connections. A node that is not running is left out: it loads the file when it
    starts. Raises callrules_file.RuleFileError, callrules_db.LoadError or ClusterFileError."""
    import contextlib
    import sqlite3

    import callrules_db

    nodes = read_cluster_file(cluster_file)
    running: list[tuple[Node, callrules_db.ServerState]] = []
    skipped: list[str] = []
    for node in nodes:
        folder = state_folder(state_root, node)
        if not os.path.exists(os.path.join(folder, "server.conf")):
            skipped.append(f"node {node.number} ({node.key}): never started here, left out")
            continue
        try:
            running.append((node, callrules_db.running_server(folder)))
        except callrules_db.LoadError as error:
            skipped.append(f"node {node.number} ({node.key}): {error}; it loads the file when it starts")
    if not running:
        raise callrules_db.LoadError(f"no node of {cluster_file} is running here")
    rules = {os.path.realpath(state.rules) for _, state in running}
    if len(rules) != 1:
        raise callrules_db.LoadError("the nodes do not share one call-rule file (" + ", ".join(sorted(rules)) + "): "
                                     "start every node with the same file")
    path = running[0][1].rules
    with contextlib.ExitStack() as locks:
        for _, state in running:
            locks.enter_context(callrules_db.reload_lock(state))
        fingerprint = callrules_db.Fingerprint.of(path)
        tables = callrules_db.read_rules(path)  # an invalid file: nothing touched anywhere
        staged = []
        for node, state in running:
            try:
                staged.append(callrules_db.stage(state, tables, fingerprint))
            except (callrules_db.LoadError, OSError, sqlite3.Error) as error:
                raise callrules_db.LoadError(f"node {node.number} ({node.key}): {error}; no node changed its rules") from None
        del tables
        for one in staged:
            callrules_db.ask(one)
        deadline = time.monotonic() + timeout
        done: list[str] = []
        for (node, _), one in zip(running, staged):
            try:
                callrules_db.wait_live(one, deadline)
            except callrules_db.LoadError as error:
                live = f"the new rules are live on {', '.join(done)}" if done else "no node has the new rules live yet"
                raise callrules_db.LoadError(f"node {node.number} ({node.key}): {error}; {live}: run the reload again "
                                             "once that node is fixed") from None
            done.append(node.key)
    lines = [f"node {node.number} ({node.key}): generation {one.generation}" for (node, _), one in zip(running, staged)]
    return lines + skipped, staged[0].facts.connections


def main(argv: Sequence[str]) -> int:
    import callrules_db
    import callrules_file

    try:
        if len(argv) == 6 and argv[1] == "node-config":
            print(write_node_config(argv[2], argv[3], argv[4], argv[5]).number)
            return 0
        if len(argv) == 3 and argv[1] == "check":
            for node in read_cluster_file(argv[2]):
                print(f"node {node.number}: {node.key}")
            return 0
        if len(argv) == 4 and argv[1] == "reload":
            started = time.monotonic()
            try:
                lines, connections = reload_cluster(argv[2], argv[3])
            except callrules_file.RuleFileError as error:
                print(f"callrules: invalid call-rule file: {error}", file=sys.stderr)
                print("callrules: reload refused; every node keeps its current rules", file=sys.stderr)
                return 1
            except callrules_db.LoadError as error:
                print(f"callrules: cluster reload failed: {error}", file=sys.stderr)
                return 1
            for line in lines:
                print(f"callrules: {line}")
            print(f"callrules: reloaded {connections} connection(s) on the cluster in {time.monotonic() - started:.2f} s")
            return 0
    except ClusterFileError as error:
        print(f"callrules: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"callrules: {error}", file=sys.stderr)
        return 1
    print("usage: callrules_cluster.py node-config <cluster file> <address:port> <kamailio.cfg> <state folder>\n"
          "       callrules_cluster.py check <cluster file>\n"
          "       callrules_cluster.py reload <cluster file> <state root>", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
