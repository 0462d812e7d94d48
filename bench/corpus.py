#!/usr/bin/env python3
"""A deterministic corpus of route files for the portal benchmark (issue 14): N municipalities,
each with 10 languages and 10 steps, fully translated.

    python bench/corpus.py N OUTDIR [--seed S]

writes ``OUTDIR/voorbeeld-001.yaml`` ... and beside each its ``voorbeeld-001/locales/*.po``.
From Python: ``write_corpus(n, folder, seed=0) -> list[Path]`` (the route files, in order).

Why it looks like this:

- every route has what a real one has, so a build does the real work: 4 phases with timing, a
  track, a support, 10 steps (a warm handover, a programme, a branch) with a Markdown body of a few
  paragraphs, a list, a link and bold text, partners, the regisseur and a budget;
- the Dutch texts are built from phrases with words drawn per route (and the municipality's name,
  "Voorbeeld 001"), so no two routes are the same and nothing can be shared between them;
- the translations are made in each language's own script (Arabic, Persian, Dari, Sorani,
  Tigrinya, Ukrainian, Turkish, Somali, English) from word lists, so shaping and font subsetting
  get real text; they mean nothing, but they are words of that script with spaces between them;
  they keep the Markdown of the source (list items, links, bold) and the picture's length limits,
  so every language is 100 % current and ``routegen check --strict`` passes without warnings;
- the PO files are made by routegen itself (:func:`routegen.catalogs.update`, what
  ``routegen i18n update`` runs) and then filled in, so they are what a translator would return;
- everything is drawn from ``random.Random`` seeded with strings (seed, slug, language, context),
  which Python hashes the same way in every process: the same N and seed give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the routegen of this checkout makes the PO skeletons

from routegen import catalogs
from routegen.validate import check_route

SOURCE = "nl"
# nl plus nine: English (routegen's UI source), the seven with UI catalogs (Dari reads Farsi's),
# and Sorani, which has no UI catalog (its menus fall back to English). Scripts: Latin, Arabic,
# Ethiopic, Cyrillic: all drawn by the fonts routegen ships.
LANGUAGES = ["nl", "en", "ar", "fa", "prs", "ti", "uk", "tr", "so", "ckb"]
LAST_REVIEWED = dt.date(2026, 11, 24)

# --- Dutch source texts ----------------------------------------------------------------------

SUBJECTS = ["Je regisseur", "De gemeente", "Het COA", "VluchtelingenWerk", "De taalschool",
            "Een vrijwilliger", "Je klantmanager", "Het welzijnswerk", "Je taalmaatje", "De school"]
VERBS = ["helpt je met", "praat met je over", "maakt samen met je", "zoekt met je naar",
         "vertelt je meer over", "regelt met jou", "kijkt samen met je naar", "denkt mee over",
         "legt je uit hoe het zit met", "maakt een afspraak over"]
OBJECTS = ["je nieuwe huis", "een plan voor later", "lessen Nederlands", "werk in de buurt",
           "een opleiding", "je uitkering", "je persoonlijk budget", "sport in de buurt",
           "een taalmaatje", "de inburgering", "je gezondheid", "school voor de kinderen",
           "vrijwilligerswerk", "de huur en de rekeningen", "een stage", "je diploma's"]
TAILS = ["", " in de eerste weken", " in {town}", " bij jou thuis", " op het gemeentehuis",
         " elke maand", " als je dat wilt", " samen met je gezin", " voordat je verhuist"]
TITLES = {  # a few titles per step, one drawn per route (at most 32 characters: the picture's room)
    "kennismaken": ["Kennismaken", "Je krijgt een regisseur", "Het eerste gesprek"],
    "warme-overdracht": ["Warme overdracht", "Van het AZC naar de gemeente"],
    "wonen": ["Je nieuwe huis", "Verhuizen", "Wonen in {town}"],
    "welkom": ["Het WELKOM-traject", "Welkom in {town}"],
    "actieplan": ["Je actieplan", "Je persoonlijk plan", "Het startgesprek"],
    "taal": ["Nederlands leren", "Naar de taalschool", "Je taalmaatje"],
    "geld": ["Je budget gebruiken", "Geld en regels"],
    "werk": ["Werk of een opleiding", "Werk zoeken", "Meedoen"],
    "isk": ["Naar de ISK 18+", "Naar school"],
    "vervolg": ["Een opleiding", "Naar het ROC", "Een diploma halen"],
}
BOLD = ["je regisseur", "samen", "gratis", "elke week", "op tijd", "je eigen plan", "één contactpersoon"]

# --- words of the translations, per language (real words of each script) ------------------------

WORDS: dict[str, str] = {
    "en": "you your the a and with to for coordinator municipality language school work study home plan "
          "help together learn new contact person meeting appointment neighbourhood sport health "
          "volunteer money budget benefit lesson Dutch children family week month first then always "
          "questions helps makes gets chooses practises tells discusses looks finds city house step "
          "route support course job training talk",
    "ar": "أنت مع إلى في من على المنسق البلدية مدرسة اللغة العمل الدراسة البيت خطة مساعدة معا تتعلم "
          "جديد شخص موعد الحي الرياضة الصحة متطوع المال الميزانية دروس الهولندية الأطفال العائلة "
          "أسبوع شهر أولا بعد ذلك دائما أسئلة يساعدك تختار تتحدث تبحث تجد المدينة الطريق الدعم "
          "التدريب الوظيفة سكن حياة",
    "fa": "شما با به در از برای هماهنگ کننده شهرداری مدرسه زبان کار تحصیل خانه برنامه کمک یاد "
          "جدید شخص قرار محله ورزش سلامت داوطلب پول بودجه کلاس هلندی کودکان خانواده هفته ماه اول "
          "سپس همیشه سوال انتخاب صحبت جستجو پیدا شهر مسیر پشتیبانی آموزش شغل گفتگو",
    "prs": "شما با به در از برای هماهنگ کننده شاروالی مکتب زبان کار تحصیل خانه پلان کمک یکجا یاد "
           "نو شخص ملاقات گذر ورزش صحت رضاکار پول بودجه درس هالندی اطفال فامیل هفته ماه اول بعدا "
           "همیشه سوال انتخاب گپ پیدا شهر راه حمایت آموزش وظیفه",
    "ckb": "تۆ لەگەڵ بۆ لە هەماهەنگکار شارەوانی قوتابخانە زمان کار خوێندن ماڵ پلان یارمەتی پێکەوە "
           "فێربوون نوێ کەس کۆبوونەوە گەڕەک وەرزش تەندروستی خۆبەخش پارە بودجە وانە هۆڵەندی منداڵ "
           "خێزان هەفتە مانگ یەکەم دواتر هەمیشە پرسیار هەڵبژاردن قسەکردن دۆزینەوە شار ڕێگا پشتگیری ڕاهێنان",
    "ti": "ንስኻ ምስ ናብ ኣብ ካብ ኣወሃሃዲ ምምሕዳር ቤት ትምህርቲ ቋንቋ ስራሕ ገዛ መደብ ሓገዝ ብሓባር ምምሃር "
          "ሓድሽ ሰብ ቆጸራ ከባቢ ስፖርት ጥዕና ወለንታዊ ገንዘብ ባጀት ሆላንድኛ ቆልዑ ስድራቤት ሰሙን ወርሒ ፈለማ "
          "ድሕሪኡ ኩሉ ግዜ ሕቶታት ይሕግዘካ ትመርጽ ትዛረብ ትደሊ ትረክብ ከተማ መገዲ ደገፍ ስልጠና",
    "uk": "ви з до для координатор громада мовна школа робота навчання дім план допомога разом вчитися "
          "новий контактна особа зустріч район спорт лікар волонтер гроші бюджет урок нідерландська "
          "діти родина тиждень місяць спочатку потім завжди питання допомагає обираєте говорите "
          "шукаєте знаходите місто шлях підтримка курс",
    "tr": "siz ile için koordinatör belediye dil okulu iş eğitim ev plan yardım birlikte öğrenmek yeni "
          "kişi görüşme randevu mahalle spor sağlık gönüllü para bütçe ders Hollandaca çocuklar aile "
          "hafta ay önce sonra her zaman sorular seçersiniz konuşursunuz ararsınız bulursunuz şehir "
          "yol destek kurs",
    "so": "adiga iyo la ilaa waxaad isuduwaha dowladda hoose dugsiga luqadda shaqo waxbarasho guri "
          "qorshe caawimaad wada baro cusub qof ballan xaafad ciyaar caafimaad tabarruce lacag "
          "miisaaniyad cashar Nederlandis carruur qoys toddobaad bil marka hore kadib had jeer "
          "su'aalo dooro hadal raadi hel magaalo waddo taageero koorso",
}
# Full stop, comma, question mark of each script (Arabic-script and Ethiopic have their own).
PUNCTUATION: dict[str, dict[str, str]] = {
    "arab": {".": ".", ",": "،", "?": "؟", ";": "؛"},
    "ethi": {".": "።", ",": "፣", "?": "?", ";": "፤"},
    "other": {},
}
SCRIPT = {"ar": "arab", "fa": "arab", "prs": "arab", "ckb": "arab", "ti": "ethi"}
CASED = {"en", "uk", "tr", "so"}  # languages whose sentences start with a capital

LIMIT_RE = re.compile(r"at most (\d+) characters")
DATE_RE = re.compile(rb'"(POT-Creation-Date|PO-Revision-Date): [^"\\]*')
FIXED_DATE = b"2026-11-24 12:00+0000"
LINE_PREFIX_RE = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+|\s*#{1,6}\s+|\s*>\s*)")
SEGMENT_RE = re.compile(r"(\[[^\]\n]*\]\([^)\s]*\)|\*\*[^*\n]+\*\*)")


def _rng(*parts: object) -> random.Random:
    """A generator seeded by a string: the same in every process (no PYTHONHASHSEED)."""
    return random.Random(":".join(str(p) for p in parts))


def slug_of(index: int) -> str:
    return f"voorbeeld-{index:03d}"


def town_of(index: int) -> str:
    return f"Voorbeeld {index:03d}"


# --- the route --------------------------------------------------------------------------------


def _sentence(rng: random.Random, town: str) -> str:
    tail = rng.choice(TAILS).format(town=town)
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{tail}."


def _sentences(rng: random.Random, town: str, count: int) -> str:
    return " ".join(_sentence(rng, town) for _ in range(count))


def _body(rng: random.Random, town: str, slug: str, step_id: str) -> str:
    """A few paragraphs, a list, a link and bold text: what a step's page explains."""
    bold = rng.choice(BOLD)
    first = _sentences(rng, town, 2) + f" Dit doe je **{bold}**."
    items = "\n".join(f"- {_sentence(rng, town)}" for _ in range(rng.randint(3, 4)))
    link = (f"Meer lezen? Kijk op [de website van {town}](https://www.example.nl/{slug}/{step_id}) "
            "of bel je regisseur.")
    return f"{first}\n\n{_sentences(rng, town, 2)}\n\n{items}\n\n{link}\n\n{_sentences(rng, town, 1)}\n"


# (id, kind, phase, track, icon, next, tags)
STEPS: list[tuple[str, str, str, str | None, str, list[str], list[str]]] = [
    ("kennismaken", "step", "azc", None, "user-check", ["warme-overdracht"], ["regie", "in-beeld"]),
    ("warme-overdracht", "handover", "azc", None, "heart-handshake", ["wonen"], ["goede-start"]),
    ("wonen", "step", "start", None, "home", ["welkom", "isk"], ["goede-start"]),
    ("welkom", "programme", "start", None, "users-group", ["actieplan"], ["adequate-ondersteuning"]),
    ("actieplan", "step", "start", None, "clipboard-check", ["taal"], ["regie"]),
    ("taal", "step", "thuis", None, "language", ["geld"], ["taal-en-onderwijs"]),
    ("geld", "step", "thuis", None, "wallet", ["werk"], ["adequate-ondersteuning"]),
    ("werk", "step", "meedoen", None, "briefcase", [], ["adequate-ondersteuning"]),
    ("isk", "step", "thuis", "jongeren", "school", ["vervolg"], ["taal-en-onderwijs"]),
    ("vervolg", "step", "meedoen", "jongeren", "certificate", ["werk"], ["taal-en-onderwijs"]),
]
LEADS = {"kennismaken": "gemeente", "warme-overdracht": "regisseur", "wonen": "regisseur", "welkom": "welzijn",
         "actieplan": "welzijn", "taal": "taalschool", "geld": "regisseur", "werk": "regisseur",
         "isk": "isk", "vervolg": "roc"}


def route_data(index: int, seed: int = 0) -> dict[str, Any]:
    """The plain data of route ``index`` (1-based), as it is written to YAML."""
    slug, town = slug_of(index), town_of(index)
    rng = _rng(seed, slug)
    steps: list[dict[str, Any]] = []
    for step_id, kind, phase, track, icon, nxt, tags in STEPS:
        step: dict[str, Any] = {"id": step_id}
        if kind != "step":
            step["kind"] = kind
        step["phase"] = phase
        if track:
            step["track"] = track
        step.update({
            "title": rng.choice(TITLES[step_id]).format(town=town),
            "icon": icon,
            "summary": _sentence(rng, town),
            "body": _body(rng, town, slug, step_id),
            "lead": LEADS[step_id],
            "helps": [{"partner": "gemeente", "role": _sentence(rng, town)}] if LEADS[step_id] != "gemeente" else [],
            "you_do": [_sentence(rng, town) for _ in range(2)],
            "you_get": [_sentence(rng, town) for _ in range(2)],
        })
        if kind == "handover":
            step["handover"] = {"from": "coa", "to": "gemeente", "with": ["vwn"], "when": "In het AZC, voordat je verhuist",
                                "statushouder_present": True, "plan_together": True}
        if kind == "programme":
            step["programme"] = {"name": "WELKOM", "questions": ["Wie ben je?", "Wat kun je?", "Wat wil je?"],
                                 "topics": ["Sport", "Gezondheid", "Opleiding", "Werk"],
                                 "outcome": "Een persoonlijk actieplan"}
        if nxt:
            step["next"] = nxt
        step["tags"] = tags
        if not step["helps"]:
            del step["helps"]
        steps.append(step)
    amount = 1000 + 100 * rng.randint(0, 10)
    return {
        "route": {
            "municipality": town,
            "slug": slug,
            "title": f"Jouw route in {town}",
            "intro": (f"Je hebt een verblijfsvergunning. Je gaat in {town} wonen. Welkom!\n\n"
                      f"{_sentences(rng, town, 2)}\nJe hebt één vaste contactpersoon: je **regisseur**.\n"),
            "status": "example",
            "last_reviewed": LAST_REVIEWED,
            "source_language": SOURCE,
            "languages": list(LANGUAGES),
            "site_url": f"https://www.example.nl/{slug}/",
            "contact": {"email": "info@example.nl", "phone": "0000 000 000", "website": "https://www.example.nl",
                        "hours": "ma t/m vr 9.00-17.00 uur"},
        },
        "regisseur": {"role": "Regisseur statushouders", "partner": "gemeente",
                      "summary": _sentence(rng, town),
                      "contact": {"email": "regisseur@example.nl", "phone": "0000 000 000"}},
        "phases": [
            {"id": "azc", "title": "In het AZC", "summary": _sentence(rng, town)},
            {"id": "start", "title": "In je nieuwe huis", "summary": _sentence(rng, town),
             "timing": {"starts": "Op de dag dat je verhuist", "lasts": f"{rng.randint(2, 4)} months"}},
            {"id": "thuis", "title": "Het eerste jaar", "summary": _sentence(rng, town),
             "timing": {"lasts": "1 year", "every": "3 months"}},
            {"id": "meedoen", "title": "Werk en opleiding", "summary": _sentence(rng, town),
             "timing": {"follow_ups": ["6 months", "1 year", "2 years"]}},
        ],
        "tracks": [{"id": "jongeren", "title": "ISK 18+ voor jongeren", "audience": "Jongeren van 18 tot 27 jaar",
                    "summary": _sentence(rng, town), "leads_to": ["Werk", "Een opleiding op het ROC"]}],
        "steps": steps,
        "supports": [{"id": "begeleiding", "partner": "vwn", "title": "Hulp van VluchtelingenWerk",
                      "summary": _sentence(rng, town), "body": f"{_sentences(rng, town, 2)}\n\n{_sentences(rng, town, 1)}\n",
                      "from": "start", "to": "meedoen", "tags": ["nauwe-samenwerking"]}],
        "budget": {"title": "Persoonlijk budget", "amount": amount, "currency": "EUR",
                   "per": "Per statushouder die moet inburgeren", "managed_by": "regisseur",
                   "spend_on": ["Extra lessen Nederlands", "De contributie van een sportclub"],
                   "free_to_spend": True, "body": f"Er is **{amount} euro** voor jou. {_sentences(rng, town, 2)}\n"},
        "partners": [
            {"id": "gemeente", "name": f"Gemeente {town}", "kind": "municipality", "description": _sentence(rng, town),
             "contact": {"email": "info@example.nl", "website": "https://www.example.nl"}},
            {"id": "coa", "name": "COA", "kind": "coa", "description": _sentence(rng, town)},
            {"id": "vwn", "name": "VluchtelingenWerk", "kind": "refugee-support", "description": _sentence(rng, town),
             "contact": {"email": "vluchtelingenwerk@example.nl"}},
            {"id": "welzijn", "name": f"Welzijnswerk {town}", "kind": "welfare", "description": _sentence(rng, town)},
            {"id": "taalschool", "name": "Taalschool", "kind": "language", "description": _sentence(rng, town)},
            {"id": "isk", "name": f"ISK {town}", "kind": "school", "description": _sentence(rng, town)},
            {"id": "roc", "name": "ROC", "kind": "school", "description": _sentence(rng, town)},
        ],
    }


class _Dumper(yaml.SafeDumper):  # type: ignore[misc]
    """Block style for texts over several lines (Markdown reads as written); no YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def route_yaml(index: int, seed: int = 0) -> str:
    text = yaml.dump(route_data(index, seed), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return f"# Generated by bench/corpus.py (route {index}, seed {seed}); example data only.\n{text}"


# --- translations -------------------------------------------------------------------------------


def _keep(token: str, names: set[str]) -> bool:
    """Names, numbers and acronyms stay as written in a translation (as translators do)."""
    core = token.strip(".,;:?!()'\"")
    return core in names or any(ch.isdigit() for ch in core) or (len(core) > 1 and core.isupper())


def _words(text: str, lang: str, rng: random.Random, names: set[str]) -> str:
    """Each word of ``text`` replaced by a word of ``lang``; punctuation in that script's form."""
    words = WORDS[lang].split()
    marks = PUNCTUATION[SCRIPT.get(lang, "other")]
    out: list[str] = []
    capital = True
    for token in text.split():
        core = token.rstrip(".,;:?!")
        end = token[len(core):]
        if not core:  # punctuation after bold text or a link: "**samen**."
            out.append("".join(marks.get(ch, ch) for ch in end))
            capital = True
            continue
        if _keep(core, names):
            word = core
        else:
            word = rng.choice(words)
            if capital and lang in CASED:
                first = "İ" if lang == "tr" and word[:1] == "i" else word[:1].upper()  # Turkish dotted capital
                word = first + word[1:]
        out.append(word + "".join(marks.get(ch, ch) for ch in end))
        capital = end.endswith((".", "?", "!"))
    lead = " " if text[:1] == " " else ""
    trail = " " if text[-1:] == " " else ""
    return lead + " ".join(out) + trail


def translate(text: str, lang: str, rng: random.Random, names: set[str], limit: int | None = None) -> str:
    """A made-up translation with the Markdown shape of ``text`` (lines, list items, links, bold)."""
    lines = []
    for line in text.split("\n"):
        prefix_match = LINE_PREFIX_RE.match(line)
        prefix = prefix_match.group(1) if prefix_match else ""
        parts = []
        for segment in SEGMENT_RE.split(line[len(prefix):]):
            if not segment:
                continue
            if segment.startswith("**"):
                parts.append(f"**{_words(segment[2:-2], lang, rng, names)}**")
            elif segment.startswith("["):
                label, _, url = segment[1:].partition("](")
                parts.append(f"[{_words(label, lang, rng, names)}]({url}")
            else:
                parts.append(_words(segment, lang, rng, names))
        lines.append(prefix + "".join(parts))
    result = "\n".join(lines)
    if limit is not None:
        while len(result) > limit and " " in result.strip():
            result = result.strip().rsplit(" ", 1)[0]
    return result


def fill_catalogs(route_path: Path, names: set[str], seed: int = 0) -> list[Path]:
    """Make the PO files with routegen's own update, then translate every message in them."""
    checked = check_route(route_path)
    written = catalogs.update(checked.route, route_path)
    slug = checked.route.route.slug
    for po_path in written:
        lang = po_path.stem
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id or not message.context:
                continue
            comment = " ".join(message.auto_comments)
            found = LIMIT_RE.search(comment)
            rng = _rng(seed, slug, lang, message.context)
            message.string = translate(str(message.id), lang, rng, names, int(found.group(1)) if found else None)
        catalog.header_comment = (catalog.header_comment or "").replace("# Reviewed: no", "# Reviewed: yes")
        with po_path.open("wb") as handle:
            write_po(handle, catalog, width=catalogs.PO_WIDTH, omit_header=False)
    for path in [catalogs.template_path(route_path), *written]:  # today's date would differ per run
        path.write_bytes(DATE_RE.sub(lambda m: b'"' + m.group(1) + b": " + FIXED_DATE, path.read_bytes()))
    return written


def write_route(index: int, folder: Path, seed: int = 0) -> Path:
    """Route ``index`` and its translations into ``folder``; replaces an earlier one of the same name."""
    path = folder / f"{slug_of(index)}.yaml"
    shutil.rmtree(catalogs.route_folder(path), ignore_errors=True)  # no translations of an older run
    path.write_text(route_yaml(index, seed), encoding="utf-8")
    fill_catalogs(path, set(town_of(index).split()), seed)
    return path


def write_corpus(n: int, folder: Path, seed: int = 0) -> list[Path]:
    """N route files (voorbeeld-001 ... ) with complete translations; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_route(i, folder, seed) for i in range(1, n + 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many routes (municipalities)")
    parser.add_argument("outdir", type=Path, help="folder for the route files and their translations")
    parser.add_argument("--seed", type=int, default=0, help="another seed gives other texts (default 0)")
    args = parser.parse_args()
    paths = write_corpus(args.n, args.outdir, args.seed)
    print(f"wrote {len(paths)} routes x {len(LANGUAGES)} languages into {args.outdir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
