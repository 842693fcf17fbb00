"""The cluster file, the node configuration run.sh writes from it, and the refusals of a cluster reload that
need no running Kamailio (the rest is proven end to end: tests/CallRules.EndToEnd.Tests/ClusterTests.cs)."""

from __future__ import annotations

import os
import sys
import tempfile
import unittest
from typing import Sequence

import callrules_cluster as cc
import callrules_db as cdb
import callrules_file as cf


class ClusterFileTests(unittest.TestCase):
    def setUp(self) -> None:
        self._folder = tempfile.TemporaryDirectory()
        self.folder = self._folder.name
        self.path = os.path.join(self.folder, "cluster")

    def tearDown(self) -> None:
        self._folder.cleanup()

    def write(self, text: str) -> str:
        with open(self.path, "w", encoding="utf-8") as f:
            f.write(text)
        return self.path

    def refusal(self, text: str) -> str:
        with self.assertRaises(cc.ClusterFileError) as caught:
            cc.read_cluster_file(self.write(text))
        return str(caught.exception)

    def test_nodes_are_numbered_in_file_order_skipping_comments_and_blank_lines(self) -> None:
        nodes = cc.read_cluster_file(self.write("# the cluster\n127.0.0.2:5060\n\n127.0.0.3:5070  # second\n"))
        self.assertEqual([(n.number, n.key) for n in nodes], [(1, "127.0.0.2:5060"), (2, "127.0.0.3:5070")])
        self.assertEqual(nodes[1].uri, "sip:127.0.0.3:5070;transport=tcp")

    def test_each_refusal_names_the_file_and_line(self) -> None:
        self.assertEqual(self.refusal("127.0.0.2:5060\nnode-b:5060\n"),
                         f"{self.path}:2: a node is written address:port with an IPv4 address, got 'node-b:5060'")
        self.assertEqual(self.refusal("127.0.0.2:5060\n127.0.0.3:0\n"),
                         f"{self.path}:2: the port must be a number from 1 to 65535, got '0'")
        self.assertEqual(self.refusal("127.0.0.2:5060\n\n127.0.0.2:5070\n"),
                         f"{self.path}:3: 127.0.0.2 is already node 1: every node needs an address of its own")
        self.assertEqual(self.refusal("# nothing\n"), f"{self.path}: the cluster file names no node")
        many = "".join(f"127.0.1.{i}:5060\n" for i in range(1, cc.MAX_NODES + 2))
        self.assertEqual(self.refusal(many), f"{self.path}:{cc.MAX_NODES + 1}: a cluster has at most {cc.MAX_NODES} nodes")

    def test_a_missing_file_is_refused_with_its_name(self) -> None:
        with self.assertRaises(cc.ClusterFileError) as caught:
            cc.read_cluster_file(os.path.join(self.folder, "absent"))
        self.assertIn("absent: cannot read the cluster file", str(caught.exception))

    def test_node_config_includes_the_main_configuration_and_lists_the_other_nodes(self) -> None:
        self.write("127.0.0.2:5060\n127.0.0.3:5060\n127.0.0.4:5060\n")
        state = os.path.join(self.folder, "state")
        os.mkdir(state)
        me = cc.write_node_config(self.path, "127.0.0.3:5060", "/opt/callrules/kamailio.cfg", state)
        self.assertEqual(me.number, 2)
        with open(os.path.join(state, "node.cfg"), encoding="utf-8") as f:
            config = f.read()
        self.assertIn("#!define CLUSTER_NODE_ID 2\n", config)
        self.assertIn('#!define CLUSTER_DMQ_ADDRESS "sip:127.0.0.3:5060;transport=tcp"\n', config)
        self.assertIn('include_file "/opt/callrules/kamailio.cfg"\n', config)
        self.assertIn('modparam("dmq", "notification_address", "sip:127.0.0.2:5060;transport=tcp")', config)
        self.assertIn('modparam("dmq", "notification_address", "sip:127.0.0.4:5060;transport=tcp")', config)
        self.assertNotIn('"notification_address", "sip:127.0.0.3', config)
        with open(os.path.join(state, "cluster.list"), encoding="utf-8") as f:
            self.assertEqual(f.read(), "1 sip:127.0.0.2:5060;transport=tcp 9 0\n1 sip:127.0.0.4:5060;transport=tcp 9 0\n")

    def test_node_config_refuses_a_node_that_is_not_in_the_file(self) -> None:
        self.write("127.0.0.2:5060\n")
        with self.assertRaises(cc.ClusterFileError) as caught:
            cc.write_node_config(self.path, "127.0.0.3:5060", "/opt/kamailio.cfg", self.folder)
        self.assertIn("127.0.0.3:5060 is not a node of this cluster", str(caught.exception))
        self.assertFalse(os.path.exists(os.path.join(self.folder, "node.cfg")))

    def test_state_folders_are_named_as_run_sh_names_them(self) -> None:
        nodes = cc.read_cluster_file(self.write("127.0.0.1:5060\n127.0.0.2:5070\n"))
        self.assertEqual(cc.state_folder("/s", nodes[0]), "/s/5060")
        self.assertEqual(cc.state_folder("/s", nodes[1]), "/s/127.0.0.2-5070")


class ClusterReloadTests(unittest.TestCase):
    """What a cluster reload refuses before it talks to any server."""

    def setUp(self) -> None:
        self._folder = tempfile.TemporaryDirectory()
        self.folder = self._folder.name
        self.cluster = os.path.join(self.folder, "cluster")
        with open(self.cluster, "w", encoding="utf-8") as f:
            f.write("127.0.0.2:5060\n127.0.0.3:5060\n")

    def tearDown(self) -> None:
        self._folder.cleanup()

    def started(self, node: str, rules: str, pid: int) -> None:
        folder = os.path.join(self.folder, node)
        os.makedirs(folder)
        with open(os.path.join(folder, "server.conf"), "w", encoding="utf-8") as f:
            f.write(f"rules={rules}\ndatabase={folder}/rules.db\ncontrol={folder}/ctl.sock\npid={pid}\nport=5060\n")

    def test_no_running_node_is_an_error(self) -> None:
        with self.assertRaises(cdb.LoadError) as caught:
            cc.reload_cluster(self.cluster, self.folder)
        self.assertIn("no node of", str(caught.exception))

    def test_nodes_on_different_files_are_refused(self) -> None:
        self.started("127.0.0.2-5060", os.path.join(self.folder, "a.rules"), os.getpid())
        self.started("127.0.0.3-5060", os.path.join(self.folder, "b.rules"), os.getpid())
        with self.assertRaises(cdb.LoadError) as caught:
            cc.reload_cluster(self.cluster, self.folder)
        self.assertIn("do not share one call-rule file", str(caught.exception))

    def test_an_invalid_file_is_refused_before_any_node_is_asked(self) -> None:
        rules = os.path.join(self.folder, "connection.rules")
        with open(rules, "w", encoding="utf-8") as f:
            f.write("[a]\nOrigMatch=sip*@10.0.0.1\nMaxCallsOrig=lots\n")
        # Running (this process's pid) but with no control socket: any RPC would fail with another message.
        self.started("127.0.0.2-5060", rules, os.getpid())
        self.started("127.0.0.3-5060", rules, os.getpid())
        with self.assertRaises(cf.RuleFileError) as caught:
            cc.reload_cluster(self.cluster, self.folder)
        self.assertIn(f"{rules}:3: MaxCallsOrig must be a whole number of calls, got 'lots'", str(caught.exception))


if __name__ == "__main__":
    unittest.main()


class FakeKsr:
    """The few KSR calls the owner of the call limits needs: which nodes answer probes, the crcluster table, logs."""

    def __init__(self) -> None:
        self.up: set[str] = set()
        self.table: dict[str, str] = {}
        self.logs: list[str] = []
        ksr = self

        class Dispatcher:
            @staticmethod
            def ds_is_active_uri(_set: int, uri: str) -> int:
                return 1 if uri in ksr.up else -1

        class Htable:
            @staticmethod
            def sht_get(_table: str, key: str) -> str | None:
                return ksr.table.get(key)

            @staticmethod
            def sht_sets(_table: str, key: str, value: str) -> int:
                ksr.table[key] = value
                return 1

        class Pv:
            @staticmethod
            def get(_name: str) -> str:
                return "call-1"

        self.dispatcher, self.htable, self.pv = Dispatcher, Htable, Pv

    def info(self, text: str) -> None:
        self.logs.append(text)

    warn = info


class OwnerTests(unittest.TestCase):
    """Which node checks and counts the calls with a limit, as each node decides it from what its probes show."""

    NODES = [cc.Node("127.0.0.2", 5060, 1), cc.Node("127.0.0.3", 5060, 2), cc.Node("127.0.0.4", 5060, 3)]

    def node(self, number: int, up: Sequence[int] = (), claims: bool = True) -> tuple[cc.ClusterRouting, FakeKsr]:
        """Node `number` as it sees the others: `up` answer its probes; it claims the limits (or is in its first seconds)."""
        ksr = FakeKsr()
        sys.modules["KSR"] = ksr  # type: ignore[assignment]
        try:
            routing = cc.ClusterRouting(self.NODES, self.NODES[number - 1].key)
        finally:
            del sys.modules["KSR"]
        ksr.up = {self.NODES[n - 1].uri for n in up}
        ksr.table["synced"] = str(cc.now_ms() - (cc.CLAIM_AFTER_MS if claims else 0))
        return routing, ksr

    def test_the_owner_is_the_first_node_of_the_file_that_is_up_and_every_node_names_the_same(self) -> None:
        views = [self.node(1, up=[2, 3])[0], self.node(2, up=[1, 3])[0], self.node(3, up=[1, 2])[0]]
        self.assertEqual({v.owner().key for v in views}, {"127.0.0.2:5060"})  # type: ignore[union-attr]
        # Node 1 dead: nodes 2 and 3 both name node 2.
        views = [self.node(2, up=[3])[0], self.node(3, up=[2])[0]]
        self.assertEqual({v.owner().key for v in views}, {"127.0.0.3:5060"})  # type: ignore[union-attr]

    def test_a_node_in_its_first_seconds_defers_to_the_others_and_alone_names_no_owner(self) -> None:
        joining, _ = self.node(1, up=[2], claims=False)
        self.assertEqual(joining.owner(), self.NODES[1])
        alone, _ = self.node(1, claims=False)
        self.assertIsNone(alone.owner())
        self.assertIsNone(alone.place(None))

    def test_a_call_is_admitted_on_the_owner_and_forwarded_by_the_others(self) -> None:
        owner, _ = self.node(1, up=[2])
        other, _ = self.node(2, up=[1])
        self.assertIs(owner.place(None), owner.me)
        self.assertEqual(other.place(None), self.NODES[0])

    def test_a_forwarded_call_is_never_sent_on_by_a_node_that_claims_the_limits(self) -> None:
        # Node 2 still sees node 1 as the owner, but node 3 (which no longer does) forwarded the call here: admitted.
        node, ksr = self.node(2, up=[1, 3])
        self.assertIs(node.place(cc.Forward(self.NODES[2], 1)), node.me)
        self.assertIn("admitting it here", ksr.logs[-1])

    def test_a_node_in_its_first_seconds_sends_a_forwarded_call_back_once_then_refuses(self) -> None:
        joining, _ = self.node(1, up=[2], claims=False)
        self.assertEqual(joining.place(cc.Forward(self.NODES[1], 1)), self.NODES[1])
        self.assertIsNone(joining.place(cc.Forward(self.NODES[1], cc.MAX_FORWARD_HOPS)))

    def test_a_takeover_sent_to_itself_is_admitted_there(self) -> None:
        node, _ = self.node(2, up=[1], claims=False)
        self.assertIs(node.place(cc.Forward(node.me, 1)), node.me)

    def test_the_log_says_when_this_node_takes_over_from_an_owner_that_stopped_answering(self) -> None:
        node, ksr = self.node(2, up=[1])
        node.note_owner()
        self.assertIn("the owner of the call limits is now 127.0.0.2:5060", ksr.logs[-1])
        ksr.up.clear()
        node.note_owner()
        self.assertIn("127.0.0.2:5060 no longer answers its probes: this node takes over", ksr.logs[-1])
        node.note_owner()
        self.assertEqual(len(ksr.logs), 2)
