import json
import subprocess
import sys

import asyncpg
import pytest

from tests.support.databases import Cluster


async def _whoami(dsn: str) -> tuple[str, str]:
    conn = await asyncpg.connect(dsn)
    try:
        row = await conn.fetchrow("SELECT current_user, current_database()")
    finally:
        await conn.close()
    return row[0], row[1]


def _bootstrap(cluster: Cluster, secrets_dir: str) -> dict[str, str]:
    command = [sys.executable, "-m", "projectflow.cli", "db", "bootstrap"]
    command += ["--superuser-url", cluster.superuser_dsn, "--secrets-dir", secrets_dir]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=60)
    assert "password" not in result.stderr.lower()
    urls: dict[str, str] = json.loads(result.stdout)
    return urls


async def test_db_bootstrap_is_idempotent_and_prints_working_role_dsns(cluster: Cluster) -> None:
    # The cluster's own secrets: roles are cluster-wide, and other tests log in with them.
    first = _bootstrap(cluster, str(cluster.secrets_dir))
    second = _bootstrap(cluster, str(cluster.secrets_dir))
    assert first == second
    assert await _whoami(first["app"]) == ("projectflow_app", "projectflow")
    assert await _whoami(first["owner"]) == ("projectflow_owner", "projectflow")


async def test_our_roles_cannot_connect_to_the_maintenance_databases(cluster: Cluster) -> None:
    urls = _bootstrap(cluster, str(cluster.secrets_dir))
    for role in ("app", "owner", "maintenance"):
        for database in ("postgres", "template1"):
            dsn = urls[role].rsplit("/", 1)[0] + f"/{database}"
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await asyncpg.connect(dsn)
