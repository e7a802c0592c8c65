"""Live collaboration (issue 11): one board document loaded by real Yjs clients (npm `yjs` +
`y-websocket`, `bench/collab/load.mjs`, a Node process of its own) on a real `projectflow up`
(embedded PostgreSQL and NATS), and the same workload on the reference servers that keep
documents in memory only: `@y/websocket-server` 0.1.1 and `@hocuspocus/server` (its own
provider, `@hocuspocus/provider`; its protocol is not y-websocket's).

For 10 and 50 clients (each a member of its own on our server; each typing into its own card):

1. client → other client latency (p50/p95/p99) at a steady offered rate, and the rate delivered;
2. server CPU per update over that phase (ours: the API process, PostgreSQL and NATS — every
   update stored, projected and audited; theirs: the Node process);
3. flat out: every client types 100 keystrokes as fast as it can; updates/s until every other
   client has them all, and CPU per update (ours stores what queued meanwhile together);
4. reconciliation: a client goes offline, makes 1,000 edits, comes back; the time until another
   client has them all.

Then compaction on ours: the bench board, and a 10,500-operation board history (one update per
keystroke or action, as `tests/interop/board_history.mjs` makes it) — updates' bytes and rows
as stored, before and after.

Everything shares the machine's 2 cores (the load generator too): the figures are a floor.

    .venv/bin/python bench/collab.py [--seconds 10]
"""

import sys
from pathlib import Path

# Run as a script (`python bench/collab.py`): find `bench` in the repository.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse
import asyncio
import json
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import psutil
from tests.support.board_history import make_history, store_history, stored_bytes

from bench.support import CpuShares, running_projectflow, sign_up
from projectflow.runtime.process import free_port

HERE = Path(__file__).resolve().parent
LOAD = HERE / "collab" / "load.mjs"
SERVERS = HERE / "collab" / "servers.mjs"
# (clients, updates per second offered by all of them together)
# (A single Node process runs every client: at 50 clients it, not the server, tops out first
# past a few hundred updates/s — 25,000 deliveries/s.)
LOADS = ((10, 100), (50, 150))
OFFLINE_OPS = 1000
# Keystrokes each client types as fast as it can, for the throughput.
BURST = 100


@dataclass
class Run:
    server: str
    clients: int
    rate: int
    figures: dict[str, Any]
    cpu_seconds: dict[str, dict[str, float]]  # by phase: steady, burst

    def cpu_per_update_us(self, phase: str) -> float:
        updates = self.figures["sent"] if phase == "steady" else self.figures["burst_updates"]
        return sum(self.cpu_seconds[phase].values()) / updates * 1e6

    def line(self) -> str:
        f = self.figures
        delivered = f["delivered"] / f["seconds"]
        burst_rate = f["burst_updates"] / f["burst_seconds"]
        parts = ", ".join(
            f"{name} {seconds / f['sent'] * 1e6:.0f}"
            for name, seconds in self.cpu_seconds["steady"].items()
        )
        return (
            f"{self.server:>12}: p50 {f['p50']:.1f} / p95 {f['p95']:.1f} / p99 {f['p99']:.1f} ms "
            f"(max {f['max']:.0f}), {f['sent'] / f['seconds']:.0f} updates/s in, {delivered:,.0f} "
            f"deliveries/s out; CPU {self.cpu_per_update_us('steady'):.0f} µs per update ({parts});"
            f" flat out {burst_rate:,.0f} updates/s at {self.cpu_per_update_us('burst'):.0f} µs; "
            f"reconciliation of {OFFLINE_OPS:,} offline edits {f['reconciliation_ms']:.0f} ms"
        )


def run_load(
    request: dict[str, Any], cpu: Callable[[], Callable[[], dict[str, float]]]
) -> tuple[dict[str, Any], dict[str, dict[str, float]]]:
    """Run load.mjs; the server's CPU is read over each of its phases (`cpu()` starts a
    reading, calling what it returns ends it). Returns the figures and CPU seconds by phase."""
    process = subprocess.Popen(
        ["node", str(LOAD)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(json.dumps(request))
    process.stdin.close()
    readings: dict[str, Callable[[], dict[str, float]]] = {}
    used: dict[str, dict[str, float]] = {}
    figures: dict[str, Any] = {}
    for line in process.stdout:
        if line.startswith("phase "):
            phase = line.split()[1]
            if phase.endswith("-end"):
                used[phase.removesuffix("-end")] = readings.pop(phase.removesuffix("-end"))()
            else:
                readings[phase] = cpu()
        elif line.startswith("{"):
            figures = json.loads(line)
    if process.wait(timeout=300) != 0 or not figures:
        raise RuntimeError(f"the load generator failed on {request['server']}")
    return figures, used


def ours_cpu(runtime: dict[str, Any]) -> Callable[[], Callable[[], dict[str, float]]]:
    def start() -> Callable[[], dict[str, float]]:
        shares = CpuShares(runtime)  # API, PostgreSQL, NATS, workers

        def end() -> dict[str, float]:
            used = shares.used()
            return {part: used.get(part, 0.0) for part in ("API", "PostgreSQL", "NATS", "workers")}

        return end

    return start


def node_cpu(pid: int) -> Callable[[], Callable[[], dict[str, float]]]:
    def start() -> Callable[[], dict[str, float]]:
        process = psutil.Process(pid)
        before = process.cpu_times()

        def end() -> dict[str, float]:
            after = process.cpu_times()
            return {"node": after.user + after.system - before.user - before.system}

        return end

    return start


def prepare_board(api_url: str, members: int) -> dict[str, Any]:
    """A board with a card per client, and a member account per client (their tokens)."""
    with httpx.Client(base_url=api_url, timeout=60) as http:
        owner = sign_up(http)
        project = http.post("/api/projects", json={"name": "Bench"}, headers=owner).json()["id"]
        board = http.post(
            f"/api/projects/{project}/boards", json={"name": "Live"}, headers=owner
        ).json()
        column = board["columns"][0]["id"]
        tokens = []
        for index in range(members):
            email = f"member-{index}-{time.monotonic_ns()}@example.com"
            body = {"email": email, "password": "benchmark password", "name": f"Member {index}"}
            token = http.post("/api/auth/signup", json=body).json()["token"]
            invitation = http.post(
                f"/api/projects/{project}/invitations",
                json={"email": email, "role": "member"},
                headers=owner,
            ).json()
            http.post(
                f"/api/invitations/{invitation['id']}/accept",
                headers={"Authorization": f"Bearer {token}"},
            )
            tokens.append(token)
        cards = [
            http.post(
                f"/api/boards/{board['id']}/cards",
                json={"column_id": column, "title": f"Card {index}"},
                headers=owner,
            ).json()["id"]
            for index in range(members)
        ]
        state = http.get(f"/api/boards/{board['id']}/doc", headers=owner).content
    return {
        "owner": owner,
        "project_id": project,
        "board_id": board["id"],
        "column_id": column,
        "columns": [c["id"] for c in board["columns"]],
        "tokens": tokens,
        "cards": cards,
        "state": state,
    }


def reference_server(kind: str) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    process = subprocess.Popen(
        ["node", str(SERVERS), kind, str(port)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    if process.stdout.readline().strip() != "ready":
        raise RuntimeError(f"{kind} did not start")
    return process, f"ws://127.0.0.1:{port}"


def compaction_figures(runtime: dict[str, Any], board_id: str) -> str:
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "projectflow.cli",
            "compact",
            "--board",
            board_id,
            "--data-dir",
            runtime["data_dir"],
        ],
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("PROJECTFLOW_")},
    ).stdout.strip()
    return output.split(": ", 1)[1]


def ratios(ours: Run, theirs: Run) -> str:
    p99 = ours.figures["p99"] / theirs.figures["p99"]
    cpu = ours.cpu_per_update_us("steady") / theirs.cpu_per_update_us("steady")
    flat_out = ours.cpu_per_update_us("burst") / theirs.cpu_per_update_us("burst")
    heal = ours.figures["reconciliation_ms"] / theirs.figures["reconciliation_ms"]
    return (
        f"  ours / {theirs.server}: p99 {p99:.2f}x, CPU per update {cpu:.2f}x "
        f"(flat out {flat_out:.2f}x), reconciliation {heal:.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each steady phase")
    args = parser.parse_args()
    if not (HERE / "collab" / "node_modules").exists():
        subprocess.run(
            ["npm", "ci", "--prefix", str(HERE / "collab"), "--no-audit", "--no-fund"], check=True
        )
    # The members all sign up from this machine: past the per-address sign-up limit.
    env = {
        "PROJECTFLOW_WORKERS_MIN": "1",
        "PROJECTFLOW_WORKERS_MAX": "1",
        "PROJECTFLOW_SIGNUP_BURST_PER_ADDRESS": "1000",
    }
    with running_projectflow(env=env) as runtime:
        most = max(clients for clients, _ in LOADS)
        board = prepare_board(runtime["api_url"], most)
        runs: list[Run] = []
        for clients, rate in LOADS:
            request = {
                "clients": clients,
                "rate": rate,
                "seconds": args.seconds,
                "offline_ops": OFFLINE_OPS,
                "column_id": board["column_id"],
                "burst": BURST,
            }
            ws_url = runtime["api_url"].replace("http://", "ws://") + "/api/collab"
            ours = request | {
                "server": "projectflow",
                "url": ws_url,
                "room": f"board:{board['board_id']}",
                "tokens": board["tokens"][:clients],
                "card_ids": board["cards"][:clients],
            }
            figures, used = run_load(ours, ours_cpu(runtime))
            runs.append(Run("ours", clients, rate, figures, used))
            for kind in ("y-websocket", "hocuspocus"):
                server, url = reference_server(kind)
                try:
                    theirs = request | {"server": kind, "url": url, "room": f"bench-{clients}"}
                    figures, used = run_load(theirs, node_cpu(server.pid))
                    runs.append(Run(kind, clients, rate, figures, used))
                finally:
                    server.terminate()
                    server.wait()
        print(
            f"# Live sync: {time.strftime('%Y-%m-%d %H:%M')}, {args.seconds:.0f} s per steady phase"
        )
        for clients, rate in LOADS:
            print(f"\n{clients} clients, {rate} updates/s offered ({rate / clients:.0f}/s each):")
            group = [run for run in runs if run.clients == clients]
            for run in group:
                print(run.line())
            for run in group[1:]:
                print(ratios(group[0], run))

        print(f"\nCompaction of the bench board: {compaction_figures(runtime, board['board_id'])}")
        history_board = prepare_board(runtime["api_url"], 0)
        history = make_history(history_board["state"], history_board["columns"], 10_500)
        owner_id = httpx.get(f"{runtime['api_url']}/api/me", headers=history_board["owner"]).json()[
            "id"
        ]
        asyncio.run(
            store_history(
                runtime["database_url"],
                history_board["board_id"],
                history_board["project_id"],
                owner_id,
                history["updates"],
            )
        )
        operations = history["operations"]
        maintenance = runtime["maintenance_database_url"]
        before = asyncio.run(stored_bytes(maintenance, history_board["board_id"]))
        merged = compaction_figures(runtime, history_board["board_id"])
        after = asyncio.run(stored_bytes(maintenance, history_board["board_id"]))
        print(
            f"Compaction of a {operations:,}-operation history (100 cards, 3 editors): {merged}; "
            f"rows as stored {before:,} → {after:,} bytes ({1 - after / before:.1%} smaller)"
        )


if __name__ == "__main__":
    main()
