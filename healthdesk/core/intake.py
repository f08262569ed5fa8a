"""Ticket intake: what the customers' web form accepts (pure, no frappe).

* Attachments (clinics send screenshots and short videos): :func:`check_attachment` accepts the
  extensions in ``ALLOWED_EXTENSIONS`` up to ``MAX_ATTACHMENT_BYTES`` each and at most
  ``MAX_ATTACHMENTS`` per ticket, and says why a file is refused (an :class:`AttachmentProblem`
  with a ``code`` the caller turns into a translated message; never the file's content).
* Triage rules as an admin types them: :func:`split_lines` turns a "one per line" text field into
  a tuple of clean values.
* Default texts of the automatic replies (pt-BR, as the seed words them): the TISS text, used
  when the reseller has none, and the connection checklist for slowness reports.

Standard library only; no frappe.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "ALLOWED_EXTENSIONS",
    "DEFAULT_REPLY_TEXTS",
    "MAX_ATTACHMENTS",
    "MAX_ATTACHMENT_BYTES",
    "AttachmentProblem",
    "check_attachment",
    "check_attachments",
    "extension_of",
    "split_lines",
]

ALLOWED_EXTENSIONS: frozenset[str] = frozenset({"png", "jpg", "jpeg", "gif", "webp", "pdf", "mp4", "webm"})
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5


@dataclass(frozen=True)
class AttachmentProblem:
    """Why a file is refused: ``code`` is "type", "size", "empty" or "count"."""

    filename: str
    code: str


def extension_of(filename: str) -> str:
    """Lower-case extension without the dot ("" when there is none): ``"a.B.PNG" -> "png"``."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in base.strip("."):
        return ""
    return base.rsplit(".", 1)[-1].lower()


def check_attachment(filename: str, size: int) -> AttachmentProblem | None:
    """None when a file of ``size`` bytes named ``filename`` is accepted, else the problem."""
    if extension_of(filename) not in ALLOWED_EXTENSIONS:
        return AttachmentProblem(filename, "type")
    if size <= 0:
        return AttachmentProblem(filename, "empty")
    if size > MAX_ATTACHMENT_BYTES:
        return AttachmentProblem(filename, "size")
    return None


def check_attachments(files: Iterable[tuple[str, int]]) -> list[AttachmentProblem]:
    """Problems of a whole upload, in order: per-file problems, then "count" when too many."""
    files = list(files)
    problems = [p for p in (check_attachment(name, size) for name, size in files) if p]
    if len(files) > MAX_ATTACHMENTS:
        problems.append(AttachmentProblem("", "count"))
    return problems


def split_lines(text: str | None) -> tuple[str, ...]:
    """Non-empty, stripped lines of ``text``, duplicates dropped (first kept), order kept."""
    seen: dict[str, None] = {}
    for line in (text or "").splitlines():
        value = " ".join(line.split())
        if value and value not in seen:
            seen[value] = None
    return tuple(seen)


#: Reply key (see healthdesk.core.triage) -> default text, pt-BR (the customers' language).
DEFAULT_REPLY_TEXTS: dict[str, str] = {
    "tiss": (
        "Olá! Retornos da operadora no faturamento TISS, como glosas e negativas, são definidos "
        "pela própria operadora do plano de saúde e não são erros do sistema. Por favor, entre em "
        "contato com a operadora informando o número da guia e o motivo da glosa indicado no "
        "demonstrativo. Se, depois disso, a operadora apontar um problema no arquivo gerado pelo "
        "sistema, responda a este chamado com a orientação recebida."
    ),
    "slowness": (
        "Olá! Antes de analisarmos a lentidão, por favor verifique a sua conexão com a internet:\n"
        "1. Faça um teste de velocidade (por exemplo em fast.com) no computador em que o sistema está lento.\n"
        "2. Verifique se outros sites também estão lentos nesse computador.\n"
        "3. Reinicie o modem/roteador e teste novamente.\n"
        "4. Se possível, teste em outro computador ou em outra rede (por exemplo, o celular roteado).\n"
        "5. Feche abas e programas que não estejam em uso.\n"
        "Responda a este chamado com o resultado do teste de velocidade, o horário em que a lentidão "
        "ocorreu e a tela em que ela acontece."
    ),
}


#: Saved replies for agents (pt-BR): key -> (title, text). "tiss" and "slowness" reuse the
#: automatic replies; a reseller's own TISS text replaces the default one in its saved reply.
MIGRATION_REPLY_TEXT = (
    "Olá! Problemas em dados migrados de outro sistema seguem um processo próprio, com a equipe de "
    "migração de dados. Encaminhamos o seu chamado para essa equipe. Para agilizar, responda com: o "
    "sistema de origem, a data da migração, a tela em que o dado aparece errado e um exemplo (sem dados "
    "pessoais de pacientes: use o código interno do registro)."
)
SAVED_REPLIES: dict[str, tuple[str, str]] = {
    "tiss": ("TISS / glosas", DEFAULT_REPLY_TEXTS["tiss"]),
    "slowness": ("Lentidão - verificar a conexão", DEFAULT_REPLY_TEXTS["slowness"]),
    "migration": ("Migração de dados", MIGRATION_REPLY_TEXT),
}


def saved_reply_title(title: str, reseller_code: str | None = None) -> str:
    """``"[ABC] TISS / glosas"`` for a reseller's reply, the bare title for the default one."""
    return f"[{reseller_code}] {title}" if reseller_code else title
