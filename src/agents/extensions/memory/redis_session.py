"""RedisSession: a conversation in Redis, as a list of JSON items beside a metadata hash.

A turn is appended with one MULTI/EXEC transaction (RPUSH of all its items, the metadata,
the expiry), which Redis applies whole or not at all: concurrent writers interleave whole
turns and a writer killed before EXEC leaves nothing.
"""

from __future__ import annotations

import time
from typing import Any
from typing import cast

from agents.extensions.memory._optional import missing_extra

try:
    import redis.asyncio as redis
    from redis.asyncio import Redis
    from redis.exceptions import WatchError
except ImportError as exc:  # pragma: no cover - exercised without the extra installed
    missing_extra("RedisSession", "redis", "redis", exc)

from agents.exceptions import UserError
from agents.items import TResponseInputItem
from agents.memory._codec import decode_rows
from agents.memory._codec import dumps_item
from agents.memory._codec import first_readable_async
from agents.memory._codec import latest_items
from agents.memory._codec import loads_item
from agents.memory.session import SessionABC
from agents.memory.session_settings import SessionSettings
from agents.memory.session_settings import resolve_session_limit
from agents.memory.session_settings import session_settings_or_default


class RedisSession(SessionABC):
    """One conversation under `{key_prefix}:{session_id}` keys.

    `ttl` (seconds) expires the whole conversation that long after its last write.
    """

    def __init__(
        self,
        session_id: str,
        *,
        redis_client: Redis,
        key_prefix: str = "agents:session",
        ttl: int | None = None,
        session_settings: SessionSettings | dict[str, Any] | None = None,
    ) -> None:
        if ttl is not None and (isinstance(ttl, bool) or not isinstance(ttl, int) or ttl <= 0):
            raise UserError(f"RedisSession ttl must be a whole number of seconds > 0, got {ttl!r}")
        self.session_id = session_id
        self.session_settings = session_settings_or_default(session_settings)
        self._redis = redis_client
        self._key_prefix = key_prefix
        self._ttl = ttl
        self._owns_client = False
        self._closed = False
        self._session_key = f"{key_prefix}:{session_id}"
        self._messages_key = f"{self._session_key}:messages"

    @classmethod
    def from_url(
        cls,
        session_id: str,
        *,
        url: str,
        redis_kwargs: dict[str, Any] | None = None,
        session_settings: SessionSettings | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> RedisSession:
        """A session with its own client for `url` ("redis://host:6379/0"), closed by close()."""
        client = redis.from_url(url, **(redis_kwargs or {}))
        session = cls(session_id, redis_client=client, session_settings=session_settings, **kwargs)
        session._owns_client = True
        return session

    def __repr__(self) -> str:
        return f"RedisSession(session_id={self.session_id!r}, key={self._session_key!r})"

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("RedisSession is closed")

    async def _tail(self, count: int) -> list[str | bytes]:
        return await self._redis.lrange(self._messages_key, -count, -1)

    async def get_items(self, limit: int | None = None) -> list[TResponseInputItem]:
        self._check_open()
        limit = resolve_session_limit(limit, self.session_settings)
        if limit is not None:
            return await latest_items(self._tail, limit)
        return decode_rows(await self._redis.lrange(self._messages_key, 0, -1))

    async def add_items(self, items: list[TResponseInputItem]) -> None:
        self._check_open()
        if not items:
            return
        rows = [dumps_item(item) for item in items]
        now = str(int(time.time()))
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(self._session_key, "session_id", self.session_id)
            pipe.hsetnx(self._session_key, "created_at", now)
            pipe.hset(self._session_key, "updated_at", now)
            pipe.rpush(self._messages_key, *rows)
            if self._ttl is not None:
                pipe.expire(self._session_key, self._ttl)
                pipe.expire(self._messages_key, self._ttl)
            await pipe.execute()

    async def pop_item(self) -> TResponseInputItem | None:
        self._check_open()

        async def pop() -> str | bytes | None:
            return cast("str | bytes | None", await self._redis.rpop(self._messages_key))

        return await first_readable_async(pop)

    async def clear_session(self) -> None:
        self._check_open()
        await self._redis.delete(self._session_key, self._messages_key)

    async def _replace_prefix(
        self, read: list[TResponseInputItem], output: list[TResponseInputItem]
    ) -> bool:
        """Swap the oldest stored items, if they still are `read`, for `output`, in one
        WATCHed transaction; items appended since stay after them. False: it changed."""
        self._check_open()
        rows = [dumps_item(item) for item in output]
        async with self._redis.pipeline(transaction=True) as pipe:
            try:
                await pipe.watch(self._messages_key)
                prefix = await pipe.lrange(self._messages_key, 0, len(read) - 1)
                if [loads_item(raw) for raw in prefix] != read:
                    return False
                pipe.multi()  # type: ignore[no-untyped-call]
                pipe.ltrim(self._messages_key, len(read), -1)
                if rows:
                    pipe.lpush(self._messages_key, *reversed(rows))
                await pipe.execute()
            except WatchError:
                return False
        return True

    async def ping(self) -> bool:
        """Whether the server answers."""
        self._check_open()
        try:
            return bool(await self._redis.ping())
        except Exception:
            return False

    async def close(self) -> None:
        """Close the client if this session made it (from_url); a client passed in is the
        caller's to close."""
        if self._owns_client and not self._closed:
            self._closed = True
            await self._redis.aclose()
