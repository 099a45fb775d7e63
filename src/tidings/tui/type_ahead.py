"""Keys typed ahead of a screen change are not lost.

Keys sent at once (a paste, tmux send-keys, a fast typist on a slow link: `/typhoon`)
are each handed to the widget with focus when they arrive: `/` and the seven letters
all go to the list before `/` has opened the search prompt. Once the prompt is open,
the letters come back up unhandled, and Textual drops them (the prompt stayed empty).
Here a key that comes back up on a screen other than the one it was typed on is sent
again, after the new screen has drawn and taken focus, as if typed then.

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


class TypeAheadActions(_Base):
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            event.typed_on = self.screen  # type: ignore[attr-defined]
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        typed_on = getattr(event, "typed_on", None)
        if typed_on is None or typed_on is self.screen:
            return
        event.stop()
        event.prevent_default()  # not the new screen's bindings yet: its focus first
        self.call_after_refresh(self.post_message, events.Key(event.key, event.character))
