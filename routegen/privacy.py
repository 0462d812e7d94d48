"""The privacy guard: route files are published, so a statushouder's personal data must not be in one.

It looks for what such data looks like: a BSN (nine digits that pass the elfproef), a V-number
(the immigration service's ten-digit number) and a date of birth near a name. Professionals' work
contact details belong in a route and are not scanned. Messages never repeat the full number.

What it finds is an error, without any flag: a published BSN cannot be taken back. A look-alike
(an office's number that happens to pass the elfproef) is acknowledged by the author with a
comment at its place, ``# routegen: not personal data``, which reviewers see in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .errors import mask
from .speech import messages_language, tr

Path_ = tuple[str | int, ...]

CONTACT_FIELDS = frozenset({"email", "phone", "website"})
ACKNOWLEDGEMENT = "# routegen: not personal data"
# The comment as a hint shows it, in the language of the messages (ACKNOWLEDGED reads both).
ACKNOWLEDGEMENTS = {"en": ACKNOWLEDGEMENT, "nl": "# routegen: geen persoonsgegevens"}
# The comment, in English or Dutch, after a space (a '#' inside a word or URL is no comment).
ACKNOWLEDGED = re.compile(r"(?:^|\s)#\s*routegen:\s*(?:not personal data|geen persoonsgegevens)\s*$",
                          re.IGNORECASE)

# Nine digits, plain or grouped, that are not part of a longer number: not the first nine digits
# of a ten-digit phone number (0512000042), nor the last nine of +31 512 000 049 or (0)512 000 049.
_BSN = re.compile(
    r"(?<![\d.+-])(?<!\d )(?<!\))(?<!\) )"
    r"(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}\.\d{3}\.\d{3}|\d{3} \d{3} \d{3}(?! \d))"
    r"(?![.-]?\d)"
)
# For masking only: nine digits wherever they stand, also after another number ("0 111222333"),
# which the scan leaves alone as part of a longer number but a quoted line must not show.
_ANY_NINE_DIGITS_AT = re.compile(  # a lookahead, so that candidates may overlap
    r"(?<!\d)(?=(\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}\.\d{3}\.\d{3}|\d{3} \d{3} \d{3})(?!\d))")
_V_NUMBER = re.compile(
    r"\b(?:v-?nummer|v-?nr\.?|vreemdelingennummer)\s*:?\s*(\d[\d. ]{8,13}\d)", re.IGNORECASE
)
_DATE = (
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}"
    r"|\d{1,2} (?:jan|feb|maa|mrt|apr|mei|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]* (?:19|20)\d{2})"
)
_BIRTH_WORD = r"(?:geboren|geb\.|geboortedatum|born|date of birth|dob)"
_BIRTH = re.compile(
    rf"{_BIRTH_WORD}\W{{0,20}}(?:op\s+|on\s+)?({_DATE})|({_DATE})\W{{0,5}}\(?{_BIRTH_WORD}", re.IGNORECASE
)
_NAME_DATE = re.compile(
    rf"\b[A-Z][a-z]+(?: (?:van |de |el |al-|bin )?[A-Z][a-z]+)+\s*[(,]\s*({_DATE})\s*\)?"
)
_DIGIT = re.compile(r"\d")  # what every pattern of a number or date needs (any script's digits)


@dataclass(frozen=True)
class Finding:
    path: Path_
    match: str
    message: str
    hint: str
    in_key: bool = False  # found in a key (such as `111222333: ...`) rather than in a value


def acknowledgement() -> str:
    """The comment that acknowledges a look-alike, as the hint in the language of the messages shows it."""
    return ACKNOWLEDGEMENTS.get(messages_language(), ACKNOWLEDGEMENT)


def elfproef(digits: str) -> bool:
    """The BSN check: weights 9..2 for the first eight digits, -1 for the last, divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1)))
    return (total - int(digits[8])) % 11 == 0


def _texts(node: Any, path: Path_) -> Iterator[tuple[Path_, str, bool]]:
    """Every text in the data as (path, text, is a key); keys are scanned too, since an unknown
    key is repeated in its error message."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and any(ch.isdigit() for ch in key):
                yield (*path, key), key, True
            if key in CONTACT_FIELDS and path and path[-1] == "contact":
                continue
            yield from _texts(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, (*path, index))
    elif isinstance(node, str):
        yield path, node, False
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield path, str(getattr(node, "raw", node)), False


def scan(data: Any) -> list[Finding]:
    """Every piece of text in the route that looks like a statushouder's personal data."""
    findings: list[Finding] = []
    for path, text, in_key in _texts(data, ()):
        if not _DIGIT.search(text):
            continue  # each pattern below needs a digit, and most texts have none
        for match in _V_NUMBER.finditer(text):
            number = match.group(1).strip()
            findings.append(Finding(
                path, number,
                tr("This looks like a V-number (vreemdelingennummer) of a person: {number}.", number=mask(number)),
                tr("Route files are published. Remove personal numbers; a route describes the way, not a person."),
                in_key,
            ))
        for match in _BSN.finditer(text):
            number = match.group(1)
            if elfproef(re.sub(r"\D", "", number)) and not _inside(findings, path, number):
                findings.append(Finding(
                    path, number,
                    tr("This looks like a citizen service number (BSN): {number}.", number=mask(number)),
                    tr("Route files are published. Remove the BSN; never put a statushouder's personal data in a route."),
                    in_key,
                ))
        for pattern in (_BIRTH, _NAME_DATE):
            for match in pattern.finditer(text):
                findings.append(Finding(
                    path, match.group(0),
                    tr("This looks like a person's date of birth."),
                    tr("Route files are published. Remove names and dates of birth of statushouders."),
                    in_key,
                ))
    return findings


def _inside(findings: list[Finding], path: Path_, number: str) -> bool:
    return any(f.path == path and number in f.match for f in findings)


def redact_numbers(text: str) -> str:
    """Mask what looks like a BSN or V-number anywhere in a text we are about to show.

    Used on every quoted source line, so even a syntax error on a line with personal data does
    not print it in full. Masking a look-alike by mistake costs nothing.
    """
    text = _V_NUMBER.sub(lambda m: m.group(0).replace(m.group(1), mask(m.group(1))), text)
    # Every candidate, also overlapping ones: in "060 111 222 333" the first nine digits fail the
    # elfproef and must not hide the BSN that follows.
    hidden = [False] * len(text)
    for found in _ANY_NINE_DIGITS_AT.finditer(text):
        number = found.group(1)
        if elfproef(re.sub(r"\D", "", number)):
            start = found.start(1)
            masked = mask(number)
            for offset, char in enumerate(masked):
                if char == "*":
                    hidden[start + offset] = True
    return "".join("*" if hide else char for char, hide in zip(text, hidden))
