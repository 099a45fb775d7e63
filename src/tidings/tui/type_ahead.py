"""Keys typed ahead of a screen change are not lost.

Keys sent at once (a paste, tmux send-keys, a fast typist on a slow link: `/typhoon`)
are each handed to the widget with focus when they arrive: `/` and the seven letters
all go to the list before `/` has opened the search prompt. Once the prompt is open,
the letters come back up unhandled, and Textual drops them (the prompt stayed empty).
Here a key that comes back up on a screen other than the one it was typed on is sent
again, after the new screen has drawn and taken focus, as if typed then; keys that
arrive while some are held wait behind them, so none overtakes another. The same for an
article being opened (Enter, n): the keys typed with it (Enter q, n G, n Space) wait until
it is shown and go to the reader, not the list they reached first
(RowWaitActions.after_open sends them on).

A mixin of TidingsApp (tidings.tui.app), after MacroActions (the macro line takes its
keys itself: see tidings.tui.macros).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from tidings.tui.app import TidingsApp

    _Base = TidingsApp
else:
    _Base = object


RETRIES = 10  # refreshes to wait for the new screen to give a widget focus


class TypeAheadActions(_Base):
    _held_keys: list[events.Key] | None = None  # keys waiting for the new screen, in order

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held_keys and not getattr(event, "resent", False):
                # Keys held for the new screen go first: one typed after them waits too,
                # or it would overtake them (`/ty` over a slow link: "yt").
                self._held_keys.append(events.Key(event.key, event.character))
                return
            event.typed_on = self.screen  # type: ignore[attr-defined]
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        typed_on = getattr(event, "typed_on", None)
        new_screen = typed_on is not None and typed_on is not self.screen
        # An article being opened (Enter, n): q, G, j, Space… typed with it are for the
        # reader it opens, not the list they reached first (Enter q left it open).
        opening = self._open_token is not None and self.screen is self.main_screen
        if not new_screen and not opening:
            return
        event.stop()
        event.prevent_default()  # not the new screen's bindings yet: its focus first
        if self._held_keys is None:
            self._held_keys = []
        self._held_keys.append(events.Key(event.key, event.character))
        if len(self._held_keys) == 1 and not opening:
            self.call_after_refresh(self._resend_held_keys, RETRIES)

    def resend_keys_held_for_the_article(self) -> None:
        """The article being opened is shown: the keys typed meanwhile go on to it."""
        if self._held_keys:
            self._resend_held_keys(RETRIES)

    def _resend_held_keys(self, retries: int) -> None:
        """Send the held keys again, in the order typed, once the screen has drawn and
        a widget of it has focus (a screen with nothing to focus takes them as they are)."""
        screen = self.screen
        if screen.focused is None and retries > 0 and screen.focus_chain:
            self.call_after_refresh(self._resend_held_keys, retries - 1)
            return
        keys, self._held_keys = self._held_keys or [], []
        for key in keys:
            key.resent = True  # type: ignore[attr-defined]
            self.post_message(key)
