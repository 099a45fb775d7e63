"""`,` then a key: which macro to run (newsboat's macro prefix). One transparent line over
the status line names the macros ("Macro: v Play in mpv · r toggle_read, next_unread"),
or one line each when they do not fit on one; the next key picks one, Esc none, and a
click on one runs it."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from tidings.core.models import Macro
from tidings.tui.keymap import key_display


class MacroScreen(ModalScreen[str | None]):
    """Dismisses with the Textual name of the key pressed (None for Esc)."""

    DEFAULT_CSS = """
    MacroScreen { background: transparent; align: left bottom; }
    MacroScreen > Static {
        width: 100%; height: auto; max-height: 80%; margin: 0 0 1 0; padding: 0 1;
        background: $panel; color: $text;
    }
    """

    def __init__(self, macros: dict[str, Macro]) -> None:
        super().__init__()
        self.macros = macros

    def compose(self) -> ComposeResult:
        yield _Choices(self.macros)

    picked = False  # a key has picked: keys typed ahead of its closing are not more picks

    def on_key(self, event: events.Key) -> None:
        self.take(event)

    def take(self, event: events.Key) -> None:
        """The key picks (Esc: none). A key typed ahead that comes after the pick is not
        lost: it goes back to the reader, as if typed once the line had closed."""
        event.stop()
        event.prevent_default()
        if self.picked:
            self.app.post_message(events.Key(event.key, event.character))
        else:
            self.pick(None if event.key == "escape" else event.key)

    def pick(self, key: str | None) -> None:
        """Close with `key`, once (a second dismiss would close the reader's screen)."""
        if not self.picked:
            self.picked = True
            self.dismiss(key)


def summary(macro: Macro) -> str:
    """What a macro does, in a few words: its description, else its steps."""
    if macro.description:
        return macro.description
    return ", ".join(s.value if s.kind == "action" else f"{s.kind}: {s.value}" for s in macro.steps)


class _Choices(Static):
    """The macros, a key and what it does each; a click on one picks it."""

    def __init__(self, macros: dict[str, Macro]) -> None:
        super().__init__()
        self.macros = macros
        self.spans: list[tuple[int, int, int, str]] = []  # (line, start, end, key) in cells

    def render(self) -> Text:
        line = self._one_line()
        if line.cell_len <= self.content_region.width or not self.content_region.width:
            return line
        # Too long for one line (it was cut: the last macros and 'Esc: none' unseen).
        out = Text("Macro (Esc: none):", style="bold")
        self.spans = []
        for row, (key, macro) in enumerate(self.macros.items(), 1):
            out.append("\n")
            shown = key_display(key)
            out.append(shown, style="bold")
            out.append(" " + summary(macro))
            self.spans.append((row, 0, self.content_region.width, key))
        out.no_wrap = True
        out.overflow = "ellipsis"
        return out

    def _one_line(self) -> Text:
        line = Text("Macro: ", style="bold")
        self.spans = []
        for i, (key, macro) in enumerate(self.macros.items()):
            if i:
                line.append(" · ", style="dim")
            start = line.cell_len
            line.append(key_display(key), style="bold")
            line.append(" " + summary(macro))
            self.spans.append((0, start, line.cell_len, key))
        line.append("  (Esc: none)", style="dim")
        line.no_wrap = True
        line.overflow = "ellipsis"
        return line

    def on_click(self, event: events.Click) -> None:
        event.stop()
        x = event.x - 1  # the left padding
        for row, start, end, key in self.spans:
            if row == event.y and start <= x < end and isinstance(self.screen, MacroScreen):
                self.screen.pick(key)
                return
