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

from routegen.pipeline import CheckedSite, prepare, print_pdfs
from routegen.printing.matter import PT_PER_PX, poster_picture, step_title_px, POSTER_ROOM

ROOT = Path(__file__).resolve().parents[1]
ROUTE = ROOT / "routes" / "smallingerland.yaml"
SCREENSHOTS = ROOT / "tests" / "screenshots"
LANGS = ("nl", "ar", "ti")
KINDS = ("poster", "handout", "card")
PAPER_PT = {"poster": (1190.55, 841.89), "handout": (595.28, 841.89), "card": (595.28, 841.89)}
PAGES = {"poster": (1, 1), "handout": (1, 2), "card": (1, 1)}
SMALLEST_PT = {"poster": 10.0, "handout": 10.0, "card": 8.0}
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
    paths = {}
    for lang in LANGS:
        for kind in KINDS:
            path = folder / f"{lang}-{kind}.pdf"
            path.write_bytes(made[f"{lang}/print/{kind}.pdf"])
            paths[(lang, kind)] = path
    return paths


BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
CASES = [(lang, kind) for lang in LANGS for kind in KINDS]


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


def _text(path: Path) -> str:
    out = subprocess.run([tool("pdftotext"), "-enc", "UTF-8", path, "-"], capture_output=True, text=True,
                         check=True).stdout
    # pdftotext marks right-to-left runs with bidi embeddings (U+202A-U+202E): not text
    out = "".join(ch for ch in out if ch not in BIDI_CONTROLS)
    return " ".join(unicodedata.normalize("NFKC", out).split())


@pytest.mark.parametrize("lang", LANGS)
def test_step_titles_extractable_in_logical_order(site: CheckedSite, pdfs: dict[tuple[str, str], Path],
                                                  lang: str) -> None:
    route = site.localized[lang].route
    handout = _text(pdfs[(lang, "handout")])
    poster = _text(pdfs[(lang, "poster")])
    for step in route.steps:
        title = " ".join(unicodedata.normalize("NFKC", "".join(
            ch for ch in str(step.title) if ch not in BIDI_CONTROLS)).split())
        # Chromium maps a few Arabic ligatures (lam with alef maksura) to their glyphs' visual
        # order, so words are compared without marks and spaces, and most of each title must match
        for text in (handout, poster):
            letters = _bare(text)
            words = [w for w in re.split(r"[\s-]+", title) if len(_bare(w)) > 1]
            found = [w for w in words if _bare(w) in letters]
            assert len(found) >= 0.6 * len(words), (lang, title, found)
    card = _text(pdfs[(lang, "card")])
    assert "0512 000 000" in card and "regisseur@example.nl" in card


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
def test_poster_step_titles_reach_14_pt(site: CheckedSite, lang: str) -> None:
    picture, factor = poster_picture(site.localized[lang], lambda step_id: step_id)
    assert step_title_px(picture) * factor * PT_PER_PX >= 14.0
    assert picture.width * factor <= POSTER_ROOM[0] + 0.5 and picture.height * factor <= POSTER_ROOM[1] + 0.5


def test_screenshots(pdfs: dict[tuple[str, str], Path]) -> None:
    """PNG renders for people to look at (tests/screenshots/print-<lang>-<format>.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for (lang, kind), path in pdfs.items():
        subprocess.run([tool("pdftoppm"), "-r", "60" if kind == "poster" else "70", "-f", "1", "-l", "1",
                        "-png", "-singlefile", path, SCREENSHOTS / f"print-{lang}-{kind}"], check=True)
        assert (SCREENSHOTS / f"print-{lang}-{kind}.png").stat().st_size > 10_000


# --- the commands ---------------------------------------------------------------------------


def test_routegen_print_writes_the_pdfs_of_one_language(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from routegen.cli import main

    out = tmp_path / "drukwerk"
    result = CliRunner().invoke(main, ["print", str(ROUTE), "--lang", "ar", "--format", "card", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == ["ar/print/card.pdf"]
    assert (out / "ar/print/card.pdf").read_bytes().startswith(b"%PDF-")


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
