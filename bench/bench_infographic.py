"""Layout + drawing of a 20-step route in 10 languages (target: under 2 seconds).

Generates a route with 20 steps, 3 tracks, 2 supports and a budget, and translations in nine
languages whose texts are real script (Arabic, Persian, Ethiopic, Cyrillic, Latin) of about the
length of the Dutch, then times laying out and drawing both orientations in all 10 languages: 20
pictures. Every run starts with empty caches (text shaping, drawings), so nothing is reused from
an earlier run; the fonts stay loaded, as in any build after the first picture.

    python bench/bench_infographic.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from routegen import draw  # noqa: E402
from routegen.catalogs import build_template, catalog_path  # noqa: E402
from routegen.colors import palette  # noqa: E402
from routegen.draw import draw_svg  # noqa: E402
from routegen.layout import common  # noqa: E402
from routegen.layout import text as text_module  # noqa: E402
from routegen.layout.route_map import layout_picture  # noqa: E402
from routegen.localize import localize_file  # noqa: E402
from routegen.validate import check_route  # noqa: E402

LANGS = ["nl", "en", "ar", "fa", "prs", "ti", "uk", "tr", "so", "ckb"]
WORDS = {
    "en": "the step where you meet your coordinator and make a plan together".split(),
    "ar": "الخطوة التي تلتقي فيها بالمنسق وتضعان خطة معا للعمل والدراسة".split(),
    "fa": "مرحله ای که هماهنگ کننده را می بینید و با هم برنامه می ریزید".split(),
    "prs": "مرحله ای که با هماهنگ کننده دیدار می کنید و برنامه می سازید".split(),
    "ti": "ምስ ኣወሃሃዲ ትራኸቡሉን ብሓባር መደብ ትገብሩሉን ደረጃ እዩ".split(),
    "uk": "крок коли ви зустрічаєте координатора і разом складаєте план".split(),
    "tr": "koordinatörünüzle tanıştığınız ve birlikte plan yaptığınız adım".split(),
    "so": "tallaabada aad la kulanto isuduwaha oo aad wada sameysaan qorshe".split(),
    "ckb": "ئەو هەنگاوەی کە هەماهەنگکار دەبینیت و پێکەوە پلان دادەنێن".split(),
}


def route_yaml(steps: int = 20) -> str:
    lines = [
        "route: {municipality: Proefstad, slug: proefstad, title: De route naar een nieuw thuis in Proefstad,",
        f"        status: example, last_reviewed: 2026-11-24, languages: [{', '.join(LANGS)}]}}",
        "regisseur: {role: Regisseur statushouders, partner: gemeente, summary: Je vaste contactpersoon,"
        " contact: {email: regie@example.nl}}",
        "phases:",
    ]
    lines += [f"  - {{id: fase-{i}, title: Fase {i} van de route, timing: {{within: {i + 2} months}}}}"
              for i in range(4)]
    lines += ["tracks:"] + [f"  - {{id: spoor-{t}, title: Spoor {t} voor jongeren, audience: Jongeren tot 27 jaar}}"
                            for t in range(3)]
    lines.append("steps:")
    for i in range(steps):
        track = f", track: spoor-{i % 3}" if i % 4 == 3 else ""
        nxt = f", next: [stap-{i + 1}]" if i + 1 < steps else ""
        lines.append(f"  - {{id: stap-{i}, phase: fase-{i * 4 // steps}, title: Stap {i} met een titel,"
                     f" summary: Hier gebeurt iets belangrijks voor jou in stap {i}., lead: gemeente{track}{nxt}}}")
    lines += [
        "supports:",
        "  - {id: hulp, partner: vwn, title: Hulp van VluchtelingenWerk, summary: Een vrijwilliger helpt je.,"
        " from: fase-0, to: fase-2}",
        "  - {id: taal, partner: gemeente, title: Taalmaatje, summary: Samen oefenen., from: fase-1, to: fase-3}",
        "budget: {title: Persoonlijk budget, amount: 1500, currency: EUR, per: Per statushouder,"
        " managed_by: gemeente}",
        "partners:",
        "  - {id: gemeente, name: Gemeente Proefstad, kind: municipality}",
        "  - {id: vwn, name: VluchtelingenWerk, kind: refugee-support}",
    ]
    return "\n".join(lines) + "\n"


def write_translations(route_path: Path) -> None:
    checked = check_route(route_path)
    template = build_template(checked.route)
    for lang, words in WORDS.items():
        catalog = Catalog(locale=lang if lang not in ("prs", "ckb") else "fa", fuzzy=False)
        for message in template:
            if message.id:
                count = max(1, len(str(message.id).split()))
                text = " ".join(words[(k * 3) % len(words)] for k in range(count))
                catalog.add(message.id, text, context=message.context)
        path = catalog_path(route_path, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog)


def one_run(route_path: Path) -> float:
    text_module.clear_caches()
    draw.clear_caches()  # the benchmark measures layout and drawing, not the caches
    common._placed.cache_clear()
    checked = check_route(route_path)
    colours = palette(checked.route.theme)
    localized = [localize_file(checked.route, route_path, lang) for lang in LANGS]
    started = time.perf_counter()
    for loc in localized:
        for orientation in ("landscape", "portrait"):
            picture = layout_picture(loc, orientation, lambda step: f"{step}/")
            draw_svg(picture, colours, standalone=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        route_path = Path(folder) / "proefstad.yaml"
        route_path.write_text(route_yaml(), encoding="utf-8")
        write_translations(route_path)
        first = one_run(route_path)  # loads the fonts once
        times = [one_run(route_path) for _ in range(args.runs)]
    print("20-step route, 10 languages, landscape + portrait = 20 pictures, layout + draw, empty caches")
    print(f"first run (fonts loading): {first:.2f} s")
    print(f"runs: {args.runs}  median {statistics.median(times):.2f} s  min {min(times):.2f} s  max {max(times):.2f} s")
    print(f"per picture: {statistics.median(times) / 20 * 1000:.0f} ms   target: under 2 s for all 20")


if __name__ == "__main__":
    main()
