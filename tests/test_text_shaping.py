"""Text measurement for the infographic: shaping, font fallback, wrapping, missing glyphs.

Widths are checked against HarfBuzz called directly on the shipped font files, so these tests
catch a wrong font, a wrong direction or script, or a width computed by adding up characters.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import uharfbuzz as hb  # type: ignore[import-untyped]
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables.TupleVariation import TupleVariation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routegen.errors import RoutegenError
from routegen.layout import text as text_module
from routegen.layout.fonts import SHIPPED_FONTS, FontError, FontRegistry, default_registry
from routegen.layout.text import (
    ELLIPSIS,
    Line,
    MissingGlyphError,
    font_runs,
    measure,
    text_block,
    wrap,
)

ARABIC_SENTENCE = "برنامج الترحيب وخطة العمل الشخصية"  # "welcome programme and personal plan"
TIGRINYA_WORDS = ["ሰላም", "ንኹሉ", "ሓዱሽ", "መጻእቲ", "ኣብዚ", "ከተማ", "እንቋዕ", "ብደሓን", "መጻእኩም"]
CJK = "\u4e2d"  # 中, in none of the shipped fonts


def hb_width(font_file: str, text: str, direction: str, script: str, language: str) -> float:
    """Advance width in em, shaped by HarfBuzz directly: the test's own minimal shaper."""
    face = hb.Face(hb.Blob.from_file_path(SHIPPED_FONTS / font_file))
    font = hb.Font(face)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction, buf.script, buf.language = direction, script, language
    hb.shape(font, buf)
    return sum(p.x_advance for p in buf.glyph_positions) / face.upem


def naive_width(font_file: str, text: str) -> float:
    """Sum of each character's own glyph advance from the cmap (isolated forms), in em."""
    font = TTFont(SHIPPED_FONTS / font_file)
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    return sum(hmtx[cmap[ord(c)]][0] for c in text) / font["head"].unitsPerEm


# -- (a) Arabic is measured by shaping ----------------------------------------------------------


@pytest.mark.parametrize(
    ("bold", "font_file"),
    [(False, "NotoSansArabic-Regular.ttf"), (True, "NotoSansArabic-Bold.ttf")],
)
def test_arabic_width_is_the_shaped_width_not_the_sum_of_isolated_forms(
    bold: bool, font_file: str
) -> None:
    size = 16.0
    shaped = measure(ARABIC_SENTENCE, "ar", size, bold)
    expected = hb_width(font_file, ARABIC_SENTENCE, "rtl", "Arab", "ar") * size
    assert shaped == pytest.approx(expected, abs=1e-9)
    naive = naive_width(font_file, ARABIC_SENTENCE) * size
    # Measured when written: regular 308.5 px naive vs 240.7 px shaped (+28 %); bold +26 %.
    assert abs(naive - shaped) / shaped > 0.10


def test_persian_with_zwnj_and_latin_name_inside_arabic() -> None:
    word = "می\u200cخواهم"  # ZWNJ keeps the two parts apart; the Arabic font has it
    assert measure(word, "fa", 10) == pytest.approx(
        hb_width("NotoSansArabic-Regular.ttf", word, "rtl", "Arab", "fa") * 10
    )
    mixed = "مرحبا Jan 12"
    runs = font_runs(mixed, "ar")
    assert [(mixed[r.start : r.end], r.font.family) for r in runs] == [
        ("مرحبا ", "Noto Sans Arabic"),
        ("Jan 12", "Noto Sans"),
    ]
    expected = hb_width("NotoSansArabic-Regular.ttf", "مرحبا ", "rtl", "Arab", "ar") + hb_width(
        "NotoSans-Regular.ttf", "Jan 12", "ltr", "Latn", "ar"
    )
    assert measure(mixed, "ar", 10) == pytest.approx(expected * 10)


def test_common_characters_stay_in_the_run_of_their_script() -> None:
    # Digits are not in Noto Sans Ethiopic: they fall back to Noto Sans; a ZWJ the Ethiopic
    # font lacks is invisible, not an error; the space stays with the Ethiopic run.
    text = "ደረጃ 2\u200d"
    runs = [(text[r.start : r.end], r.font.family) for r in font_runs(text, "ti")]
    assert runs == [("ደረጃ ", "Noto Sans Ethiopic"), ("2\u200d", "Noto Sans")]
    assert measure(text, "ti", 10) > measure("ደረጃ", "ti", 10)
    # Leading punctuation joins the run that follows it when that font has it...
    assert [r.font.family for r in font_runs("«مرحبا»", "ar")] == ["Noto Sans Arabic"]
    # ... but Noto Sans Arabic has no parentheses, so those come from Noto Sans.
    assert [r.font.family for r in font_runs("(مرحبا)", "ar")] == [
        "Noto Sans",
        "Noto Sans Arabic",
        "Noto Sans",
    ]


# -- (b) wrapping -------------------------------------------------------------------------------


def _alphabet(ranges: list[tuple[int, int]], font_file: str) -> list[str]:
    cmap = TTFont(SHIPPED_FONTS / font_file).getBestCmap()
    return [
        chr(cp)
        for lo, hi in ranges
        for cp in range(lo, hi + 1)
        if cp in cmap and unicodedata.category(chr(cp)).startswith("L")
    ]


LATIN = _alphabet([(0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xFF)], "NotoSans-Regular.ttf")
ARABIC = _alphabet([(0x621, 0x64A), (0x67E, 0x6CC)], "NotoSansArabic-Regular.ttf")
ETHIOPIC = _alphabet([(0x1200, 0x135A)], "NotoSansEthiopic-Regular.ttf")

words_strategy = st.lists(
    st.one_of(
        st.text(st.sampled_from(LATIN), min_size=1, max_size=14),
        st.text(st.sampled_from(ARABIC), min_size=1, max_size=14),
        st.text(st.sampled_from(ETHIOPIC), min_size=1, max_size=10),
    ),
    min_size=1,
    max_size=12,
)


def _is_single_cluster(text: str) -> bool:
    return len(text_module._clusters(text)) == 1


def _check_lines(words: list[str], lines: list[Line], lang: str, size: float, width: float) -> None:
    for line in lines:
        assert line.text == line.text.strip(" ")
        assert line.text
        assert line.width == pytest.approx(measure(line.text, lang, size))  # shaped as a whole
        assert line.width <= width + 1e-9 or _is_single_cluster(line.text), line
    # Nothing lost, nothing reordered: the lines hold the words, in order.
    assert "".join(line.text.replace(" ", "") for line in lines) == "".join(words)
    # A line only ends inside a word when that word alone is wider than the line.
    starts, offset = set(), 0
    for word in words:
        starts.add(offset)
        offset += len(word)
    end = 0
    for line in lines[:-1]:
        end += len(line.text.replace(" ", ""))
        if end not in starts:
            word = next(w for i, w in enumerate(words) if sum(map(len, words[: i + 1])) > end)
            assert measure(word, lang, size) > width


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=words_strategy,
    lang=st.sampled_from(["nl", "ar", "ti"]),
    size=st.floats(min_value=6, max_value=40),
    width=st.floats(min_value=4, max_value=400),
)
def test_wrap_never_overflows_and_keeps_every_word(
    words: list[str], lang: str, size: float, width: float
) -> None:
    lines = wrap(" ".join(words), lang, size, width)
    _check_lines(words, lines, lang, size, width)
    if measure(" ".join(words), lang, size) <= width:
        assert [line.text for line in lines] == [" ".join(words)]


@settings(max_examples=60, deadline=None)
@given(
    words=words_strategy,
    lang=st.sampled_from(["nl", "ar", "ti"]),
    width=st.floats(min_value=20, max_value=300),
    max_lines=st.integers(min_value=1, max_value=3),
)
def test_wrap_with_max_lines_ends_in_an_ellipsis_that_fits(
    words: list[str], lang: str, width: float, max_lines: int
) -> None:
    text = " ".join(words)
    full = wrap(text, lang, 12, width)
    cut = wrap(text, lang, 12, width, max_lines=max_lines)
    block = text_block(text, lang, 12, width, max_lines=max_lines)
    assert list(block.lines) == cut
    if len(full) <= max_lines:
        assert cut == full and not block.truncated
    else:
        assert block.truncated and len(cut) == max_lines
        assert cut[:-1] == full[: max_lines - 1]
        assert cut[-1].text.endswith(ELLIPSIS)
        assert cut[-1].width <= width + 1e-9 or cut[-1].text == ELLIPSIS
        assert cut[-1].text.replace(" ", "")[:-1] in full[max_lines - 1].text.replace(" ", "")


def test_wrap_breaks_greedily_at_spaces_hyphens_slashes_and_zero_width_spaces() -> None:
    text = "Welkom in Smallingerland: taal-lessen en/of werk\u200bervaring"
    size = 12.0
    lines = wrap(text, "nl", size, measure("Smallingerland:", "nl", size))
    assert [line.text for line in lines] == [
        "Welkom in",
        "Smallingerland:",
        "taal-lessen en/",
        "of werk",
        "ervaring",
    ]
    narrow = wrap(
        "taal-lessen en/of werk\u200bervaring", "nl", size, measure("ervaring", "nl", size) + 0.01
    )
    assert [line.text for line in narrow] == ["taal-", "lessen", "en/of", "werk", "ervaring"]
    assert [line.text for line in wrap("en/of", "nl", size, measure("en/", "nl", size))] == [
        "en/",
        "of",
    ]
    # No break after a hyphen that is not between letters or digits.
    pieces = text_module._pieces("-5 a- b/ c/d e-1")
    assert [p.word for p in pieces] == ["-5", "a-", "b/", "c/", "d", "e-", "1"]
    # Forced line breaks are kept, spaces collapse, nothing is empty at the ends.
    assert [line.text for line in wrap("  Stap 1\n\nStap   2 \n", "nl", 12, 500)] == [
        "Stap 1",
        "",
        "Stap 2",
    ]


def test_max_lines_across_forced_breaks() -> None:
    def texts(text: str, max_lines: int) -> list[str]:
        return [line.text for line in wrap(text, "nl", 12, 500, max_lines=max_lines)]

    assert texts("Stap 1\n\nStap 2", 1) == ["Stap 1" + ELLIPSIS]
    assert texts("Stap 1\n\nStap 2", 2) == ["Stap 1", ELLIPSIS]
    assert texts("Stap 1\n\nStap 2", 3) == ["Stap 1", "", "Stap 2"]
    assert not text_block("Stap 1\n\nStap 2", "nl", 12, 500, max_lines=3).truncated


def test_a_long_word_is_cut_between_clusters_never_inside_one() -> None:
    word = "e\u0301" * 30  # é written as e + combining acute, 30 times
    lines = wrap(word, "nl", 20, 50)
    assert len(lines) > 1
    for line in lines:
        assert not unicodedata.combining(line.text[0])
        assert line.width <= 50
    assert "".join(line.text for line in lines) == word


def test_arabic_line_width_is_shaped_as_a_whole() -> None:
    lines = wrap(ARABIC_SENTENCE, "ar", 16, 1000)
    assert lines == [Line(ARABIC_SENTENCE, measure(ARABIC_SENTENCE, "ar", 16))]
    words = ARABIC_SENTENCE.split(" ")
    summed = sum(measure(w, "ar", 16) for w in words) + measure(" ", "ar", 16) * (len(words) - 1)
    assert lines[0].width == pytest.approx(summed)  # equal here: Arabic does not join across spaces
    two = wrap(ARABIC_SENTENCE, "ar", 16, 140)  # the first three words are 134.4 px
    assert [line.text for line in two] == ["برنامج الترحيب وخطة", "العمل الشخصية"]


# -- (c) Ethiopic word space --------------------------------------------------------------------


def test_ethiopic_wraps_after_the_wordspace_which_ends_the_line() -> None:
    text = "፡".join(TIGRINYA_WORDS)
    width = measure("፡".join(TIGRINYA_WORDS[:2]) + "፡", "ti", 14) + 0.5
    lines = wrap(text, "ti", 14, width)
    assert len(lines) > 2
    assert "".join(line.text for line in lines) == text
    for line in lines[:-1]:
        assert line.text.endswith("፡")
        assert line.width <= width
    assert all(set(line.text.rstrip("፡").split("፡")) <= set(TIGRINYA_WORDS) for line in lines)
    assert lines[0].text == "ሰላም፡ንኹሉ፡"
    # With spaces after the wordspace (a common way of writing), the space goes, ፡ stays.
    spaced = wrap("፡ ".join(TIGRINYA_WORDS), "ti", 14, width)
    assert " ".join(line.text for line in spaced) == "፡ ".join(TIGRINYA_WORDS)
    assert all(line.text.endswith("፡") for line in spaced[:-1])


# -- (d) a missing glyph is an error ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "ar", "ti"])
def test_a_character_no_font_has_raises_missing_glyph(lang: str) -> None:
    with pytest.raises(MissingGlyphError) as caught:
        measure(f"Welkom {CJK}", lang, 12)
    error = caught.value
    assert isinstance(error, RoutegenError)
    message = str(error)
    assert "U+4E2D" in message and "CJK UNIFIED IDEOGRAPH-4E2D" in message
    assert f"({lang})" in message and "Welkom" in message
    assert "font folder" in message
    assert error.char == CJK and error.lang == lang
    with pytest.raises(MissingGlyphError):
        wrap(f"een twee drie {CJK}", lang, 12, 30)
    with pytest.raises(MissingGlyphError, match="U\\+0007"):
        measure("bell\x07", lang, 12)


# -- (e) a font folder adds characters ----------------------------------------------------------


def build_test_font(
    path: Path, family: str, codepoint: int, advance: int = 900, variable: bool = False
) -> None:
    """A tiny TrueType font with one square glyph for ``codepoint`` (and .notdef and space).

    ``variable``: a weight axis 100..900 (default 400) that widens the glyph by 500 units at 900.
    """
    fb = FontBuilder(1000, isTTF=True)
    glyph = f"uni{codepoint:04X}"
    fb.setupGlyphOrder([".notdef", "space", glyph])
    fb.setupCharacterMap({0x20: "space", codepoint: glyph})
    pen = TTGlyphPen(None)
    for contour in [[(100, 0), (100, 700), (800, 700), (800, 0)]]:
        pen.moveTo(contour[0])
        for point in contour[1:]:
            pen.lineTo(point)
        pen.closePath()
    square = pen.glyph()
    fb.setupGlyf({".notdef": square, "space": TTGlyphPen(None).glyph(), glyph: square})
    fb.setupHorizontalMetrics({".notdef": (500, 100), "space": (250, 0), glyph: (advance, 100)})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(usWeightClass=400, sTypoAscender=880, sTypoDescender=-120, usWinAscent=880)
    fb.setupPost()
    if variable:
        fb.setupFvar([("wght", 100, 400, 900, "Weight")], [])
        phantom = [(0, 0), (500, 0), (0, 0), (0, 0)]  # the second phantom point is the advance
        deltas = [(0, 0)] * 4 + phantom
        fb.setupGvar({glyph: [TupleVariation({"wght": (0.0, 1.0, 1.0)}, deltas)]})
    fb.save(str(path))


def test_an_extra_font_folder_makes_a_missing_character_drawable(tmp_path: Path) -> None:
    build_test_font(tmp_path / "RoutegenTest-Regular.ttf", "Routegen Test", ord(CJK))
    (tmp_path / "README.txt").write_text("not a font")  # other files are ignored
    registry = FontRegistry([tmp_path])
    assert registry.families == [
        "Noto Sans",
        "Noto Sans Arabic",
        "Noto Sans Ethiopic",
        "Routegen Test",
    ]
    assert registry.find("Routegen Test").covers(ord(CJK))  # type: ignore[union-attr]
    # Any language falls back to it, after its own families and the shipped ones.
    for lang in ("nl", "ar", "ti"):
        assert registry.families_for(lang)[-1] == "Routegen Test"
        width = measure(f"Welkom {CJK}", lang, 10, registry=registry)
        assert width == pytest.approx(measure("Welkom ", lang, 10, registry=registry) + 9.0)
    runs = font_runs(f"ab{CJK}", "nl", registry=registry)
    assert [r.font.family for r in runs] == ["Noto Sans", "Routegen Test"]
    # Bold falls back to the regular face (no fake bold), and the shipped registry is unchanged.
    assert measure(CJK, "nl", 10, bold=True, registry=registry) == pytest.approx(9.0)
    with pytest.raises(MissingGlyphError):
        measure(CJK, "nl", 10)


def test_a_font_folder_supplies_the_family_a_language_asks_for(tmp_path: Path) -> None:
    # Chinese asks for "Noto Sans SC", which routegen does not ship.
    (tmp_path / "sub").mkdir()  # folders are searched recursively
    build_test_font(tmp_path / "sub" / "Fake-SC.ttf", "Noto Sans SC", ord(CJK), advance=1000)
    registry = FontRegistry([tmp_path])
    assert registry.families_for("zh")[:2] == ["Noto Sans SC", "Noto Sans"]
    assert measure(CJK * 3, "zh", 12, registry=registry) == pytest.approx(36.0)
    block = text_block(CJK, "zh", 10, 100, registry=registry)
    assert (block.ascent, block.descent) == (pytest.approx(8.8), pytest.approx(1.2))


def test_a_variable_font_serves_regular_and_bold(tmp_path: Path) -> None:
    build_test_font(tmp_path / "Var[wght].ttf", "Var Test", ord(CJK), variable=True)
    registry = FontRegistry([tmp_path])
    bold = registry.find("Var Test", bold=True)
    assert bold is not None and bold.weight == 700 and bold.variations == {"wght": 700.0}
    assert measure(CJK, "nl", 10, registry=registry) == pytest.approx(9.0)
    # wght 700 is 0.6 of the way from 400 to 900: 900 + 0.6 * 500 units.
    assert measure(CJK, "nl", 10, bold=True, registry=registry) == pytest.approx(12.0)


def test_bad_font_folders_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(FontError, match="does not exist"):
        FontRegistry([tmp_path / "nope"])
    (tmp_path / "broken.ttf").write_bytes(b"not a font at all")
    with pytest.raises(FontError, match="broken.ttf"):
        FontRegistry([tmp_path])


# -- (f) bold, chains, blocks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Welkom in Smallingerland", "nl"), (ARABIC_SENTENCE, "ar"), ("ሰላም ንኹሉ", "ti")],
)
def test_bold_is_wider_than_regular(text: str, lang: str) -> None:
    assert measure(text, lang, 14, bold=True) > measure(text, lang, 14) * 1.02


def test_chains_follow_the_language_registry() -> None:
    registry = default_registry()
    assert registry is default_registry()
    ar = registry.chain_for("ar", bold=True)
    assert [f.family for f in ar] == ["Noto Sans Arabic", "Noto Sans", "Noto Sans Ethiopic"]
    assert all(f.weight == 700 for f in ar)
    assert [f.weight for f in registry.chain_for("uk")] == [400, 400, 400]
    assert registry.chain_for("ti")[0].units_per_em == 1000


def test_text_block_gives_lines_extent_and_metrics_in_px() -> None:
    block = text_block(ARABIC_SENTENCE, "ar", 10, 80)
    assert [line.text for line in block.lines] == [
        line.text for line in wrap(ARABIC_SENTENCE, "ar", 10, 80)
    ]
    assert block.width == max(line.width for line in block.lines) <= 80
    assert block.height == pytest.approx(len(block.lines) * 10 * 1.25)
    assert block.line_height == 12.5
    # Noto Sans Arabic hhea: ascender 1374, descender -738 per 1000 units.
    assert (block.ascent, block.descent) == (pytest.approx(13.74), pytest.approx(7.38))
    assert block.direction == "rtl" and not block.truncated
    nl = text_block("Welkom", "nl", 20, 200, line_height=1.5)
    assert (nl.ascent, nl.descent, nl.height) == (pytest.approx(21.38), pytest.approx(5.86), 30.0)
    assert text_block("   ", "nl", 20, 200).lines == ()


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        measure("x", "nl", 0)
    with pytest.raises(ValueError):
        wrap("x", "nl", 10, -1)
    with pytest.raises(ValueError):
        wrap("x", "nl", 10, 10, max_lines=0)


# -- (g) deterministic and cached ---------------------------------------------------------------


def test_measurement_is_cached_and_scales_with_size() -> None:
    text_module.clear_caches()
    label = "Warme overdracht van het AZC naar de gemeente"
    first = measure(label, "nl", 12)
    info = text_module._width_em.cache_info()
    assert measure(label, "nl", 12) == first
    assert measure(label, "nl", 24) == pytest.approx(2 * first)  # same shaping, scaled
    after = text_module._width_em.cache_info()
    assert after.hits == info.hits + 2 and after.misses == info.misses
    assert wrap(label, "nl", 12, 100) == wrap(label, "nl", 12, 100)
    assert text_module._wrap.cache_info().hits >= 1
    lines = wrap(label, "nl", 12, 100)
    lines.append(Line("x", 1))  # a caller changing its list does not change the cache
    assert len(wrap(label, "nl", 12, 100)) == len(lines) - 1


def test_measurement_is_the_same_in_a_fresh_process() -> None:
    samples = [("Welkom in Smallingerland", "nl"), (ARABIC_SENTENCE, "ar"), ("ሰላም፡ንኹሉ", "ti")]
    here = [measure(text, lang, 13.5, bold) for text, lang in samples for bold in (False, True)]
    code = (
        "import json, sys\n"
        "from routegen.layout.text import measure\n"
        "samples = json.loads(sys.argv[1])\n"
        "print(json.dumps([measure(t, l, 13.5, b) for t, l in samples for b in (False, True)]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(samples)],
        capture_output=True,
        text=True,
        check=True,
        # Another process locale must not change anything (HarfBuzz's default language is it).
        env={**os.environ, "LC_ALL": "tr_TR.UTF-8", "LANG": "tr_TR.UTF-8"},
    )
    assert json.loads(out.stdout) == here
