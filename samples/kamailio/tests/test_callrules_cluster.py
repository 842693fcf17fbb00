"""The cluster file, the node configuration run.sh writes from it, and the refusals of a cluster reload that
need no running Kamailio (the rest is proven end to end: tests/CallRules.EndToEnd.Tests/ClusterTests.cs)."""

from __future__ import annotations

import os
import tempfile
import unittest

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
