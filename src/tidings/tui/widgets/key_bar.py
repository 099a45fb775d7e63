"""The bottom line of main keys: drawn once, unchanged by focus moves (Textual's Footer
rebuilds itself on every focus change), and clickable: a click runs the key's action."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget


class KeyBar(Widget):
    """Keys and their labels; click one to run its action."""

    DEFAULT_CSS = """
    KeyBar { height: 1; background: $footer-background; color: $footer-foreground; }
    KeyBar > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
    """
    COMPONENT_CLASSES = {"key-bar--key"}

    def __init__(self, items: list[tuple[str, str, str]], **kwargs: object) -> None:
        """items: (key as shown, label, action to run)."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.items = items
        self._spans: list[tuple[int, int, str]] = []

    def set_items(self, items: list[tuple[str, str, str]]) -> None:
        self.items = items
        self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text = Text(no_wrap=True, overflow="crop")
        self._spans = []
        x = 0
        for key, label, action in self.items:
            part = f" {key} {label} "
            width = cell_len(part)
            text.append(f" {key}", key_style)
            text.append(f" {label} ")
            self._spans.append((x, x + width, action))
            x += width
        return text

    async def on_click(self, event: events.Click) -> None:
        for start, end, action in self._spans:
            if start <= event.x < end:
                event.stop()
                await self.app.run_action(action)
                return
