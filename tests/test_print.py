"""Print matter of Smallingerland in nl, ar and ti, checked in the PDFs themselves.

Every format is rendered once by Chromium; poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm),
zbar-tools (zbarimg) and pdfplumber read them back. A missing tool fails with the Debian package
to install, never a silent skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from routegen.stages import CheckedSite, prepare, print_pdfs
from routegen.printing.matter import (
    POSTER_ROOM,
    PT_PER_PX,
    handout_columns,
    poster_picture,
    step_title_px,
    wraps_a_pill,
)

ROOT = Path(__file__).resolve().parents[1]
ROUTE = ROOT / "routes" / "smallingerland.yaml"
SCREENSHOTS = ROOT / "tests" / "screenshots"
LANGS = ("nl", "ar", "ti")
KINDS = ("poster", "handout", "card")
BILINGUAL = "poster-bilingual"  # made with the poster for every language but Dutch
PAPER_PT = {"poster": (1190.55, 841.89), BILINGUAL: (1190.55, 841.89), "handout": (595.28, 841.89),
            "card": (595.28, 841.89)}
PAGES = {"poster": (1, 1), BILINGUAL: (1, 1), "handout": (2, 2), "card": (1, 1)}
SMALLEST_PT = {"poster": 10.0, BILINGUAL: 10.0, "handout": 10.0, "card": 8.0}
TOOLS = {"pdfinfo": "poppler-utils", "pdffonts": "poppler-utils", "pdftotext": "poppler-utils",
         "pdftoppm": "poppler-utils", "zbarimg": "zbar-tools"}


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: apt-get install {TOOLS[name]} (see the README's test command)")
    return path


@pytest.fixture(scope="module")
def site() -> CheckedSite:
    return prepare(ROUTE)


@pytest.fixture(scope="module")
def pdfs(site: CheckedSite, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("print")
    made = print_pdfs(site, list(KINDS), list(LANGS))
    assert sorted(made) == sorted(f"{lang}/print/{kind}.pdf" for lang, kind in CASES)
    paths = {}
    for lang, kind in CASES:
        path = folder / f"{lang}-{kind}.pdf"
        path.write_bytes(made[f"{lang}/print/{kind}.pdf"])
        paths[(lang, kind)] = path
    return paths


BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
CASES = [(lang, kind) for lang in LANGS for kind in KINDS] + [(lang, BILINGUAL) for lang in LANGS if lang != "nl"]


@pytest.mark.parametrize("lang,kind", CASES)
def test_page_size_and_count(pdfs: dict[tuple[str, str], Path], lang: str, kind: str) -> None:
    info = subprocess.run([tool("pdfinfo"), pdfs[(lang, kind)]], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    pages = int(fields["Pages"])
    low, high = PAGES[kind]
    assert low <= pages <= high, (kind, pages)
    width, height = (float(v) for v in fields["Page size"].split("pts")[0].split(" x "))
    assert (width, height) == pytest.approx(PAPER_PT[kind], abs=2), (kind, width, height)
    assert fields["Tagged"].strip() == "yes"


@pytest.mark.parametrize("lang,kind", CASES)
def test_fonts_embedded(pdfs: dict[tuple[str, str], Path], lang: str, kind: str) -> None:
    table = subprocess.run([tool("pdffonts"), pdfs[(lang, kind)]], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert table, "no fonts at all"
    for row in table:
        assert "Noto" in row, row
        assert row.split()[-5] == "yes", f"not embedded: {row}"


def _text(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run([tool("pdftotext"), "-enc", "UTF-8", *pages, path, "-"], capture_output=True, text=True,
                         check=True).stdout
    # pdftotext marks right-to-left runs with bidi embeddings (U+202A-U+202E): not text
    out = "".join(ch for ch in out if ch not in BIDI_CONTROLS)
    return " ".join(unicodedata.normalize("NFKC", out).split())


@pytest.mark.parametrize("lang", LANGS)
def test_step_titles_extractable_in_logical_order(site: CheckedSite, pdfs: dict[tuple[str, str], Path],
                                                  lang: str) -> None:
    route = site.localized[lang].route
    # the handout's first page is its picture, the second its steps with what you do and get
    texts = [_text(pdfs[(lang, "handout")], 1), _text(pdfs[(lang, "handout")], 2), _text(pdfs[(lang, "poster")])]
    for step in route.steps:
        for text in texts:
            _assert_holds(text, str(step.title), lang)
    for item in route.steps[0].you_do:
        _assert_holds(texts[1], str(item), lang)
    card = _text(pdfs[(lang, "card")])
    assert "0512 000 000" in card and "regisseur@example.nl" in card
    if lang != "nl":  # who the contact is in Dutch too, for a helper who reads only Dutch
        assert "Regisseur statushouders · Gemeente Smallingerland" in card and "Wanneer: ma t/m vr" in card


def _assert_holds(text: str, title: str, lang: str) -> None:
    """Chromium maps a few Arabic ligatures (lam with alef maksura) to their glyphs' visual
    order, so words are compared without marks and spaces, and most of each title must match."""
    title = " ".join(unicodedata.normalize("NFKC", "".join(ch for ch in title if ch not in BIDI_CONTROLS)).split())
    letters = _bare(text)
    words = [w for w in re.split(r"[\s-]+", title) if len(_bare(w)) > 1]
    found = [w for w in words if _bare(w) in letters]
    assert len(found) >= 0.6 * len(words), (lang, title, found)


@pytest.mark.parametrize("lang", ["ar", "ti"])
def test_bilingual_poster_names_each_step_in_both_languages(site: CheckedSite, pdfs: dict[tuple[str, str], Path],
                                                           lang: str) -> None:
    text = _text(pdfs[(lang, BILINGUAL)])
    for step in site.localized[lang].route.steps:
        _assert_holds(text, str(step.title), lang)
        dutch = str(site.localized["nl"].route.step(step.id).title)
        # its letters as written: pdftotext moves a Dutch title's end punctuation (in an Arabic
        # line) and drops a hyphen that ends a line
        assert _letters(dutch) in _letters(text), dutch
    assert str(site.localized["nl"].route.route.title) in text and "Je regisseur" in text
    # the poster in the reader's language alone has no Dutch step titles
    only = _text(pdfs[(lang, "poster")])
    assert "Warme overdracht" not in only and "Warme overdracht" in text


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _bare(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Mn")


@pytest.mark.parametrize("lang,kind", CASES)
def test_qr_code_leads_to_the_language_overview(pdfs: dict[tuple[str, str], Path], tmp_path: Path,
                                                lang: str, kind: str) -> None:
    image = tmp_path / "page"
    subprocess.run([tool("pdftoppm"), "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile",
                    pdfs[(lang, kind)], image], check=True)
    found = subprocess.run([tool("zbarimg"), "--quiet", "--raw", f"{image}.png"], capture_output=True,
                           text=True).stdout.split()
    assert found and set(found) == {f"https://www.example.nl/route-smallingerland/{lang}/"}, found


@pytest.mark.parametrize("lang,kind", CASES)
def test_no_text_smaller_than_it_reads(pdfs: dict[tuple[str, str], Path], lang: str, kind: str) -> None:
    import pdfplumber

    sizes = []
    with pdfplumber.open(pdfs[(lang, kind)]) as pdf:
        for page in pdf.pages:
            sizes += [round(char["size"], 2) for char in page.chars if not char["text"].isspace()]
    assert sizes
    assert min(sizes) >= SMALLEST_PT[kind] - 0.01, (lang, kind, min(sizes))
    if kind == "poster":  # the step titles: the picture's bold 14 pt and more
        assert max(sizes) >= 14


@pytest.mark.parametrize("lang", LANGS)
def test_handout_text_stays_inside_the_page_margins(pdfs: dict[tuple[str, str], Path], lang: str) -> None:
    """Chromium once painted an Arabic shadda of page 2's first column line at page 1's foot."""
    import pdfplumber

    margin = 10 / 25.4 * 72  # the handout's @page margin, top and bottom
    with pdfplumber.open(pdfs[(lang, "handout")]) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            outside = [(c["text"], round(c["top"])) for c in page.chars
                       if c["top"] < margin - 6 or c["bottom"] > page.height - margin + 1]
            assert not outside, (lang, number, outside)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("bilingual", [False, True])
def test_poster_step_titles_reach_14_pt(site: CheckedSite, lang: str, bilingual: bool) -> None:
    also = site.localized["nl"] if bilingual and lang != "nl" else None
    picture, factor = poster_picture(site.localized[lang], lambda step_id: step_id, also)
    assert not wraps_a_pill(picture)  # "Goal" in one piece beside each goal station
    assert step_title_px(picture) * factor * PT_PER_PX >= 14.0
    assert picture.width * factor <= POSTER_ROOM[0] + 0.5 and picture.height * factor <= POSTER_ROOM[1] + 0.5


@pytest.mark.parametrize("lang", LANGS)
def test_handout_picture_is_cut_between_rows_into_two_columns(site: CheckedSite, lang: str) -> None:
    columns = handout_columns(site.localized[lang], lambda step_id: step_id)
    assert len(columns) == 2 and columns[0].top == 0 and columns[1].top == pytest.approx(columns[0].height)
    # every station in one column only, in reading order; no text or station crosses the cut
    numbers = [station.number for column in columns for station in column.stations]
    assert numbers == sorted(numbers) == list(range(1, len(site.route.steps) + 1))
    for column in columns:
        bottom = column.top + column.height
        for label in column.all_labels():
            assert column.top <= label.box.y and label.box.bottom <= bottom, label.text
        for station in column.stations:
            assert column.top <= station.hit.y and station.hit.bottom <= bottom
    # a phase's band never ends a column: a step follows each phase title in the same column
    phase_titles = {str(phase.title) for phase in site.localized[lang].route.phases}
    for column in columns:
        tops = [label.box.y for label in column.labels if str(label.text) in phase_titles]
        assert not tops or max(tops) < max(station.hit.y for station in column.stations)
    halves = [column.height for column in columns]
    assert max(halves) <= 0.62 * sum(halves), halves  # about even


def test_screenshots(pdfs: dict[tuple[str, str], Path]) -> None:
    """PNG renders for people to look at (tests/screenshots/print-<lang>-<format>.png; the
    handout's two pages side by side in print-<lang>-handout-<page>.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for (lang, kind), path in pdfs.items():
        last = 2 if kind == "handout" else 1
        name = SCREENSHOTS / f"print-{lang}-{kind}"
        subprocess.run([tool("pdftoppm"), "-r", "60" if "poster" in kind else "70", "-f", "1", "-l", str(last),
                        "-png", path, name], check=True)
        made = sorted(SCREENSHOTS.glob(f"print-{lang}-{kind}-[0-9].png"))
        assert len(made) == last and all(png.stat().st_size > 10_000 for png in made)


# --- the commands ---------------------------------------------------------------------------


def test_routegen_print_adds_one_language_after_another(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from routegen.cli import main

    out = tmp_path / "drukwerk"
    for lang in ("ar", "ti"):
        result = CliRunner().invoke(main, ["print", str(ROUTE), "--lang", lang, "--format", "card", "--out", str(out)])
        assert result.exit_code == 0, result.output
    # the second run kept the first one's PDF
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == ["ar/print/card.pdf", "ti/print/card.pdf"]
    assert (out / "ar/print/card.pdf").read_bytes().startswith(b"%PDF-")
    result = CliRunner().invoke(main, ["print", str(ROUTE), "--lang", "xx", "--out", str(out)])
    assert result.exit_code == 1 and "xx is not one of the route's languages" in result.stderr


def test_check_print_tells_what_the_print_matter_lacks_without_chromium(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from routegen.cli import main
    from routegen.printing.chromium import CHROMIUM_VARIABLE
    from tests.conftest import MINIMAL_ROUTE_TEXT, write_route

    monkeypatch.setenv(CHROMIUM_VARIABLE, str(tmp_path / "no-chromium-here"))  # check never prints
    route = write_route(tmp_path, MINIMAL_ROUTE_TEXT)
    assert "site_url" not in MINIMAL_ROUTE_TEXT
    line = MINIMAL_ROUTE_TEXT.splitlines().index("route:") + 1
    plain = CliRunner().invoke(main, ["check", str(route)])
    assert plain.exit_code == 0 and "site_url" not in plain.stderr, plain.output
    result = CliRunner().invoke(main, ["check", str(route), "--print"])
    assert result.exit_code == 0, result.output
    assert re.search(rf"route\.yaml:{line}:\d+: warning", result.stderr), result.stderr
    assert "no QR code" in result.stderr and "route.site_url" in result.stderr
    strict = CliRunner().invoke(main, ["check", str(route), "--print", "--strict"])
    assert strict.exit_code == 1 and re.search(rf"route\.yaml:{line}:\d+: error", strict.stderr), strict.output


def test_a_missing_chromium_is_a_message_naming_the_debian_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from routegen.cli import main
    from routegen.printing.chromium import CHROMIUM_VARIABLE

    monkeypatch.setenv(CHROMIUM_VARIABLE, str(tmp_path / "no-chromium-here"))
    for args in (["print", str(ROUTE), "--format", "card", "--out", str(tmp_path / "p")],
                 ["build", str(ROUTE), "--print", "--out", str(tmp_path / "site")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        assert "apt-get install chromium" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "site").exists() and not (tmp_path / "p").exists()
    # building the site without --print never needs Chromium
    result = CliRunner().invoke(main, ["build", str(ROUTE), "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
