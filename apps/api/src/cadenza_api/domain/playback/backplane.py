"""What the API processes of one deployment share about playback: which devices are
connected, which WebSocket tickets were spent, and a cache of each player's state. In memory
on embedded defaults (one process); in Redis when `CADENZA_REDIS_URL` is set."""

from __future__ import annotations

import time
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Protocol, cast
from uuid import UUID

import msgspec
from redis.asyncio import Redis

from cadenza_contracts.playback import DeviceKind


class DeviceRecord(msgspec.Struct, kw_only=True):
    """A connected device, and the connection that holds it."""

    device_id: str
    name: str
    kind: DeviceKind
    connection_id: str
    connected_at: datetime
    last_seen_at: datetime


_record_decoder = msgspec.json.Decoder(DeviceRecord)


class Backplane(Protocol):
    async def put_device(self, user_id: UUID, record: DeviceRecord) -> None:
        """Add or refresh a device."""

    async def drop_device(self, user_id: UUID, device_id: str, connection_id: str) -> bool:
        """Remove a device if `connection_id` still holds it; whether it did."""

    async def devices(self, user_id: UUID, seen_since: datetime) -> list[DeviceRecord]:
        """The user's devices heard from since `seen_since`, in connection order."""

    async def claim_once(self, key: str, ttl_seconds: int) -> bool:
        """True the first time `key` is claimed within `ttl_seconds`, False afterwards."""

    async def cache_state(self, user_id: UUID, version: int, body: bytes) -> None:
        """Keep the encoded state of a user's player unless a newer version is cached."""

    async def cached_state(self, user_id: UUID) -> bytes | None:
        """The cached encoded state, if any."""

    async def close(self) -> None: ...


def _ordered(records: list[DeviceRecord]) -> list[DeviceRecord]:
    return sorted(records, key=lambda record: (record.connected_at, record.device_id))


class MemoryBackplane:
    """One process knows everything: devices in a dict, no state cache (the database is
    local and fast)."""

    def __init__(self) -> None:
        self._devices: dict[UUID, dict[str, DeviceRecord]] = {}
        self._claims: dict[str, float] = {}

    async def put_device(self, user_id: UUID, record: DeviceRecord) -> None:
        self._devices.setdefault(user_id, {})[record.device_id] = record

    async def drop_device(self, user_id: UUID, device_id: str, connection_id: str) -> bool:
        devices = self._devices.get(user_id, {})
        record = devices.get(device_id)
        if record is None or record.connection_id != connection_id:
            return False
        del devices[device_id]
        if not devices:
            self._devices.pop(user_id, None)
        return True

    async def devices(self, user_id: UUID, seen_since: datetime) -> list[DeviceRecord]:
        records = self._devices.get(user_id, {}).values()
        return _ordered([record for record in records if record.last_seen_at >= seen_since])

    async def claim_once(self, key: str, ttl_seconds: int) -> bool:
        now = time.monotonic()
        self._claims = {k: until for k, until in self._claims.items() if until > now}
        if key in self._claims:
            return False
        self._claims[key] = now + ttl_seconds
        return True

    async def cache_state(self, user_id: UUID, version: int, body: bytes) -> None:
        return None

    async def cached_state(self, user_id: UUID) -> bytes | None:
        return None

    async def close(self) -> None:
        return None


# Keep the newest version only: another process may cache an older state after ours.
_CACHE_IF_NEWER = """
local current = redis.call('GET', KEYS[1])
if current then
  local version = tonumber(string.match(current, '^(%d+):'))
  if version and version > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 'EX', ARGV[3])
return 1
"""

# Delete a device only if the connection that asks still holds it.
_DROP_IF_HELD = """
local record = redis.call('HGET', KEYS[1], ARGV[1])
if not record then return 0 end
if cjson.decode(record)['connection_id'] ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
return 1
"""


class RedisBackplane:
    """Shared by every API process on one Redis: a hash of devices per user (expiring when
    nobody refreshes it), `SET NX` ticket claims and the state cache."""

    STATE_TTL_SECONDS = 300

    def __init__(self, redis: Redis, *, prefix: str, device_ttl_seconds: float) -> None:
        self._redis = redis
        self._prefix = prefix
        self._device_ttl_ms = max(1000, int(device_ttl_seconds * 1000))
        self._cache_if_newer = redis.register_script(_CACHE_IF_NEWER)
        self._drop_if_held = redis.register_script(_DROP_IF_HELD)

    def _devices_key(self, user_id: UUID) -> str:
        return f"{self._prefix}:devices:{user_id}"

    def _state_key(self, user_id: UUID) -> str:
        return f"{self._prefix}:player:{user_id}"

    async def put_device(self, user_id: UUID, record: DeviceRecord) -> None:
        key = self._devices_key(user_id)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.hset(key, record.device_id, msgspec.json.encode(record).decode())
            pipe.pexpire(key, self._device_ttl_ms)
            await pipe.execute()

    async def drop_device(self, user_id: UUID, device_id: str, connection_id: str) -> bool:
        dropped = await self._drop_if_held(
            keys=[self._devices_key(user_id)], args=[device_id, connection_id]
        )
        return bool(dropped)

    async def devices(self, user_id: UUID, seen_since: datetime) -> list[DeviceRecord]:
        # redis-py types its commands for the sync and async clients at once.
        pending = cast(
            Awaitable[dict[bytes, bytes]], self._redis.hgetall(self._devices_key(user_id))
        )
        stored = await pending
        records = [_record_decoder.decode(value) for value in stored.values()]
        return _ordered([record for record in records if record.last_seen_at >= seen_since])

    async def claim_once(self, key: str, ttl_seconds: int) -> bool:
        claimed = await self._redis.set(f"{self._prefix}:once:{key}", b"1", nx=True, ex=ttl_seconds)
        return bool(claimed)

    async def cache_state(self, user_id: UUID, version: int, body: bytes) -> None:
        await self._cache_if_newer(
            keys=[self._state_key(user_id)], args=[version, body, self.STATE_TTL_SECONDS]
        )

    async def cached_state(self, user_id: UUID) -> bytes | None:
        stored: bytes | None = await self._redis.get(self._state_key(user_id))
        if stored is None:
            return None
        _, _, body = stored.partition(b":")
        return body

    async def close(self) -> None:
        await self._redis.aclose()


def utcnow() -> datetime:
    return datetime.now(UTC)
