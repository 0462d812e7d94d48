"""How long measuring and wrapping the labels of a big infographic takes, cold and warm.

About 2000 labels (a third each in Dutch, Arabic and Tigrinya, 2 to 12 words, made from real
words with a fixed seed) are each measured once and wrapped once (14 px, 160 px wide, at most
3 lines), as the layout stage does. "cold" clears the shaping and wrapping caches first (the font
registry stays loaded; its own load time is printed apart); "warm" repeats the same work with
the caches full. Each figure is the median of several runs.

    python bench/bench_shaping.py [--labels 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from routegen.layout import text as text_module
from routegen.layout.fonts import FontRegistry, default_registry
from routegen.layout.text import measure, wrap

_TEXTS = {
    "nl": (
        "welkom in de gemeente warme overdracht van het AZC naar je nieuwe huis regisseur "
        "statushouders taalschool inburgering werk studie meedoen budget begeleiding door "
        "VluchtelingenWerk gezondheid onderwijs sport persoonlijk plan van aanpak na zes "
        "maanden evaluatie elke drie maanden jongeren 18-27 jaar ISK ROC hoger-onderwijs "
        "vrijwilligers werkgevers en/of gesprek"
    ),
    "ar": (
        "برنامج الترحيب وخطة العمل الشخصية في البلدية التسليم الدافئ من مركز اللجوء إلى "
        "بيتك الجديد المنسق للحاصلين على الإقامة مدرسة اللغة الاندماج العمل الدراسة "
        "المشاركة الميزانية المرافقة الصحة التعليم الرياضة بعد ستة أشهر التقييم كل ثلاثة "
        "أشهر الشباب المتطوعون أصحاب العمل"
    ),
    "ti": (
        "እንቋዕ፡ብደሓን፡መጻእኩም ናብ ምምሕዳር ከተማ ካብ መዕቆቢ ናብ ሓድሽ ገዛኹም ሓላፊ ንተቐበልቲ "
        "ቤት ትምህርቲ ቋንቋ ምውህሃድ ስራሕ ትምህርቲ ምስታፍ ባጀት ሓገዝ ጥዕና ስፖርት ውልቃዊ መደብ "
        "ድሕሪ ሽዱሽተ ኣዋርሕ ገምጋም ኩሉ ሰለስተ ወርሒ መንእሰያት ወለንተኛታት ኣስራሕቲ"
    ),
}
WORDS = {lang: text.split() for lang, text in _TEXTS.items()}


def make_labels(count: int, seed: int = 20260115) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    langs = list(WORDS)
    labels = []
    for i in range(count):
        lang = langs[i % len(langs)]
        labels.append((lang, " ".join(rng.choices(WORDS[lang], k=rng.randint(2, 12)))))
    return labels


def work(labels: list[tuple[str, str]]) -> None:
    for lang, label in labels:
        measure(label, lang, 14)
        wrap(label, lang, 14, 160, max_lines=3)


def timed(fn: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    load = statistics.median(timed(FontRegistry) for _ in range(args.runs))
    print(f"font registry (index 6 shipped fonts with fontTools): {load * 1000:7.1f} ms")
    default_registry()

    labels = make_labels(args.labels)
    words = sum(len(label.split()) for _, label in labels)
    print(f"{len(labels)} labels, {words} words; measure + wrap(14 px, 160 px, max 3 lines) each")
    for subset_name, subset in [("all", labels)] + [
        (lang, [item for item in labels if item[0] == lang]) for lang in WORDS
    ]:
        colds, warms = [], []
        for _ in range(args.runs):
            text_module.clear_caches()
            colds.append(timed(work, subset))
            warms.append(timed(work, subset))
        cold, warm = statistics.median(colds), statistics.median(warms)
        per_label = cold / len(subset) * 1e6
        print(
            f"  {subset_name:>3}: {len(subset):5d} labels  cold {cold * 1000:8.1f} ms "
            f"({per_label:6.0f} us/label)  warm {warm * 1000:7.2f} ms  cold/warm {cold / warm:6.0f}x"
        )
    text_module.clear_caches()
    work(labels)
    info = text_module._width_em.cache_info()
    print(f"shapings per cold pass: {info.misses} (cache hits {info.hits})")


if __name__ == "__main__":
    main()
