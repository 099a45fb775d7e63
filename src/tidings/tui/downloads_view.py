"""Ctrl+E: the downloads view (tidings.tui.screens.downloads), newsboat's podboat in
the reader. A mixin of TidingsApp (tidings.tui.app), kept apart so each module stays
small."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.tui.screens.downloads import DownloadsScreen

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


class DownloadsViewActions(_Base):
    """downloads (see tidings.tui.keymap)."""

    def action_downloads(self) -> None:
        self.push_screen(
            DownloadsScreen(
                self.pool, self.download_queue, lambda: self.config.settings, self.play_file
            )
        )
