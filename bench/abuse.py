"""A legitimate tenant's latency while anonymous and hostile traffic hits the same API.

Starts `projectflow up` (embedded PostgreSQL and NATS), creates a tenant with a 50-card board,
then measures the tenant's board reads and `/healthz` with `hey` at a steady rate, first alone
and then during each attack:

- flood:   100 anonymous failed logins per second (hey -q), plus a hostile Trello import (32 MiB
           of empty objects in `actions`) posted over and over;
- imports: three 20,000-row CSV imports at once.

`hey` (Debian) generates the load from its own process; it shares the 2 cores with the API,
PostgreSQL and NATS, so the figures are a floor, not a ceiling.

    .venv/bin/python bench/abuse.py [--seconds 10]
"""

import argparse
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from bench.support import running_projectflow, sign_up

READ_RATE = 20  # the tenant's requests per second
LOGIN_RATE = 100


@dataclass(frozen=True)
class Latency:
    p50: float
    p95: float
    p99: float
    statuses: str

    def row(self, label: str) -> str:
        return (
            f"| {label} | {self.p50 * 1e3:.1f} | {self.p95 * 1e3:.1f} | {self.p99 * 1e3:.1f} "
            f"| {self.statuses} |"
        )


def hey(url: str, seconds: int, rate: int, *extra: str) -> Latency:
    """Run hey at `rate` requests/s for `seconds`; its percentiles and status counts."""
    argv = ["hey", "-z", f"{seconds}s", "-c", "1", "-q", str(rate), *extra, url]
    output = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    percentiles = dict(re.findall(r"(\d+)%+ in ([\d.]+) secs", output))
    statuses = ", ".join(
        f"{code}: {count}" for code, count in re.findall(r"\[(\d{3})\]\s+(\d+) responses", output)
    )
    return Latency(
        float(percentiles["50"]), float(percentiles["95"]), float(percentiles["99"]), statuses
    )


@contextmanager
def in_background(work: Callable[[threading.Event], None]) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=work, args=(stop,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=600)


def hostile_imports(
    api: str, project: str, headers: dict[str, str]
) -> Callable[[threading.Event], None]:
    head, tail = b'{"name":"x","lists":[],"cards":[],"actions":[', b"{}]}"
    body = head + b"{}," * ((32 * 1024 * 1024 - 2048) // 3) + tail

    def post(stop: threading.Event) -> None:
        with httpx.Client(base_url=api, headers=headers, timeout=120) as client:
            while not stop.is_set():
                client.post(f"/api/projects/{project}/import/trello", content=body)

    return post


def large_imports(
    api: str, project: str, headers: dict[str, str]
) -> Callable[[threading.Event], None]:
    rows = ["title,description,column,labels"]
    rows += [f"Card {i},Imported {i},Column {i % 5},label-{i % 7}" for i in range(20_000)]
    body = ("\n".join(rows) + "\n").encode()

    def post_three(_: threading.Event) -> None:
        def one(index: int) -> None:
            with httpx.Client(base_url=api, headers=headers, timeout=600) as client:
                url = f"/api/projects/{project}/import/csv?board_name=Big{index}"
                client.post(url, content=body).raise_for_status()

        threads = [threading.Thread(target=one, args=(i,)) for i in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    return post_three


def tenant(api: str) -> tuple[dict[str, str], str, str]:
    with httpx.Client(base_url=api, timeout=30) as client:
        headers = sign_up(client)
        project = client.post("/api/projects", json={"name": "Bench"}, headers=headers).json()
        board = client.post(
            f"/api/projects/{project['id']}/boards", json={"name": "B"}, headers=headers
        ).json()
        for index in range(50):
            card = {"column_id": board["columns"][index % 3]["id"], "title": f"Card {index}"}
            client.post(f"/api/boards/{board['id']}/cards", json=card, headers=headers)
    return headers, project["id"], board["id"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    seconds = parser.parse_args().seconds
    with running_projectflow() as runtime:
        api = runtime["api_url"]
        headers, _, board = tenant(api)
        attacker_headers, attacker_project, _ = tenant(api)
        auth = ["-H", f"Authorization: {headers['Authorization']}"]
        board_url, health_url = f"{api}/api/boards/{board}", f"{api}/healthz"
        rows = [
            hey(board_url, seconds, READ_RATE, *auth).row("board read, alone"),
            hey(health_url, seconds, READ_RATE).row("/healthz, alone"),
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".json") as login:
            login.write('{"email": "victim@example.com", "password": "a wrong guess"}')
            login.flush()
            flood = ["-m", "POST", "-T", "application/json", "-D", login.name]
            login_url = f"{api}/api/auth/login"
            with in_background(hostile_imports(api, attacker_project, attacker_headers)):
                results: dict[str, Latency] = {}
                flooder = threading.Thread(
                    target=lambda: results.setdefault(
                        "logins", hey(login_url, seconds, LOGIN_RATE, *flood)
                    )
                )
                flooder.start()
                rows.append(hey(board_url, seconds, READ_RATE, *auth).row("board read, flood"))
                flooder.join()
                rows.append(results["logins"].row("the failed logins themselves"))
        started = time.monotonic()
        with in_background(large_imports(api, attacker_project, attacker_headers)):
            rows.append(hey(board_url, seconds, READ_RATE, *auth).row("board read, 3 imports"))
            rows.append(hey(health_url, seconds, READ_RATE).row("/healthz, 3 imports"))
        elapsed = time.monotonic() - started
    print(f"{READ_RATE} req/s for {seconds} s per row (hey -c 1 -q {READ_RATE})\n")
    print("| traffic | p50 ms | p95 ms | p99 ms | responses |")
    print("|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"\nthree 20,000-row CSV imports finished {elapsed:.1f} s after they started")


if __name__ == "__main__":
    main()
