"""The typed route model: what a route file may hold.

Every field carries a description; they feed `routegen schema`, which editors show while the
author types. Field names are the keys of the YAML file. Unknown keys are refused (the validate
stage turns that into a "did you mean" hint), because a misspelled key silently ignored is a
published route that says less than its author thinks.

Texts in the route are in the route's source language. Translations live beside the route in PO
files; the model never holds them.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

from .icons import ICON_NAMES
from .speech import SOURCE_LANGUAGE, messages_language, tr

# --- scalar types -------------------------------------------------------------------------


def model_description(description: str) -> str | None:
    """A field's description (the English of the JSON Schema) in the language of the messages, or
    None where it has no translation there: the descriptions are not in the messages' catalog yet."""
    return description if messages_language() == SOURCE_LANGUAGE else None


def _keep_typed_text(value: Any) -> Any:
    """A text field keeps what the author typed, even when YAML saw a number in it.

    The loader gives numbers a ``raw`` attribute with the characters as typed (``0512``,
    ``1.500``), so that `postcode: 0512` never becomes 512 behind the author's back.
    """
    raw = getattr(value, "raw", None)
    return raw if isinstance(raw, str) else value


def _not_blank(value: str) -> str:
    if not value.strip():
        # TRANSLATORS: "problem; hint", both from a small letter: routegen splits them at "; "
        raise ValueError(tr("this text is empty; write something or leave the field out"))
    return value


Text = Annotated[str, BeforeValidator(_keep_typed_text), AfterValidator(_not_blank)]
"""One line or more of text in the route's source language."""

Markdown = Annotated[str, BeforeValidator(_keep_typed_text), AfterValidator(_not_blank)]
"""Text that may use Markdown: paragraphs, lists, links, headings."""

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=60,
        description=(
            "A short name for this element, used in links and file names: lower-case letters, "
            "digits and hyphens, such as `warme-overdracht`."
        ),
    ),
    BeforeValidator(_keep_typed_text),  # after Field, or pydantic drops the pattern from the schema
]
Ref = Annotated[str, BeforeValidator(_keep_typed_text)]
"""The id of another element of the route (partner, phase, track or step)."""

DURATION_UNITS: dict[str, str] = {
    "day": "day", "days": "day", "dag": "day", "dagen": "day",
    "week": "week", "weeks": "week", "weken": "week",
    "month": "month", "months": "month", "maand": "month", "maanden": "month",
    "year": "year", "years": "year", "jaar": "year", "jaren": "year",
}
# "3 maanden", or a range: "3 tot 6 maanden", "3-6 months", "3 to 6 weeks"
_RANGE_WORDS = r"(?:-|–|tot|to|à)"
_DURATION_RE = re.compile(rf"^\s*(\d{{1,3}})(?:\s*{_RANGE_WORDS}\s*(\d{{1,3}}))?\s+([A-Za-z]+)\s*$")


class Duration(BaseModel):
    """A span of time such as "3 months" or "3 to 6 months", kept structured so every language
    can say it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: int = Field(ge=1, le=999, description="How many units (the shortest, for a range).")
    up_to: int | None = Field(None, ge=2, le=999, description="The longest, for a range: 3 to 6 months.")
    unit: Literal["day", "week", "month", "year"] = Field(description="day, week, month or year.")

    def __str__(self) -> str:
        amount = f"{self.amount}-{self.up_to}" if self.up_to else str(self.amount)
        return f"{amount} {self.unit}{'' if amount == '1' else 's'}"


def _parse_duration(value: Any) -> Any:
    if isinstance(value, str):
        match = _DURATION_RE.match(value)
        unit = DURATION_UNITS.get(match.group(3).lower()) if match else None
        if match is None or unit is None:
            # TRANSLATORS: "problem; hint", split at the last "; "
            raise ValueError(tr(
                "'{value}' is not a duration; write a number and a unit, "
                "such as '3 months', '6 weken', '1 jaar' or '3 tot 6 maanden'", value=value))
        low, high = int(match.group(1)), int(match.group(2)) if match.group(2) else None
        if high is not None and high <= low:
            # TRANSLATORS: "problem; hint", split at the last "; "
            raise ValueError(tr("'{value}' is not a range; write the shorter time first, such as '3 tot 6 maanden'",
                                value=value))
        return {"amount": low, "unit": unit, **({"up_to": high} if high else {})}
    return value


DurationText = Annotated[
    Duration,
    BeforeValidator(_parse_duration),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": rf"^\s*\d{{1,3}}(\s*{_RANGE_WORDS}\s*\d{{1,3}})?\s+(" + "|".join(DURATION_UNITS) + r")\s*$",
            "examples": ["3 months", "6 weken", "1 jaar", "3 tot 6 maanden"],
        }
    ),
]


IconName = Annotated[str, WithJsonSchema({"type": "string", "enum": list(ICON_NAMES)})]
"""A pictogram's name; the schema lists them so editors complete them, validate checks them."""


def _illustrative() -> Any:
    """The flag an example route sets on what it adds to be complete (its source does not say it)."""
    return Field(
        False,
        description="true when an example route adds this to be complete, though its source does not "
                    "say it; the site marks it as an illustration.",
    )


class Strict(BaseModel):
    """Base of every route element: unknown keys are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- enumerations -------------------------------------------------------------------------


class Status(str, Enum):
    EXAMPLE = "example"
    DRAFT = "draft"
    PUBLISHED = "published"


class StepKind(str, Enum):
    STEP = "step"
    HANDOVER = "handover"
    PROGRAMME = "programme"


class Branch(str, Enum):
    """How the next steps relate when a step has more than one."""

    CHOICE = "choice"  # the reader takes one of them ("or")
    PARALLEL = "parallel"  # they all happen, side by side ("and")


class PartnerKind(str, Enum):
    MUNICIPALITY = "municipality"
    COA = "coa"
    REFUGEE_SUPPORT = "refugee-support"
    WELFARE = "welfare"
    SCHOOL = "school"
    LANGUAGE = "language"
    HEALTH = "health"
    HOUSING = "housing"
    EMPLOYER = "employer"
    VOLUNTEERS = "volunteers"
    BENEFITS = "benefits"
    OTHER = "other"


class Theme(str, Enum):
    """The nine INTEGRAAL themes of Toezicht Sociaal Domein, for self-evaluation."""

    IN_BEELD = "in-beeld"
    NAUWE_SAMENWERKING = "nauwe-samenwerking"
    TAAL_EN_ONDERWIJS = "taal-en-onderwijs"
    EIGEN_AANVULLING = "eigen-aanvulling"
    GOEDE_START = "goede-start"
    REGIE = "regie"
    AMBASSADEURS = "ambassadeurs"
    ADEQUATE_ONDERSTEUNING = "adequate-ondersteuning"
    LAAGDREMPELIG = "laagdrempelig"


THEME_TITLES_NL: dict[Theme, str] = {
    Theme.IN_BEELD: "In beeld krijgen en houden",
    Theme.NAUWE_SAMENWERKING: "Nauwe samenwerking",
    Theme.TAAL_EN_ONDERWIJS: "Taal en onderwijs",
    Theme.EIGEN_AANVULLING: "Eigen aanvulling",
    Theme.GOEDE_START: "Goede start",
    Theme.REGIE: "Regie",
    Theme.AMBASSADEURS: "Ambassadeurs inzetten",
    Theme.ADEQUATE_ONDERSTEUNING: "Adequate ondersteuning",
    Theme.LAAGDREMPELIG: "Laagdrempelig",
}


class Consent(str, Enum):
    ASKED = "asked"
    NOT_ASKED = "not-asked"
    REQUIRED_BY_LAW = "required-by-law"


class Choice(str, Enum):
    """Who decides whether the statushouder does an optional step, or which topics they follow
    (Tilburg chooses the modules of its introduction programme per person)."""

    BY_YOU = "by-you"  # the statushouder decides alone
    WITH_REGISSEUR = "with-regisseur"  # the statushouder and the regisseur decide together


# --- elements -----------------------------------------------------------------------------


class Contact(Strict):
    """How to reach a person or organisation. Use work details only, never a statushouder's."""

    email: str | None = Field(None, description="A work e-mail address, such as regie@example.nl.")
    phone: str | None = Field(
        None, description="A work phone number, such as 0512 000 000, +31 512 000 000 or the "
                          "municipality's 14 number, such as 14 0512."
    )
    website: str | None = Field(None, description="A web address starting with https://.")
    address: Text | None = Field(None, description="A visiting address.")
    hours: Text | None = Field(None, description="When they can be reached, such as 'ma-vr 9:00-12:00'.")


class RouteInfo(Strict):
    """Which route this is, in which languages, and how far it is."""

    municipality: Text = Field(description="The municipality whose route this is.")
    slug: Id = Field(description="Short name for web addresses and folders, such as `smallingerland`.")
    title: Text = Field(description="The title above the route, such as 'De route naar een nieuw thuis'.")
    intro: Markdown | None = Field(None, description="A short introduction for the statushouder.")
    status: Status = Field(description="example, draft or published.")
    last_reviewed: dt.date = Field(description="When the route was last checked, as YYYY-MM-DD.")
    source_language: str = Field("nl", description="The language the texts in this file are in.")
    languages: list[str] = Field(
        min_length=1,
        description="Languages the site is published in, as codes: nl, en, ar, ti, fa, prs, uk ...",
    )
    contact: Contact | None = Field(None, description="The municipality's general contact details.")
    site_url: str | None = Field(
        None,
        pattern=r"^https?://[^\s/]+(/[^\s]*)?/$",
        description=(
            "The web address the site will be published at, ending in /, such as "
            "https://www.example.nl/route/. Search engines need it for the sitemap."
        ),
    )


CONTACT_PERSON = "regisseur"
"""As a step's ``lead`` or the budget's ``managed_by``: the statushouder's own contact person
(the phase's contact where a phase has one, else the route's regisseur), not an organisation."""


class Regisseur(Strict):
    """The one contact person for the statushouder: over the whole route, or (under a phase's
    ``contact``) for that phase."""

    called: Text | None = Field(
        None,
        description="What statushouders call this person, as a heading: 'Je klantondersteuner', "
                    "'Je kansenverkenner'. Without it the site says 'Je regisseur'.",
    )
    role: Text = Field(description="The job title, such as 'Regisseur statushouders'.")
    partner: Ref = Field(description="The id of the organisation the regisseur works for.")
    summary: Text | None = Field(None, description="What the regisseur does for you, in one sentence.")
    until: Text | None = Field(
        None, description="Until when this person is your contact: 'Tot je geen uitkering meer nodig hebt'."
    )
    contact: Contact = Field(description="How statushouders reach the regisseur.")


class Timing(Strict):
    """When something happens, where that is known."""

    starts: Text | None = Field(None, description="When it starts, in words: 'Zodra je een huis hebt'.")
    within: DurationText | None = Field(None, description="It happens within this time: '3 months'.")
    lasts: DurationText | None = Field(None, description="How long it takes: '6 months'.")
    every: DurationText | None = Field(None, description="It is repeated this often: '3 months'.")
    follow_ups: list[DurationText] = Field(
        default_factory=list,
        description="Follow-up talks after these times: ['6 months', '1 year', '2 years'].",
    )
    illustrative: bool = _illustrative()


class Phase(Strict):
    """A period of the route in time, such as 'In het AZC' or 'Het eerste jaar'."""

    id: Id
    title: Text = Field(description="The name of the phase, short: it appears in the picture.")
    summary: Text | None = Field(None, description="One sentence about this phase.")
    timing: Timing | None = Field(None, description="When this phase happens and how long it lasts.")
    contact: Regisseur | None = Field(
        None,
        description="Another contact person for this phase only, written like regisseur: (called, "
                    "role, partner, contact). Such as a kansenverkenner in the first months.",
    )
    illustrative: bool = _illustrative()


class Track(Strict):
    """A parallel path for a group, such as ISK 18+ for young people."""

    id: Id
    title: Text = Field(description="The name of the track, short: it appears in the picture.")
    audience: Text = Field(description="Who follows this track: 'Jongeren van 18 tot 27 jaar'.")
    summary: Text | None = Field(None, description="One sentence about this track.")
    leads_to: list[Text] = Field(
        default_factory=list, description="Where the track leads: 'Werk', 'Een opleiding op het ROC'."
    )


class Helper(Strict):
    """A partner who helps in a step, with what it does there, so nobody does the same work twice."""

    partner: Ref = Field(description="The id of the partner who helps.")
    role: Text = Field(description="What this partner does in this step: 'Oefent de taal met je'.")


class Handover(Strict):
    """A warm handover: one organisation passes the statushouder on to another, together."""

    from_partner: Ref = Field(alias="from", description="The id of the partner that hands over.")
    to_partners: Ref | list[Ref] = Field(
        alias="to", description="The id of the partner that takes over, or a list: [gemeente, vwn, school]."
    )
    with_partners: list[Ref] = Field(
        default_factory=list, alias="with",
        description="Ids of other partners at the table, such as VluchtelingenWerk in a four-party talk.",
    )
    when: Text = Field(description="When the handover happens: 'Al in het AZC'.")
    statushouder_present: bool = Field(description="true when the statushouder is at the table.")
    plan_together: bool = Field(False, description="true when a plan is made together.")

    @property
    def takers(self) -> list[str]:
        return [self.to_partners] if isinstance(self.to_partners, str) else list(self.to_partners)


class Programme(Strict):
    """A programme with topics, such as WELKOM, usually ending in a personal plan."""

    name: Text = Field(description="The name of the programme: 'WELKOM'.")
    questions: list[Text] = Field(
        default_factory=list, description="The questions it asks: 'Wie ben je?', 'Wat kun je?'."
    )
    topics: list[Text] = Field(min_length=1, description="The topics: 'Sport', 'Gezondheid', 'Werk'.")
    outcome: Text | None = Field(None, description="What it leads to: 'Een persoonlijk actieplan'.")
    topics_chosen: Choice | None = Field(
        None,
        description="Leave out when everyone follows every topic. 'by-you' when the statushouder chooses "
                    "the topics (modules) to follow, 'with-regisseur' when they choose them together with "
                    "the regisseur.",
    )


class Step(Strict):
    """A station on the route: something that happens to or with the statushouder."""

    id: Id
    kind: StepKind = Field(
        StepKind.STEP, description="step (ordinary), handover (warm handover) or programme."
    )
    phase: Ref = Field(description="The id of the phase this step is in.")
    track: Ref | None = Field(
        None, description="The id of the track this step belongs to; leave out for the main route."
    )
    title: Text = Field(description="The name of the step, short: it appears in the picture.")
    summary: Text = Field(description="One short sentence for the picture.")
    icon: IconName | None = Field(
        None,
        description="The pictogram of this step, in the picture and on its page, such as home, school, "
                    "language or briefcase (the README lists them all). Leave out for the default of "
                    "its kind: a map pin for a step, a handshake for a handover, a group for a programme.",
    )
    body: Markdown | None = Field(None, description="The full explanation, in Markdown.")
    lead: Ref = Field(
        description="The id of the partner who leads this step, or regisseur when the statushouder's "
                    "own contact person leads it."
    )
    helps: list[Ref | Helper] = Field(
        default_factory=list,
        description="Partners who help: their ids, or {partner: id, role: what they do here}.",
    )
    place: Text | None = Field(
        None, description="Where it happens: 'Bij jou thuis', 'Het stadhuis, Markt 1 (inloop di 9-12 uur)'."
    )
    required: bool = Field(False, description="true when the statushouder must take part in this step.")
    if_skipped: Text | None = Field(
        None, description="For a required step: what happens if you do not take part, in plain words."
    )
    you_do: list[Text] = Field(default_factory=list, description="What the statushouder does.")
    you_get: list[Text] = Field(default_factory=list, description="What the statushouder gets.")
    timing: Timing | None = Field(None, description="When this step happens.")
    next: list[Ref] = Field(
        default_factory=list,
        description="Ids of the steps that come after this one; two or more where the route branches.",
    )
    branch: Branch = Field(
        Branch.CHOICE,
        description="With two or more next steps: 'choice' when the statushouder takes one of them "
                    "(the picture and the pages say 'or'), 'parallel' when they all happen side by side "
                    "('and').",
    )
    handover: Handover | None = Field(None, description="The handover, for kind: handover.")
    programme: Programme | None = Field(None, description="The programme, for kind: programme.")
    tags: list[Theme] = Field(default_factory=list, description="INTEGRAAL themes this step serves.")
    optional: Choice | None = Field(
        None,
        description="Leave out when every statushouder does this step. 'by-you' when the statushouder "
                    "decides whether to do it, 'with-regisseur' when they decide together with the "
                    "regisseur. The picture draws an optional step with a dashed ring.",
    )
    illustrative: bool = _illustrative()

    @property
    def helper_ids(self) -> list[str]:
        return [h if isinstance(h, str) else h.partner for h in self.helps]

    def helper_role(self, partner_id: str) -> str | None:
        return next((h.role for h in self.helps if isinstance(h, Helper) and h.partner == partner_id), None)


class Support(Strict):
    """Support that runs alongside a span of phases, such as VluchtelingenWerk's guidance."""

    id: Id
    partner: Ref = Field(description="The id of the partner that gives this support.")
    title: Text = Field(description="The name of the support, short: it appears in the picture.")
    summary: Text = Field(description="One sentence about this support.")
    body: Markdown | None = Field(None, description="The full explanation, in Markdown.")
    from_phase: Ref = Field(alias="from", description="The id of the phase where it starts.")
    to_phase: Ref = Field(alias="to", description="The id of the phase where it ends.")
    tags: list[Theme] = Field(default_factory=list, description="INTEGRAAL themes this serves.")
    illustrative: bool = _illustrative()


class Budget(Strict):
    """Money the statushouder can use, such as a personal budget."""

    title: Text = Field(description="The name of the budget: 'Persoonlijk budget'.")
    amount: float = Field(ge=0, description="The amount, as a plain number: 1500.")
    currency: str = Field("EUR", description="The currency as an ISO 4217 code: EUR.")
    per: Text = Field(description="Per whom: 'Per inburgeringsplichtige statushouder'.")
    managed_by: Ref = Field(
        description="The id of the partner who manages it, or regisseur when the statushouder's own "
                    "contact person does."
    )
    spend_on: list[Text] = Field(
        default_factory=list, description="Examples of what it may be spent on."
    )
    free_to_spend: bool = Field(
        False, description="true when the statushouder may spend it on anything, without conditions."
    )
    conditions: list[Text] = Field(
        default_factory=list, description="Conditions; leave empty when there are none."
    )
    body: Markdown | None = Field(None, description="More explanation, in Markdown.")
    illustrative: bool = _illustrative()


class Partner(Strict):
    """An organisation that takes part in the route."""

    id: Id
    name: Text = Field(description="The organisation's name.")
    kind: PartnerKind = Field(description="What kind of organisation this is.")
    description: Text | None = Field(None, description="What this organisation does, in one sentence.")
    contact: Contact | None = Field(None, description="Work contact details.")
    illustrative: bool = _illustrative()


class Sharing(Strict):
    """One line of 'who knows what about me': information shared between partners."""

    id: Id
    what: Text = Field(description="What is shared: 'Je taalniveau en je aanwezigheid bij de les'.")
    source: Ref = Field(alias="from", description="The id of the partner who shares it.")
    to: list[Ref] = Field(min_length=1, description="Ids of the partners who receive it.")
    why: Text = Field(description="Why it is shared.")
    consent: Consent = Field(description="asked, not-asked or required-by-law.")
    steps: list[Ref] = Field(default_factory=list, description="Ids of the steps where this happens.")
    supports: list[Ref] = Field(
        default_factory=list, description="Ids of the supports (alongside the route) where this happens."
    )
    how_asked: Text | None = Field(
        None,
        description="With consent: asked, how and where permission is asked: "
                    "'In het contract van je taalcursus'.",
    )

    illustrative: bool = _illustrative()

class Privacy(Strict):
    """What the route promises about the statushouder's information, beyond the sharing lines."""

    not_shared: list[Text] = Field(
        default_factory=list,
        description="What is never shared without the statushouder, in plain words: "
                    "'Wat je vertelt over je gezondheid'.",
    )
    withdraw: Text | None = Field(
        None,
        description="How the statushouder takes back a permission given earlier: "
                    "'Zeg het tegen je regisseur. Dan delen we het niet meer.'",
    )


class Meeting(Strict):
    """A regular meeting of the partners about the route, such as a quarterly partner meeting."""

    id: Id
    title: Text = Field(description="The name of the meeting: 'Overleg met de partners'.")
    lead: Ref | None = Field(None, description="The id of the partner who organises it.")
    partners: list[Ref] = Field(min_length=1, description="Ids of the partners who take part.")
    every: DurationText | None = Field(
        None, description="How often it is held: '3 months' (every quarter), '6 weken'."
    )
    purpose: Text | None = Field(
        None, description="What it is for: 'We bespreken wat goed gaat en wat beter kan'."
    )


def term_key(term: str) -> str:
    """The stable key of a glossary term: its words in lower case joined by hyphens
    ("Persoonlijk plan" -> "persoonlijk-plan"). It names the term's translations and its anchor
    on the glossary page, so reordering the glossary keeps both."""
    return "-".join(re.findall(r"\w+", term.casefold())) or "term"


class GlossaryTerm(Strict):
    """A word the pages use that a reader may not know, explained in plain language."""

    term: Text = Field(description="The word as the pages write it, such as 'WELKOM' or 'Taalcafé'.")
    explanation: Text = Field(
        description="What the word means, in one or two short sentences a reader at language level "
                    "B1 understands. The first use of the word on each page links to it.")
    also: list[Text] = Field(
        default_factory=list,
        description="Other spellings of the word that the pages use, such as 'taalcafés'; the first "
                    "use of any of them is explained too.")

    @property
    def id(self) -> str:
        """Names the term's translations (``glossary.<id>.term``) and its anchor on the page."""
        return term_key(self.term)


class Theming(Strict):
    """The municipality's colours for the picture and the site; contrast is checked at build time."""

    primary: str = Field("#00607a", pattern=r"^#[0-9a-fA-F]{6}$", description="Main colour, #rrggbb.")
    accent: str = Field("#b34700", pattern=r"^#[0-9a-fA-F]{6}$", description="Accent colour, #rrggbb.")
    logo: str | None = Field(
        None, description="The municipality's logo: a PNG, JPEG or WebP file of at most 200 kB in the "
                          "route's folder, shown in the site's header and beside the picture's title.")


class Route(Strict):
    """A municipality's integration route for statushouders."""

    schema_ref: str | None = Field(
        None, alias="$schema",
        description="The JSON Schema this file follows, for editors: a path relative to this file, such "
                    "as routegen.schema.json (the first line '# yaml-language-server: $schema=...' does "
                    "the same)."
    )
    route: RouteInfo = Field(description="Which route this is, its status and its languages.")
    regisseur: Regisseur = Field(description="The one contact person over the whole route.")
    phases: list[Phase] = Field(min_length=1, description="The periods of the route, in order.")
    tracks: list[Track] = Field(default_factory=list, description="Parallel paths for groups.")
    steps: list[Step] = Field(min_length=1, description="The steps, in route order.")
    supports: list[Support] = Field(
        default_factory=list, description="Support that runs alongside a span of phases."
    )
    budget: Budget | None = Field(None, description="A budget the statushouder can use.")
    partners: list[Partner] = Field(min_length=1, description="The organisations in the route.")
    sharing: list[Sharing] = Field(
        default_factory=list, description="Who knows what about the statushouder."
    )
    notes: list[Markdown] = Field(
        default_factory=list, description="Free notes, such as 'paper versus practice'."
    )
    privacy: Privacy | None = Field(
        None, description="What is not shared about the statushouder, and how to take back a permission."
    )
    meetings: list[Meeting] = Field(
        default_factory=list, description="Regular meetings of the partners about the route."
    )
    glossary: list[GlossaryTerm] = Field(
        default_factory=list,
        description="Words the pages use, explained: the route's own words, or a better explanation "
                    "of a word routegen already explains (such as inburgering or regisseur).")
    theme: Theming = Field(default_factory=Theming, description="Colours and logo.")

    def partner(self, partner_id: str) -> Partner:
        return next(p for p in self.partners if p.id == partner_id)

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def phase(self, phase_id: str) -> Phase:
        return next(p for p in self.phases if p.id == phase_id)

    def contact_person(self, phase_id: str | None = None) -> Regisseur:
        """The statushouder's contact person in a phase: the phase's own contact, else the regisseur."""
        phase = self.phase(phase_id) if phase_id else None
        return phase.contact if phase and phase.contact else self.regisseur
