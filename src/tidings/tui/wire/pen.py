"""The pen: the SGR state (attributes, colours) plus the OSC 8 link a cell is drawn with.

Pens are interned, so two cells have the same style exactly when their pens are the same
object, and rows of pens compare at C speed. A space drawn with a pen whose attributes
do not show on a blank (bold, italic, a foreground colour...) is stored with the pen's
`blank` form (the background alone), so blanks that look alike compare alike and can be
written by an erase.
"""

from __future__ import annotations

# SGR attribute codes that set something, and the code that resets each.
_OFF = {1: 22, 2: 22, 3: 23, 4: 24, 21: 24, 5: 25, 6: 25, 7: 27, 8: 28, 9: 29}
_OFF.update({51: 54, 52: 54, 53: 55})
_ATTRS = frozenset(_OFF)
# Codes that reset attributes (the inverse of _OFF).
_RESETS: dict[int, frozenset[int]] = {}
for _code, _off in _OFF.items():
    _RESETS[_off] = _RESETS.get(_off, frozenset()) | {_code}
# Attributes that show on a blank cell: underlines, reverse video, strike, frames, overline.
_VISIBLE_ON_BLANK = frozenset({4, 7, 9, 21, 51, 52, 53})


class Pen:
    """One interned SGR + hyperlink state. Create with Pen.make; compare with `is`."""

    __slots__ = (
        "attrs", "fg", "bg", "ul", "extra", "link", "sgr", "blank", "erasable", "_after", "_hash"
    )  # fmt: skip
    _interned: dict[tuple, Pen] = {}

    attrs: frozenset[int]
    fg: str | None  # the colour's SGR parameters ("31", "38;5;253", "38;2;1;2;3"), None = default
    bg: str | None
    ul: str | None  # underline colour (58;...)
    extra: tuple[str, ...]  # SGR parameters not modelled, replayed in order after a reset
    link: str | None  # OSC 8 "params;url", None = no link
    sgr: str  # the parameters that draw this pen after a reset ("" for the default pen)
    blank: Pen  # the pen a space drawn with this pen is stored with
    erasable: bool  # an erase (EL / ECH) with this pen gives cells of this pen: bg alone

    @classmethod
    def make(
        cls,
        attrs: frozenset[int] = frozenset(),
        fg: str | None = None,
        bg: str | None = None,
        ul: str | None = None,
        extra: tuple[str, ...] = (),
        link: str | None = None,
    ) -> Pen:
        key = (attrs, fg, bg, ul, extra, link)
        pen = cls._interned.get(key)
        if pen is None:
            pen = object.__new__(cls)
            pen.attrs, pen.fg, pen.bg, pen.ul, pen.extra, pen.link = key
            pen._hash = hash(key)
            parts = [str(a) for a in sorted(attrs)]
            parts += [c for c in (fg, bg, ul) if c is not None]
            parts += extra
            pen.sgr = ";".join(parts)
            pen._after = {}
            cls._interned[key] = pen
            plain = not attrs and fg is None and ul is None and not extra and link is None
            pen.erasable = plain
            if plain or attrs & _VISIBLE_ON_BLANK or extra or link is not None or ul is not None:
                pen.blank = pen
            else:
                pen.blank = cls.make(bg=bg)
        return pen

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        link = f" link={self.link!r}" if self.link else ""
        return f"<Pen {self.sgr or 'default'}{link}>"

    def with_link(self, link: str | None) -> Pen:
        if link == self.link:
            return self
        return Pen.make(self.attrs, self.fg, self.bg, self.ul, self.extra, link)

    def with_bg(self, bg: str | None) -> Pen:
        return Pen.make(self.attrs, self.fg, bg, self.ul, self.extra, self.link)

    def apply(self, params: str) -> Pen:
        """The pen after `ESC [ params m`."""
        pen = self._after.get(params)
        if pen is None:
            pen = self._after[params] = _apply(self, params)
        return pen


DEFAULT = Pen.make()


def _color(groups: list[str], i: int) -> tuple[str | None, int]:
    """The extended colour starting at groups[i] (38 / 48 / 58): (its parameters or None
    when malformed, the index after it)."""
    head = groups[i]
    if ":" in head:  # 38:5:n or 38:2:[cs]:r:g:b, all in one group
        subs = head.split(":")
        if len(subs) >= 3 and subs[1] == "5" and subs[2].isdigit():
            return f"{subs[0]};5;{int(subs[2])}", i + 1
        if len(subs) >= 5 and subs[1] == "2":
            rgb = subs[-3:]
            if all(c.isdigit() for c in rgb):
                return f"{subs[0]};2;" + ";".join(str(int(c)) for c in rgb), i + 1
        return None, i + 1
    kind = groups[i + 1] if i + 1 < len(groups) else ""
    if kind == "5" and i + 2 < len(groups) and groups[i + 2].isdigit():
        return f"{head};5;{int(groups[i + 2])}", i + 3
    if kind == "2" and i + 4 < len(groups) and all(g.isdigit() for g in groups[i + 2 : i + 5]):
        return f"{head};2;" + ";".join(str(int(g)) for g in groups[i + 2 : i + 5]), i + 5
    return None, len(groups)  # malformed: the rest of the sequence is dropped, as xterm does


def _apply(pen: Pen, params: str) -> Pen:
    attrs, fg, bg, ul, extra = set(pen.attrs), pen.fg, pen.bg, pen.ul, list(pen.extra)
    groups = params.split(";")
    i = 0
    while i < len(groups):
        group = groups[i]
        head = group.split(":", 1)[0]
        code = int(head) if head.isdigit() and len(head) < 6 else -1
        if code in (38, 48, 58):
            color, i = _color(groups, i)
            if color is not None:
                if code == 38:
                    fg = color
                elif code == 48:
                    bg = color
                else:
                    ul = color
            continue
        i += 1
        if ":" in group and code != 0:
            extra.append(group)  # sub-parameters (4:3 curly underline...) are replayed
        elif code == 0 or group == "":
            attrs, fg, bg, ul, extra = set(), None, None, None, []
        elif code in _ATTRS:
            attrs.add(code)
        elif code in _RESETS:
            attrs -= _RESETS[code]
        elif 30 <= code <= 37 or 90 <= code <= 97:
            fg = str(code)
        elif code == 39:
            fg = None
        elif 40 <= code <= 47 or 100 <= code <= 107:
            bg = str(code)
        elif code == 49:
            bg = None
        elif code == 59:
            ul = None
        else:
            extra.append(group)
    return Pen.make(frozenset(attrs), fg, bg, ul, tuple(extra), pen.link)


_transitions: dict[tuple[Pen | None, Pen], str] = {}


def transition(old: Pen | None, new: Pen) -> str:
    """The shortest SGR (and OSC 8) sequence that turns the terminal's pen `old` into
    `new`; old=None means the terminal's pen is unknown."""
    key = (old, new)
    seq = _transitions.get(key)
    if seq is None:
        seq = _transitions[key] = _sgr(old, new) + _link(old, new)
    return seq


def _sgr(old: Pen | None, new: Pen) -> str:
    full = f"\x1b[0;{new.sgr}m" if new.sgr else "\x1b[m"
    if old is None:
        return full
    if old.sgr == new.sgr:
        return ""
    if old.extra or new.extra:
        return full
    parts: list[str] = []
    gone = old.attrs - new.attrs
    readd: set[int] = set()
    offs = sorted({_OFF[a] for a in gone})
    for off in offs:
        readd |= _RESETS[off] & new.attrs & old.attrs  # 22 clears bold and dim alike
    parts += [str(off) for off in offs]
    parts += [str(a) for a in sorted((new.attrs - old.attrs) | readd)]
    if old.fg != new.fg:
        parts.append(new.fg or "39")
    if old.bg != new.bg:
        parts.append(new.bg or "49")
    if old.ul != new.ul:
        parts.append(new.ul or "59")
    step = f"\x1b[{';'.join(parts)}m"
    return step if len(step) < len(full) else full


def _link(old: Pen | None, new: Pen) -> str:
    if old is not None and old.link == new.link:
        return ""
    if new.link is None:
        return "\x1b]8;;\x1b\\"
    return f"\x1b]8;{new.link}\x1b\\"
