"""EncryptedSession: any session, with each item sealed by Fernet under a per-session key.

The key for a conversation is derived from the master key with HKDF-SHA256 (salt: the
session id; info: "agents.session-store.hkdf.v1"), the derivation the reference SDK uses, so
stores written by either can be read by the other. An item older than `ttl` seconds, sealed
under another key, tampered with, or stored in plain text is not readable: reads skip it.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from typing import Literal
from typing import TypeGuard
from typing import cast

from typing_extensions import TypedDict

from agents.extensions.memory._optional import missing_extra

try:
    from cryptography.fernet import Fernet
    from cryptography.fernet import InvalidToken
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    missing_extra("EncryptedSession", "cryptography", "encrypt", exc)

from agents.exceptions import UserError
from agents.items import TResponseInputItem
from agents.memory._wrapped import WrappedSession
from agents.memory.session import Session
from agents.memory.session_settings import resolve_session_limit

_KDF_INFO = b"agents.session-store.hkdf.v1"
_KEY_ID = "hkdf-v1"


class EncryptedEnvelope(TypedDict):
    """What the underlying session stores in place of an item."""

    __enc__: Literal[1]
    v: int
    kid: str
    payload: str


def _master_key_bytes(master_key: str) -> bytes:
    """A Fernet key (url-safe base64 of 32 bytes) is used as its bytes; any other string as
    its UTF-8 text."""
    if not master_key:
        raise UserError("EncryptedSession needs an encryption_key (e.g. Fernet.generate_key())")
    try:
        decoded = base64.urlsafe_b64decode(master_key)
    except (binascii.Error, ValueError):
        decoded = b""
    return decoded if len(decoded) == 32 else master_key.encode("utf-8")


def _session_cipher(master_key: bytes, session_id: str) -> Fernet:
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=session_id.encode("utf-8"), info=_KDF_INFO
    )
    return Fernet(base64.urlsafe_b64encode(hkdf.derive(master_key)))


def _is_envelope(item: object) -> TypeGuard[EncryptedEnvelope]:
    return (
        isinstance(item, dict)
        and item.get("__enc__") == 1
        and isinstance(item.get("payload"), str)
        and "kid" in item
        and "v" in item
    )


class EncryptedSession(WrappedSession):
    """Wraps `underlying_session`; what it stores is ciphertext, what it returns is items."""

    def __init__(
        self,
        session_id: str,
        underlying_session: Session,
        encryption_key: str,
        ttl: int = 600,
        max_scan_items: int | None = None,
    ) -> None:
        if max_scan_items is not None and max_scan_items <= 0:
            raise ValueError("max_scan_items must be positive or None")
        if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl <= 0:
            raise UserError(f"EncryptedSession ttl must be seconds > 0, got {ttl!r}")
        self.session_id = session_id
        self.underlying_session = underlying_session
        self.ttl = ttl
        self.max_scan_items = max_scan_items
        self.cipher = _session_cipher(_master_key_bytes(encryption_key), session_id)

    def __getattr__(self, name: str) -> Any:
        # Back-end extras (close(), engine, branches...) stay reachable through the wrapper.
        # Compaction is not passed through: it would summarise ciphertext. Wrap the other
        # way round, CompactionSession(EncryptedSession(...)), to compact encrypted history.
        if name in ("underlying_session", "run_compaction"):
            raise AttributeError(name)
        return getattr(self.underlying_session, name)

    def _seal(self, item: TResponseInputItem) -> TResponseInputItem:
        if hasattr(item, "model_dump"):
            item = cast(Any, item).model_dump(exclude_unset=True)
        plain = json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        token = self.cipher.encrypt(plain).decode("ascii")
        envelope: EncryptedEnvelope = {"__enc__": 1, "v": 1, "kid": _KEY_ID, "payload": token}
        return cast(TResponseInputItem, envelope)

    def _open(self, stored: object) -> TResponseInputItem | None:
        """The item inside, or None when it cannot be read (see the module docstring)."""
        if not _is_envelope(stored):
            return None
        try:
            plain = self.cipher.decrypt(stored["payload"].encode("ascii"), ttl=self.ttl)
            value = json.loads(plain)
        except (InvalidToken, ValueError, UnicodeError):
            return None
        return cast(TResponseInputItem, value) if isinstance(value, dict) else None

    def _authentic(self, stored: object) -> bool:
        """Sealed by this key and untouched, whatever its age."""
        if not _is_envelope(stored):
            return False
        try:
            self.cipher.extract_timestamp(stored["payload"].encode("ascii"))
        except (InvalidToken, UnicodeError):
            return False
        return True

    def _open_all(self, stored: list[TResponseInputItem]) -> list[TResponseInputItem]:
        return [item for item in map(self._open, stored) if item is not None]

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        limit = resolve_session_limit(limit, self.session_settings)
        if limit is not None and limit <= 0:
            return []
        if limit is None and self.max_scan_items is None:
            return self._open_all(await self.underlying_session.get_items())
        # Unreadable entries do not count towards the limit: widen the read until enough
        # readable ones are found, within max_scan_items when set.
        budget = self.max_scan_items
        window = limit if limit is not None else cast(int, budget)
        if budget is not None:
            window = min(window, budget)
        while True:
            stored = await self.underlying_session.get_items(window)
            items = self._open_all(stored)
            if limit is not None and len(items) >= limit:
                return items[-limit:]
            if len(stored) < window:
                return items
            if budget is not None and window >= budget:
                raise UserError(
                    f"EncryptedSession read {budget} stored items (max_scan_items) without "
                    "reaching the start of the history; raise max_scan_items or clear old items"
                )
            window = window * 2 if budget is None else min(window * 2, budget)

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        await self.underlying_session.add_items([self._seal(item) for item in items])

    async def pop_item(self) -> TResponseInputItem | None:
        """The latest readable item. Expired items on the way are discarded; an item this key
        cannot authenticate (another key, or tampered) is put back and reported, not lost."""
        while True:
            stored = await self.underlying_session.pop_item()
            if stored is None:
                return None
            item = self._open(stored)
            if item is not None:
                return item
            if _is_envelope(stored) and not self._authentic(stored):
                await self.underlying_session.add_items([cast(TResponseInputItem, stored)])
                raise UserError(
                    "The latest item of this session cannot be decrypted with this "
                    "encryption_key (another key, or the item was altered); it was left in "
                    "place. Use the key the session was written with."
                )

    async def clear_session(self) -> None:
        await self.underlying_session.clear_session()
