"""Ticket classification and routing rules (pure matching, no side effects).

What a ticket is, per the vendor's support handbook:

* **Question** - how to use any option of the system (support).
* **Error** - a function that cannot be operated, is slow, or gives no result. Only errors get a
  severity chosen by the user (High / Medium / Low, each with an SLA response deadline).
* **Improvement** - an option that does not exist or an action the function does not foresee:
  not a bug.
* **TISS / operator** - answers of the insurance operator such as "glosas" are not bugs: the user
  gets the reseller's standard text telling them to contact the operator.
* **External vendor** - integrated partners (e.g. the EHR integration "RES - Interall") own their
  bugs and the answer; the ticket goes to them.
* **Data migration** - problems in migrated data have their own process and channel.
* **Consultancy** - not covered by the SLA (may be served as a courtesy, no deadline).

Also from the seed: slowness reports first get the "check your internet connection" checklist, and
errors in the integrated digital prescription (MEMED) are handled by product support.

A :class:`Rule` matches a :class:`TicketFacts` when every condition it sets holds (category in
``categories``, module in ``modules``, any keyword in subject or description). Keywords match
whole words/phrases, case- and accent-insensitively (:func:`healthdesk.core.text.fold`):
"lento" matches "Sistema LENTO" but not "talento"; "lentidão" matches "lentidao", and a module
"Prescrição" typed or stored in NFC or NFD is one module. :func:`match_rules` evaluates
enabled rules by (priority, name), stopping after a matching ``stop`` rule; :func:`plan_actions`
merges the actions of the matches. Applying the plan (setting fields, sending replies) is the
caller's job.

Standard library only; no frappe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from healthdesk.core.text import fold

__all__ = [
    "ACTION_KINDS",
    "CATEGORIES",
    "CATEGORY_CONSULTANCY",
    "CATEGORY_DATA_MIGRATION",
    "CATEGORY_ERROR",
    "CATEGORY_EXTERNAL_VENDOR",
    "CATEGORY_IMPROVEMENT",
    "CATEGORY_QUESTION",
    "CATEGORY_TISS",
    "DEFAULT_RULES",
    "DEFAULT_SEVERITY",
    "DEFAULT_TEAMS",
    "MULTI_ACTION_KINDS",
    "OWNER_EXTERNAL_VENDOR",
    "PRESCRIPTION_MODULES",
    "REPLY_SLOWNESS",
    "REPLY_TISS",
    "SEVERITIES",
    "SINGLE_ACTION_KINDS",
    "SLOWNESS_KEYWORDS",
    "STATUS_AWAITING_CUSTOMER",
    "LEGACY_TEAM_NAMES",
    "TEAM_DATA_MIGRATION",
    "TEAM_EXTERNAL_VENDORS",
    "TEAM_PRODUCT_SUPPORT",
    "team_aliases",
    "Action",
    "Match",
    "Rule",
    "TicketFacts",
    "category_needs_severity",
    "default_severity",
    "keyword_in",
    "match_rules",
    "normalize",
    "plan_actions",
]

# --------------------------------------------------------------------------- vocabulary

CATEGORY_QUESTION = "Question"
CATEGORY_ERROR = "Error"
CATEGORY_IMPROVEMENT = "Improvement"
CATEGORY_TISS = "TISS / operator"
CATEGORY_EXTERNAL_VENDOR = "External vendor"
CATEGORY_DATA_MIGRATION = "Data migration"
CATEGORY_CONSULTANCY = "Consultancy"
#: Stored category values, in display order.
CATEGORIES: tuple[str, ...] = (
    CATEGORY_QUESTION,
    CATEGORY_ERROR,
    CATEGORY_IMPROVEMENT,
    CATEGORY_TISS,
    CATEGORY_EXTERNAL_VENDOR,
    CATEGORY_DATA_MIGRATION,
    CATEGORY_CONSULTANCY,
)

SEVERITIES: tuple[str, ...] = ("High", "Medium", "Low", "Not covered")

#: Severity a category gets without asking the user (None: the user chooses; only Error).
#: Policy of the vendor's support handbook: severities apply to "problems that need correction"; consultancy and
#: requests that are not a problem in the system are not covered. Hence Improvement, TISS answers
#: (not bugs) and external vendors' issues (the vendor owns the answer) are "Not covered".
#: Questions are served under the contract with the longest deadline ("Low"); migrated-data
#: problems are bugs of a working system ("Medium").
DEFAULT_SEVERITY: Mapping[str, str | None] = {
    CATEGORY_QUESTION: "Low",
    CATEGORY_ERROR: None,
    CATEGORY_IMPROVEMENT: "Not covered",
    CATEGORY_TISS: "Not covered",
    CATEGORY_EXTERNAL_VENDOR: "Not covered",
    CATEGORY_DATA_MIGRATION: "Medium",
    CATEGORY_CONSULTANCY: "Not covered",
}

# HD Team names the app creates so the default rules can route to them. A team's name is its ID
# and Helpdesk shows it as it is, to agents and customers alike: the names are Brazilian
# Portuguese, the language of the people who read them.
TEAM_EXTERNAL_VENDORS = "Fornecedores externos"
TEAM_DATA_MIGRATION = "Migração de dados"
TEAM_PRODUCT_SUPPORT = "Suporte do produto"
DEFAULT_TEAMS: tuple[str, ...] = (TEAM_PRODUCT_SUPPORT, TEAM_EXTERNAL_VENDORS, TEAM_DATA_MIGRATION)
# The names sites installed by earlier healthdesk versions got (their teams and rules are left as they are).
LEGACY_TEAM_NAMES: dict[str, str] = {
    TEAM_EXTERNAL_VENDORS: "External vendors",
    TEAM_DATA_MIGRATION: "Data migration",
    TEAM_PRODUCT_SUPPORT: "Product support",
}


def team_aliases(team: str) -> frozenset[str]:
    """``team`` and the name an older install gave the same seeded team."""
    return frozenset({team, LEGACY_TEAM_NAMES.get(team, team)})

# Reply-template keys (the app stores the texts; "tiss" is the reseller's standard text).
REPLY_TISS = "tiss"
REPLY_SLOWNESS = "slowness"
#: Helpdesk status used while waiting for the customer.
STATUS_AWAITING_CUSTOMER = "Paused"
OWNER_EXTERNAL_VENDOR = "external_vendor"

SLOWNESS_KEYWORDS: tuple[str, ...] = (
    "lento",
    "lenta",
    "lentos",
    "lentas",
    "lentidão",
    "lentidao",
    "travando",
    "demorando",
    "devagar",
)
PRESCRIPTION_MODULES: frozenset[str] = frozenset({"Prescrição", "Prescrição digital", "Prescription"})

#: Kinds where the first (highest-priority) match wins.
SINGLE_ACTION_KINDS: frozenset[str] = frozenset(
    {"set_team", "set_severity", "set_status", "set_priority", "mark_owner"}
)
#: Kinds where every distinct action is kept, in order.
MULTI_ACTION_KINDS: frozenset[str] = frozenset({"auto_reply", "notify_vendor"})
ACTION_KINDS: frozenset[str] = SINGLE_ACTION_KINDS | MULTI_ACTION_KINDS


def category_needs_severity(category: str) -> bool:
    """Whether the user must pick a severity for ``category``: only for ``Error``."""
    return category == CATEGORY_ERROR


def default_severity(category: str) -> str | None:
    """Severity given without asking (see ``DEFAULT_SEVERITY``); None for Error/unknown."""
    return DEFAULT_SEVERITY.get(category)


# --------------------------------------------------------------------------- text matching


#: Casefolded, accent-free, whitespace-collapsed text (``normalize("  Sistema   LENTIDÃO ") ==
#: "sistema lentidao"``): the app-wide :func:`healthdesk.core.text.fold`, kept under this name.
normalize = fold


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    words = normalize(keyword).split(" ")
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


def keyword_in(keyword: str, text: str) -> bool:
    """Whether ``keyword`` (a word or phrase) occurs in ``text`` as whole words, ignoring case/accents."""
    return _keyword_pattern(keyword).search(normalize(text)) is not None


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Action:
    """Something to do to a ticket. ``value`` is a team, severity, template key, status, vendor key...

    Every kind needs a value except ``notify_vendor``, where None means "the vendor recorded on the
    ticket". ``set_severity`` values must be one of ``SEVERITIES``.
    """

    kind: str
    value: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ACTION_KINDS:
            raise ValueError(f"unknown action kind {self.kind!r}; expected one of {sorted(ACTION_KINDS)}")
        if self.value is None or not str(self.value).strip():
            if self.kind != "notify_vendor":
                raise ValueError(f"action {self.kind!r} needs a value")
            object.__setattr__(self, "value", None)
        if self.kind == "set_severity" and self.value not in SEVERITIES:
            raise ValueError(f"unknown severity {self.value!r}; expected one of {SEVERITIES}")


@dataclass(frozen=True)
class TicketFacts:
    """What the rules look at. ``module`` is the system module the ticket is about, if known."""

    category: str
    module: str | None
    subject: str
    description: str


@dataclass(frozen=True)
class Rule:
    """A routing rule. Empty ``categories``/``modules``/``keywords`` mean "no condition".

    Conditions are ANDed; within ``keywords`` any one suffices. Lower ``priority`` runs first;
    ``stop`` ends evaluation after this rule matches. Lists/sets are accepted and frozen.
    Modules are compared like keywords (case/accent-insensitive, whole value).
    """

    name: str
    priority: int
    enabled: bool = True
    categories: frozenset[str] = field(default_factory=frozenset)
    modules: frozenset[str] = field(default_factory=frozenset)
    keywords: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    stop: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", frozenset(self.categories))
        object.__setattr__(self, "modules", frozenset(self.modules))
        object.__setattr__(self, "keywords", tuple(self.keywords))
        object.__setattr__(self, "actions", tuple(self.actions))
        if not self.name:
            raise ValueError("a rule needs a name")
        unknown = self.categories - set(CATEGORIES)
        if unknown:
            raise ValueError(f"rule {self.name!r}: unknown categories {sorted(unknown)}")
        if any(not normalize(k) for k in self.keywords):
            raise ValueError(f"rule {self.name!r}: empty keyword")
        for action in self.actions:
            if not isinstance(action, Action):
                raise ValueError(f"rule {self.name!r}: {action!r} is not an Action")


@dataclass(frozen=True)
class Match:
    """A rule that matched, and the keyword that made it match (None if it has no keywords)."""

    rule: Rule
    matched_keyword: str | None


def _rule_matches(rule: Rule, facts: TicketFacts, subject: str, description: str) -> Match | None:
    if rule.categories and facts.category not in rule.categories:
        return None
    if rule.modules:
        module = normalize(facts.module or "")
        if not module or module not in {normalize(m) for m in rule.modules}:
            return None
    if not rule.keywords:
        return Match(rule, None)
    for keyword in rule.keywords:
        pattern = _keyword_pattern(keyword)
        if pattern.search(subject) or pattern.search(description):
            return Match(rule, keyword)
    return None


def match_rules(facts: TicketFacts, rules: Iterable[Rule]) -> list[Match]:
    """Enabled rules matching ``facts``, by (priority, name), up to and including the first ``stop``."""
    subject, description = normalize(facts.subject), normalize(facts.description)
    matches: list[Match] = []
    for rule in sorted((r for r in rules if r.enabled), key=lambda r: (r.priority, r.name)):
        match = _rule_matches(rule, facts, subject, description)
        if match is None:
            continue
        matches.append(match)
        if rule.stop:
            break
    return matches


def plan_actions(matches: Iterable[Match]) -> list[Action]:
    """Merge the matches' actions: single-valued kinds first-wins, multi kinds all (deduplicated)."""
    plan: list[Action] = []
    single_done: set[str] = set()
    for match in matches:
        for action in match.rule.actions:
            if action.kind in SINGLE_ACTION_KINDS:
                if action.kind in single_done:
                    continue
                single_done.add(action.kind)
            elif action in plan:
                continue
            plan.append(action)
    return plan


# --------------------------------------------------------------------------- defaults (the support handbook)

DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(
        name="tiss_operator",
        priority=10,
        categories=frozenset({CATEGORY_TISS}),
        actions=(Action("auto_reply", REPLY_TISS), Action("set_status", STATUS_AWAITING_CUSTOMER)),
    ),
    Rule(
        name="external_vendor",
        priority=20,
        categories=frozenset({CATEGORY_EXTERNAL_VENDOR}),
        actions=(
            Action("set_team", TEAM_EXTERNAL_VENDORS),
            Action("notify_vendor"),
            Action("mark_owner", OWNER_EXTERNAL_VENDOR),
        ),
    ),
    Rule(
        name="data_migration",
        priority=30,
        categories=frozenset({CATEGORY_DATA_MIGRATION}),
        actions=(Action("set_team", TEAM_DATA_MIGRATION),),
    ),
    Rule(
        name="consultancy_not_covered",
        priority=40,
        categories=frozenset({CATEGORY_CONSULTANCY}),
        actions=(Action("set_severity", "Not covered"),),
    ),
    Rule(
        name="memed_prescription",
        priority=50,
        keywords=("memed",),
        actions=(Action("set_team", TEAM_PRODUCT_SUPPORT),),
    ),
    Rule(
        name="prescription_module",
        priority=51,
        modules=PRESCRIPTION_MODULES,
        actions=(Action("set_team", TEAM_PRODUCT_SUPPORT),),
    ),
    Rule(
        name="slowness_check_internet",
        priority=60,
        keywords=SLOWNESS_KEYWORDS,
        actions=(Action("auto_reply", REPLY_SLOWNESS),),
    ),
)
