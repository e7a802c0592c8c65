"""Secrets sealed at rest (AI provider keys): AES-256-GCM with a key from
`PROJECTFLOW_SECRET_KEY`, or from `DATA_DIR/secret.key`, made on first use with mode 0600.

Each secret is sealed for a context (e.g. the project it belongs to), bound in as associated
data, so a sealed value copied to another row does not open there.
"""

import base64
import binascii
import logging
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

log = logging.getLogger(__name__)

KEY_FILE = "secret.key"
_VERSION = b"\x01"
_NONCE = 12


class UnsealError(Exception):
    """The value was sealed with another key or for another context, or is damaged."""


class SecretBox:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("the secret key must be 32 bytes")
        self._aead = AESGCM(key)

    @classmethod
    def from_text(cls, text: str) -> "SecretBox":
        """A key written as URL-safe base64 (what `generate_key` makes)."""
        try:
            key = base64.urlsafe_b64decode(text.strip() + "=" * (-len(text.strip()) % 4))
        except (binascii.Error, ValueError):
            raise ValueError("the secret key must be URL-safe base64 of 32 bytes") from None
        return cls(key)

    @classmethod
    def from_data_dir(cls, data_dir: Path) -> "SecretBox":
        """The data dir's key file, made (0600) if there is none yet; several processes may race
        to make it: one wins, the others read what it wrote."""
        path = data_dir / KEY_FILE
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            _tighten(path)
            return cls.from_text(path.read_text())
        with os.fdopen(descriptor, "w") as file:
            file.write(generate_key())
        return cls.from_text(path.read_text())

    def seal(self, secret: str, context: str) -> bytes:
        nonce = os.urandom(_NONCE)
        return _VERSION + nonce + self._aead.encrypt(nonce, secret.encode(), context.encode())

    def open(self, sealed: bytes, context: str) -> str:
        if len(sealed) <= 1 + _NONCE or sealed[:1] != _VERSION:
            raise UnsealError("not a sealed value")
        nonce, ciphertext = sealed[1 : 1 + _NONCE], sealed[1 + _NONCE :]
        try:
            return self._aead.decrypt(nonce, ciphertext, context.encode()).decode()
        except InvalidTag:
            raise UnsealError("sealed with another key or for another context") from None


def generate_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


def _tighten(path: Path) -> None:
    """Others must not read the key: a looser mode is tightened, and said."""
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        log.warning("%s was readable by others (mode %o); now 0600", path, mode)
        path.chmod(0o600)
