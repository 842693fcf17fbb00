#!/usr/bin/env python3
"""The SIP server at scale, measured in one run on loopback (docs/performance.md, "The SIP server at scale").

    python3 samples/kamailio/bench/bench.py --cli <callrules.dll> [--sizes 1000,10000,50000] [--out <folder>]

(run-bench.sh builds the CLI and runs this.) For each size it writes realistic connection definitions,
compiles them with the callrules CLI as a process, and measures, against a plain forwarding Kamailio
(bench/plain.cfg) with the same SIPp scenario, workers and memory manager measured right beside it:

- calls a second: SIPp's uac.xml through the server to uas.xml, as fast as they go (500 calls at once);
- INVITE relay latency: from the caller's INVITE to the relayed INVITE at the far end, one call at a time, median;
- memory: PSS of every Kamailio process, after the calls;
- start-up: run.sh until the server answers OPTIONS, on a new file (cold) and on a restart (warm).

At the largest size it also runs the bursts over a limit (bursts of 100 INVITEs at a connection limited to
5 calls, calls held 2 s, 8 workers: how many bursts ever had a sixth call answered) and the reload loop
(reload.sh every second for a minute under a steady load, alternating two versions of the file: failed
calls, failed reloads, whether the server is still up).

Then, at the largest size, the cluster (samples/kamailio/cluster/README.md; docs/performance.md, "The SIP server
as a cluster"): calls a second of one node (run.sh alone) and of a 2-node cluster on the same file, the calls split
evenly over both nodes; bursts of 100 INVITEs at the connection limited to 5, 50 through each node at the same
moment (how many calls each burst had answered across the cluster); and a node that joins while `--held` calls are
up through the other: how long until it answers OPTIONS with 200, and how many of those calls it counts then.
`--parts scale` or `--parts cluster` runs one half.

Loopback only (127.0.0.x), every SIPp run bounded by -m and -timeout, every process stopped by its PID.
Results: <out>/sip-scale.json and <out>/sip-scale.svg, <out>/sip-cluster.json, and a Markdown table on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from typing import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.dirname(HERE)
SIPP = os.path.join(SAMPLE, "sipp")
SERVER_IP, CALLER_IP, BURST_IP, FAR_IP = "127.0.0.1", "127.0.0.20", "127.0.0.21", "127.0.0.30"
DIAL = "19995550100"  # matches the far end's TermMatch 1999*, and the default route 1* of another tenant
WORKERS = 8
BURST_LIMIT, BURST_SIZE, BURST_HOLD_MS = 5, 100, 2000
CONCURRENT = 100  # calls up at once in the throughput runs


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- the data -------------------------------------------------------------------------------------------

def definitions(count: int, far_port: int, paid: str, seed: int = 9) -> list[dict[str, object]]:
    """`count` connections shaped like a hosted PBX platform's: customer PBXs at their own address with their
    DID blocks, carriers with country or NPA prefixes and translations, trunks by host name, a few subnet
    wildcards; tenants of about twenty connections. Three of them are the ones the benchmark calls through
    (loopback); the rest have addresses that are never contacted."""
    rng = random.Random(seed)
    result: list[dict[str, object]] = [
        {"domain": "bench-caller.example", "connection-orig-match-pattern": f"sip*@{CALLER_IP}",
         "connection-term-match-pattern": "1000000*", "connection-address": f"{CALLER_IP}:5070",
         "connection-source-ip-checking-enabled": "yes", "limits-max-active-calls-total": 100000},
        {"domain": "bench-caller.example", "connection-orig-match-pattern": f"sip*@{BURST_IP}",
         "connection-term-match-pattern": "1000001*", "connection-address": f"{BURST_IP}:5070",
         "limits-max-active-calls-total": BURST_LIMIT},
        {"domain": "bench-carrier.example", "connection-orig-match-pattern": f"sip*@{FAR_IP}",
         "connection-term-match-pattern": "1999*", "connection-address": f"{FAR_IP}:{far_port}",
         "connection-translation-request-user": "+[*]", "connection-translation-source-user": "+15550009999",
         "connection-custom-p-asserted-id-format": paid, "limits-max-active-calls-term": 100000},
        # Another tenant's wildcard over the whole loopback subnet, and a default route for every 1... number:
        # the benchmark's calls must still find the exact connections above (the documented order).
        {"domain": "a-tenant-with-a-much-longer-name.example", "connection-orig-match-pattern": "sip*@127.0.0.*",
         "connection-orig-enabled": "no", "connection-term-match-pattern": "1*", "connection-address": "192.0.2.1"},
    ]
    used_ips: set[str] = set()
    used_blocks: set[str] = set()
    while len(result) < count:
        n = len(result)
        tenant = f"tenant{n // 20:05d}.example"
        kind = rng.random()
        if kind < 0.02:
            pattern = f"sip*@10.{rng.randrange(256)}.{rng.randrange(256)}.*"
            address = pattern.split("@")[1].replace("*", "1")
        elif kind < 0.15:
            pattern = f"sip*@trunk{n}.{tenant}"
            address = f"trunk{n}.{tenant}:5060"
        else:
            ip = f"{rng.choice([10, 172, 198])}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
            if ip in used_ips:
                continue
            used_ips.add(ip)
            pattern, address = f"sip*@{ip}", ip
        definition: dict[str, object] = {
            "domain": tenant, "connection-orig-match-pattern": pattern, "connection-address": address,
            "description": f"Connection {n} of {tenant}",
        }
        if rng.random() < 0.25:
            # A carrier: a country code or NPA prefix, translations, a P-Asserted-Identity.
            prefix = rng.choice(["44", "49", "33", "34", "39", "61", "81"]) + str(rng.randrange(10, 99))
            definition.update({
                "connection-term-match-pattern": prefix + "*",
                "connection-sip-transport-protocol": rng.choice(["UDP", "TCP"]),
                "connection-translation-request-user": "+[*]",
                "connection-custom-p-asserted-id-format": f"<sip:+{prefix}0000000@{tenant}>",
                "limits-max-active-calls-term": rng.choice([100, 500, 1000]),
            })
        else:
            # A customer PBX: its DID block (an 8-digit prefix), limits, often credentials and source checks.
            block = f"1{rng.randrange(200, 999)}{rng.randrange(200, 999)}{rng.randrange(10)}"
            if block in used_blocks:
                continue
            used_blocks.add(block)
            definition.update({
                "connection-term-match-pattern": block + "*",
                "limits-max-active-calls-total": rng.choice([2, 5, 10, 23, 50]),
                # Source checks on peers known by address; a host name would be resolved at every load.
                "connection-source-ip-checking-enabled": "no" if "trunk" in pattern else rng.choice(["yes", "no"]),
            })
            if rng.random() < 0.4:
                definition.update({
                    "connection-require-sip-authentication-enabled": "yes",
                    "connection-sip-registration-username": f"pbx{n}",
                    "connection-sip-registration-password": f"secret-{rng.randrange(10 ** 9)}",
                })
        result.append(definition)
    return result


def write_definitions(folder: str, items: Sequence[dict[str, object]]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    for start in range(0, len(items), 1000):
        with open(os.path.join(folder, f"connections-{start // 1000:04d}.json"), "w", encoding="utf-8") as f:
            json.dump(list(items[start:start + 1000]), f, indent=1)


def compile_rules(cli: str, definitions_folder: str, out: str) -> tuple[str, float]:
    started = time.monotonic()
    done = subprocess.run(["dotnet", cli, "compile", definitions_folder, "--out", out], capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise RuntimeError(f"callrules compile failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return os.path.join(out, "connection.rules"), elapsed


def replace_atomically(source: str, target: str) -> None:
    temporary = target + ".new"
    shutil.copyfile(source, temporary)
    os.replace(temporary, target)


# --- processes ------------------------------------------------------------------------------------------

def free_port(address: str, start: int) -> int:
    for port in range(start, start + 2000):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp, socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
                udp.bind((address, port))
                tcp.bind((address, port))
                return port
        except OSError:
            continue
    raise RuntimeError(f"no free port on {address} from {start}")


class Ports:
    """Ports from a block chosen by the process id, each checked free on its address."""

    def __init__(self) -> None:
        self._next = 30000 + (os.getpid() % 200) * 50

    def take(self, address: str, count: int = 1) -> int:
        """The first of `count` consecutive ports free on `address`."""
        while True:
            port = free_port(address, self._next)
            self._next = port + count
            if all(free_port(address, p) == p for p in range(port + 1, port + count)):
                return port


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM by PID, then SIGKILL after a grace period."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def pss_mb(pid: int) -> float:
    """PSS of a process and its children (Kamailio's workers are children of its main process)."""
    pids = [pid]
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    pids += [int(c) for c in children]
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="ascii") as f:
                total += sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except OSError:
            pass
    return total / 1024


def wait_ready(port: int, process: subprocess.Popen[bytes], limit: float = 120, ip: str = SERVER_IP) -> float:
    """Sends OPTIONS until the server answers 200; returns when it did (monotonic time)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind((SERVER_IP, 0))
    probe.settimeout(0.02)
    deadline = time.monotonic() + limit
    n = 0
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited ({process.returncode}) while starting")
            n += 1
            message = (f"OPTIONS sip:{ip}:{port} SIP/2.0\r\nVia: SIP/2.0/UDP {SERVER_IP}:{probe.getsockname()[1]};"
                       f"branch=z9hG4bK-bench-{n}\r\nMax-Forwards: 70\r\nFrom: <sip:probe@{SERVER_IP}>;tag=b\r\n"
                       f"To: <sip:{ip}>\r\nCall-ID: bench-{n}-{port}\r\nCSeq: {n} OPTIONS\r\nContent-Length: 0\r\n\r\n")
            probe.sendto(message.encode(), (ip, port))
            try:
                if probe.recv(4096).startswith(b"SIP/2.0 200"):
                    return time.monotonic()
            except (socket.timeout, ConnectionRefusedError):
                pass
        raise RuntimeError(f"the server on {port} was not ready within {limit:.0f} s")
    finally:
        probe.close()


@dataclass
class Server:
    """A Kamailio under test: the sample (run.sh) or the plain baseline."""

    process: subprocess.Popen[bytes]
    port: int
    ready_seconds: float
    log_path: str
    ip: str = SERVER_IP

    def pss(self) -> float:
        return pss_mb(self.process.pid)

    def stop(self) -> None:
        stop(self.process)


def start_sample(rules: str, port: int, state: str, work: str, name: str) -> Server:
    log_path = os.path.join(work, f"{name}.log")
    env = dict(os.environ, CALLRULES_STATE_DIR=state)
    started = time.monotonic()
    process = subprocess.Popen(["sh", os.path.join(SAMPLE, "run.sh"), "-w", str(WORKERS), rules, str(port)],
                               stdout=subprocess.DEVNULL, stderr=open(log_path, "wb"), env=env)
    try:
        ready = wait_ready(port, process)
    except Exception:
        stop(process)
        raise RuntimeError(f"{name}: {open(log_path, encoding='utf-8', errors='replace').read()[-3000:]}")
    return Server(process, port, ready - started, log_path)


def start_plain(port: int, far_port: int, shm: int, work: str) -> Server:
    log_path = os.path.join(work, "plain.log")
    started = time.monotonic()
    process = subprocess.Popen(
        ["kamailio", "-DD", "-E", "-x", "tlsf", "-m", str(shm), "-M", "16", "-n", str(WORKERS),
         "-f", os.path.join(HERE, "plain.cfg"), "-A", f"LISTEN=udp:{SERVER_IP}:{port}",
         "-A", f'FAR_END="sip:{FAR_IP}:{far_port}"'],
        stdout=subprocess.DEVNULL, stderr=open(log_path, "wb"))
    ready = wait_ready(port, process)
    return Server(process, port, ready - started, log_path)


def sipp(args: Sequence[str], work: str, timeout: float) -> subprocess.Popen[str]:
    return subprocess.Popen(["sipp", *args, "-nostdin", "-timeout", f"{int(timeout)}s", "-timeout_error"],
                            cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def far_end(port: int, calls: int, work: str, timeout: float, ports: Ports) -> subprocess.Popen[str]:
    return sipp(["-sf", os.path.join(SIPP, "uas.xml"), "-i", FAR_IP, "-p", str(port), "-mi", FAR_IP,
                 "-mp", str(ports.take(FAR_IP, 4)), "-ci", FAR_IP, "-cp", str(ports.take(FAR_IP)),
                 "-m", str(calls), "-t", "u1"], work, timeout)


def caller(server: Server, ip: str, scenario: str, calls: int, concurrent: int, rate: int, hold_ms: int,
           work: str, timeout: float, ports: Ports, extra: Sequence[str] = ()) -> subprocess.Popen[str]:
    # SIPp binds four media ports from -mp (audio and video, RTP and RTCP): callers running at once must not overlap.
    return sipp([f"{server.ip}:{server.port}", "-sf", os.path.join(SIPP, scenario), "-i", ip,
                 "-p", str(ports.take(ip)), "-mi", ip, "-mp", str(ports.take(ip, 4)), "-ci", ip, "-cp", str(ports.take(ip)),
                 "-m", str(calls), "-l", str(concurrent), "-r", str(rate), "-d", str(hold_ms), "-s", DIAL,
                 "-key", "from_user", "bench", "-key", "from_host", ip, "-t", "u1", *extra], work, timeout)


def counts(output: str) -> tuple[int, int]:
    """(successful, failed) calls from SIPp's final statistics."""
    def cumulative(name: str) -> int:
        found = re.findall(rf"{name}\s*\|\s*\d+\s*\|\s*(\d+)", output)
        return int(found[-1]) if found else 0
    return cumulative("Successful call"), cumulative("Failed call")


def finish(process: subprocess.Popen[str], limit: float) -> str:
    try:
        output, _ = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output


# --- measurements ---------------------------------------------------------------------------------------

def throughput(server: Server, far_port: int, calls: int, work: str, ports: Ports) -> tuple[float, int]:
    """Calls a second, each answered and hung up at once, CONCURRENT at a time, as fast as they go; and how many
    calls failed."""
    far = far_end(far_port, calls, work, 300, ports)
    time.sleep(0.3)
    started = time.monotonic()
    call = caller(server, CALLER_IP, "uac.xml", calls, CONCURRENT, 20000, 0, work, 240, ports,
                  ["-trace_err", "-error_file", os.path.join(work, "throughput-errors.log")])
    output = finish(call, 300)
    elapsed = time.monotonic() - started
    finish(far, 30)
    ok, failed = counts(output)
    if failed or ok < calls:
        log(f"throughput run: {ok} calls answered, {failed} failed of {calls}; errors in {work}/throughput-errors.log")
    return ok / elapsed, failed


def relay_latency(server: Server, far_port: int, calls: int = 300) -> float:
    """Median time (ms) from an INVITE leaving the caller to the relayed INVITE reaching the far end, one call at a
    time: what the server adds to call set-up. A caller and a far end of our own on loopback sockets, timed with a
    microsecond clock (SIPp's response times are whole milliseconds). The far end answers 486, which the caller
    ACKs, so no call stays up."""
    caller_socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    caller_socket.bind((CALLER_IP, 0))
    caller_socket.settimeout(2)
    far = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    far.bind((FAR_IP, far_port))
    far.settimeout(2)
    local = caller_socket.getsockname()[1]
    times: list[float] = []
    try:
        for n in range(calls):
            branch, call_id = f"z9hG4bK-relay-{n}", f"relay-{n}-{os.getpid()}@{CALLER_IP}"
            head = (f"Via: SIP/2.0/UDP {CALLER_IP}:{local};branch={branch}\r\n"
                    f"From: <sip:bench@{CALLER_IP}>;tag=r{n}\r\nCall-ID: {call_id}\r\n")
            invite = (f"INVITE sip:{DIAL}@{SERVER_IP}:{server.port} SIP/2.0\r\n{head}To: <sip:{DIAL}@{SERVER_IP}>\r\n"
                      f"CSeq: 1 INVITE\r\nContact: <sip:bench@{CALLER_IP}:{local}>\r\nMax-Forwards: 70\r\n"
                      "Content-Length: 0\r\n\r\n")
            sent = time.perf_counter()
            caller_socket.sendto(invite.encode(), (SERVER_IP, server.port))
            relayed, proxy, arrived = b"", None, 0.0
            try:
                # The far end also gets the server's ACKs of earlier 486s: wait for this call's INVITE.
                while not (relayed.startswith(b"INVITE ") and call_id.encode() in relayed):
                    relayed, proxy = far.recvfrom(65535)
                    arrived = time.perf_counter()
            except socket.timeout:
                continue
            times.append((arrived - sent) * 1000)
            text = relayed.decode(errors="replace")
            headers = [line for line in text.split("\r\n") if line.split(":", 1)[0].lower() in ("via", "from", "call-id", "cseq")]
            to = next(line for line in text.split("\r\n") if line.lower().startswith("to:"))
            far.sendto(("SIP/2.0 486 Busy Here\r\n" + "\r\n".join(headers) + f"\r\n{to};tag=far{n}\r\n"
                        "Content-Length: 0\r\n\r\n").encode(), proxy)
            while True:  # the 100 Trying, then the 486, which the caller ACKs in the INVITE's transaction
                try:
                    answer = caller_socket.recv(65535).decode(errors="replace")
                except socket.timeout:
                    break
                if answer.startswith("SIP/2.0 486"):
                    answer_to = next(line for line in answer.split("\r\n") if line.lower().startswith("to:"))
                    ack = (f"ACK sip:{DIAL}@{SERVER_IP}:{server.port} SIP/2.0\r\n{head}{answer_to}\r\nCSeq: 1 ACK\r\n"
                           "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
                    caller_socket.sendto(ack.encode(), (SERVER_IP, server.port))
                    break
    finally:
        caller_socket.close()
        far.close()
    return statistics.median(times) if times else float("nan")


def answered_invites(trace: str) -> int:
    """Calls of a caller's -message_file trace that got a 200 to their INVITE."""
    answered = set()
    for block in trace.split("----------------------------------------------- ")[1:]:
        if " message received " in block and "\nSIP/2.0 200" in block and "CSeq: 1 INVITE" in block:
            found = re.search(r"Call-ID:\s*(\S+)", block)
            if found:
                answered.add(found.group(1))
    return len(answered)


def bursts(server: Server, far_port: int, work: str, ports: Ports, count: int = 40) -> dict[str, object]:
    """Bursts of BURST_SIZE INVITEs at a connection limited to BURST_LIMIT calls; how many ever passed it."""
    far = far_end(far_port, count * BURST_LIMIT, work, count * 10 + 60, ports)
    time.sleep(0.3)
    answered: list[int] = []
    for n in range(count):
        trace = os.path.join(work, f"burst-{n}.messages")
        call = caller(server, BURST_IP, "uac-either.xml", BURST_SIZE, BURST_SIZE, 20000, BURST_HOLD_MS, work, 30, ports,
                      ["-trace_msg", "-message_file", trace])
        output = finish(call, 60)
        _, failed = counts(output)
        with open(trace, encoding="utf-8", errors="replace") as f:
            answered.append(answered_invites(f.read()))
        os.remove(trace)
        if failed:
            log(f"burst {n}: {failed} calls neither answered nor refused with 503")
    finish(far, 60)
    return {"bursts": count, "size": BURST_SIZE, "limit": BURST_LIMIT, "workers": WORKERS,
            "over_limit": sum(1 for a in answered if a > BURST_LIMIT), "most_answered": max(answered),
            "fewest_answered": min(answered)}


def reload_loop(server: Server, far_port: int, live_rules: str, versions: Sequence[str], state: str, work: str,
                ports: Ports, seconds: int = 60, rate: int = 30) -> dict[str, object]:
    """reload.sh every second for `seconds` under a steady load of `rate` calls a second held 2 s."""
    calls = seconds * rate
    far = far_end(far_port, calls, work, seconds + 120, ports)
    time.sleep(0.3)
    load = caller(server, CALLER_IP, "uac.xml", calls, 1000, rate, 2000, work, seconds + 90, ports)
    env = dict(os.environ, CALLRULES_STATE_DIR=state)
    durations: list[float] = []
    failed_reloads: list[str] = []
    started = time.monotonic()
    n = 0
    while time.monotonic() - started < seconds and load.poll() is None:
        tick = time.monotonic()
        replace_atomically(versions[n % len(versions)], live_rules)
        done = subprocess.run(["sh", os.path.join(SAMPLE, "reload.sh"), str(server.port)], env=env,
                              capture_output=True, text=True, timeout=120)
        durations.append(time.monotonic() - tick)
        if done.returncode != 0:
            failed_reloads.append(done.stderr.strip()[-300:])
        n += 1
        time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
    output = finish(load, seconds + 120)
    finish(far, 60)
    ok, failed = counts(output)
    return {"seconds": seconds, "reloads": n, "failed_reloads": len(failed_reloads), "reload_errors": failed_reloads[:3],
            "reload_median_s": statistics.median(durations) if durations else None,
            "reload_max_s": max(durations) if durations else None, "calls": ok + failed, "failed_calls": failed,
            "server_alive": server.process.poll() is None}


@dataclass
class SizeResult:
    connections: int
    compile_s: float
    rules_mb: float
    sample_cps: float
    plain_cps: float
    ratio: float
    sample_latency_ms: float
    plain_latency_ms: float
    pss_mb: float
    plain_pss_mb: float
    ready_cold_s: float
    ready_warm_s: float
    shm_mb: int = 0
    sample_failed_calls: int = 0
    plain_failed_calls: int = 0


def compiled(count: int, cli: str, folder: str, ports: Ports, out: str) -> tuple[int, str, float]:
    """`count` connections in a new work folder, compiled: the far end's port, the call-rule file, compile seconds."""
    os.makedirs(folder, exist_ok=True)
    far_port = ports.take(FAR_IP)
    items = definitions(count, far_port, "<sip:+15550000001@bench-carrier.example>")
    write_definitions(os.path.join(folder, "definitions"), items)
    rules, seconds = compile_rules(cli, os.path.join(folder, "definitions"), os.path.join(folder, out))
    return far_port, rules, seconds


def measure_size(count: int, cli: str, work: str, ports: Ports, calls: int, extras: bool) -> tuple[SizeResult, dict[str, object]]:
    folder = os.path.join(work, f"n{count}")
    far_port, rules_a, compile_seconds = compiled(count, cli, folder, ports, "out-a")
    log(f"{count}: compiled in {compile_seconds:.1f} s ({os.path.getsize(rules_a) / 2 ** 20:.1f} MB)")
    live = os.path.join(folder, "live", "connection.rules")
    os.makedirs(os.path.dirname(live), exist_ok=True)
    replace_atomically(rules_a, live)
    state = os.path.join(folder, "state")
    port = ports.take(SERVER_IP)

    cold = start_sample(live, port, state, folder, "sample-cold")
    shm = int(re.search(r"-m (\d+)", open(cold.log_path, encoding="utf-8", errors="replace").read()).group(1))  # type: ignore[union-attr]
    cold.stop()
    server = start_sample(live, port, state, folder, "sample")
    log(f"{count}: ready in {cold.ready_seconds:.2f} s on a new file, {server.ready_seconds:.2f} s on a restart")
    extra: dict[str, object] = {}
    try:
        plain_port = ports.take(SERVER_IP)
        sample_latency = relay_latency(server, far_port)
        sample_cps, sample_failed = throughput(server, far_port, calls, folder, ports)
        pss = server.pss()
        plain = start_plain(plain_port, far_port, shm, folder)
        try:
            plain_latency = relay_latency(plain, far_port)
            plain_cps, plain_failed = throughput(plain, far_port, calls, folder, ports)
            plain_pss = plain.pss()
        finally:
            plain.stop()
        log(f"{count}: {sample_cps:.0f} calls/s against {plain_cps:.0f} plain ({sample_cps / plain_cps:.2f}); "
            f"INVITE relay {sample_latency:.2f} ms against {plain_latency:.2f} ms; PSS {pss:.0f} MB")
        if extras:
            extra["bursts"] = bursts(server, far_port, folder, ports)
            log(f"{count}: bursts {extra['bursts']}")
            # A second version of the file: the far end's P-Asserted-Identity changes.
            items_b = definitions(count, far_port, "<sip:+15550000002@bench-carrier.example>")
            write_definitions(os.path.join(folder, "definitions-b"), items_b)
            rules_b, _ = compile_rules(cli, os.path.join(folder, "definitions-b"), os.path.join(folder, "out-b"))
            extra["reload"] = reload_loop(server, far_port, live, [rules_b, rules_a], state, folder, ports)
            log(f"{count}: reload loop {extra['reload']}")
            extra["pss_after_reloads_mb"] = server.pss()
    finally:
        server.stop()
    result = SizeResult(count, compile_seconds, os.path.getsize(rules_a) / 2 ** 20, sample_cps, plain_cps,
                        sample_cps / plain_cps, sample_latency, plain_latency, pss, plain_pss,
                        cold.ready_seconds, server.ready_seconds, shm, sample_failed, plain_failed)
    return result, extra


# --- the cluster (samples/kamailio/cluster/README.md) --------------------------------------------------

NODE_IPS = ("127.0.0.2", "127.0.0.3")
CALLER_SECTION = f"bench-caller.example/sip*@{CALLER_IP}"


def start_node(rules: str, ip: str, port: int, cluster: str, state: str, work: str, name: str) -> subprocess.Popen[bytes]:
    """A cluster node (run.sh -a -c), not waited for."""
    env = dict(os.environ, CALLRULES_STATE_DIR=state)
    return subprocess.Popen(["sh", os.path.join(SAMPLE, "run.sh"), "-w", str(WORKERS), "-a", ip, "-c", cluster, rules, str(port)],
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, f"{name}.log"), "ab"), env=env)


def node_ready(process: subprocess.Popen[bytes], ip: str, port: int, started: float, work: str, name: str) -> Server:
    log_path = os.path.join(work, f"{name}.log")
    try:
        ready = wait_ready(port, process, ip=ip)
    except Exception:
        stop(process)
        raise RuntimeError(f"{name}: {open(log_path, encoding='utf-8', errors='replace').read()[-3000:]}")
    return Server(process, port, ready - started, log_path, ip)


def wait_owner(nodes: Sequence[Server], limit: float = 60) -> float:
    """Waits until the first node owns the call limits and every other node names it (callrules_cluster.py logs it): a
    cluster that starts whole refuses calls with a limit until then. Returns the seconds waited."""
    started = time.monotonic()
    owner = f"{nodes[0].ip}:{nodes[0].port}"
    expected = [f"the owner of the call limits is {owner} (this node)"] + \
        [f"the owner of the call limits is now {owner}" for _ in nodes[1:]]
    while time.monotonic() - started < limit:
        logs = []
        for node in nodes:
            with open(node.log_path, encoding="utf-8", errors="replace") as f:
                logs.append(f.read())
        if all(text in log for text, log in zip(expected, logs)):
            return time.monotonic() - started
        time.sleep(0.2)
    raise RuntimeError(f"no node owns the call limits after {limit:.0f} s")


def profile_size(state: str, ip: str, port: int, profile: str, value: str) -> int:
    """A dialog profile's size on a node, over its RPC socket."""
    control = os.path.join(state, f"{ip}-{port}", "ctl.sock")
    done = subprocess.run(["kamcmd", "-s", f"unixs:{control}", "dlg.profile_get_size", profile, value],
                          capture_output=True, text=True, timeout=30)
    return int(done.stdout.strip() or -1)


def split_throughput(nodes: Sequence[Server], far_port: int, calls: int, work: str, ports: Ports) -> tuple[float, int]:
    """Calls a second through every node at once (one caller each, calls split evenly), as in throughput()."""
    far = far_end(far_port, calls, work, 300, ports)
    time.sleep(0.3)
    share = calls // len(nodes)
    started = time.monotonic()
    callers = [caller(node, CALLER_IP, "uac.xml", share, CONCURRENT // len(nodes), 20000, 0, work, 240, ports) for node in nodes]
    outputs = [finish(c, 300) for c in callers]
    elapsed = time.monotonic() - started
    finish(far, 30)
    ok = sum(counts(o)[0] for o in outputs)
    failed = sum(counts(o)[1] for o in outputs)
    if failed or ok < share * len(nodes):
        log(f"cluster throughput run: {ok} calls answered, {failed} failed of {share * len(nodes)}")
    return ok / elapsed, failed


def split_bursts(nodes: Sequence[Server], far_port: int, work: str, ports: Ports, count: int) -> dict[str, object]:
    """Bursts of BURST_SIZE INVITEs at a connection limited to BURST_LIMIT calls, half through each node at the same
    moment: how many calls each burst had answered across the cluster."""
    far = far_end(far_port, count * BURST_LIMIT * len(nodes), work, count * 10 + 60, ports)
    time.sleep(0.3)
    answered: list[int] = []
    for n in range(count):
        traces = [os.path.join(work, f"burst-{n}-{i}.messages") for i in range(len(nodes))]
        share = BURST_SIZE // len(nodes)
        calls = [caller(node, BURST_IP, "uac-either.xml", share, share, 20000, BURST_HOLD_MS, work, 30, ports,
                        ["-trace_msg", "-message_file", trace]) for node, trace in zip(nodes, traces)]
        outputs = [finish(c, 60) for c in calls]
        total = 0
        for trace in traces:
            with open(trace, encoding="utf-8", errors="replace") as f:
                total += answered_invites(f.read())
            os.remove(trace)
        answered.append(total)
        failed = sum(counts(o)[1] for o in outputs)
        if failed:
            log(f"split burst {n}: {failed} calls neither answered nor refused with 503")
    # The far end expected every burst to pass the limit on each node; it is stopped, not waited for.
    stop(far)  # type: ignore[arg-type]
    finish(far, 10)
    return {"bursts": count, "size": BURST_SIZE, "limit": BURST_LIMIT, "nodes": len(nodes), "workers_per_node": WORKERS,
            "over_limit": sum(1 for a in answered if a > BURST_LIMIT), "most_answered": max(answered),
            "fewest_answered": min(answered), "answered_per_burst": answered}


def measure_cluster(count: int, cli: str, work: str, ports: Ports, calls: int, held: int, burst_count: int) -> dict[str, object]:
    """One node against a 2-node cluster on the same file (calls/s), bursts split across the nodes, and a node
    that joins while `held` calls are up through the other: how long until it is in sync, and what it counted."""
    folder = os.path.join(work, f"cluster-{count}")
    far_port, rules, _ = compiled(count, cli, folder, ports, "out")
    state = os.path.join(folder, "state")
    result: dict[str, object] = {"connections": count}

    single = start_sample(rules, ports.take(SERVER_IP), state, folder, "single")
    try:
        result["one_node_cps"], result["one_node_failed_calls"] = throughput(single, far_port, calls, folder, ports)
    finally:
        single.stop()

    addresses = [(ip, ports.take(ip)) for ip in NODE_IPS]
    cluster = os.path.join(folder, "cluster")
    with open(cluster, "w", encoding="utf-8") as f:
        f.write("".join(f"{ip}:{port}\n" for ip, port in addresses))
    started = time.monotonic()
    processes = [start_node(rules, ip, port, cluster, state, folder, f"node{i + 1}") for i, (ip, port) in enumerate(addresses)]
    nodes: list[Server] = []
    try:
        for i, (process, (ip, port)) in enumerate(zip(processes, addresses)):
            nodes.append(node_ready(process, ip, port, started, folder, f"node{i + 1}"))
        log(f"cluster of {count}: both nodes ready in {max(n.ready_seconds for n in nodes):.1f} s")
        result["owner_after_ready_s"] = wait_owner(nodes)
        log(f"cluster of {count}: node 1 owns the call limits {result['owner_after_ready_s']:.1f} s later")
        result["two_node_cps"], result["two_node_failed_calls"] = split_throughput(nodes, far_port, calls, folder, ports)
        result["two_node_vs_one_node"] = result["two_node_cps"] / result["one_node_cps"]  # type: ignore[operator]
        log(f"cluster of {count}: {result['two_node_cps']:.0f} calls/s on 2 nodes, {result['one_node_cps']:.0f} on one")
        result["split_bursts"] = split_bursts(nodes, far_port, folder, ports, burst_count)
        log(f"cluster of {count}: split bursts {result['split_bursts']}")

        # Node 2 leaves; `held` calls go up through node 1; node 2 starts again and must learn them all.
        nodes[1].stop()
        far = far_end(far_port, held, folder, 200, ports)
        time.sleep(0.3)
        load = caller(nodes[0], CALLER_IP, "uac.xml", held, held, 500, 60000, folder, 150, ports)
        deadline = time.monotonic() + 60
        ip1, port1 = addresses[0]
        while profile_size(state, ip1, port1, "total", CALLER_SECTION) < held and time.monotonic() < deadline:
            time.sleep(0.5)
        up = profile_size(state, ip1, port1, "total", CALLER_SECTION)
        ip2, port2 = addresses[1]
        rejoined = time.monotonic()
        process = start_node(rules, ip2, port2, cluster, state, folder, "node2")
        nodes[1] = node_ready(process, ip2, port2, rejoined, folder, "node2")
        learnt = profile_size(state, ip2, port2, "total", CALLER_SECTION)
        with open(nodes[1].log_path, encoding="utf-8", errors="replace") as f:
            in_sync = re.findall(r"is in sync after ([0-9.]+) s", f.read())
        result["join"] = {"calls_up": up, "ready_s": nodes[1].ready_seconds, "learnt": learnt,
                          "in_sync_after_rules_loaded_s": float(in_sync[-1]) if in_sync else None,
                          "still_up_on_node1": profile_size(state, ip1, port1, "total", CALLER_SECTION)}
        log(f"cluster of {count}: join {result['join']}")
        stop(load)  # type: ignore[arg-type]
        stop(far)  # type: ignore[arg-type]
        finish(load, 10)
        finish(far, 10)
    finally:
        for node in nodes:
            node.stop()
        for process in processes:
            stop(process)
    return result


# --- the chart ------------------------------------------------------------------------------------------

def chart(results: Sequence[SizeResult], path: str) -> None:
    """Four panels, one bar per size: calls/s against plain Kamailio, INVITE relay median, PSS, ready."""
    panels = [
        ("calls/s, sample ÷ plain Kamailio", [r.ratio for r in results], 0.35, "≥ 0.35", "{:.2f}"),
        ("INVITE relay, median (ms)", [r.sample_latency_ms for r in results], None, "", "{:.2f}"),
        ("PSS of all kamailio processes (MB)", [r.pss_mb for r in results], 250, "≤ 250", "{:.0f}"),
        ("ready after a restart (s)", [r.ready_warm_s for r in results], 2.0, "≤ 2", "{:.2f}"),
    ]
    width, height, pad = 960, 300, 40
    panel_width = width // len(panels)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             '<rect width="100%" height="100%" fill="white"/>']
    for i, (title, values, target, target_label, fmt) in enumerate(panels):
        x0 = i * panel_width + pad
        inner_w, inner_h = panel_width - 2 * pad, height - 3 * pad
        top = max([v for v in values if v == v] + [target or 0]) * 1.2 or 1
        parts.append(f'<text x="{x0 + inner_w / 2}" y="18" text-anchor="middle" font-weight="bold">{title}</text>')
        parts.append(f'<line x1="{x0}" y1="{pad + inner_h}" x2="{x0 + inner_w}" y2="{pad + inner_h}" stroke="#444"/>')
        bar_w = inner_w / (len(values) * 1.5)
        for j, (value, result) in enumerate(zip(values, results)):
            h = (value / top) * inner_h if value == value else 0
            bx = x0 + bar_w * 0.25 + j * bar_w * 1.5
            parts.append(f'<rect x="{bx:.1f}" y="{pad + inner_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="#2b6cb0"/>')
            parts.append(f'<text x="{bx + bar_w / 2:.1f}" y="{pad + inner_h - h - 4:.1f}" text-anchor="middle">{fmt.format(value)}</text>')
            label = f"{result.connections // 1000}k"
            parts.append(f'<text x="{bx + bar_w / 2:.1f}" y="{pad + inner_h + 16:.1f}" text-anchor="middle">{label}</text>')
        if target is not None:
            ty = pad + inner_h - (target / top) * inner_h
            parts.append(f'<line x1="{x0}" y1="{ty:.1f}" x2="{x0 + inner_w}" y2="{ty:.1f}" stroke="#c05621" stroke-dasharray="4,3"/>')
            parts.append(f'<text x="{x0 + inner_w}" y="{ty - 4:.1f}" text-anchor="end" fill="#c05621">{target_label}</text>')
    parts.append(f'<text x="{width / 2}" y="{height - 8}" text-anchor="middle" fill="#555">connections (one run on loopback; '
                 'dashed: the target)</text>')
    parts.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts) + "\n")


def machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    kamailio = subprocess.run(["kamailio", "-v"], capture_output=True, text=True).stdout.splitlines()[0]
    sipp_version = subprocess.run(["sipp", "-v"], capture_output=True, text=True).stdout.strip().splitlines()[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(), "kamailio": kamailio,
            "sipp": sipp_version, "python": platform.python_version(), "load_average_at_start": os.getloadavg()}


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", required=True, help="callrules.dll (run-bench.sh builds it)")
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--calls", type=int, default=6000, help="calls per throughput run")
    parser.add_argument("--out", default=os.path.join(HERE, "results"))
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--parts", default="scale,cluster", help="scale (one node at each size), cluster (2 nodes at the largest)")
    parser.add_argument("--held", type=int, default=2000, help="calls up while a cluster node joins")
    parser.add_argument("--split-bursts", type=int, default=20, help="bursts split across the cluster's nodes")
    args = parser.parse_args(argv[1:])
    sizes = [int(s) for s in args.sizes.split(",")]
    work = tempfile.mkdtemp(prefix="callrules-bench-")
    ports = Ports()
    results: list[SizeResult] = []
    extras: dict[str, object] = {}
    info = machine()
    log(f"work folder {work}; {info}")
    parts = set(args.parts.split(","))
    cluster: dict[str, object] | None = None
    try:
        if "scale" in parts:
            for count in sizes:
                result, extra = measure_size(count, args.cli, work, ports, args.calls, count == max(sizes))
                results.append(result)
                extras.update(extra)
        if "cluster" in parts:
            cluster = measure_cluster(max(sizes), args.cli, work, ports, args.calls, args.held, args.split_bursts)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    os.makedirs(args.out, exist_ok=True)
    if cluster is not None:
        with open(os.path.join(args.out, "sip-cluster.json"), "w", encoding="utf-8") as f:
            json.dump({"machine": info, **cluster}, f, indent=2)
        print(f"cluster: {json.dumps(cluster)}")
    if not results:
        return 0
    first = results[0]
    summary = {
        "machine": info, "sizes": [asdict(r) for r in results], **extras,
        "largest_vs_smallest_sample_cps": results[-1].sample_cps / first.sample_cps,
        "largest_vs_smallest_ratio": results[-1].ratio / first.ratio,
    }
    with open(os.path.join(args.out, "sip-scale.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
    chart(results, os.path.join(args.out, "sip-scale.svg"))
    print("| connections | calls/s, sample ÷ plain Kamailio | INVITE relay, median (plain) | PSS after calls (plain) | ready: new file / restart |")
    print("|---|---|---|---|---|")
    for r in results:
        print(f"| {r.connections:,} | {r.ratio:.2f} ({r.sample_cps:.0f} ÷ {r.plain_cps:.0f}) | {r.sample_latency_ms:.2f} ms "
              f"({r.plain_latency_ms:.2f} ms) | {r.pss_mb:.0f} MB ({r.plain_pss_mb:.0f} MB) | {r.ready_cold_s:.2f} s / {r.ready_warm_s:.2f} s |")
    print(f"\nsample calls/s at {results[-1].connections:,} ÷ at {first.connections:,}: "
          f"{summary['largest_vs_smallest_sample_cps']:.2f} (normalised by plain: {summary['largest_vs_smallest_ratio']:.2f})")
    if "bursts" in extras:
        print(f"bursts: {json.dumps(extras['bursts'])}")
    if "reload" in extras:
        print(f"reload loop: {json.dumps(extras['reload'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
