#!/usr/bin/env python3
"""Write a corpus of route files (bench/corpus.py) as a Hugo site with the same content, so the
portal benchmark (issue 14) can compare `routegen build` with Hugo doing comparable work.

    python bench/hugo_site.py CORPUS_DIR HUGO_DIR
    hugo --quiet -s HUGO_DIR -d OUT          # Hugo 0.111 (Debian); nothing is fetched

Per route and language (texts from the route's PO files, the Dutch source where one is missing):

- an overview page: the route's title, its intro (Markdown), the picture, and the list of steps
  (title, summary, link);
- one page per step: title, summary, its Markdown body, who leads it, what you do and get;
- a partners page: each partner's name, kind and description;
- the picture: drawn by a partial from the route's data in the overview's front matter (phases
  and steps as circles with their titles along a line, the track on a second line), built as a
  string in the template, put inline in the overview and published as a standalone SVG file
  (routegen also inlines its picture and writes it as a file), so Hugo does the picture work too.

The site is multilingual: one content folder per language (``content/<lang>/``), the Arabic-script
languages written right to left (``languageDirection = "rtl"``), a language menu on every page
(Hugo's ``.Translations``), and a home page per language that lists the routes. Templates are
minimal and in this script: no theme, nothing downloaded. RSS and taxonomies are off (routegen
makes neither); the sitemap stays on (routegen writes one per route).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

RTL = {"ar", "fa", "prs", "ckb", "ur", "ps", "he"}

MARKER = "# Written by bench/hugo_site.py"
CONFIG = MARKER + """
baseURL = "https://www.example.nl/portal/"
title = "Integratieroutes"
defaultContentLanguage = "{source}"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]
enableRobotsTXT = true

[markup.goldmark.renderer]
unsafe = false

[languages]
{languages}"""

LANGUAGE = """\
[languages.{code}]
languageName = "{name}"
contentDir = "content/{code}"
weight = {weight}
languageDirection = "{direction}"
"""

BASEOF = """\
<!doctype html>
<html lang="{{ .Language.Lang }}" dir="{{ .Language.LanguageDirection | default "ltr" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
<style>
body { font-family: "Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic", sans-serif; max-width: 60rem; margin: auto; }
nav ul { display: flex; gap: 1rem; list-style: none; padding: 0; }
figure svg { max-width: 100%; height: auto; }
svg text { font-family: "Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic", sans-serif; }
</style>
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}
</head>
<body>
<nav aria-label="languages"><ul>
<li aria-current="page">{{ .Language.Lang }}</li>
{{ range .Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>
{{ end }}</ul></nav>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

HOME = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Params.municipality }}: {{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
"""

OVERVIEW = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $svg := partial "picture.html" . }}
<figure>{{ $svg | safeHTML }}</figure>
{{ $file := resources.FromString (printf "pictures/%s/%s.svg" .Params.slug .Language.Lang) $svg }}
<p><a href="{{ $file.RelPermalink }}">SVG</a></p>
<ol>
{{ range .Pages.ByWeight }}{{ if eq .Params.kind "step" }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ .Params.summary }}</p></li>
{{ end }}{{ end }}</ol>
{{ with .GetPage "partners" }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
{{ end }}
"""

SINGLE = """\
{{ define "main" }}
<p><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>
<h1>{{ .Title }}</h1>
{{ if eq .Params.kind "step" }}
<p><strong>{{ .Params.summary }}</strong></p>
<p>{{ .Params.phase }} · {{ .Params.lead }}</p>
{{ .Content }}
{{ with .Params.you_do }}<h2>✓</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ with .Params.you_get }}<h2>+</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
{{ else }}
<dl>
{{ range .Params.partners }}<dt>{{ .name }}</dt><dd>{{ .kind }}{{ with .description }}: {{ . }}{{ end }}</dd>
{{ end }}</dl>
{{ end }}
{{ end }}
"""

# The picture: a string built step by step, as routegen's drawing builds its SVG.
PICTURE = """\
{{- $steps := .Params.picture.steps -}}
{{- $main := where $steps "track" "" -}}
{{- $track := where $steps "track" "!=" "" -}}
{{- $width := add 120 (mul (len $main) 150) -}}
{{- $rtl := eq .Language.LanguageDirection "rtl" -}}
{{- $s := printf `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d 420" width="%d" height="420" role="img" aria-label="%s">` $width $width (.Title | htmlEscape) -}}
{{- $s = add $s (printf `<title>%s</title><rect width="%d" height="420" fill="#f4f8f9"/>` (.Title | htmlEscape) $width) -}}
{{- $s = add $s (printf `<text x="%d" y="36" font-size="22" font-weight="700" text-anchor="middle">%s</text>` (div $width 2) (.Title | htmlEscape)) -}}
{{- $s = add $s (printf `<line x1="60" y1="170" x2="%d" y2="170" stroke="#00607a" stroke-width="8" stroke-linecap="round"/>` (sub $width 60)) -}}
{{- $phase := "" -}}
{{- range $i, $step := $main -}}
  {{- $x := add 135 (mul $i 150) -}}
  {{- if $rtl }}{{ $x = sub $width $x }}{{ end -}}
  {{- if ne $step.phase $phase -}}
    {{- $phase = $step.phase -}}
    {{- $s = add $s (printf `<text x="%d" y="90" font-size="15" fill="#b34700" text-anchor="middle">%s</text>` $x (index $.Params.picture.phases $step.phase | htmlEscape)) -}}
  {{- end -}}
  {{- $s = add $s (printf `<circle cx="%d" cy="170" r="26" fill="#00607a" stroke="#fff" stroke-width="4"/>` $x) -}}
  {{- $s = add $s (printf `<text x="%d" y="177" font-size="18" fill="#fff" text-anchor="middle">%d</text>` $x (add $i 1)) -}}
  {{- $s = add $s (printf `<text x="%d" y="222" font-size="14" text-anchor="middle">%s</text>` $x ($step.title | htmlEscape)) -}}
{{- end -}}
{{- with $track -}}
  {{- $s = add $s (printf `<line x1="285" y1="320" x2="%d" y2="320" stroke="#b34700" stroke-width="6" stroke-dasharray="12 8"/>` (sub $width 60)) -}}
  {{- range $i, $step := . -}}
    {{- $x := add 360 (mul $i 150) -}}
    {{- if $rtl }}{{ $x = sub $width $x }}{{ end -}}
    {{- $s = add $s (printf `<circle cx="%d" cy="320" r="22" fill="#b34700"/>` $x) -}}
    {{- $s = add $s (printf `<text x="%d" y="370" font-size="14" text-anchor="middle">%s</text>` $x ($step.title | htmlEscape)) -}}
  {{- end -}}
{{- end -}}
{{- $s = add $s `</svg>` -}}
{{- return $s -}}
"""


def own_name(code: str) -> str:
    """The language's name in itself, for the language menu (CLDR through Babel; the code otherwise)."""
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        return {"prs": "دری"}.get(code, code)  # Dari: CLDR has no locale of its own for it


def texts(route_path: Path, lang: str, source: str) -> dict[str, str]:
    """msgctxt -> translation of one language (empty for the source language)."""
    if lang == source:
        return {}
    po = route_path.with_suffix("") / "locales" / f"{lang}.po"
    if not po.exists():
        return {}
    with po.open("rb") as handle:
        catalog = read_po(handle)
    return {str(m.context): str(m.string) for m in catalog if m.id and m.context and m.string and not m.fuzzy}


def _page(path: Path, front: dict[str, Any], body: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    matter = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(f"---\n{matter}---\n{body}", encoding="utf-8")


def write_route(route_path: Path, hugo_dir: Path) -> list[str]:
    """The pages of one route in each of its languages; returns its languages."""
    data = yaml.safe_load(route_path.read_text(encoding="utf-8"))
    info = data["route"]
    for lang in info["languages"]:
        write_language(data, texts(route_path, lang, info.get("source_language", "nl")),
                       hugo_dir / "content" / lang / info["slug"])
    return list(info["languages"])


def write_language(data: dict[str, Any], translations: dict[str, str], folder: Path) -> None:
    """The overview, step and partners pages of one route in one language."""
    info, steps = data["route"], data["steps"]
    partners = {p["id"]: p for p in data.get("partners", [])}

    def t(context: str, source: str) -> str:
        return translations.get(context, source)

    def name_of(partner_id: str) -> str:
        if partner_id not in partners:
            return partner_id  # "regisseur"
        return t(f"partners.{partner_id}.name", partners[partner_id]["name"])

    phases = {p["id"]: t(f"phases.{p['id']}.title", p["title"]) for p in data["phases"]}
    picture = {
        "phases": phases,
        "steps": [{"id": s["id"], "title": t(f"steps.{s['id']}.title", s["title"]),
                   "phase": s["phase"], "track": s.get("track", "")} for s in steps],
    }
    _page(folder / "_index.md",
          {"title": t("route.title", info["title"]), "municipality": info["municipality"], "slug": info["slug"],
           "picture": picture},
          t("route.intro", info.get("intro", "")))
    for weight, step in enumerate(steps, start=1):
        sid = step["id"]
        _page(folder / f"{sid}.md", {
            "title": t(f"steps.{sid}.title", step["title"]),
            "kind": "step",
            "weight": weight,
            "summary": t(f"steps.{sid}.summary", step["summary"]),
            "phase": phases[step["phase"]],
            "lead": name_of(step["lead"]),
            "you_do": [t(f"steps.{sid}.you_do.{i}", x) for i, x in enumerate(step.get("you_do", []))],
            "you_get": [t(f"steps.{sid}.you_get.{i}", x) for i, x in enumerate(step.get("you_get", []))],
        }, t(f"steps.{sid}.body", step.get("body", "")))
    _page(folder / "partners.md", {
        "title": "Partners",
        "kind": "partners",
        "weight": len(steps) + 1,
        "partners": [{"name": name_of(p["id"]), "kind": p["kind"],
                      "description": t(f"partners.{p['id']}.description", p.get("description", ""))}
                     for p in partners.values()],
    })


def write_site(corpus: Path, hugo_dir: Path) -> list[Path]:
    """The Hugo site of every route file in ``corpus``, into an emptied ``hugo_dir``."""
    routes = sorted(corpus.glob("*.yaml"))
    if not routes:
        raise SystemExit(f"no route files (*.yaml) in {corpus}")
    config_file = hugo_dir / "hugo.toml"
    if hugo_dir.exists() and any(hugo_dir.iterdir()):
        if not (config_file.is_file() and config_file.read_text(encoding="utf-8").startswith(MARKER)):
            raise SystemExit(f"{hugo_dir} is not empty and not a site this script wrote; choose another folder")
        shutil.rmtree(hugo_dir)
    languages: list[str] = []
    source = "nl"
    for route in routes:
        for lang in write_route(route, hugo_dir):
            if lang not in languages:
                languages.append(lang)
    for lang in languages:
        _page(hugo_dir / "content" / lang / "_index.md", {"title": "Integratieroutes"})
    config = CONFIG.format(source=source, languages="\n".join(
        LANGUAGE.format(code=code, name=own_name(code), weight=i + 1, direction="rtl" if code in RTL else "ltr")
        for i, code in enumerate(languages)))
    config_file.write_text(config, encoding="utf-8")
    layouts = {"_default/baseof.html": BASEOF, "index.html": HOME, "_default/list.html": OVERVIEW,
               "_default/single.html": SINGLE, "partials/picture.html": PICTURE}
    for name, text in layouts.items():
        path = hugo_dir / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return routes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder with the route files (bench/corpus.py)")
    parser.add_argument("hugo_dir", type=Path, help="the Hugo site to write (emptied first)")
    args = parser.parse_args()
    routes = write_site(args.corpus, args.hugo_dir)
    print(f"wrote a Hugo site of {len(routes)} routes into {args.hugo_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
