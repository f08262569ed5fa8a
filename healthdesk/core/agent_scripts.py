"""Agent scripts: step-by-step checklists first-line agents follow on a ticket (pure logic).

A script is written for a ticket **category** and, optionally, a **system module** and a
**reseller**. The script that applies to a ticket is the most specific enabled one whose every set
scope field equals the ticket's:

    category + module + reseller  >  category + module  >  category + reseller  >  category alone

A script with a module never applies to a ticket of another module (or of none); the same for
the reseller. Two enabled scripts with the same scope are a configuration mistake the desk form
refuses (:func:`clashes`); should the database hold such a pair anyway, the first by name wins,
so the answer never depends on query order.

The agent ticks steps as they go. A tick keeps the step's number and text as they were when it
was made, so editing or removing a step later never loses it: :func:`checklist` pairs the script's
current steps with the ticket's ticks and returns, apart, the ticks whose step is no longer in the
script that applies (another script's, or a removed step's).

Also here: the scripts healthdesk ships for the procedures of the vendor's support handbook
(:data:`DEFAULT_SCRIPTS`, Brazilian Portuguese: the vendor's content, edited by admins).

Standard library only; no frappe.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from healthdesk.core.triage import (
    CATEGORY_DATA_MIGRATION,
    CATEGORY_ERROR,
    CATEGORY_EXTERNAL_VENDOR,
    CATEGORY_TISS,
)

__all__ = [
    "DEFAULT_SCRIPTS",
    "DefaultScript",
    "Scope",
    "Step",
    "Tick",
    "applies_to",
    "checklist",
    "clashes",
    "select_script",
    "specificity",
]


def _blank(value: str | None) -> str | None:
    """``None`` for an unset scope field (Frappe stores unset links as None or "")."""
    if value is None:
        return None
    return str(value).strip() or None


@dataclass(frozen=True)
class Scope:
    """Where a script applies: its name, category, optional module and reseller, and whether it
    is enabled. Empty strings are unset, as None."""

    name: str
    category: str
    module: str | None = None
    reseller: str | None = None
    enabled: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "module", _blank(self.module))
        object.__setattr__(self, "reseller", _blank(self.reseller))
        object.__setattr__(self, "category", _blank(self.category) or "")

    @property
    def key(self) -> tuple[str, str | None, str | None]:
        return (self.category, self.module, self.reseller)


def specificity(scope: Scope) -> int:
    """3: category + module + reseller; 2: category + module; 1: category + reseller; 0: category."""
    return (2 if scope.module else 0) + (1 if scope.reseller else 0)


def applies_to(scope: Scope, category: str | None, module: str | None = None,
               reseller: str | None = None) -> bool:
    """Whether ``scope`` (enabled or not) covers a ticket of this category, module and reseller."""
    category, module, reseller = _blank(category), _blank(module), _blank(reseller)
    if not category or scope.category != category:
        return False
    if scope.module and scope.module != module:
        return False
    if scope.reseller and scope.reseller != reseller:
        return False
    return True


def select_script(scripts: Iterable[Scope], category: str | None, module: str | None = None,
                  reseller: str | None = None) -> Scope | None:
    """The most specific enabled script that applies (ties: the first by name); None if none does."""
    candidates = [s for s in scripts if s.enabled and applies_to(s, category, module, reseller)]
    if not candidates:
        return None
    return min(candidates, key=lambda s: (-specificity(s), s.name))


def clashes(candidate: Scope, others: Iterable[Scope]) -> list[str]:
    """Names of the other enabled scripts with exactly ``candidate``'s scope (none when it is disabled)."""
    if not candidate.enabled:
        return []
    return sorted(o.name for o in others if o.enabled and o.name != candidate.name and o.key == candidate.key)


# --------------------------------------------------------------------------- steps and ticks


@dataclass(frozen=True)
class Step:
    """A step of a script: ``id`` is stable across edits (the row's name), ``number`` its position."""

    id: str
    number: int
    text: str
    hint: str = ""


@dataclass(frozen=True)
class Tick:
    """A ticked step on a ticket, with the step's number and text when it was ticked."""

    script: str
    step: str
    number: int
    text: str
    by: str = ""
    on: Any = None


@dataclass(frozen=True)
class Checklist:
    """The script's steps in order, each with its tick (or None), and the ticks left apart."""

    rows: tuple[tuple[Step, Tick | None], ...] = ()
    earlier: tuple[Tick, ...] = field(default_factory=tuple)

    @property
    def done(self) -> int:
        return sum(1 for _step, tick in self.rows if tick is not None)

    @property
    def total(self) -> int:
        return len(self.rows)


def checklist(script: str | None, steps: Iterable[Step], ticks: Iterable[Tick]) -> Checklist:
    """Pair ``script``'s steps (ordered by number) with the ticket's ticks. Ticks of another script,
    or of a step no longer in this one, come back in ``earlier`` (ordered by script, number, step)."""
    ordered = sorted(steps, key=lambda s: (s.number, s.id))
    ticks = list(ticks)
    mine = {t.step: t for t in ticks if script is not None and t.script == script}
    ids = {s.id for s in ordered}
    rows = tuple((step, mine.get(step.id)) for step in ordered)
    earlier = tuple(sorted((t for t in ticks if t.script != script or t.step not in ids),
                           key=lambda t: (t.script, t.number, t.step)))
    return Checklist(rows=rows, earlier=earlier)


# --------------------------------------------------------------------------- shipped scripts


@dataclass(frozen=True)
class DefaultScript:
    """A script healthdesk ships: created when no script has its title or its scope."""

    title: str
    category: str
    description: str
    steps: tuple[tuple[str, str], ...]  # (step, hint)


#: The handbook's procedures, one script per category (category alone: every reseller, every module).
DEFAULT_SCRIPTS: tuple[DefaultScript, ...] = (
    DefaultScript(
        title="Erro ou lentidão no sistema",
        category=CATEGORY_ERROR,
        description=(
            "Funções que não podem ser operadas, apresentam lentidão ou não dão o resultado esperado. "
            "Na lentidão, fatores externos (internet, computador do usuário) são verificados primeiro."
        ),
        steps=(
            ("Base clínica (id da base) e usuário identificados no chamado",
             "Confira a clínica do chamado; se o usuário atende em várias clínicas, confirme em qual base ocorreu."),
            ("Relato de lentidão: conexão de internet verificada com a clínica",
             "Exclusivamente na lentidão: teste de velocidade, outros sites também lentos, modem reiniciado "
             "(resposta salva \"Lentidão - verificar a conexão\")."),
            ("Dicas da central de ajuda enviadas ao usuário",
             "Envie o link das dicas da seção de suporte da central de ajuda para as demais situações previstas."),
            ("Tela, horário e passos para reproduzir registrados",
             "Capturas de tela e vídeos sem dados pessoais de pacientes (oculte nomes, CPF e prontuário)."),
            ("Severidade conferida",
             "Alta: o sistema não opera ou uma rotina essencial não roda. Média: algumas funções falham. "
             "Baixa: erros de apresentação que não afetam a operação."),
        ),
    ),
    DefaultScript(
        title="TISS: retorno da operadora (glosas)",
        category=CATEGORY_TISS,
        description=(
            "Retornos da operadora na TISS integrada, como glosas na solicitação de autorização, não são "
            "dúvida nem erro do sistema: a clínica é orientada a falar com a operadora."
        ),
        steps=(
            ("Confirmado que é retorno da operadora, não erro do sistema",
             "Exemplo: glosa ou negativa na solicitação de autorização."),
            ("Bloqueio por parametrização da singular verificado",
             "Bloqueios podem vir das parametrizações que a singular definiu; consulte o material de "
             "orientação TISS da singular."),
            ("Texto padrão da singular enviado à clínica, orientando o contato com a operadora",
             "Use a resposta salva \"[código da revenda] TISS / glosas\" (ou \"TISS / glosas\" quando a "
             "revenda não tem texto próprio)."),
        ),
    ),
    DefaultScript(
        title="Migração de dados",
        category=CATEGORY_DATA_MIGRATION,
        description=(
            "Situações nos dados da migração realizada têm processo e canal de comunicação próprios, "
            "com a equipe de migração de dados."
        ),
        steps=(
            ("Confirmado que o problema está em dados migrados do sistema legado",
             "Dados lançados depois da migração seguem o atendimento comum."),
            ("Sistema de origem, data da migração, tela e um exemplo pedidos à clínica",
             "Exemplo sem dados pessoais: use o código interno do registro (resposta salva \"Migração de dados\")."),
            ("Chamado encaminhado ao canal de migração de dados",
             "Equipe \"Migração de dados\"."),
        ),
    ),
    DefaultScript(
        title="Fornecedor integrado ou externo",
        category=CATEGORY_EXTERNAL_VENDOR,
        description=(
            "Recursos integrados com parceiros do projeto (por exemplo, o RES - Interall): o prestador de "
            "serviço externo é responsável pelo retorno e pela resolução."
        ),
        steps=(
            ("Confirmado que o recurso é de um fornecedor integrado ou externo", "Exemplo: RES - Interall."),
            ("Chamado encaminhado ao fornecedor", "Equipe \"Fornecedores externos\"."),
            ("Clínica informada de que o fornecedor dará o retorno", ""),
        ),
    ),
)
