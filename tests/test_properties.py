"""Whatever an author (or an attacker) puts in a route file, routegen answers with words, not a crash.

Random mutations of valid routes — keys deleted or misspelled, values replaced by anything YAML
can hold, list items duplicated, ids swapped, the text cut short or sprinkled with tabs and
control characters, random bytes — must give either a validated Route or a RouteFileError whose
problems all say something and point at a line inside the file. Any other exception is a bug
(routegen/errors.py: "anything else is a bug and may show a traceback").

Two ways in are exercised: text through `load_text` + `validate`, and bytes through a file and
`check_route` (size, encoding and byte order mark checks happen there).

The explicit tests at the end pin crashes these properties found, one input each.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from routegen.errors import RouteFileError, mask
from routegen.load import load_text
from routegen.model import Route
from routegen.validate import check_route, validate
from tests.conftest import MINIMAL_ROUTE_TEXT, RICH_ROUTE_TEXT, plain, scaffold_text

# Loading is pure-Python YAML (about 10 ms per kB here), so the number of examples follows the
# size of the route: the whole file stays under about 30 seconds while nothing fails.
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FAST = settings(SETTINGS, max_examples=300)
SLOW = settings(SETTINGS, max_examples=60)

BASES = {"scaffold": scaffold_text(), "minimal": MINIMAL_ROUTE_TEXT, "rich": RICH_ROUTE_TEXT}
BASE_DATA = {name: plain(load_text(text, Path("route.yaml")).data) for name, text in BASES.items()}
PATH = Path("route.yaml")
TEST_BSN = "111222333"


# --- the property ----------------------------------------------------------------------------


def editor_lines(text: str) -> int:
    """How many lines an editor shows (a trailing newline opens one more, empty line)."""
    return len(re.split(r"\r\n|\r|\n", text))


def has_content(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


# Problems about the file as a whole have no line: they say so in their first words.
WHOLE_FILE = ("The file is empty.", "The file holds only comments", "This file is saved as UTF-16")


def assert_good_error(error: RouteFileError, text: str | None) -> None:
    assert error.problems, "a RouteFileError without problems"
    for problem in error.problems:
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert problem.format().strip()
        if text is None or not has_content(text) or problem.message.startswith(WHOLE_FILE):
            continue
        assert 1 <= problem.line <= editor_lines(text), (
            f"line {problem.line} is not within the file of {editor_lines(text)} lines: {problem}"
        )
        assert problem.column >= 0


def outcome_of_text(text: str) -> Route | RouteFileError:
    """Load and validate text; a RouteFileError is returned (after checking it), never raised."""
    try:
        checked = validate(load_text(text, PATH))
    except RouteFileError as error:
        assert_good_error(error, text)
        return error
    assert isinstance(checked.route, Route)
    for warning in checked.warnings:
        assert warning.message.strip()
    return checked.route


def outcome_of_bytes(raw: bytes, folder: Path) -> Route | RouteFileError:
    path = folder / "route.yaml"
    path.write_bytes(raw)
    try:
        checked = check_route(path)
    except RouteFileError as error:
        try:
            text: str | None = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", "replace")
        assert_good_error(error, text)
        return error
    assert isinstance(checked.route, Route)
    return checked.route


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# --- strategies: values ------------------------------------------------------------------------

INTERESTING = [
    "",
    " ",
    "\t",
    "no",
    "yes",
    "on",
    "~",
    "null",
    "true",
    "9:30",
    "0512",
    "1.500",
    "1,5",
    "0x1F",
    "2026-13-45",
    "2026-01-15",
    "3 months",
    "6 weken",
    "0 jaar",
    "999 years",
    "1000 days",
    "drie; maanden",
    "-azc",
    "Azc",
    "a" * 61,
    "gemeente",
    "azc",
    "warme-overdracht",
    "index",
    "javascript:alert(1)",
    "[klik](javascript:alert(1))",
    "<script>alert(1)</script>",
    "[x](../../etc/passwd)",
    "![](/etc/passwd)",
    "<https://example.nl>",
    TEST_BSN,
    f"BSN {TEST_BSN[:4]}.{TEST_BSN[4:6]}.{TEST_BSN[6:]}",
    "V-nummer: 1234567890",
    "Ahmed Ali (01-02-1990)",
    "geboren op 1 januari 1990",
    "#00607a",
    "teal",
    "EUR",
    "GULDEN",
    "regie@example.nl",
    "regie@",
    "mailto:regie@example.nl",
    "+31 512 000 000",
    "12",
    "https://x.nl",
    "ftp://x.nl",
    "nl",
    "xx",
    "ar",
    "prs",
    "<<",
    "*a",
    "&a",
    "!!python/object",
    "\u202e",
    "\ufeff",
    "\u0661\u0662 \u0645\u0627\u0647",
    "\u1230\u1230",
    "🙂" * 3,
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(INTERESTING),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(
                st.text(max_size=12),
                st.sampled_from(["id", "title", "<<", "from", "to", "kind", "next"]),
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)


# --- strategies: structural mutations -----------------------------------------------------------


def all_paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(all_paths(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(all_paths(value, (*path, index)))
    return found


def get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def ids_of(data: Any) -> list[tuple[Any, ...]]:
    return [p for p in all_paths(data) if p and p[-1] == "id" and isinstance(get(data, p), str)]


def typo(word: str, kind: int, position: int) -> str:
    if not word:
        return "x"
    i = position % len(word)
    match kind % 6:
        case 0:
            return word[:i] + word[i + 1 :] or word + "x"  # a letter dropped
        case 1:
            return word[:i] + word[i] + word[i:]  # a letter doubled
        case 2:
            j = min(i + 1, len(word) - 1)
            swapped = word[:i] + word[j] + word[i] + word[j + 1 :] if j > i else word + "e"
            return swapped if swapped != word else word + "e"  # neighbours swapped
        case 3:
            return word.capitalize() if word != word.capitalize() else word.upper() + "X"
        case 4:
            return word + "s"
        case _:
            return word.replace("_", "-") if "_" in word else word + "_"


@st.composite
def mutated_data(draw: st.DrawFn, base: str) -> Any:
    data = copy.deepcopy(BASE_DATA[base])
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        paths = [p for p in all_paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = get(data, path[:-1])
        last = path[-1]
        operation = draw(
            st.sampled_from(["delete", "rename", "replace", "duplicate", "swap-ids", "reference"])
        )
        if operation == "delete":
            del parent[last]
        elif operation == "rename" and isinstance(parent, dict):
            new = typo(last, draw(st.integers(0, 5)), draw(st.integers(0, 50)))
            if new not in parent:
                parent[new] = parent.pop(last)
        elif operation == "replace":
            parent[last] = draw(values)
        elif operation == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        elif operation == "swap-ids":
            ids = ids_of(data)
            if len(ids) >= 2:
                a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
                pa, pb = get(data, a[:-1]), get(data, b[:-1])
                pa["id"], pb["id"] = pb["id"], pa["id"]
        elif operation == "reference":
            # Point any field at an existing id: self-references, cycles, wrong kinds.
            ids = [get(data, p) for p in ids_of(data)]
            if ids:
                target = draw(st.sampled_from(ids))
                parent[last] = draw(st.sampled_from([target, [target], [target, target]]))
    return data


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=80)


# --- strategies: text mutations ------------------------------------------------------------------

NASTY = st.sampled_from(
    [
        "\t",
        "\x00",
        "\x01",
        "\x07",
        "\x08",
        "\x0b",
        "\x0c",
        "\x1b",
        "\x7f",
        "\x85",
        "\u2028",
        "\u2029",
        "\ufeff",
        "\ufffe",
        "\r",
        "\n",
        "\r\n",
        ":",
        ": ",
        "- ",
        "&a ",
        "*a",
        "*b ",
        "<<: *a",
        "!!python/object:os.system ",
        "!!binary ",
        "!custom ",
        "{",
        "}",
        "[",
        "]",
        "'",
        '"',
        "|",
        ">",
        "#",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
        "? ",
        ",",
        "@",
        "`",
        "\\",
        "\u202e",
        "😀",
    ]
)
insertions = st.lists(st.one_of(NASTY, st.text(min_size=1, max_size=6)), min_size=1, max_size=5)


@st.composite
def mutated_text(draw: st.DrawFn, base: str) -> str:
    text = BASES[base]
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        operation = draw(
            st.sampled_from(["truncate", "insert", "delete-range", "replace-line", "big-number"])
        )
        at = draw(st.integers(min_value=0, max_value=len(text)))
        if operation == "truncate":
            text = text[:at]
        elif operation == "insert":
            text = text[:at] + "".join(draw(insertions)) + text[at:]
        elif operation == "delete-range":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif operation == "replace-line":
            lines = text.split("\n")
            index = draw(st.integers(0, max(0, len(lines) - 1)))
            lines[index] = draw(st.one_of(st.text(max_size=40), NASTY))
            text = "\n".join(lines)
        else:
            # A value replaced by a very long number, such as a pasted account of digits.
            lines = text.split("\n")
            keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?\w+: \S", line)]
            if keyed:
                index = draw(st.sampled_from(keyed))
                digits = draw(st.sampled_from([20, 400, 4300, 4301, 5000]))
                lines[index] = lines[index].split(": ", 1)[0] + ": " + "9" * digits
                text = "\n".join(lines)
    return text


# --- the properties --------------------------------------------------------------------------------


@SETTINGS
@given(data=mutated_data("rich"))
def test_structural_mutations_of_rich_route(data: Any) -> None:
    outcome_of_text(dump(data))


@FAST
@given(data=mutated_data("minimal"))
def test_structural_mutations_of_minimal_route(data: Any) -> None:
    outcome_of_text(dump(data))


@SETTINGS
@given(text=mutated_text("rich"))
def test_text_mutations_of_rich_route(text: str) -> None:
    outcome_of_text(text)


@FAST
@given(text=mutated_text("minimal"))
@example(text="---\n#")  # an empty document's mark lay after the last line (line 3 of 2)
def test_text_mutations_of_minimal_route(text: str) -> None:
    outcome_of_text(text)


@SLOW
@given(text=mutated_text("scaffold"))
def test_text_mutations_of_scaffold(text: str) -> None:
    outcome_of_text(text)


@FAST
@given(raw=st.binary(max_size=300))
def test_random_bytes(raw: bytes, folder: Path) -> None:
    outcome_of_bytes(raw, folder)


@FAST
@given(
    at=st.integers(min_value=0, max_value=len(BASES["minimal"].encode())),
    junk=st.binary(min_size=1, max_size=8),
    bom=st.booleans(),
    crlf=st.booleans(),
)
def test_bytes_inserted_into_a_valid_route(
    at: int, junk: bytes, bom: bool, crlf: bool, folder: Path
) -> None:
    raw = BASES["minimal"].encode()
    if crlf:
        raw = raw.replace(b"\n", b"\r\n")
        at = min(at, len(raw))
    raw = raw[:at] + junk + raw[at:]
    outcome_of_bytes((b"\xef\xbb\xbf" if bom else b"") + raw, folder)


@settings(SETTINGS, max_examples=200)
@given(
    field=st.sampled_from(
        [
            ("    summary: Je maakt kennis met je regisseur.", "    summary: {}"),
            ("    title: Kennismaken", "    title: {}"),
            ("  title: De route naar een nieuw thuis", "  title: {}"),
            ("    name: Gemeente Proefstad", "    name: {}"),
        ]
    ),
    words=st.tuples(st.text(max_size=10), st.text(max_size=10)),
    form=st.sampled_from(
        [
            "{}",
            "{0}{1}{2}{3}.{4}{5}.{6}{7}{8}",
            "{0}{1}{2}.{3}{4}{5}.{6}{7}{8}",
            "{0}{1}{2} {3}{4}{5} {6}{7}{8}",
        ]
    ),
)
def test_a_bsn_is_never_repeated_in_full(
    field: tuple[str, str], words: tuple[str, str], form: str
) -> None:
    """Whatever surrounds it, a BSN in a route never appears in full in what routegen prints."""
    number = form.format(TEST_BSN) if form == "{}" else form.format(*TEST_BSN)
    value = f"{words[0]} {number} {words[1]}"
    quoted = yaml.safe_dump(value, allow_unicode=True, width=10**6, default_style='"').strip()
    old, new = field
    assert old + "\n" in MINIMAL_ROUTE_TEXT
    text = MINIMAL_ROUTE_TEXT.replace(old + "\n", new.format(quoted) + "\n")
    try:
        checked = validate(load_text(text, PATH))
    except RouteFileError as error:
        shown = error.format()
    else:
        shown = "\n".join(w.format() for w in checked.warnings)
    assert number not in shown
    assert TEST_BSN not in shown


# --- crashes found, pinned ---------------------------------------------------------------------------


def _step_line(old: str, new: str) -> str:
    assert old in RICH_ROUTE_TEXT
    return RICH_ROUTE_TEXT.replace(old, new, 1)


# name: (route text, whether it must be refused: True, or may be either: None)
CRASHES: dict[str, tuple[str, bool | None]] = {
    # validate.py check_kinds: `step.get("id") in _refs_set(...)` on an unhashable id
    "step-id-is-a-list": (_step_line("  - id: taal\n", "  - id: [taal]\n"), True),
    "step-id-is-a-group": (_step_line("  - id: taal\n", "  - id: {naam: taal}\n"), True),
    # validate.py check_phase_order: `start in order` with a list or a group
    "support-from-is-a-list": (
        _step_line(
            "    from: woning\n    to: eerste-jaar\n", "    from: [woning]\n    to: eerste-jaar\n"
        ),
        True,
    ),
    "support-to-is-a-group": (
        _step_line(
            "    from: woning\n    to: eerste-jaar\n",
            "    from: woning\n    to: {fase: eerste-jaar}\n",
        ),
        True,
    ),
    # load.py _plain_scalar: int() refuses more than 4300 digits (Python's int_max_str_digits)
    "amount-of-5000-digits": (
        _step_line("  amount: 1500\n", "  amount: " + "9" * 5000 + "\n"),
        None,
    ),
    "title-of-5000-digits": (
        _step_line("    title: Nederlands leren\n", "    title: " + "1" * 5000 + "\n"),
        None,
    ),
}


@pytest.mark.parametrize("case", sorted(CRASHES))
def test_no_crash_on(case: str) -> None:
    text, refused = CRASHES[case]
    result = outcome_of_text(text)
    if refused:
        assert isinstance(result, RouteFileError)


def test_control_character_is_located() -> None:
    text = _step_line("    title: Nederlands leren\n", "    title: Neder\x01lands leren\n")
    error = outcome_of_text(text)
    assert isinstance(error, RouteFileError)
    (problem,) = error.errors
    assert (problem.line, problem.column) == (
        text.splitlines().index("    title: Neder\x01lands leren") + 1,
        17,
    )


def test_long_chain_of_steps_does_not_crash() -> None:
    """1,500 steps, each followed by the next: deep, but a valid route (about 100 kB)."""
    n = 1500
    steps = "".join(
        f"  - id: s{i}\n    phase: azc\n    title: Stap {i}\n    summary: Stap {i}.\n    lead: gemeente\n"
        + (f"    next: [s{i + 1}]\n" if i + 1 < n else "")
        for i in range(n)
    )
    text = MINIMAL_ROUTE_TEXT.replace("steps:\n", "steps:\n" + steps, 1)
    result = outcome_of_text(text)
    assert isinstance(result, Route)
    assert len(result.steps) == n + 1


def test_a_cycle_is_reported_not_looped() -> None:
    text = _step_line(
        "    next: [werk]\n  - id: werk\n", "    next: [werk]\n  - id: werk\n    next: [taal]\n"
    )
    error = outcome_of_text(text)
    assert isinstance(error, RouteFileError)
    assert any("circle" in p.message for p in error.errors)


def test_duration_with_a_semicolon_keeps_its_message_whole() -> None:
    """validate.py _explain splits value_error texts at the first ';', also inside the value."""
    text = _step_line("      within: 3 months\n", "      within: 'drie; maanden'\n")
    error = outcome_of_text(text)
    assert isinstance(error, RouteFileError)
    (problem,) = error.errors
    assert problem.message == "'drie; maanden' is not a duration."
    assert problem.hint.startswith("Write a number and a unit")


def test_mask_hides_all_but_two_digits() -> None:
    assert mask(TEST_BSN) == "*******33"
    assert mask("1112.22.333") == "****.**.*33"


def test_a_bsn_after_digits_that_fail_the_elfproef_is_masked_in_a_quoted_line() -> None:
    """Found by test_a_bsn_is_never_repeated_in_full: in '\\x060 111 222 333' the candidate
    '060 111 222' fails the elfproef and used to hide the BSN behind it from the mask."""
    from routegen.privacy import redact_numbers

    assert redact_numbers('    summary: "\\x060 111 222 333 "') == '    summary: "\\x060 *** *** *33 "'


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs"))))
@example("Geboren op twaalf mei negentienhonderd. V-nummer: een twee drie.")
def test_the_privacy_scan_may_skip_a_text_without_digits(text: str) -> None:
    """The privacy scan passes over a text with no digit (most of a route's texts), since each
    of its patterns needs one; this fails if a pattern is added that does not."""
    from routegen import privacy

    for pattern in (privacy._V_NUMBER, privacy._BSN, privacy._BIRTH, privacy._NAME_DATE):
        assert pattern.search(text) is None, pattern.pattern
