"""Playback's share of the app: the channels plugin (memory, or Redis pub/sub when
`CADENZA_REDIS_URL` is set, so events cross processes) and the process's playback hub."""

from __future__ import annotations

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from litestar.channels import ChannelsPlugin
from litestar.channels.backends.base import ChannelsBackend
from litestar.channels.backends.memory import MemoryChannelsBackend
from litestar.channels.backends.redis import RedisChannelsPubSubBackend
from litestar.config.app import AppConfig
from litestar.plugins import InitPluginProtocol
from redis.asyncio import Redis

from cadenza_api.domain.playback.backplane import Backplane, MemoryBackplane, RedisBackplane
from cadenza_api.domain.playback.hub import PlaybackHub
from cadenza_api.settings import Settings

# A socket that stops reading loses its oldest events first; the newest state is what counts.
_SUBSCRIBER_BACKLOG = 256


class PlaybackPlugin(InitPluginProtocol):
    def __init__(self, settings: Settings, database: SQLAlchemyAsyncConfig) -> None:
        self.settings = settings
        self.database = database

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        backend: ChannelsBackend
        backplane: Backplane
        if self.settings.redis_url:
            redis = Redis.from_url(self.settings.redis_url)
            backend = RedisChannelsPubSubBackend(
                redis=redis, key_prefix=f"{self.settings.redis_prefix}_channels"
            )
            backplane = RedisBackplane(
                redis,
                prefix=self.settings.redis_prefix,
                device_ttl_seconds=self.settings.playback.device_timeout_seconds * 3,
            )
        else:
            backend = MemoryChannelsBackend()
            backplane = MemoryBackplane()
        channels = ChannelsPlugin(
            backend=backend,
            arbitrary_channels_allowed=True,
            subscriber_max_backlog=_SUBSCRIBER_BACKLOG,
            subscriber_backlog_strategy="dropleft",
        )
        hub = PlaybackHub(self.settings.playback, self.database, backplane, channels)
        app_config.plugins.append(channels)
        app_config.state.playback_hub = hub
        app_config.on_shutdown.append(hub.close)
        return app_config
