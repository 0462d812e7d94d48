"""The glossary: plain-language explanations of the field's words, and their first use on a page.

Readers at language level B1 (or reading a translation) stumble over words such as
*inburgering*, *ISK* or *warme overdracht* that the pages use and never explain. routegen ships
an explanation of the common ones in every UI language; they are UI texts, translated in
``routegen/locales/<lang>.po`` under the msgctxt ``glossary:<key>`` with the same tools as the
menus. A route adds its own words, or a better explanation of a shipped one, under ``glossary:``
(translated in the route's own PO files like its other texts).

The render stage calls :func:`explain_first_uses` on each rendered page: the first use of each
word in the page's main text becomes a link to its entry on the glossary page, described by the
explanation in the page's "words on this page" list (``aria-describedby``), so a screen reader
reads the explanation at the word, a sighted reader finds it at the end of the page, and the
link leads to every word. No JavaScript. Headings, links, buttons, navigation, the picture and
notices are left as they are: a link inside them would be invalid HTML or break their meaning.

Matching is by whole words, case-insensitive, in the page's language plus the source language's
spellings, since translations keep the Dutch word in parentheses ("الاندماج (inburgering)").
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from .catalogs import TextState
from .localize import LocalizedRoute, LocalText
from .model import Route
from .ui import NC_, UiText, ui_text

SPELLING_SEPARATOR = "|"  # the shipped term's translation lists its spellings: "AZC | asielzoekerscentrum"
ANCHOR_PREFIX = "term-"  # glossary/#term-inburgering: never one of the theme's own ids (#main)
DESCRIPTION_PREFIX = "rg-word-"  # the explanation on the page itself, for aria-describedby

# The common words of the field, in English (the UI's source language) with their msgctxt. The
# first message is the word itself: the first spelling is the headword, more follow after " | ".
SHIPPED_TERMS: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:statushouder", "status holder | status holders"),
     NC_("glossary:statushouder", "A person who fled to the Netherlands and got a residence permit. "
                                  "With this permit you may live, work and study here.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:inburgering", "civic integration"),
     NC_("glossary:inburgering", "Learning Dutch and how life in the Netherlands works. Many newcomers "
                                 "must do this within three years.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:inburgeringsplicht", "duty to integrate"),
     NC_("glossary:inburgeringsplicht", "The rule that you must do the civic integration. The "
                                        "municipality tells you if this rule is for you.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:regisseur", "regisseur | case manager"),
     NC_("glossary:regisseur", "Your one contact person at the municipality. The regisseur helps you "
                               "during the whole route and knows who does what.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:azc", "asylum seekers' centre | asylum centre"),
     NC_("glossary:azc", "A centre where asylum seekers live while they wait for a decision. The "
                         "COA runs it.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:coa", "COA"),
     NC_("glossary:coa", "The organisation that gives asylum seekers a place to live in the AZC and "
                         "guides them there.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:vluchtelingenwerk", "Dutch Council for Refugees"),
     NC_("glossary:vluchtelingenwerk", "An organisation with many volunteers. They help refugees with "
                                       "questions and papers, and stand up for their rights.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:warme-overdracht", "warm handover"),
     NC_("glossary:warme-overdracht", "One organisation passes your information to the next in a "
                                      "meeting where you are present. So you do not have to tell "
                                      "your story again.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:traject", "pathway"),
     NC_("glossary:traject", "A series of steps, lessons or meetings that you follow for some time, "
                             "for example to learn the language or to find work.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:persoonlijk-plan", "personal plan | PIP | personal action plan"),
     NC_("glossary:persoonlijk-plan", "A plan you make together with the municipality: what you will "
                                      "learn and do, and what help you get. Its official name is PIP, "
                                      "the plan for civic integration and participation.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:participatieverklaring", "participation statement"),
     NC_("glossary:participatieverklaring", "You learn about the values of the Netherlands, such as "
                                            "freedom and equality, and you sign a statement. It is "
                                            "part of civic integration.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:knm", "KNM"),
     NC_("glossary:knm", "Knowledge of Dutch society: lessons and an exam about daily life in the "
                         "Netherlands, such as health care, work and rules. It is part of civic "
                         "integration.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:ona", "ONA"),
     NC_("glossary:ona", "Orientation on the Dutch labour market: you learn how to find work here "
                         "and which work suits you. It is part of civic integration.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:duo", "DUO"),
     NC_("glossary:duo", "The government organisation for education. DUO sends you letters about "
                         "your civic integration, its exams and your loan.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:taalniveau", "language level | B1"),
     NC_("glossary:taalniveau", "How well you speak, read and write Dutch. A1 is the start; with B1 "
                                "you manage in daily life and in many jobs.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:taalschool", "language school"),
     NC_("glossary:taalschool", "A school where adults learn Dutch, often for their civic "
                                "integration.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:taalhuis", "Taalhuis | language house"),
     NC_("glossary:taalhuis", "A place, often in the library, where volunteers help you practise "
                              "Dutch for free.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:isk", "ISK"),
     NC_("glossary:isk", "International transition class: a school where young newcomers first "
                         "learn Dutch. Then they go on to another school or to work.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:mbo", "MBO"),
     NC_("glossary:mbo", "Vocational education: you learn a practical job, such as cook, carer or "
                         "mechanic.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:hbo", "HBO"),
     NC_("glossary:hbo", "Higher professional education: a study at a university of applied "
                         "sciences. It usually takes four years.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:roc", "ROC"),
     NC_("glossary:roc", "Regional training centre: a school with MBO courses and Dutch lessons for "
                         "adults.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:uitkering", "benefit | benefits"),
     NC_("glossary:uitkering", "Money from the municipality or the government to live on, when you "
                               "have no work or too little income.")),
    # TRANSLATORS: a glossary word. The first spelling is shown; add other spellings your pages use after " | ".
    (NC_("glossary:woningcorporatie", "housing corporation | housing association"),
     NC_("glossary:woningcorporatie", "An organisation that rents out homes for a low rent. It finds "
                                      "a home for you together with the municipality.")),
)


@dataclass(frozen=True)
class Entry:
    """One word of the glossary as the reader of one language sees it."""

    key: str  # the anchor on the glossary page and the describing element's id on other pages
    term: LocalText  # the headword in the reader's language (or marked, where it fell back)
    explanation: LocalText
    source_term: str  # the word in the route's source language, shown beside a translated headword
    spellings: tuple[str, ...]  # what is matched on the reader's pages (own language and source)

    @property
    def anchor(self) -> str:
        return ANCHOR_PREFIX + self.key

    @property
    def shows_source(self) -> bool:
        """The headword is a translation: the source word beside it lets a reader and a Dutch
        speaker point at the same word."""
        return self.source_term.casefold() != str(self.term).casefold()


def _spellings(text: str) -> list[str]:
    return [part.strip() for part in text.split(SPELLING_SEPARATOR) if part.strip()]


def _shipped_text(ui: UiText, message: tuple[str, str], context: str = "") -> LocalText:
    msgctxt, msgid = message
    lang = ui.lang_of(msgid, msgctxt)
    state = TextState.CURRENT if lang == ui.lang else TextState.MISSING
    return LocalText(ui.pgettext(msgctxt, msgid), lang, state, context)


def glossary_entries(route: Route, localized: LocalizedRoute) -> list[Entry]:
    """Every word of one language's glossary: the shipped words, with the route's own words
    added or put in place of the shipped word they explain again; in the language's order."""
    ui, source_ui = ui_text(localized.lang), ui_text(route.route.source_language)
    entries: dict[str, Entry] = {}
    shipped_by_spelling: dict[str, str] = {}
    for term_message, explanation_message in SHIPPED_TERMS:
        key = term_message[0].removeprefix("glossary:")
        source = _spellings(source_ui.pgettext(*term_message))
        own = _spellings(_shipped_text(ui, term_message))
        term = _shipped_text(ui, term_message)
        headword = LocalText(own[0] if own else str(term), term.lang, term.state)
        entries[key] = Entry(key, headword, _shipped_text(ui, explanation_message), source[0],
                             tuple(dict.fromkeys(own + source)))
        for spelling in source:
            shipped_by_spelling[spelling.casefold()] = key
    for original, local in zip(route.glossary, localized.route.glossary):
        source = [original.term, *original.also]
        replaced = next((shipped_by_spelling[s.casefold()] for s in source if s.casefold() in shipped_by_spelling), None)
        key = replaced or original.id
        spellings = [local.term, *local.also, *source]
        if replaced:
            spellings += entries[replaced].spellings
        term = local.term if isinstance(local.term, LocalText) else LocalText(local.term, localized.lang, TextState.SOURCE)
        explanation = (local.explanation if isinstance(local.explanation, LocalText)
                       else LocalText(local.explanation, localized.lang, TextState.SOURCE))
        entries.pop(key, None)
        entries[key] = Entry(key, term, explanation, original.term, tuple(dict.fromkeys(str(s) for s in spellings)))
    return sorted(entries.values(), key=lambda entry: collation_key(str(entry.term), localized.lang))


# --- the first use on a page --------------------------------------------------------------

# Elements whose text stays as it is: a link inside them is invalid (a, button, label), changes
# what they are (headings, navigation, the picture, code), or is ours (dfn, the word list).
SKIPPED_ELEMENTS = frozenset({
    "a", "button", "label", "select", "option", "textarea", "summary", "h1", "h2", "h3", "h4", "h5",
    "h6", "nav", "svg", "figure", "code", "pre", "kbd", "samp", "script", "style", "title", "dfn",
    "abbr", "template",
})
SKIPPED_CLASSES = frozenset({"rg-notices", "rg-fallback", "rg-fallback-notice", "rg-words", "rg-number", "rg-tag",
                             "rg-card-name"})  # labels and names read like headings
VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                           "source", "track", "wbr"})
# A comment, a tag (closing slash, name, attributes, self-closing slash), or other markup.
_TOKEN = re.compile(r"<!--.*?-->|<\s*(/?)\s*([a-zA-Z][\w:-]*)([^>]*?)(/?)\s*>|<[^>]*>", re.DOTALL)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_HIDDEN = re.compile(r"""\baria-hidden\s*=\s*["']?true""")
_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.DOTALL)


def _skips(name: str, attributes: str) -> bool:
    if name in SKIPPED_ELEMENTS or _HIDDEN.search(attributes):
        return True
    found = _CLASS.search(attributes)
    classes = set(next(group for group in found.groups() if group is not None).split()) if found else set()
    return not classes.isdisjoint(SKIPPED_CLASSES)


@lru_cache(maxsize=64)
def _matcher(entries: tuple[Entry, ...]) -> _Matcher:
    """One matcher per glossary: every page of a language has the same words."""
    return _Matcher(list(entries))


_Tree = dict[str, "_Tree"]


def _longest_of(spellings: list[str]) -> str:
    """A regular expression (with re.IGNORECASE) for the longest spelling that matches at a place,
    as "a|b|c" longest first would be; but written as a tree of the spellings' shared beginnings,
    since Python's re tries every alternative at every character (2.5 times slower on a page).

    Where two different letters at one branch match the same letter without case (i and
    dotless ı, s and long ſ), the tree could choose a shorter spelling: the flat list is kept."""
    tree: _Tree = {}
    for spelling in spellings:
        node = tree
        for char in spelling:
            node = node.setdefault(char, {})
        node[""] = {}  # a spelling ends here

    def written(node: _Tree) -> str | None:
        letters = sorted(char for char in node if char)
        if any(re.fullmatch(re.escape(a), b, re.IGNORECASE) for i, a in enumerate(letters) for b in letters[i + 1:]):
            return None
        branches = []
        for char in letters:
            rest = written(node[char])
            if rest is None:
                return None
            branches.append(re.escape(char) + rest)
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer spelling is tried first

    tree_pattern = written(tree)
    if tree_pattern is not None:
        return tree_pattern
    return "|".join(re.escape(spelling) for spelling in sorted(spellings, key=len, reverse=True))


class _Matcher:
    """Finds the words of a glossary in text: whole words, any case, longest spelling first."""

    def __init__(self, entries: list[Entry]) -> None:
        self.owner: dict[str, Entry] = {}
        for entry in entries:
            for spelling in entry.spellings:
                self.owner.setdefault(spelling.casefold(), entry)
        self.pattern = (re.compile(r"(?<!\w)(?:" + _longest_of(list(self.owner)) + r")(?!\w)", re.IGNORECASE)
                        if self.owner else None)
        # A spelling with a character the page escapes (&, <, >, quotes) is found only in the
        # unescaped text; any other is found in the page's text as it stands.
        self.escaped = any(char in spelling for spelling in self.owner for char in "&<>\"'")

    def entry(self, found: str) -> Entry | None:
        return self.owner.get(found.casefold())


def explain_first_uses(page: str, entries: list[Entry], link: Callable[[Entry], str]) -> tuple[str, list[Entry]]:
    """The page with the first use of each glossary word in its main text linked to ``link(entry)``
    and described by the element ``rg-word-<key>``; and the words it linked, in page order.

    ``page`` is a page routegen rendered: its text is escaped, so ``<`` starts a tag or comment.
    """
    main = _MAIN.search(page)
    matcher = _matcher(tuple(entries))
    if main is None or matcher.pattern is None:
        return page, []
    body = main.group(1)
    # Where a word may start: found once in the whole text, so that the many runs of text
    # between tags that hold none are passed over quickly (an entity hides a word only when a
    # spelling has a character the page escapes: then every run with one is looked at).
    starts = [found.start() for begin, end in _outside_pictures(body)
              for found in matcher.pattern.finditer(body, begin, end)]
    if not starts and not (matcher.escaped and "&" in body):
        return page, []
    last = len(body) if matcher.escaped else starts[-1]  # no word to link after this
    used: list[Entry] = []
    out: list[str] = []
    open_elements: list[tuple[str, bool]] = []  # (name, skipped) of the elements we are inside
    skipping = 0  # how many of them are skipped
    position = 0
    while (token := _TOKEN.search(body, position)) is not None:
        if position > last:  # the rest as it is
            return page[:main.start(1)] + "".join(out) + body[position:] + page[main.end(1):], used
        text = body[position:token.start()]
        first = bisect_left(starts, position)
        worth = (first < len(starts) and starts[first] < token.start()) or (matcher.escaped and "&" in text)
        out.append(_link_words(text, matcher, used, link) if worth and not skipping else text)
        name = token.group(2)
        if name is None:  # a comment
            out.append(token.group(0))
            position = token.end()
            continue
        name = name.lower()
        opening = name == "svg" and not token.group(1) and not token.group(4)
        end = _picture_end(body, token.end()) if opening else None
        if end is not None:  # a picture, whose words are never linked (svg is skipped): as it is
            out.append(body[token.start():end])
            position = end
            continue
        out.append(token.group(0))
        position = token.end()
        if token.group(1):
            names = [n for n, _ in open_elements]
            if name in names:
                cut = len(names) - 1 - names[::-1].index(name)
                skipping -= sum(skipped for _, skipped in open_elements[cut:])
                del open_elements[cut:]
        elif not token.group(4) and name not in VOID_ELEMENTS:
            skipped = _skips(name, token.group(3))
            open_elements.append((name, skipped))
            skipping += skipped
    tail = body[position:]
    out.append(tail if skipping else _link_words(tail, matcher, used, link))
    return page[:main.start(1)] + "".join(out) + page[main.end(1):], used


_PICTURE_TAG = re.compile(r"<(/?)svg\b[^>]*>", re.IGNORECASE)


def _picture_end(body: str, after: int) -> int | None:
    """Where the picture whose opening tag ends at ``after`` ends: after its own </svg> (None
    when it is not closed)."""
    depth = 1
    for tag in _PICTURE_TAG.finditer(body, after):
        if not tag.group(1):
            depth += not tag.group(0).endswith("/>")
        else:
            depth -= 1
            if depth == 0:
                return tag.end()
    return None


def _outside_pictures(body: str) -> list[tuple[int, int]]:
    """The stretches of a page's text around its inline pictures (whose words are never linked:
    svg is skipped), so the search for words does not read through their drawing."""
    stretches, begin, position = [], 0, 0
    while (tag := _PICTURE_TAG.search(body, position)) is not None:
        position = tag.end()
        if tag.group(1) or tag.group(0).endswith("/>"):
            continue  # a stray closing tag, an empty picture: nothing is hidden
        stretches.append((begin, tag.start()))
        end = _picture_end(body, position)
        if end is None:
            return stretches  # the rest lies inside a picture that is not closed
        begin = position = end
    return [*stretches, (begin, len(body))]


def _inside_word(text: str, match: re.Match[str]) -> bool:
    """A vowel sign or other combining mark beside the match belongs to the same word (Arabic,
    Farsi): linking would tear the mark from its letter."""
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return any(unicodedata.category(char).startswith("M") for char in (before, after) if char)


def _link_words(text: str, matcher: _Matcher, used: list[Entry], link: Callable[[Entry], str]) -> str:
    """One run of escaped text with the first use of each word not yet used made a link; a run
    without one is returned exactly as it came."""
    if not text.strip() or matcher.pattern is None:
        return text
    plain = html.unescape(text)
    found: list[tuple[re.Match[str], Entry]] = []
    for match in matcher.pattern.finditer(plain):
        if _inside_word(plain, match):
            continue
        entry = matcher.entry(match.group(0))
        if entry is not None and entry not in used:
            used.append(entry)
            found.append((match, entry))
    if not found:
        return text
    out, position = Markup(""), 0
    for match, entry in found:
        out += escape(plain[position:match.start()])
        out += Markup('<a class="rg-term" href="{0}" aria-describedby="{1}">{2}</a>').format(
            link(entry), DESCRIPTION_PREFIX + entry.key, match.group(0))
        position = match.end()
    return str(out + escape(plain[position:]))


# --- alphabetical order -------------------------------------------------------------------

# Alphabets whose order differs from their letters' order in Unicode (ICU is not a dependency).
ALPHABETS: dict[str, str] = {
    "fa": "آاأبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "tr": "abcçdefgğhıijklmnoöprsştuüvyz",
}
ALPHABETS["prs"] = ALPHABETS["fa"]
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # vowel signs and tatweel are not sorted on
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ي": "ي", "ك": "ك"})
_PERSIAN_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "إ": "ا"})


def collation_key(text: str, lang: str) -> tuple[tuple[int, str | int], ...]:
    """A sort key for a headword in the alphabetical order of ``lang``: case, accents and
    Arabic vowel signs do not count, the article "al-" is skipped in Arabic, and letters follow
    the language's alphabet where Unicode's order differs (Farsi, Ukrainian, Turkish). Letters of
    other scripts come first, as ICU puts Latin before the others."""
    base = lang.split("-")[0].lower()
    if base == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    if base in ("ar", "fa", "prs"):
        text = _ARABIC_MARKS.sub("", text).translate(_PERSIAN_FOLD if base != "ar" else _ARABIC_FOLD)
        if base == "ar" and text.startswith("ال") and len(text) > 3:
            text = text[2:]
    alphabet = ALPHABETS.get(base, "")
    key: list[tuple[int, str | int]] = []
    for char in text.lower():
        if char in alphabet:
            key.append((1, alphabet.index(char)))
        elif char.isalnum():
            stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            key.append((0, stripped.casefold() or char))
    return tuple(key)

