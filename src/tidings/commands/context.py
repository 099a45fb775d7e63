"""What every sub-command needs: the config and the store, loaded lazily, and clean exits."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.core import paths

if TYPE_CHECKING:
    from tidings.core.config import KeyCheck
    from tidings.core.models import Config, Settings
    from tidings.core.store import Store

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2


class CommandError(Exception):
    """A user-facing failure: printed as `tidings: <message>` and exits with `code`."""

    def __init__(self, message: str, code: int = EXIT_NOT_FOUND) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Context:
    config_arg: str | None = None
    db_arg: str | None = None
    _config: Config | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    @property
    def config_path(self) -> Path:
        return paths.default_config_path(self.config_arg)

    @property
    def db_path(self) -> Path:
        return paths.default_db_path(self.db_arg)

    def config(self, *, check_keys: KeyCheck | None = None) -> Config:
        """The loaded config (`check_keys`: also the reader's keys, see load_config)."""
        if self._config is None:
            from tidings.core.config import ConfigError, load_config

            try:
                self._config = load_config(self.config_path, check_keys=check_keys)
            except ConfigError as exc:
                raise CommandError(str(exc), EXIT_USAGE) from None
        return self._config

    def settings(self) -> Settings:
        """The config's settings (timeouts, caps, user agent), or the defaults when there
        is no feeds.yaml yet."""
        if not self.config_path.exists():
            from tidings.core.models import Settings

            return Settings()
        return self.config().settings

    def store(self, *, sync: bool = True) -> Store:
        """The store, with the feeds of the config synced into it (when there is a config)."""
        if self._store is None:
            from tidings.core.store import Store, StoreError

            try:
                self._store = Store.open(self.db_path)
            except StoreError as exc:
                raise CommandError(str(exc)) from None
            if sync:
                try:
                    self._store.sync_feeds(self.config().feeds)
                except StoreError:
                    # Busy (a long fetch is writing): read commands still work on
                    # the feeds as last synced; commands that write will say so.
                    pass
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def err(message: str) -> None:
    """`message` on stderr, a password of any URL in it as *** (a private feed's URL may
    come from the config, an argument or a server's error)."""
    from tidings.core.sanitize import hide_passwords

    print(f"tidings: {hide_passwords(message)}", file=sys.stderr)


def shown(text: str | None) -> str:
    """A feed's URL or error as one line for the terminal, any password in it as ***."""
    from tidings.core.sanitize import clean_line, hide_passwords

    return hide_passwords(clean_line(text))
