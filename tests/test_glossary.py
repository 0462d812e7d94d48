"""The glossary: words the pages use, explained at their first use on each page and on a page of
their own, in every language (see routegen.glossary).

Built once from a copy of routes/smallingerland.yaml in nl, ar and ti, with two words of its own:
WELKOM (a new word, translated into Arabic in the copy's ar.po, not into Tigrinya) and regisseur
(a better explanation of a word routegen ships).
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import example, given, settings
from hypothesis import strategies as st

from routegen.catalogs import TextState
from routegen.errors import RouteFileError
from routegen.glossary import SHIPPED_TERMS, Entry, _longest_of, collation_key, explain_first_uses
from routegen.localize import LocalText
from routegen.pipeline import build, check
from routegen.ui import UI_LANGUAGES, ui_catalog_dir
from tests.conftest import ROUTES_DIR, write_route

ROUTE = ROUTES_DIR / "smallingerland.yaml"
OWN_WORDS = """
glossary:
  - term: WELKOM
    explanation: Een programma van het welzijnswerk. Je vertelt wie je bent, wat je kunt en wat je wilt.
  - term: regisseur
    explanation: Bij Smallingerland heet je vaste contactpersoon bij de gemeente de regisseur.
"""
WELKOM_AR = "برنامج من العمل الاجتماعي. تحكي فيه من أنت، وماذا تستطيع، وماذا تريد."
OWN_PO_AR = f"""
msgctxt "glossary.welkom.term"
msgid "WELKOM"
msgstr "WELKOM"

msgctxt "glossary.welkom.explanation"
msgid "Een programma van het welzijnswerk. Je vertelt wie je bent, wat je kunt en wat je wilt."
msgstr "{WELKOM_AR}"
"""
LANGS = ("nl", "ar", "ti")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("glossary")
    text = ROUTE.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^  languages: \[.*\]$", "  languages: [nl, ar, ti]", text, count=1)
    assert count == 1
    route = write_route(folder, text.rstrip("\n") + "\n" + OWN_WORDS, "smallingerland.yaml")
    shutil.copytree(ROUTES_DIR / "smallingerland", folder / "smallingerland")
    ar = folder / "smallingerland" / "locales" / "ar.po"
    ar.write_text(ar.read_text(encoding="utf-8") + OWN_PO_AR, encoding="utf-8")
    out = folder / "site"
    build([route], out)
    return out


class _Links(HTMLParser):
    """Each glossary link of a page with the elements it is inside, and every id with its text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.links: list[tuple[dict[str, str], list[str], str]] = []  # attrs, ancestors, text
        self.texts: dict[str, list[str]] = {}  # id -> text inside
        self.main: list[str] = []  # the main text, outside elements the glossary skips

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag in ("br", "img", "meta", "link", "input", "hr", "wbr", "source"):
            return
        self.stack.append((tag, attributes))
        if attributes.get("class") == "rg-term":
            self.links.append((attributes, [t for t, _ in self.stack[:-1]], ""))
        if "id" in attributes:
            self.texts.setdefault(attributes["id"], [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        names = [t for t, _ in self.stack]
        if tag in names:
            del self.stack[len(names) - 1 - names[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        for _, attributes in self.stack:
            if "id" in attributes:
                self.texts[attributes["id"]].append(data)
        if self.stack and self.stack[-1][1].get("class") == "rg-term":
            attrs, ancestors, text = self.links[-1]
            self.links[-1] = (attrs, ancestors, text + data)
        names = [t for t, _ in self.stack]
        if "main" in names and not {"a", "h1", "h2", "h3", "nav", "svg", "section"} & set(names):
            self.main.append(data)


def parsed(path: Path) -> _Links:
    links = _Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def ids_of(path: Path) -> set[str]:
    return set(parsed(path).texts)


# --- the first use on a page ---------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_word_is_explained_at_its_first_use_on_a_page_only(site: Path, lang: str) -> None:
    """On the step "Wonen" the regisseur is named several times; only the first use is a link,
    described by its explanation on the page, and leading to its entry on the glossary page."""
    page = site / lang / "wonen" / "index.html"
    links = parsed(page)
    keys = [attrs["href"].split("#")[1] for attrs, _, _ in links.links]
    assert "term-regisseur" in keys and len(keys) == len(set(keys)), keys
    glossary_ids = ids_of(site / lang / "glossary" / "index.html")
    for attrs, ancestors, text in links.links:
        assert attrs["href"].startswith("../glossary/#") and attrs["href"].split("#")[1] in glossary_ids
        described = "".join(links.texts[attrs["aria-describedby"]]).strip()
        assert len(described) > 20, (text, described)  # a sentence, not the word again
        assert not {"h1", "h2", "h3", "h4", "a", "nav", "svg", "button", "figure"} & set(ancestors), (text, ancestors)
        assert "main" in ancestors, text
    regisseur = next(text for attrs, _, text in links.links if attrs["href"].endswith("#term-regisseur"))
    later = "".join(links.main)
    assert later.count(regisseur) >= 2, f"'{regisseur}' is used once only on {page}: the test proves nothing"


def test_the_arabic_page_matches_the_arabic_word_and_the_dutch_loanword(site: Path) -> None:
    text = (site / "ar" / "wonen" / "index.html").read_text(encoding="utf-8")
    linked = dict(re.findall(r'<a class="rg-term" href="[^"]*#term-([^"]+)"[^>]*>([^<]*)</a>', text))
    assert linked["inburgering"] in ("اندماجك", "الاندماج", "inburgering")
    assert linked["regisseur"] in ("منسّقك", "المنسّق", "regisseur")
    # VluchtelingenWerk runs alongside the route (its support on the overview), not in this step
    overview = (site / "ar" / "index.html").read_text(encoding="utf-8")
    linked = dict(re.findall(r'<a class="rg-term" href="[^"]*#term-([^"]+)"[^>]*>([^<]*)</a>', overview))
    assert linked["vluchtelingenwerk"] == "VluchtelingenWerk"  # a name the translation keeps in Dutch


def test_the_route_overrides_a_shipped_explanation(site: Path) -> None:
    page = (site / "nl" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert page.count('id="term-regisseur"') == 1
    assert "Bij Smallingerland heet je vaste contactpersoon" in page
    assert "Je vaste contactpersoon bij de gemeente. De regisseur helpt" not in page


# --- the glossary page ----------------------------------------------------------------------


def entries_of(page: Path) -> list[tuple[str, str]]:
    """(anchor, headword) of each word on a glossary page, in page order."""
    text = page.read_text(encoding="utf-8")
    return [(anchor, re.sub(r"<[^>]+>", "", word).strip())
            for anchor, word in re.findall(r'<dt id="([^"]+)"><dfn>(.*?)</dfn>', text, re.DOTALL)]


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_page_lists_every_word_in_the_languages_order(site: Path, lang: str) -> None:
    """Every shipped word and the route's own, each with an anchor, alphabetical in the language."""
    entries = entries_of(site / lang / "glossary" / "index.html")
    anchors = [anchor for anchor, _ in entries]
    assert len(anchors) == len(set(anchors)) == len(SHIPPED_TERMS) + 1  # regisseur replaced, WELKOM added
    assert "term-welkom" in anchors
    words = [re.sub(r"\s*\(.*\)$", "", word) for _, word in entries]  # without "(not yet translated)"
    assert words == sorted(words, key=lambda word: collation_key(word, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_links_to_the_glossary_and_the_sitemap_lists_it(site: Path, lang: str) -> None:
    for page in (site / lang).rglob("index.html"):
        depth = len(page.relative_to(site / lang).parts) - 1
        assert f'href="{"../" * depth}glossary/"' in page.read_text(encoding="utf-8"), page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>https://www.example.nl/route-smallingerland/{lang}/glossary/</loc>" in sitemap


def test_a_routes_own_word_is_translated_through_its_po_file(site: Path) -> None:
    ar = (site / "ar" / "glossary" / "index.html").read_text(encoding="utf-8")
    entry = re.search(r'<dt id="term-welkom">.*?</dt>\s*<dd>(.*?)</dd>', ar, re.DOTALL)
    assert entry and entry.group(1).strip() == WELKOM_AR
    ti = (site / "ti" / "glossary" / "index.html").read_text(encoding="utf-8")
    entry = re.search(r'<dt id="term-welkom">.*?</dt>\s*<dd>(.*?)</dd>', ti, re.DOTALL)
    assert entry and '<span lang="nl" dir="ltr">Een programma van het welzijnswerk.' in entry.group(1)
    welkom = (site / "nl" / "welkom" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="rg-term" href="../glossary/#term-welkom"[^>]*>WELKOM</a>', welkom)


# --- shipped words, route words, matching --------------------------------------------------


@pytest.mark.parametrize("lang", [lang for lang in UI_LANGUAGES if (ui_catalog_dir() / f"{lang}.po").is_file()])
def test_every_shipped_word_is_translated_in_every_ui_language(lang: str) -> None:
    with (ui_catalog_dir() / f"{lang}.po").open("rb") as handle:
        catalog = read_po(handle)
    for term, explanation in SHIPPED_TERMS:
        for context, msgid in (term, explanation):
            message = catalog.get(msgid, context)
            assert message is not None and message.string and not message.fuzzy, (lang, context, msgid)
        spellings = [s.strip() for s in str(catalog.get(term[1], term[0]).string).split("|")]
        assert all(spellings), (lang, term)


def test_a_word_explained_twice_in_the_route_is_an_error(valid_route_text: str, tmp_path: Path) -> None:
    text, count = re.subn(r"(?m)^glossary:\n", "glossary:\n"
                          "  - term: Taalcafé\n    explanation: Een plek waar je Nederlands oefent.\n"
                          "  - term: taalcafé\n    explanation: Samen Nederlands praten.\n", valid_route_text)
    assert count == 1
    with pytest.raises(RouteFileError) as caught:
        check(write_route(tmp_path, text))
    message = str(caught.value)
    assert "The word 'taalcafé' is already in the glossary on line" in message, message


def _entry(key: str, *spellings: str) -> Entry:
    return Entry(key, LocalText(spellings[0], "nl", TextState.SOURCE), LocalText("Uitleg.", "nl", TextState.SOURCE),
                 spellings[0], spellings)


def _page(main: str) -> str:
    return f"<html><body><header><p>AZC</p></header><main id=\"main\">{main}</main><footer>AZC</footer></body></html>"


def test_matching_is_by_whole_words_in_running_text_only() -> None:
    entries = [_entry("azc", "AZC"), _entry("isk", "ISK"), _entry("plan", "persoonlijk plan", "plan")]
    html, used = explain_first_uses(_page(
        "<h1>In het AZC</h1><p>Je woont in een <a href=\"x\">AZC</a>. Het azc is groot; "
        "AZC-bewoners en AZCs. Je ISK-klas. Een persoonlijk plan, daarna een plan.</p>"
        "<svg><text>ISK</text></svg>"), entries, lambda entry: f"g/#{entry.key}")
    assert [entry.key for entry in used] == ["azc", "isk", "plan"]
    assert 'Het <a class="rg-term" href="g/#azc" aria-describedby="rg-word-azc">azc</a> is groot' in html
    assert "AZC-bewoners en AZCs" in html and "<h1>In het AZC</h1>" in html
    assert '<a class="rg-term" href="g/#isk" aria-describedby="rg-word-isk">ISK</a>-klas' in html
    assert '>persoonlijk plan</a>, daarna een plan.' in html  # the longest spelling, once
    assert "<header><p>AZC</p></header>" in html and "<footer>AZC</footer>" in html


def test_words_after_the_last_linked_one_stay_as_they_are() -> None:
    """Past the last word found in the text, the page is copied as it is: a word drawn in an
    inline picture or standing in a heading further on is never linked."""
    page = _page("<p>Het AZC.</p><figure><svg><text>ISK</text><svg><text>ISK</text></svg></svg></figure>"
                 "<h2>ISK</h2><p>Tot slot.</p>")
    html, used = explain_first_uses(page, [_entry("azc", "AZC"), _entry("isk", "ISK")], lambda entry: "#")
    assert [entry.key for entry in used] == ["azc"]
    assert html == page.replace("Het AZC", 'Het <a class="rg-term" href="#" aria-describedby="rg-word-azc">AZC</a>')


def test_a_picture_is_passed_over_whole_and_the_words_after_it_are_linked() -> None:
    """A page's inline picture is copied as it is, nested pictures and unclosed elements in it
    included; the text after it is read as if the picture were not there."""
    picture = "<svg><g><text>ISK</text><svg><text>AZC</text></svg><g></svg>"
    page = _page(f"<p>Het AZC.</p>{picture}<p>De ISK en het AZC.</p><svg/><p>ISK</p>")
    html, used = explain_first_uses(page, [_entry("azc", "AZC"), _entry("isk", "ISK")], lambda entry: "#")
    assert [entry.key for entry in used] == ["azc", "isk"]
    assert html == page.replace(
        "Het AZC", 'Het <a class="rg-term" href="#" aria-describedby="rg-word-azc">AZC</a>').replace(
        "De ISK", 'De <a class="rg-term" href="#" aria-describedby="rg-word-isk">ISK</a>')


def test_a_spelling_with_an_escaped_character_is_found() -> None:
    html, used = explain_first_uses(_page("<p>Meld je bij A&amp;O.</p>"), [_entry("ao", "A&O")], lambda entry: "#")
    assert [entry.key for entry in used] == ["ao"]
    assert 'bij <a class="rg-term" href="#" aria-describedby="rg-word-ao">A&amp;O</a>.' in html


def test_a_combining_mark_keeps_its_letter() -> None:
    """Farsi "برنامهٔ" is one word: linking "برنامه" would tear the hamza from its letter."""
    html, used = explain_first_uses(_page("<p>برنامهٔ WELKOM</p>"), [_entry("traject", "برنامه")],
                                    lambda entry: "#")
    assert used == [] and "<p>برنامهٔ WELKOM</p>" in html


def test_text_without_a_word_stays_byte_for_byte() -> None:
    page = _page("<p>Jij &amp; ik, &#39;samen&#39;.</p><p>Het AZC &amp; jij.</p>")
    html, _ = explain_first_uses(page, [_entry("azc", "AZC")], lambda entry: "#")
    assert "<p>Jij &amp; ik, &#39;samen&#39;.</p>" in html
    assert '<p>Het <a class="rg-term" href="#" aria-describedby="rg-word-azc">AZC</a> &amp; jij.</p>' in html


@pytest.mark.parametrize("lang, words", [
    ("fa", ["بیمه", "پناهنده", "تحصیل", "چراغ", "ژاپن", "کار", "گام", "یادگیری"]),
    ("uk", ["гроші", "ґанок", "дім", "ефір", "єдність", "иній", "інтеграція", "їжа", "йод"]),
    ("tr", ["cami", "çalışma", "gün", "ğ", "ılık", "iş", "okul", "ödev", "sığınma", "şehir", "uyum", "ücret"]),
    ("ar", ["إعلان", "الاندماج", "برنامج", "الخطة", "مدرسة", "المنسّق"]),
    ("nl", ["AZC", "hbo", "Inburgering", "ISK", "Oriëntatie", "regisseur"]),
])
def test_alphabetical_order_follows_the_language(lang: str, words: list[str]) -> None:
    rotated = words[1:] + words[:1]  # out of order, so that sorting has something to do
    assert sorted(rotated, key=lambda word: collation_key(word, lang)) == words


# Letters that share beginnings, differ in case, end in a non-word character (+), or match
# another letter without case (i, dotless ı and İ; s and long ſ), and word breaks.
_LETTERS = st.sampled_from(list("aAbiIıİsſ+ -"))


@settings(max_examples=300, deadline=None)
@given(spellings=st.lists(st.text(_LETTERS, min_size=1, max_size=5).map(str.casefold), min_size=1, max_size=8,
                          unique=True),
       text=st.text(_LETTERS, max_size=40))
@example(spellings=["ia", "ıa b"], text="ıa b")  # i matches ı without case: the tree would stop at "ıa"
def test_the_tree_of_spellings_finds_what_the_longest_first_list_finds(spellings: list[str], text: str) -> None:
    """The glossary's search is written as a tree of shared beginnings for speed; it must find
    the same words at the same places as the plain list of spellings, longest first."""
    flat = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    expected = re.compile(r"(?<!\w)(?:" + flat + r")(?!\w)", re.IGNORECASE)
    tree = re.compile(r"(?<!\w)(?:" + _longest_of(spellings) + r")(?!\w)", re.IGNORECASE)
    assert [m.span() for m in tree.finditer(text)] == [m.span() for m in expected.finditer(text)]
