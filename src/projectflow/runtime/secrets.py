"""Secrets the embedded services generate on first start and keep in 0600 files."""

import os
import secrets
from pathlib import Path

from projectflow.runtime.process import RuntimeStartError


def read_secret(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError as exc:
        raise RuntimeStartError(f"cannot read the secret file {path} ({exc.strerror})") from exc


def create_secret(path: Path) -> str:
    """Generate a URL-safe secret and store it in a new 0600 file (in a 0700 folder)."""
    value = secrets.token_urlsafe(24)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # O_EXCL: never overwrite a secret that a concurrent first start just wrote.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    except OSError as exc:
        raise RuntimeStartError(f"cannot write the secret file {path} ({exc.strerror})") from exc
    with os.fdopen(fd, "w") as file:
        file.write(value + "\n")
    return value


def load_or_create_secret(path: Path) -> str:
    return read_secret(path) if path.exists() else create_secret(path)


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, from its first byte on (it holds a secret)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its old mode through O_CREAT
    with os.fdopen(fd, "w") as file:
        file.write(text)
