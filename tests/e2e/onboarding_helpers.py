"""Fixtures of the onboarding panel tests: panels made from the resellers' format, cleaned up
afterwards with the progress, notices, notifications and tickets they caused."""

from __future__ import annotations

import frappe
import pytest

from healthdesk.core.onboarding import parse_panel
from healthdesk.onboarding.panels import NOTICE, PANEL, PROGRESS, replace_content

# Three stages: the first open, the next two locked until the earlier ones are complete. Videos
# in every YouTube form the page embeds, one help-center article, one placeholder link.
SMALL_PANEL = """{
  "conquistas": [
    {"descricao": "Agenda", "bloqueada": false, "notificado": false, "tarefas": [
      {"titulo": "Configurar a agenda", "efetuada": false,
       "identificador_artigo": "https://www.youtube.com/watch?v=AAAAAAAAA01"},
      {"titulo": "Agendar consultas", "efetuada": false,
       "identificador_artigo": "https://youtu.be/AAAAAAAAA02"}
    ]},
    {"descricao": "Cadastro de pacientes", "bloqueada": true, "notificado": false, "tarefas": [
      {"titulo": "Cadastrar um paciente", "efetuada": false,
       "identificador_artigo": "https://www.youtube.com/shorts/AAAAAAAAA03"},
      {"titulo": "Unificar cadastros", "efetuada": false,
       "identificador_artigo": "https://ajuda.example.com/artigos/unificar"}
    ]},
    {"descricao": "Faturamento", "bloqueada": true, "notificado": false, "tarefas": [
      {"titulo": "Gerar o lote", "efetuada": false,
       "identificador_artigo": "INSERIR LINK DO YOUTUBE"}
    ]}
  ],
  "previa": "Painel de teste."
}"""


class Onboarding:
    """Creates onboarding panels for one test and deletes them (and what they caused) afterwards."""

    def __init__(self, net) -> None:
        self.net = net
        self.panels: list[str] = []

    def panel(self, reseller: str | None = None, text: str = SMALL_PANEL, title: str | None = None,
              active: int | None = None, modules: dict[str, str] | None = None):
        """A panel from ``text``; active when it has a reseller (a global one is an inactive draft
        unless ``active=1``: the site's own global default stays the active one)."""
        doc = frappe.new_doc(PANEL)
        doc.panel_title = title or f"Painel Teste {self.net.tag}"
        doc.reseller = reseller
        doc.is_active = (1 if reseller else 0) if active is None else active
        replace_content(doc, parse_panel(text))
        for row in doc.stages:
            if modules and row.stage_title in modules:
                row.module = modules[row.stage_title]
        doc.insert(ignore_permissions=True)
        self.panels.append(doc.name)
        frappe.db.commit()
        return doc

    def track(self, name: str) -> None:
        self.panels.append(name)

    def cleanup(self) -> None:
        frappe.db.rollback()
        frappe.set_user("Administrator")
        for name in self.panels:
            frappe.db.delete("Notification Log", {"document_type": PANEL, "document_name": name})
            frappe.db.delete(PROGRESS, {"panel": name})
            frappe.db.delete(NOTICE, {"panel": name})
            if frappe.db.exists(PANEL, name):
                frappe.delete_doc(PANEL, name, force=True, ignore_permissions=True, delete_permanently=True)
        frappe.db.commit()


def task_rows(doc) -> dict[str, str]:
    """``{task title: task row name}`` of a panel."""
    return {row.task_title: row.name for row in doc.tasks}


@pytest.fixture
def onb(net):
    helper = Onboarding(net)
    yield helper
    helper.cleanup()


def global_panel(onb) -> str:
    """The active global default panel (the one the install creates; made here when missing)."""
    from healthdesk.onboarding.panels import active_panels

    name = active_panels().get(None)
    if name:
        return name
    return onb.panel(reseller=None, title="Painel global de teste", active=1).name
