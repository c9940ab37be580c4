"""Step 2: the declared shape of every rules file, one pydantic model per file.

Every model forbids unknown keys (a misspelt key is an error with "did you mean …"), takes its
values strictly (no "5" for 5, no 1 for true), reads dates as real dates, keeps whole numbers
within ±2^53 − 1 (JavaScript reads a larger one as another number) and versions in the format a
shared link carries back (checker/web/fragment.js). ``python -m checker schema`` publishes these
models as JSON Schema (checker/rules/schema/), so an editor checks a rules file as it is typed.

The models check shape only: what an id refers to is the next step's job (resolve.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
from typing import Annotated, Any, ClassVar, Literal, Optional, Union, get_args, get_origin

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, RootModel, ValidationError,
                      WithJsonSchema, field_validator, model_validator)
from pydantic_core import PydanticCustomError

from checker.engine import date_problem
from checker.rules_loading.problems import Problems

LANGUAGES = ("en", "fr", "fa")
LANGUAGE_NAMES = {"en": "English", "fr": "French", "fa": "Persian"}
STATUSES = ("verified", "reported", "contested", "open")
QUESTION_KINDS = ("country", "choice", "date", "amount")
PANELS = ("can_apply", "not_yet", "other_route", "no_permit_needed", "waiting", "refused", "depends")
DETAILS = ("bilateral_country",)
GROUP_KINDS = ("country", "option", "outcome")
RENEWALS = ("once", "second_permit", "none_found", "unknown")
DEGREES = ("licence_pro_or_master", "master_level", "unknown")
MEMBER_TABLES = ("bilateral",)  # the tables of groups.yaml a group can take its members from
CLAIM_STATUSES = ("outdated", "still_right", "incomplete")
UNITS = ("EUR", "EUR_per_month", "EUR_per_year", "EUR_per_hour")
# the guide pages' layout (pages.yaml): block kind -> the keys it takes besides its own
PAGE_BLOCKS = {
    "text": (), "options": ("intro",), "option_groups": ("group", "in_group", "not_in_group"), "documents": ("intro", "optional"),
    "bilateral_table": (), "parameters": ("caption",), "sources": (), "fact_index": (), "changelog": (),
    "claims": (), "statuses": (), "link": ("label",),
}
SAFE_INTEGER = 2**53 - 1  # beyond it JavaScript reads another number
# the rules version as a link carries it back (checker/web/fragment.js, VERSION)
VERSION = r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,39}$"


class _Missing:
    """Stands for a required key that is absent, so each type can say what is missing."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


def problem(message: str) -> PydanticCustomError:
    return PydanticCustomError("rules", message)


def did_you_mean(key, known) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"known: {', '.join(known)}"


def checked(check, annotation=Any, *metadata):
    """A type whose values `check` validates first (it raises `problem(...)` with the message)."""
    def run(value):
        if value is MISSING:
            raise problem("missing")
        return check(value)
    return Annotated[annotation, BeforeValidator(run), *metadata]


# --- value types ---------------------------------------------------------------------------------

def _date(value):
    if isinstance(value, dt.datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, dt.date) else value
    reason = date_problem(text if isinstance(text, str) else None)
    if reason:
        raise problem(f"malformed date {str(text)!r}: {reason}")
    return dt.date.fromisoformat(text)


def _date_or_missing(value):
    if value is MISSING:
        raise problem("missing date")
    return _date(value)


Date = Annotated[dt.date, BeforeValidator(_date_or_missing)]


def whole(minimum: int, message: str = ""):
    """A whole number from `minimum` to 2^53 − 1."""
    def check(value):
        if not isinstance(value, int) or isinstance(value, bool):
            raise problem(message or "must be a whole number")
        if abs(value) > SAFE_INTEGER:
            raise problem(f"{value} is beyond ±2^53 − 1 (9 007 199 254 740 991): JavaScript reads a larger "
                          "whole number as another number")
        if value < minimum:
            raise problem(message or f"must be {minimum} or more")
        return value
    return checked(check, int, Field(ge=minimum, le=SAFE_INTEGER))


def one_of(*values: str):
    def check(value):
        if not isinstance(value, str) or value not in values:
            raise problem(f"must be one of {', '.join(values)}, not {value!r}")
        return value
    return checked(check, Literal[values])


def _version(value):
    if not isinstance(value, str):
        raise problem(f"must be a text in quotes (\"2026.12.07\"), not {value!r}")
    if not re.fullmatch(VERSION, value):
        raise problem(f"{value!r} cannot be carried by a shared link (v=…): use letters, digits, '.', '+' and "
                      "'-', at most 40 characters, starting with a letter or a digit")
    return value


def _expression(value):
    if isinstance(value, bool):
        return str(value).lower()
    if not isinstance(value, str):
        raise problem(f"must be an expression, a text (quote it), not {value!r}")
    return value


def _code(value):
    if isinstance(value, bool):
        raise problem(f"{value} is not a code: quote codes such as 'NO' (YAML reads a bare NO as false)")
    if not isinstance(value, str) or not value:
        raise problem(f"must be a code, not {value!r}")
    return value


def _names(value):
    if not isinstance(value, list) or not all(isinstance(name, str) and name.strip() for name in value):
        raise problem("must be a list of names")
    return value


def _country_codes(value):
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise problem("must be a list of upper-case codes (quote 'NO')")
    return value


Version = checked(_version, str, Field(pattern=VERSION))
Expression = checked(_expression, str, Field(description="an expression of the rules language (rules/README.md)"))
Id = Annotated[str, Field(min_length=1)]
Code = checked(_code, str)
Names = checked(_names, list[str])
CountryCodes = checked(_country_codes, list[str])
Cents = whole(0, "must be a whole number of cents (e.g. 273455 for 2 734,55 €)")
PositiveInt = whole(1)
Euros = whole(0, "must be a whole number of euros")


def _years(value):
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        raise problem("must be a whole number of years between 0 and 100")
    return value


Years = checked(_years, int, Field(ge=0, le=100))


def _words(value):
    if not isinstance(value, str) or not value.strip():
        raise problem("must be a word or words, not blank")
    return value


Words = checked(_words, str)


# --- models ----------------------------------------------------------------------------------------

class Model(BaseModel):
    """A mapping with exactly the declared keys."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)
    missing_message: ClassVar[str] = "missing"
    shape_message: ClassVar[str] = "must be a mapping of keys to values"
    unknown_key_message: ClassVar[str] = ""  # "{key}" is the key; default: unknown key (did you mean …)

    @model_validator(mode="before")
    @classmethod
    def _mark_missing(cls, data):
        if data is MISSING:
            raise problem(cls.missing_message)
        if isinstance(data, dict):
            absent = {field.alias or name: MISSING for name, field in cls.model_fields.items()
                      if field.is_required() and (field.alias or name) not in data}
            if absent:
                data = {**data, **absent}
        return data

    @classmethod
    def keys(cls) -> list[str]:
        return [field.alias or name for name, field in cls.model_fields.items()]


class Text(Model):
    """A text in every language of the site: {en, fr, fa}."""

    missing_message: ClassVar[str] = "missing text (needs en, fr and fa)"
    shape_message: ClassVar[str] = "missing text (needs en, fr and fa)"
    unknown_key_message: ClassVar[str] = "unknown language '{key}' (use en, fr, fa)"
    en: str
    fr: str
    fa: str

    @field_validator("en", "fr", "fa", mode="before")
    @classmethod
    def _present(cls, value, info):
        if not isinstance(value, str) or not value.strip():
            raise problem(f"{LANGUAGE_NAMES[info.field_name]} text missing")
        return value


# meta.yaml

class ChangelogEntry(Model):
    date: Date
    version: Version
    summary: Text
    facts: list[str] = []


class Meta(Model):
    """meta.yaml: the rules' version, review period, first covered day and changelog."""

    version: Version
    verified_on: Date
    review_after_months: PositiveInt
    covers_from: Date
    changelog: Annotated[list[ChangelogEntry], Field(min_length=1)]


# sources.yaml, facts.yaml

class Source(Model):
    id: Id
    title: Text
    url: Optional[str] = None
    no_url: bool = False
    date: Date
    date_label: Text


class Sources(Model):
    """sources.yaml: every source a fact cites."""

    sources: list[Source]


class Fact(Model):
    id: Id
    status: one_of(*STATUSES)
    sources: list[str]
    verified_on: Date
    review_by: Optional[Date] = None
    text: Text
    status_note: Optional[Text] = None
    other_reading: Optional[Text] = None
    followed_because: Optional[Text] = None


class Facts(Model):
    """facts.yaml: the statements of the law, each with its sources and status."""

    facts: list[Fact]


# parameters.yaml

class DatedValue(Model):
    from_: Date = Field(alias="from")
    # the amount was in force on `from` but started earlier, on a day not given: the guide shows
    # "before <the next value's start>"
    from_unknown: bool = False
    cents: Cents
    source: str


class Upstream(Model):
    openfisca: Id


class Derived(Model):
    from_: str = Field(alias="from")
    times: Annotated[list[PositiveInt], Field(min_length=2, max_length=2)]


class InResult(Model):
    with_note: str


def _in_result(value):
    if value == "always" or (isinstance(value, dict) and set(value) == {"with_note"}):
        return value
    raise problem("must be `always` or `{with_note: <note id>}`")


class Parameter(Model):
    id: Id
    label: Text
    unit: one_of(*UNITS)
    fact: str
    in_result: Optional[checked(_in_result, Union[Literal["always"], InResult])] = None
    review_by: Optional[Date] = None
    next_change: Optional[Date] = None
    upstream: Optional[Upstream] = None
    derived: Optional[Derived] = None
    values: Annotated[list[DatedValue], Field(min_length=1)]


class Parameters(Model):
    """parameters.yaml: dated amounts in cents (OpenFisca style)."""

    parameters: list[Parameter]


# groups.yaml

class Where(Model):
    degrees: one_of(*DEGREES)


class Group(Model):
    id: Id
    kind: one_of(*GROUP_KINDS)
    label: Text
    members: Optional[list[Code]] = None
    members_from: Optional[one_of(*MEMBER_TABLES)] = None
    where: Optional[Where] = None
    question: Optional[str] = None


class BilateralRow(Model):
    country: Code
    fact: str
    length_months: Optional[PositiveInt] = None
    renewal: one_of(*RENEWALS)
    degrees: one_of(*DEGREES)


class Groups(Model):
    """groups.yaml: named sets of countries, options or outcomes, and the bilateral agreements' table."""

    groups: list[Group]
    bilateral: list[BilateralRow] = []


# questions.yaml

class Option(Model):
    id: Id
    label: Text
    hint: Optional[Text] = None
    when: Optional[Expression] = None
    unsure: bool = False


class MonthlyCheck(Model):
    """An amount question's check for a monthly amount typed as a yearly one: the browser asks "Is this a
    monthly amount?" below 12 × `parameter` (a parameter in euros a month) in force and below `below`
    euros; the engines ignore it."""

    parameter: Id
    below: PositiveInt


class Question(Model):
    id: Id
    kind: one_of(*QUESTION_KINDS)
    when: Optional[Expression] = None
    text: Text
    hint: Optional[Text] = None
    help: Optional[Text] = None
    not_after_today: bool = False
    options: Optional[list[Option]] = None
    min: Optional[Euros] = None
    max: Optional[Euros] = None
    # a date question's plausible years around today (the browser refuses a date outside them; the
    # engines do not read them)
    earliest_years_before_today: Optional[Years] = None
    latest_years_after_today: Optional[Years] = None
    monthly_check: Optional[MonthlyCheck] = None


class Questions(Model):
    """questions.yaml: the questions, in the order they are asked."""

    questions: list[Question]


# outcomes.yaml, notes.yaml, dates.yaml, documents.yaml

class ConditionalFact(Model):
    fact: str
    when: Expression


def _conditional_fact(value):
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in value:
            if key not in ("fact", "when"):
                raise problem(f"unknown key '{key}' ({did_you_mean(key, ('fact', 'when'))})")
        return value
    raise problem("must be a fact id or `{fact: <fact id>, when: <expression>}`")


class Outcome(Model):
    id: Id
    when: Expression
    title: Text
    facts: list[checked(_conditional_fact, Union[str, ConditionalFact])]
    next_steps: list[Text]
    documents: list[str] = []
    after: Optional[Text] = None
    panel: one_of(*PANELS)
    detail: Optional[one_of(*DETAILS)] = None
    alternatives: bool = False


class Outcomes(Model):
    """outcomes.yaml: the results, the first whose `when` holds wins."""

    outcomes: list[Outcome]


class Note(Model):
    id: Id
    when: Expression
    text: Text
    facts: list[str] = []
    contradicts: list[str] = []
    file_now: bool = False  # the note means "file now": the result's panel says so beside the deadline


class Notes(Model):
    """notes.yaml: notes added to a result when their `when` holds."""

    notes: list[Note]


class DateRule(Model):
    id: Id
    when: Optional[Expression] = None
    value: Expression
    label: Text
    outcome_labels: dict[str, Text] = {}
    calendar: bool = False
    deadline: Optional[Text] = None  # the panel's line "File your request before [[date]]"
    guide: Optional[str] = None  # the guide page (pages.yaml slug) that explains the date
    facts: list[str] = []


class Dates(Model):
    """dates.yaml: the dates computed from the answers."""

    dates: list[DateRule]


class Document(Model):
    id: Id
    when: Optional[Expression] = None
    text: Text
    facts: list[str] = []


class Documents(Model):
    """documents.yaml: the documents of an application."""

    documents: list[Document]


# claims.yaml, countries.yaml

class Claim(Model):
    id: Id
    status: one_of(*CLAIM_STATUSES)
    said_in: list[one_of(*LANGUAGES)]
    quoted_from: Optional[one_of(*LANGUAGES)] = None
    original: Text
    now: Text
    facts: list[str] = []


class Claims(Model):
    """claims.yaml: what other guides say, checked."""

    claims: list[Claim]


class Synonyms(Model):
    unknown_key_message: ClassVar[str] = "unknown language '{key}' (use en, fr, fa)"
    en: Optional[Names] = None
    fr: Optional[Names] = None
    fa: Optional[Names] = None


def _name(value):
    if not isinstance(value, str) or not value.strip():
        raise problem("must be a name")
    return value


Name = checked(_name, str)


class SiteNames(Model):
    unknown_key_message: ClassVar[str] = "unknown language '{key}' (use en, fr, fa)"
    en: Optional[Name] = None
    fr: Optional[Name] = None
    fa: Optional[Name] = None


class Countries(Model):
    """countries.yaml: search synonyms, codes to add to ISO 3166-1 and codes to leave out, the site's own
    names where they differ from CLDR's short name (CLDR's name stays searchable), and the codes whose
    names the checker's data always carries (browsers name them otherwise)."""

    synonyms: dict[str, Synonyms] = {}
    names: dict[str, SiteNames] = {}
    add: Optional[CountryCodes] = None
    leave_out: Optional[CountryCodes] = None
    # codes whose name browsers give otherwise than the build's CLDR: the checker's data always ships them
    always_ship_names: Optional[CountryCodes] = None


# services.yaml

class Service(Model):
    """Another site (`url`, with the `sources` that name it, `french_only`) or a guide page (`page`)."""

    id: Id
    label: Text
    url: Optional[str] = None
    french_only: bool = False
    # the words that name the service in the guide's texts (a guide page naming one links to it)
    named_as: list[Words] = []
    sources: list[str] = []
    page: Optional[str] = None


class Services(Model):
    """services.yaml: the services a reader uses next, and for every outcome its services in order."""

    services: list[Service]
    outcomes: dict[str, list[str]]


# pages.yaml

def _block(value):
    if not isinstance(value, dict):
        raise problem(f"must be a block: one of {', '.join(PAGE_BLOCKS)}")
    kind = next((key for key in value if key in PAGE_BLOCKS), None)
    if kind is None:
        raise problem(f"must be a block: one of {', '.join(PAGE_BLOCKS)}")
    for key in value:
        if key != kind and key not in PAGE_BLOCKS[kind]:
            raise problem(f"'{key}' is not a key of a {kind} block (it takes {', '.join(PAGE_BLOCKS[kind]) or 'none'})")
    return value


def _block_schema() -> dict:
    values = {"documents": {"type": "array", "items": {"type": "string"}},
              "parameters": {"type": "array", "items": {"type": "string"}}}
    extras = {"optional": {"type": "array", "items": {"type": "string"}}}
    return {"oneOf": [
        {"type": "object", "required": [kind], "additionalProperties": False,
         "properties": {kind: values.get(kind, {"type": ["string", "boolean"]}),
                        **{key: extras.get(key, {"type": "string"}) for key in keys}}}
        for kind, keys in PAGE_BLOCKS.items()]}


Block = checked(_block, dict, WithJsonSchema(_block_schema()))


class Section(Model):
    id: str
    heading: str
    facts: list[str] = []
    before: Optional[list[Block]] = None
    after: Optional[list[Block]] = None


class Page(Model):
    slug: str
    sections: list[Section] = []


class Pages(Model):
    """pages.yaml: the guide pages' layout: sections of facts between blocks."""

    pages: list[Page]


# texts/*.yaml, cases/*.yaml

class Texts(RootModel[dict[str, Text]]):
    """texts/<name>.yaml: interface texts, key: {en, fr, fa}."""


class Alternative(Model):
    if_: dict[str, str] = Field(alias="if")
    complete: bool = True
    outcome: Optional[str] = None
    next_question: Optional[str] = None
    notes: list[str] = []


class Expect(Model):
    complete: bool = True
    next_question: Optional[str] = None
    outcome: Optional[str] = None
    notes: list[str] = []  # the result's notes, exactly
    notes_include: list[str] = []  # notes the case is about, in order, among others
    dates: dict[str, Date] = {}
    amounts: dict[str, whole(0)] = {}
    documents: list[str] = []
    alternatives: list[Alternative] = []
    facts: list[str] = []
    errors: list[str] = []


class Case(Model):
    name: Optional[str] = None
    today: Date
    answers: dict[str, Any] = {}
    expect: Expect


class Cases(Model):
    """cases/<outcome>.yaml: scenario cases run through both engines (tests/test_rules_cases.py)."""

    cases: list[Case]


FILE_MODELS: dict[str, type[BaseModel]] = {
    "meta.yaml": Meta, "sources.yaml": Sources, "facts.yaml": Facts, "parameters.yaml": Parameters,
    "groups.yaml": Groups, "questions.yaml": Questions, "outcomes.yaml": Outcomes, "notes.yaml": Notes,
    "dates.yaml": Dates, "documents.yaml": Documents, "claims.yaml": Claims, "pages.yaml": Pages,
    "countries.yaml": Countries, "services.yaml": Services,
}
# the entries of a list named by their id in messages (`facts.rece.name.status`), else by index
NAMING_KEYS = ("id", "country", "slug")
INDEXED_LISTS = ("sections",)  # a page's sections are named by position


def model_for(name: str) -> type[BaseModel]:
    """The model of a rules file: `facts.yaml`, `texts/pages.yaml`, `cases/depends.yaml`."""
    if name.startswith("texts/"):
        return Texts
    if name.startswith("cases/"):
        return Cases
    return FILE_MODELS[name]


# --- problems as `file: key: problem` ------------------------------------------------------------

def _unwrap(annotation):
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [member for member in get_args(annotation) if member is not type(None)]
            models = [member for member in members if isinstance(member, type) and issubclass(member, BaseModel)]
            annotation = (models or members)[0]
        elif isinstance(annotation, type) and issubclass(annotation, RootModel):
            annotation = annotation.model_fields["root"].annotation
        else:
            return annotation


def model_at(root: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model of the mapping at `loc` (for the keys it knows), or None."""
    annotation = root
    for key in loc:
        annotation = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = next((f for n, f in annotation.model_fields.items() if (f.alias or n) == key), None)
            if field is None:
                return None
            annotation = field.annotation
        elif get_origin(annotation) is list:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) is dict:
            annotation = get_args(annotation)[1]
        else:
            return None
    annotation = _unwrap(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, Model) else None


def key_path(document, loc: tuple) -> str:
    """`facts.rece.name.status` for the loc ('facts', 12, 'status') of a document."""
    path, node, parent = "", document, None
    for key in loc:
        if isinstance(key, int) and isinstance(node, list):
            item = node[key] if key < len(node) else None
            name = next((item[k] for k in NAMING_KEYS if isinstance(item, dict) and isinstance(item.get(k), str)
                         and item[k] and parent not in INDEXED_LISTS), None)
            path += f".{name}" if name else f"[{key}]"
            node = item
        else:
            path += f".{key}"
            node = node.get(key) if isinstance(node, dict) else None
        parent = key
    return path.lstrip(".") or "(file)"


MESSAGES = {
    "string_type": "must be a text", "bool_type": "must be true or false", "list_type": "must be a list",
    "dict_type": "must be a mapping of keys to values", "int_type": "must be a whole number",
    "string_too_short": "must not be empty",
}


def message(root: type[BaseModel], error: dict) -> str:
    kind, loc = error["type"], error["loc"]
    if kind == "rules":
        return error["msg"]
    if error.get("input") is MISSING:
        return "missing"
    if kind == "extra_forbidden":
        parent = model_at(root, loc[:-1])
        if parent is not None and parent.unknown_key_message:
            return parent.unknown_key_message.format(key=loc[-1])
        return f"unknown key ({did_you_mean(loc[-1], parent.keys() if parent else ())})"
    if kind in ("model_type", "model_attributes_type"):
        model = model_at(root, loc)
        return model.shape_message if model else MESSAGES["dict_type"]
    if kind == "too_short":
        return f"must have at least {error['ctx']['min_length']} {'entry' if error['ctx']['min_length'] == 1 else 'entries'}"
    if kind == "too_long":
        return f"must have at most {error['ctx']['max_length']} entries"
    return MESSAGES.get(kind, error["msg"])


def validate(name: str, document, problems: Problems) -> bool:
    """Checks a file's document against its model; reports each problem; True when it has none."""
    root = model_for(name)
    if not isinstance(document, dict):
        problems.report(name, "(file)", "must be a mapping of keys to values")
        return False
    try:
        root.model_validate(document)
    except ValidationError as caught:
        prefix = f"{name[len('texts/'):-len('.yaml')]}." if name.startswith("texts/") else ""
        for error in caught.errors(include_url=False):
            problems.report(name, prefix + key_path(document, error["loc"]), message(root, error))
        return False
    return True


def json_schemas() -> dict[str, dict]:
    """The JSON Schema of each rules file, by schema file name (`facts.schema.json`)."""
    models = {**{name: model for name, model in FILE_MODELS.items()}, "texts.yaml": Texts, "cases.yaml": Cases}
    schemas = {}
    for name, model in sorted(models.items()):
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  **model.model_json_schema(mode="validation")}
        schemas[name.replace(".yaml", ".schema.json")] = schema
    return schemas
