"""Keyboard focus is visible on every link of the overview, in the page and in the picture.

axe-core does not measure focus visibility (WCAG 2.4.7), so Tab is pressed through the whole
overview in Chromium and each focused element is checked where the browser draws it: a page
link needs an outline (not 'none', 2 px or wider) or a box-shadow, in a colour with 3:1 contrast
against what is behind it; a station of the picture
needs its hit area's ring (stroke 2 px or wider) in a colour with 3:1 contrast or more against
the picture's background.
"""

from __future__ import annotations

import re

import pytest

FOCUS_STATE = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const link = el.closest('a');
  const css = getComputedStyle(el);
  const result = {tag: el.tagName.toLowerCase(), href: link ? link.getAttribute('href') : null,
                  target: link ? link.getAttribute('target') : null,
                  inSvg: !!el.closest('svg'), outlineStyle: css.outlineStyle,
                  outlineWidth: parseFloat(css.outlineWidth) || 0, outlineColor: css.outlineColor,
                  boxShadow: css.boxShadow, visible: el.getClientRects().length > 0};
  let node = el, backdrop = 'rgb(255, 255, 255)';
  while (node && node.nodeType === 1) {
    const colour = getComputedStyle(node).backgroundColor;
    if (colour && colour !== 'transparent' && !/rgba\(.*, 0\)$/.test(colour)) { backdrop = colour; break; }
    node = node.parentElement;
  }
  result.backdrop = backdrop;
  if (result.inSvg) {
    const hit = el.querySelector('.rg-hit');
    const bg = el.closest('svg').querySelector('.rg-bg');
    if (hit) {
      const h = getComputedStyle(hit);
      result.stroke = h.stroke; result.strokeWidth = parseFloat(h.strokeWidth) || 0;
      result.strokeVisible = h.visibility !== 'hidden' && h.display !== 'none';
    }
    result.background = bg ? getComputedStyle(bg).fill : 'rgb(255, 255, 255)';
  }
  return result;
}"""


def _rgb(value: str) -> tuple[float, float, float]:
    parts = value[value.index("(") + 1: value.index(")")].split(",")
    r, g, b = (float(p) for p in parts[:3])
    return r, g, b


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(_rgb(a)), _luminance(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_helper() -> None:
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)")) == 21


@pytest.mark.parametrize("lang", ["nl", "ar"])
@pytest.mark.parametrize("width", [360, 1280])
def test_tab_through_the_overview_shows_a_focus_ring_everywhere(browser, server: str, lang: str,
                                                                 width: int) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    page.goto(f"{server}smallingerland/{lang}/")
    links = page.evaluate("document.querySelectorAll('a[href]').length")
    problems: list[str] = []
    seen_page, seen_picture = 0, 0
    first = None
    for _ in range(links + 20):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:
            continue
        key = (state["tag"], state["href"], state["inSvg"])
        if key == first:
            break  # once round the page
        first = first or key
        where = f"{lang} {width}px <{state['tag']} href={state['href']!r}>"
        if state["target"]:
            problems.append(f"{where}: target={state['target']!r}")
        if state["inSvg"]:
            seen_picture += 1
            ring = state.get("strokeWidth", 0) >= 2 and state.get("stroke", "none") not in ("none", "")
            if not ring or not state.get("strokeVisible"):
                problems.append(f"{where}: station without a ring ({state.get('stroke')}, {state.get('strokeWidth')})")
            elif contrast(state["stroke"], state["background"]) < 3:
                problems.append(f"{where}: ring {state['stroke']} on {state['background']} below 3:1")
        else:
            seen_page += 1
            outline = (state["outlineStyle"] != "none" and state["outlineWidth"] >= 2
                       and contrast(state["outlineColor"], state["backdrop"]) >= 3)
            shadows = re.findall(r"rgba?\([^)]*\)", state["boxShadow"]) if state["boxShadow"] != "none" else []
            shadow = any(contrast(colour, state["backdrop"]) >= 3 for colour in shadows)
            if not (outline or shadow):
                problems.append(f"{where}: no outline ({state['outlineStyle']} {state['outlineWidth']}px), "
                                f"no box-shadow")
    ctx.close()
    assert seen_page > 10, "Tab reached few links of the page"
    assert seen_picture >= 10, "Tab reached few stations of the picture"
    assert not problems, "\n".join(problems[:20])


def test_no_link_on_the_overview_opens_a_new_tab(browser, server: str) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.goto(f"{server}smallingerland/ar/")
    assert page.evaluate("document.querySelectorAll('[target]').length") == 0
    ctx.close()
