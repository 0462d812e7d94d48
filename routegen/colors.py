"""The theme's colours, with every text/background pair checked against WCAG 2.1.

`check` reports a failing pair at the theme colour in the route file (:func:`contrast_failures`);
:func:`palette` refuses one too, so no page is ever drawn with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import RoutegenError
from .model import Theming
from .speech import N_tr, in_notation, number, tr

TEXT_CONTRAST = 4.5  # WCAG 1.4.3 for normal text
GRAPHIC_CONTRAST = 3.0  # WCAG 1.4.11 for graphical objects
DARK = "#1a1a1a"
LIGHT = "#ffffff"


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way towards ``other``."""
    channels = []
    for i in (1, 3, 5):
        a, b = int(colour[i : i + 2], 16), int(other[i : i + 2], 16)
        channels.append(round(a + (b - a) * amount))
    return "#" + "".join(f"{c:02x}" for c in channels)


def readable_on(background: str) -> str:
    return DARK if contrast(DARK, background) >= contrast(LIGHT, background) else LIGHT


@dataclass(frozen=True)
class Palette:
    """Every colour the picture and the site use, derived from the route's two theme colours."""

    primary: str
    accent: str
    on_primary: str
    on_accent: str
    text: str = DARK
    muted: str = "#4d4d4d"
    background: str = LIGHT
    phase_fill: str = "#f2f2f2"
    support_fill: str = "#f2f2f2"
    focus: str = "#000000"

    def pairs(self) -> list[tuple[str, str, str, float, str]]:
        """(what, foreground, background, minimum ratio, the theme colour it comes from) for every
        pair that carries meaning; the last item names the route file's field to change."""
        return [
            (N_tr("text on the page"), self.text, self.background, TEXT_CONTRAST, ""),
            (N_tr("muted text on the page"), self.muted, self.background, TEXT_CONTRAST, ""),
            (N_tr("text on a phase"), self.text, self.phase_fill, TEXT_CONTRAST, "primary"),
            (N_tr("muted text on a phase"), self.muted, self.phase_fill, TEXT_CONTRAST, "primary"),
            (N_tr("text on a support band"), self.text, self.support_fill, TEXT_CONTRAST, "accent"),
            (N_tr("text on the primary colour"), self.on_primary, self.primary, TEXT_CONTRAST, "primary"),
            (N_tr("text on the accent colour"), self.on_accent, self.accent, TEXT_CONTRAST, "accent"),
            (N_tr("links (primary colour) on the page"), self.primary, self.background, TEXT_CONTRAST, "primary"),
            (N_tr("stations and the route line"), self.primary, self.background, GRAPHIC_CONTRAST, "primary"),
            (N_tr("track lines"), self.accent, self.background, GRAPHIC_CONTRAST, "accent"),
            (N_tr("the focus outline"), self.focus, self.background, GRAPHIC_CONTRAST, ""),
        ]


def _derive(theme: Theming) -> Palette:
    primary, accent = theme.primary.lower(), theme.accent.lower()
    return Palette(
        primary=primary,
        accent=accent,
        on_primary=readable_on(primary),
        on_accent=readable_on(accent),
        phase_fill=mix(primary, LIGHT, 0.9),
        support_fill=mix(accent, LIGHT, 0.9),
    )


def contrast_failures(theme: Theming) -> list[tuple[str, str]]:
    """(theme field, what fails) for every pair below WCAG 2.1 AA, for located messages."""
    return [
        (blame, tr("{what}: {fg} on {bg} has contrast {ratio}:1, needs {need}:1", what=tr(what), fg=fg, bg=bg,
                   ratio=number(contrast(fg, bg), 2), need=in_notation(str(need))))
        for what, fg, bg, need, blame in _derive(theme).pairs()
        if contrast(fg, bg) < need
    ]


def palette(theme: Theming) -> Palette:
    """The palette of a theme; refuse colours that some readers could not read."""
    failures = contrast_failures(theme)
    if failures:
        raise RoutegenError(
            tr("The theme's colours are not readable enough (WCAG 2.1 AA):\n  - {failures}\n"
               "Hint: choose a darker primary or accent colour under theme: in the route file.",
               failures="\n  - ".join(text for _, text in failures))
        )
    return _derive(theme)
