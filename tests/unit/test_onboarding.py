"""Unit tests of healthdesk.core.onboarding: the onboarding video panel ("conquistas")."""

from __future__ import annotations

import json
import pickle
import re
import string
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthdesk.core.onboarding import (
    EXPECTED_STAGE_COUNT,
    PREVIEW_ALIASES,
    OnboardingFormatError,
    Panel,
    PanelProgress,
    Stage,
    StageProgress,
    Task,
    all_done,
    done_flags,
    done_keys,
    dump_panel,
    embed_url,
    panel_problems,
    parse_panel,
    progress,
    unlocked_stages,
    watch_url,
    with_progress,
    youtube_video_id,
)
from healthdesk.core.onboarding.messages import Message, templates

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "onboarding"
# the default panel ships inside the package (a non-editable install has no top-level fixtures/)
DEFAULT_PANEL = Path(__file__).resolve().parents[2] / "healthdesk" / "onboarding" / "default_panel.json"

# Verbatim from seed 000, section 5.3.1: blank lines between lines, cut after the first stage with
# "}," -- the "[" of "conquistas" is never closed.
SEED_FRAGMENT = """\
"conquistas": [

{

"descricao": "Processos para Cooperados Unimed XPTO",

"bloqueada": false,

"notificado": true,

"tarefas": [

{

"titulo": "Autorização de guia – Teleconsulta",

"efetuada": true,

"identificador_artigo": "INSERIR LINK DO YOUTUBE"

},

{

"titulo": "Geração e envio de lote – Faturamento",

"efetuada": true,

"identificador_artigo": "INSERIR LINK DO YOUTUBE"

},

{

"titulo": "Solicitação de Exames – Prontuário Eletrônico",

"efetuada": true,

"identificador_artigo": "INSERIR LINK DO YOUTUBE"

}

]

},
"""

SEED_STAGE = "Processos para Cooperados Unimed XPTO"
SEED_TASKS = (
    "Autorização de guia – Teleconsulta",
    "Geração e envio de lote – Faturamento",
    "Solicitação de Exames – Prontuário Eletrônico",
)

VID = "dQw4w9WgXcQ"


def yt(number: int) -> str:
    return f"https://www.youtube.com/watch?v=AAAAAAAAA{number:02d}"


def stage_json(title: str, tasks: list[tuple[str, bool, str]], locked: bool = False) -> dict:
    return {
        "descricao": title,
        "bloqueada": locked,
        "notificado": False,
        "tarefas": [{"titulo": t, "efetuada": d, "identificador_artigo": link} for t, d, link in tasks],
    }


def five_stage_json() -> dict:
    return {
        "conquistas": [
            stage_json(f"Etapa {s}", [(f"Vídeo {s}.{t}", False, yt(s * 3 + t)) for t in range(1, 3)])
            for s in range(1, 6)
        ]
    }


def make_stage(title: str, done: list[bool], locked: bool = False) -> Stage:
    return Stage(
        title,
        locked,
        False,
        tuple(Task.from_link(f"{title} {i}", flag, yt(i)) for i, flag in enumerate(done, 1)),
    )


def error_of(text: str) -> OnboardingFormatError:
    with pytest.raises(OnboardingFormatError) as caught:
        parse_panel(text)
    return caught.value


# --------------------------------------------------------------------------------------------
# The seed's fragment
# --------------------------------------------------------------------------------------------


def test_seed_fixture_is_the_inline_fragment_and_is_in_the_seed():
    fixture = (FIXTURES / "seed_fragment.txt").read_text(encoding="utf-8")
    assert fixture == SEED_FRAGMENT
    assert fixture.rstrip().endswith("},")
    seed = Path("/work/shared/seeds/000_e638dabd1a044c12.txt")
    if seed.exists():  # the shared seed is only present in the authoring environment
        assert fixture in seed.read_text(encoding="utf-8")


@pytest.mark.parametrize("source", ["inline", "fixture"])
def test_seed_fragment_parses(source):
    text = SEED_FRAGMENT if source == "inline" else (FIXTURES / "seed_fragment.txt").read_text("utf-8")
    panel = parse_panel(text)
    assert len(panel.stages) == 1
    stage = panel.stages[0]
    assert stage.title == SEED_STAGE
    assert stage.locked is False
    assert stage.notified is True
    assert tuple(task.title for task in stage.tasks) == SEED_TASKS
    for task in stage.tasks:
        assert task.done is True
        assert task.url is None
        assert task.video_id is None
        assert task.raw_link == "INSERIR LINK DO YOUTUBE"
    assert panel.preview is None
    assert all_done(panel)


def test_seed_fragment_problems_name_each_task_and_the_open_list():
    problems = parse_panel(SEED_FRAGMENT).problems
    for number, title in enumerate(SEED_TASKS, 1):
        matching = [p for p in problems if f'task {number} ("{title}")' in p]
        assert len(matching) == 1, problems
        assert f'Stage 1 ("{SEED_STAGE}")' in matching[0]
        assert "INSERIR LINK DO YOUTUBE" in matching[0]
    assert any("not closed with ']'" in p and "line 1, column 15" in p for p in problems)
    assert any("1 stage;" in p and str(EXPECTED_STAGE_COUNT) in p for p in problems)


def test_seed_fragment_closed_or_wrapped_parses_the_same():
    expected = parse_panel(SEED_FRAGMENT)
    closed = SEED_FRAGMENT + "]\n"
    wrapped = "{\n" + SEED_FRAGMENT + "]\n}\n"
    assert parse_panel(closed) == expected
    assert parse_panel(wrapped) == expected
    assert not any("not closed" in p for p in parse_panel(wrapped).problems)


def test_seed_fragment_with_crlf_and_bom():
    text = "\ufeff" + SEED_FRAGMENT.replace("\n", "\r\n")
    assert parse_panel(text) == parse_panel(SEED_FRAGMENT)


def test_fragment_cut_inside_a_stage_is_an_error():
    cut = SEED_FRAGMENT[: SEED_FRAGMENT.index('"tarefas"')]
    error = error_of(cut)
    assert "closes stage 1" in str(error)
    assert "opened at line 3, column 1" in str(error)


def test_open_stage_list_is_only_accepted_without_outer_braces():
    text = '{"conquistas": [{"descricao": "x", "tarefas": []},'
    error = error_of(text)
    assert (error.line, error.column) == (1, len(text) + 1)
    assert "']'" in str(error) and "line 1, column 16" in str(error)
    bare = '[{"descricao": "x", "tarefas": []},'
    assert parse_panel(bare).stages[0].title == "x"
    assert error_of('"conquistas": [').detail.startswith("the text ends before the ']'")
    assert error_of("[").line == 1


# --------------------------------------------------------------------------------------------
# Accepted shapes
# --------------------------------------------------------------------------------------------


def test_full_object_bare_list_and_fragment_are_equal():
    data = five_stage_json()
    full = json.dumps(data, ensure_ascii=False, indent=2)
    bare = json.dumps(data["conquistas"], ensure_ascii=False)
    fragment = full.strip()[1:-1]
    panels = [parse_panel(full), parse_panel(bare), parse_panel(fragment)]
    assert panels[0] == panels[1] == panels[2]
    assert len(panels[0].stages) == 5
    assert panels[0].problems == ()


def test_default_panel_fixture():
    panel = parse_panel(DEFAULT_PANEL.read_text(encoding="utf-8"))
    assert panel.problems == ()
    assert len(panel.stages) == EXPECTED_STAGE_COUNT
    titles = [stage.title for stage in panel.stages]
    assert titles == [
        "Agenda",
        "Cadastro de pacientes",
        "Prontuário eletrônico",
        "Faturamento/TISS",
        "Relatórios",
    ]
    assert panel.preview and "Agendar um Horário" in panel.preview
    assert unlocked_stages(panel) == [True, False, False, False, False]
    tasks = [task for stage in panel.stages for task in stage.tasks]
    assert all(task.url for task in tasks)
    assert sum(task.video_id is None for task in tasks) == 1  # one help-center article
    assert not any(task.done for task in tasks)
    assert json.loads(dump_panel(panel)) == json.loads(DEFAULT_PANEL.read_text("utf-8"))


def test_bom_is_skipped():
    text = json.dumps(five_stage_json())
    assert parse_panel("\ufeff" + text) == parse_panel(text)


def test_trailing_commas_anywhere():
    text = """{
      "conquistas": [
        {
          "descricao": "Agenda",
          "bloqueada": false,
          "notificado": false,
          "tarefas": [
            {"titulo": "A", "efetuada": true, "identificador_artigo": "https://youtu.be/AAAAAAAAAAA",},
            {"titulo": "B", "efetuada": false, "identificador_artigo": "https://youtu.be/AAAAAAAAAAB",},
          ],
        },
      ],
      "previa": "Olá",
    },
    """
    panel = parse_panel(text)
    assert [t.title for t in panel.stages[0].tasks] == ["A", "B"]
    assert panel.preview == "Olá"
    assert parse_panel('[{"descricao": "x", "tarefas": [],},],') == Panel((Stage("x", False, False, ()),))
    assert parse_panel('"conquistas": [],').stages == ()


def test_crlf_cr_and_unusual_spaces():
    text = json.dumps(five_stage_json(), indent=2)
    expected = parse_panel(text)
    assert parse_panel(text.replace("\n", "\r\n")) == expected
    assert parse_panel(text.replace("\n", "\r")) == expected
    assert parse_panel(text.replace("  ", "\u00a0\t")) == expected


def test_smart_quotes_inside_a_text_are_kept():
    text = '[{"descricao": "Clique em “Salvar” e ‘Enviar’", "tarefas": []}]'
    assert parse_panel(text).stages[0].title == "Clique em “Salvar” e ‘Enviar’"


def test_escapes_and_tabs_in_texts():
    text = r'[{"descricao": "a\"b\\c\/d\n\u00e9\ud83d\ude00\ud800", "tarefas": []}]'
    assert parse_panel(text).stages[0].title == 'a"b\\c/d\né\U0001f600\ud800'
    assert parse_panel('[{"descricao": "a\tb", "tarefas": []}]').stages[0].title == "a\tb"


def test_defaults_for_missing_flags_and_link():
    panel = parse_panel(
        '[{"descricao": "x", "tarefas": [{"titulo": "t"}, {"titulo": "u", "identificador_artigo": null}]}]'
    )
    stage = panel.stages[0]
    assert (stage.locked, stage.notified) == (False, False)
    assert [(t.done, t.url, t.raw_link) for t in stage.tasks] == [(False, None, ""), (False, None, "")]
    assert any('task 1 ("t") has no link' in p for p in panel.problems)
    assert any('task 2 ("u") has no link' in p for p in panel.problems)


@pytest.mark.parametrize("key", PREVIEW_ALIASES)
def test_preview_aliases(key):
    data = five_stage_json()
    data[key] = "Texto da prévia"
    panel = parse_panel(json.dumps(data))
    assert panel.preview == "Texto da prévia"
    assert panel.problems == ()
    assert '"previa": "Texto da prévia"' in dump_panel(panel)


def test_preview_null_and_preview_in_fragment():
    data = five_stage_json()
    data["previa"] = None
    assert parse_panel(json.dumps(data)).preview is None
    fragment = SEED_FRAGMENT + ']\n,\n"previa": "Veja os vídeos",\n'
    assert parse_panel(fragment).preview == "Veja os vídeos"


def test_unknown_keys_are_ignored_and_listed():
    data = five_stage_json()
    data["versao"] = 2
    data["conquistas"][1]["ordem"] = 1.5
    data["conquistas"][1]["notifcado"] = True
    data["conquistas"][2]["tarefas"][0]["duracao"] = [1, {"a": None}]
    text = json.dumps(data, indent=2)
    panel = parse_panel(text)
    assert panel == parse_panel(json.dumps(five_stage_json()))
    problems = panel.problems
    assert len(problems) == 4
    assert any('the panel has an unknown key "versao"' in p for p in problems)
    assert any('Stage 2 ("Etapa 2") has an unknown key "ordem"' in p for p in problems)
    assert any('"notifcado"' in p and 'Did you mean "notificado"?' in p for p in problems)
    assert any(
        'Stage 3 ("Etapa 3"), task 1 ("Vídeo 3.1") has an unknown key "duracao"' in p for p in problems
    )
    line = text.splitlines().index('  "versao": 2') + 1
    assert any(p.startswith(f"Line {line}, column 3: ") and "versao" in p for p in problems)


# --------------------------------------------------------------------------------------------
# Malformed inputs: exact line and column
# --------------------------------------------------------------------------------------------

MISSING_COMMA = """{
  "conquistas": [
    {
      "descricao": "Agenda"
      "bloqueada": false,
      "tarefas": []
    }
  ]
}"""


def test_missing_comma():
    error = error_of(MISSING_COMMA)
    assert isinstance(error, ValueError)
    assert (error.line, error.column) == (5, 7)
    assert str(error) == (
        "Line 5, column 7: expected ',' or '}' after the value of \"descricao\" in stage 1."
    )
    assert error.template == "expected ',' or '}}' after the value of \"{key}\" {in_where}."
    assert error.params["key"] == "descricao"
    assert error.params["in_where"].template == "in stage {stage}"


def test_missing_comma_positions_survive_crlf_and_bom():
    for text in (MISSING_COMMA.replace("\n", "\r\n"), "\ufeff" + MISSING_COMMA):
        error = error_of(text)
        assert (error.line, error.column) == (5, 7)


def test_missing_comma_between_tasks():
    text = '[\n {"descricao": "x", "tarefas": [\n  {"titulo": "a"}\n  {"titulo": "b"}\n ]}\n]'
    error = error_of(text)
    assert (error.line, error.column) == (4, 3)
    assert "expected ',' or ']' after task 1 of stage 1 in the task list (\"tarefas\") of stage 1" in str(
        error
    )


def test_missing_comma_between_stages():
    text = '"conquistas": [\n{"descricao": "x", "tarefas": []}\n{"descricao": "y", "tarefas": []}\n]'
    error = error_of(text)
    assert (error.line, error.column) == (3, 1)
    assert "after stage 1 in the list of stages" in str(error)


def test_unclosed_string_points_at_its_opening_quote():
    text = '{\n  "conquistas": [\n    {\n      "descricao": "Agenda,\n      "bloqueada": false\n'
    error = error_of(text)
    assert (error.line, error.column) == (4, 20)
    assert "not closed with a double quote" in str(error)
    error = error_of('[{"descricao": "Agenda')
    assert (error.line, error.column) == (1, 16)


def test_unescaped_quote_inside_a_text_gets_a_hint():
    text = '[{"descricao": "Clique em "Salvar"", "tarefas": []}]'
    error = error_of(text)
    assert (error.line, error.column) == (1, 28)
    assert 'write it as \\"' in str(error)


def test_stray_text_after_the_panel():
    error = error_of('{"conquistas": []}\nobrigado!')
    assert (error.line, error.column) == (2, 1)
    assert "unexpected text after the end of the panel" in str(error)
    error = error_of("[],\n]")
    assert (error.line, error.column) == (2, 1)
    error = error_of('"conquistas": []\n"x"')
    assert (error.line, error.column) == (2, 1)
    assert "expected ',' or the end of the text after the value of \"conquistas\"" in str(error)


def test_single_quotes():
    error = error_of("{\n  'conquistas': []\n}")
    assert (error.line, error.column) == (2, 3)
    assert "single quotes" in str(error)
    error = error_of("[{\"descricao\": 'x'}]")
    assert (error.line, error.column) == (1, 16)


@pytest.mark.parametrize("quote", ["“", "”", "„", "‘", "’", "«"])
def test_smart_quotes_as_delimiters_are_errors(quote):
    text = "[\n  {\n    " + quote + 'descricao": "x", "tarefas": []}\n]'
    error = error_of(text)
    assert (error.line, error.column) == (3, 5)
    assert f"typographic quote {quote}" in str(error)


def test_smart_quoted_value():
    text = '[\n{"descricao": “Agenda”, "tarefas": []}]'
    error = error_of(text)
    assert (error.line, error.column) == (2, 15)
    assert error.params["char"] == "“"


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        (
            '[{"descricao": "Agenda", "bloqueada": "sim", "tarefas": []}]',
            1,
            39,
            'Stage 1 ("Agenda"): "bloqueada" must be true or false, but it is the text "sim".',
        ),
        (
            '[{"descricao": "Agenda", "notificado": 1, "tarefas": []}]',
            1,
            40,
            '"notificado" must be true or false',
        ),
        ('[{"descricao": "Agenda", "bloqueada": "true", "tarefas": []}]', 1, 39, "Remove the quotes."),
        (
            '[{"descricao": "Agenda", "tarefas": {}}]',
            1,
            37,
            'Stage 1 ("Agenda"): "tarefas" must be a list of tasks in [ ], but it is an object {...}.',
        ),
        ('[{"descricao": "Agenda", "tarefas": "nenhuma"}]', 1, 37, '"tarefas" must be a list'),
        ('[{"descricao": 5, "tarefas": []}]', 1, 16, 'Stage 1: "descricao" must be a text in double quotes'),
        (
            '[{"descricao": "A", "tarefas": [{"titulo": "t", "efetuada": "sim"}]}]',
            1,
            61,
            'Stage 1 ("A"), task 1 ("t"): "efetuada" must be true or false',
        ),
        (
            '[{"descricao": "A", "tarefas": [{"titulo": null}]}]',
            1,
            44,
            'Stage 1 ("A"), task 1: "titulo" must be a text in double quotes, but it is null.',
        ),
        (
            '[{"descricao": "A", "tarefas": [{"titulo": "t", "identificador_artigo": 5}]}]',
            1,
            73,
            'Stage 1 ("A"), task 1 ("t"): "identificador_artigo" must be a text',
        ),
        ('[{"descricao": "A", "tarefas": ["t"]}]', 1, 33, 'Stage 1 ("A"), task 1 must be an object in { }'),
        ('["Agenda"]', 1, 2, 'Stage 1 must be an object in { }, but it is the text "Agenda".'),
        ('{"conquistas": {}}', 1, 16, '"conquistas" must be a list of stages'),
        ('{"conquistas": [], "previa": 3}', 1, 30, 'the preview text "previa" must be a text'),
    ],
)
def test_wrong_types(text, line, column, fragment):
    error = error_of(text)
    assert (error.line, error.column) == (line, column)
    assert fragment in str(error)


def test_wrong_type_on_a_later_line():
    data = five_stage_json()
    data["conquistas"][2]["bloqueada"] = "sim"
    text = json.dumps(data, indent=2)
    error = error_of(text)
    lines = text.splitlines()
    line = [i for i, row in enumerate(lines, 1) if '"sim"' in row][-1]
    assert (error.line, error.column) == (line, lines[line - 1].index('"sim"') + 1)
    assert 'Stage 3 ("Etapa 3")' in str(error)


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        (
            '[\n {"descricao": "A", "tarefas": []},\n {"bloqueada": true, "tarefas": []}\n]',
            3,
            2,
            'Stage 2 has no "descricao" (the stage title).',
        ),
        ('[{"descricao": "A"}]', 1, 2, 'Stage 1 ("A") has no "tarefas" (the list of tasks).'),
        ('[{"descricao": "A", "tarefa": []}]', 1, 2, '(found "tarefa": check the spelling)'),
        (
            '[{"descricao": "A", "tarefas": [{"titulo": "a"}, {"efetuada": true}]}]',
            1,
            50,
            'Stage 1 ("A"), task 2 has no "titulo" (the task title).',
        ),
        ('{"previa": "x"}', 1, 1, 'the panel has no "conquistas"'),
        ('{"descricao": "x", "tarefas": []}', 1, 1, "this looks like a single stage"),
    ],
)
def test_missing_keys(text, line, column, fragment):
    error = error_of(text)
    assert (error.line, error.column) == (line, column)
    assert fragment in str(error)


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ("", 1, 1, "the text is empty"),
        ("\ufeff", 1, 1, "the text is empty"),
        ("  \n   ", 2, 4, "the text is empty"),
        ("null", 1, 1, "but found null."),
        ("\n  true", 2, 3, "but found true."),
        ("42", 1, 1, "but found the number 42."),
        ('"conquistas"', 1, 1, 'but found the text "conquistas".'),
    ],
)
def test_empty_and_non_panel_values(text, line, column, fragment):
    error = error_of(text)
    assert (error.line, error.column) == (line, column)
    assert fragment in str(error)


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ('[{"descricao": "x", "bloqueada": True}]', 1, 34, "write True in lowercase: true."),
        ('[{"descricao": "x", "bloqueada": sim}]', 1, 34, "yes/no values are written true or false"),
        ('[{"descricao": Agenda}]', 1, 16, 'unexpected text "Agenda"'),
        ('[{"descricao": "x",, "tarefas": []}]', 1, 20, "unexpected extra ','"),
        ("[1,,2]", 1, 4, "unexpected extra ','"),
        ('[{"descricao": "x", "descricao": "y"}]', 1, 21, 'the key "descricao" appears twice'),
        ('{"previa": "a", "preview": "b", "conquistas": []}', 1, 17, "the preview text is given twice"),
        ('[{"descricao": "a\\xb"}]', 1, 18, "invalid escape \\x"),
        ('[{"descricao": "a\\u12"}]', 1, 18, "4 hexadecimal digits"),
        ('[{"descricao": "a\x01"}]', 1, 18, "invisible control character U+0001"),
        ('[{"descricao" "x"}]', 1, 15, "expected ':' after the key \"descricao\" in stage 1."),
        ('[{descricao: "x"}]', 1, 3, 'expected a key in double quotes (like "titulo")'),
        ('[{"descricao": "x", "tarefas": [}]', 1, 33, "unexpected character '}'"),
        ("[+1]", 1, 2, "unexpected character '+'"),
        ('[{"descricao": "x", "tarefas": []', 1, 34, "closes stage 1 (opened at line 1, column 2)"),
        ('{"conquistas": [], "previa": ', 1, 30, 'a value was expected for the value of "previa"'),
    ],
)
def test_other_syntax_errors(text, line, column, fragment):
    error = error_of(text)
    assert (error.line, error.column) == (line, column)
    assert fragment in str(error)


def test_deep_nesting_is_an_error_not_a_crash():
    error = error_of("[" * 5000)
    assert "nested too deeply" in str(error)


def test_error_message_shape():
    error = error_of("null")
    assert str(error) == f"Line {error.line}, column {error.column}: {error.detail}"
    assert error.detail == error.template.format(**error.params)
    with pytest.raises(TypeError):
        parse_panel(b"[]")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------------

YOUTUBE_FORMS = [
    f"https://www.youtube.com/watch?v={VID}",
    f"http://youtube.com/watch?v={VID}",
    f"youtube.com/watch?v={VID}",
    f"www.youtube.com/watch?v={VID}",
    f"https://m.youtube.com/watch?v={VID}",
    f"m.youtube.com/watch?v={VID}&feature=youtu.be",
    f"https://www.youtube.com/watch?v={VID}&t=30s",
    f"https://www.youtube.com/watch?feature=share&v={VID}",
    f"https://www.youtube.com/watch?v={VID}&list=PLAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&index=2",
    f"https://www.youtube.com/watch?app=desktop&v={VID}&t=1m2s",
    f"https://www.youtube.com/watch?v={VID}#t=30",
    f"https://www.youtube.com/watch/?v={VID}",
    f"https://www.youtube.com/watch?feature=share&amp;v={VID}",
    f"https://youtu.be/{VID}",
    f"https://youtu.be/{VID}?si=AbCdEfGhIjK",
    f"youtu.be/{VID}?t=10",
    f"https://www.youtube.com/shorts/{VID}",
    f"https://youtube.com/shorts/{VID}?feature=share",
    f"https://www.youtube.com/embed/{VID}",
    f"https://www.youtube.com/embed/{VID}?start=10&rel=0",
    f"https://www.youtube-nocookie.com/embed/{VID}",
    f"youtube-nocookie.com/embed/{VID}?enablejsapi=1",
    f"https://www.youtube.com/live/{VID}?si=x",
    f"https://www.youtube.com/v/{VID}",
    f"youtube.com/v/{VID}?version=3",
    f"HTTPS://WWW.YOUTUBE.COM/watch?v={VID}",
    f"  https://youtu.be/{VID}  ",
    f"//www.youtube.com/embed/{VID}",
    f"https://www.youtube.com/shorts/{VID}/",
]


@pytest.mark.parametrize("link", YOUTUBE_FORMS)
def test_youtube_forms(link):
    assert youtube_video_id(link) == VID
    task = Task.from_link("t", False, link)
    assert task.video_id == VID
    assert task.url is not None and task.url.startswith(("http://", "https://", "HTTPS://"))
    assert task.raw_link == link
    assert task.embed == embed_url(VID)


@pytest.mark.parametrize(
    "video_id", ["AAAAAAAAAAA", "a-b_c-d_e-f", "___________", "-----------", "01234567890"]
)
def test_youtube_id_alphabet(video_id):
    assert youtube_video_id(f"https://youtu.be/{video_id}") == video_id
    assert youtube_video_id(f"https://www.youtube.com/watch?v={video_id}") == video_id


NOT_YOUTUBE_VIDEOS = [
    "INSERIR LINK DO YOUTUBE",
    "",
    "   ",
    "https://www.youtube.com/watch?v=short",
    f"https://www.youtube.com/watch?v={VID}X",
    "https://www.youtube.com/watch?v=dQw4w9WgXc!",
    "https://www.youtube.com/",
    "https://www.youtube.com/@amplimed",
    "https://www.youtube.com/playlist?list=PLAAAAAAAAAAAAAAAA",
    f"https://www.youtube.com/watch?list={VID}",
    f"https://music.youtube.com/watch?v={VID}",
    f"https://gaming.youtube.com/watch?v={VID}",
    f"https://notyoutube.com/watch?v={VID}",
    f"https://youtube.com.evil.example/watch?v={VID}",
    f"ftp://youtube.com/watch?v={VID}",
    f"https://youtu.be/{VID}/extra",
    f"https://youtu.be/ {VID}",
    "https://youtube.com/embed/",
    f"https://www.youtube.com/embed/{VID}/more",
    f"https://www.youtube-nocookie.com/shorts/{VID}",
    f"https://vimeo.com/{VID}",
    "https://ajuda.example.com/artigos/agenda",
    f"{VID}",
    "https://[broken/watch?v=AAAAAAAAAAA",
]


@pytest.mark.parametrize("link", NOT_YOUTUBE_VIDEOS)
def test_not_youtube_videos(link):
    assert youtube_video_id(link) is None


@pytest.mark.parametrize(
    ("link", "url"),
    [
        ("https://ajuda.example.com/artigos/agenda", "https://ajuda.example.com/artigos/agenda"),
        ("  http://ajuda.example.com/a?b=1#c ", "http://ajuda.example.com/a?b=1#c"),
        ("https://www.youtube.com/@amplimed", "https://www.youtube.com/@amplimed"),
        ("youtube.com/@amplimed", "https://youtube.com/@amplimed"),
        (f"youtu.be/{VID}", f"https://youtu.be/{VID}"),
        (f"//youtu.be/{VID}", f"https://youtu.be/{VID}"),
    ],
)
def test_article_and_schemeless_links(link, url):
    task = Task.from_link("t", True, link)
    assert task.url == url
    assert task.raw_link == link


@pytest.mark.parametrize(
    "link",
    [
        "INSERIR LINK DO YOUTUBE",
        "",
        "  ",
        "ajuda.example.com/artigos/agenda",
        "www.example.com",
        "ftp://ajuda.example.com/a",
        "mailto:suporte@example.com",
        "javascript:alert(1)",
        "https://",
        "https://localhost/x",
        "https://ajuda.example.com/meu artigo",
        "link do vídeo",
    ],
)
def test_unusable_links(link):
    task = Task.from_link("t", False, link)
    assert (task.url, task.video_id) == (None, None)
    assert task.embed is None
    problems = panel_problems(Panel((Stage("S", False, False, (task,)),)))
    assert any(
        'Stage 1 ("S"), task 1 ("t")' in p and ("no link" in p or "not a usable link" in p) for p in problems
    )


def test_youtube_link_without_a_video_is_a_problem():
    task = Task.from_link("canal", False, "https://www.youtube.com/@amplimed")
    problems = panel_problems(Panel((Stage("S", False, False, (task,)),)))
    assert any("does not point to a single video" in p for p in problems)
    article = Task.from_link("artigo", False, "https://ajuda.example.com/a")
    assert not any("task 1" in p for p in panel_problems(Panel((Stage("S", False, False, (article,)),))))


def test_embed_and_watch_urls():
    assert embed_url(VID) == f"https://www.youtube-nocookie.com/embed/{VID}?enablejsapi=1&rel=0"
    assert watch_url(VID) == f"https://www.youtube.com/watch?v={VID}"
    for bad in ("", "short", VID + "X", "dQw4w9WgXc!", f"https://youtu.be/{VID}"):
        with pytest.raises(ValueError):
            embed_url(bad)
        with pytest.raises(ValueError):
            watch_url(bad)


def test_task_constructor_derives_and_checks_link_fields():
    assert Task("t", False, None, VID) == Task.from_link("t", False, watch_url(VID))
    assert Task("t", False, None, VID).raw_link == watch_url(VID)
    assert Task("t", False, f"https://youtu.be/{VID}", None).video_id == VID
    assert Task("t", False, None, None, f"https://youtu.be/{VID}").url == f"https://youtu.be/{VID}"
    assert Task("t", False, None, None) == Task.from_link("t", False, "INSERIR LINK DO YOUTUBE")
    with pytest.raises(ValueError):
        Task("t", False, "https://a.example.com/", None, "https://b.example.com/")
    with pytest.raises(ValueError):
        Task("t", False, None, "AAAAAAAAAAA", f"https://youtu.be/{VID}")
    with pytest.raises(ValueError):
        Task("t", False, None, "bad")
    with pytest.raises(ValueError):
        Task("t", False, "not a link", None)
    with pytest.raises(TypeError):
        Task("t", "yes", None, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Stage("s", False, False, ("task",))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Panel(("stage",))  # type: ignore[arg-type]


def test_lists_become_tuples_and_problems_do_not_count_for_equality():
    task = Task.from_link("t", False, "x")
    stage = Stage("s", False, False, [task])  # type: ignore[arg-type]
    assert stage.tasks == (task,)
    assert Panel([stage], None, ["a"]) == Panel((stage,))  # type: ignore[arg-type]
    assert hash(Panel((stage,))) == hash(Panel((stage,), problems=("x",)))


# --------------------------------------------------------------------------------------------
# Problems
# --------------------------------------------------------------------------------------------


def test_problems_of_a_broken_panel():
    data = {
        "conquistas": [
            stage_json("Agenda", [("Agendar", False, yt(1)), ("agendar ", False, yt(2))], locked=True),
            stage_json("Vazia", []),
            stage_json("", [("", False, yt(3))]),
            stage_json("Agenda", [("Faturar", False, "")]),
        ]
    }
    problems = parse_panel(json.dumps(data)).problems
    expected = [
        "The panel has 4 stages; the home-screen panel is designed for 5.",
        'Stage 1 ("Agenda") is locked, but there is no earlier stage to complete; it is shown unlocked.',
        'Stage 1 ("Agenda"), task 2 ("agendar ") has the same title as task 1; give each task its own title.',
        'Stage 2 ("Vazia") has no tasks.',
        'Stage 3 has an empty title ("descricao").',
        'Stage 3, task 1 has an empty title ("titulo").',
        'Stage 4 ("Agenda") has the same title as stage 1; give each stage its own title.',
        'Stage 4 ("Agenda"), task 1 ("Faturar") has no link; fill "identificador_artigo" with the YouTube'
        " video or help-center article link.",
    ]
    assert list(problems) == expected


def test_problems_of_stage_counts():
    assert panel_problems(Panel(())) == ("The panel has no stages.",)
    six = Panel(tuple(make_stage(f"S{i}", [False]) for i in range(6)))
    assert panel_problems(six) == ("The panel has 6 stages; the home-screen panel is designed for 5.",)
    five = Panel(tuple(make_stage(f"S{i}", [False]) for i in range(5)))
    assert panel_problems(five) == ()


def test_long_titles_are_shortened_in_problems():
    title = "x" * 200
    problems = panel_problems(Panel((Stage(title, False, False, ()),)))
    assert any(("x" * 59 + "…") in p and ("x" * 61) not in p for p in problems)


# --------------------------------------------------------------------------------------------
# Progress, unlocking, per-user values
# --------------------------------------------------------------------------------------------


def test_progress():
    panel = Panel(
        (
            make_stage("A", [True, True, True]),
            make_stage("B", [True, False, False]),
            make_stage("C", []),
        )
    )
    result = progress(panel)
    assert isinstance(result, PanelProgress)
    assert result.stages == (
        StageProgress("A", 3, 3, 100, True),
        StageProgress("B", 1, 3, 33, False),
        StageProgress("C", 0, 0, 0, True),
    )
    assert (result.done, result.total, result.percent, result.complete) == (4, 6, 66, False)
    assert not all_done(panel)


def test_percent_is_floored_so_100_means_complete():
    panel = Panel((make_stage("A", [True] * 199 + [False]),))
    assert progress(panel).percent == 99
    assert progress(panel).stages[0].percent == 99


def test_all_done():
    assert all_done(Panel((make_stage("A", [True]), make_stage("B", [True, True]))))
    assert all_done(Panel((make_stage("A", [True]), make_stage("B", []))))
    assert not all_done(Panel((make_stage("A", [True]), make_stage("B", [False]))))
    assert not all_done(Panel(()))
    assert not all_done(Panel((make_stage("A", []),)))
    assert progress(Panel(())) == PanelProgress((), 0, 0, 0, False)


@pytest.mark.parametrize(
    ("stages", "expected"),
    [
        ([([False], False), ([False], True), ([False], True)], [True, False, False]),
        ([([True], False), ([False], True), ([False], True)], [True, True, False]),
        ([([True], False), ([True], True), ([False], True)], [True, True, True]),
        ([([True], False), ([False], False), ([False], True)], [True, True, False]),
        ([([False], False), ([False], False), ([False], True)], [True, True, False]),
        ([([False], False), ([True], False), ([False], True)], [True, True, False]),
        ([([False], True), ([False], True)], [True, False]),
        ([([True], True), ([False], True)], [True, True]),
        ([([], False), ([False], True)], [True, True]),
        ([], []),
    ],
)
def test_unlock_rule(stages, expected):
    panel = Panel(tuple(make_stage(f"S{i}", done, locked) for i, (done, locked) in enumerate(stages)))
    assert unlocked_stages(panel) == expected
    assert unlocked_stages(panel, admin_unlock=True) == [True] * len(stages)


def test_with_progress_by_titles():
    panel = parse_panel(DEFAULT_PANEL.read_text("utf-8"))
    user = with_progress(
        panel,
        [
            ("Agenda", "Configurar a agenda do profissional"),
            ("agenda ", "AGENDAR, REMARCAR E CANCELAR CONSULTAS"),
            ("Nenhuma", "x"),
        ],
    )
    assert done_flags(user)[0] == (True, True, False)
    assert sum(map(sum, done_flags(user))) == 2
    assert done_keys(user) == {
        ("Agenda", "Configurar a agenda do profissional"),
        ("Agenda", "Agendar, remarcar e cancelar consultas"),
    }
    assert [s.notified for s in user.stages] == [s.notified for s in panel.stages]
    exported = parse_panel(dump_panel(user))
    assert exported == user
    assert progress(exported).done == 2


def test_with_progress_by_flags_and_notified():
    panel = Panel((make_stage("A", [False, False]), make_stage("B", [True])))
    user = with_progress(panel, [[True, False], (False,)], notified=[True, False])
    assert done_flags(user) == ((True, False), (False,))
    assert [s.notified for s in user.stages] == [True, False]
    user = with_progress(panel, (), notified=["b"])
    assert done_flags(user) == ((False, False), (False,))
    assert [s.notified for s in user.stages] == [False, True]
    with pytest.raises(ValueError):
        with_progress(panel, [[True], [True]])
    with pytest.raises(ValueError):
        with_progress(panel, [[True, False]])
    with pytest.raises(ValueError):
        with_progress(panel, [[True, 1], [True]])
    with pytest.raises(TypeError):
        with_progress(panel, [("A", "A 1"), [True]])
    with pytest.raises(TypeError):
        with_progress(panel, ["A", "B"])
    with pytest.raises(ValueError):
        with_progress(panel, (), notified=[True])
    with pytest.raises(TypeError):
        with_progress(panel, (), notified=["A", True])


def test_with_progress_keeps_everything_else():
    panel = parse_panel(SEED_FRAGMENT)
    user = with_progress(panel, ())
    assert user.problems == panel.problems
    assert [t.raw_link for t in user.stages[0].tasks] == ["INSERIR LINK DO YOUTUBE"] * 3
    assert not all_done(user)
    assert with_progress(user, done_keys(panel)) == panel


# --------------------------------------------------------------------------------------------
# Round trip
# --------------------------------------------------------------------------------------------

texts = st.text(st.characters(exclude_categories=()), max_size=25) | st.sampled_from(
    ['"', "\\", "\n", '"quoted" \\ back\nslash', "“curly”", "\ufeff", "\u2028", "}\n]", "', "]
)
video_ids = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", min_size=11, max_size=11
)
links = st.one_of(
    texts,
    st.sampled_from(["INSERIR LINK DO YOUTUBE", "", "https://ajuda.example.com/artigos/1", *YOUTUBE_FORMS]),
    st.builds("https://youtu.be/{}?si=x".format, video_ids),
    st.builds("youtube.com/watch?v={}&t=3".format, video_ids),
    st.builds("https://ajuda.example.com/{}".format, st.text(alphabet="abc/-_?=&%", max_size=10)),
)
tasks = st.one_of(
    st.builds(Task.from_link, texts, st.booleans(), links),
    st.builds(Task, texts, st.booleans(), st.none(), video_ids),
)
stages = st.builds(Stage, texts, st.booleans(), st.booleans(), st.lists(tasks, max_size=4).map(tuple))
panels = st.builds(Panel, st.lists(stages, max_size=6).map(tuple), st.none() | texts)


@settings(max_examples=200, deadline=None)
@given(panels)
def test_round_trip(panel):
    text = dump_panel(panel)
    json.loads(text)  # valid JSON
    again = parse_panel(text)
    assert again == panel
    assert [t.raw_link for s in again.stages for t in s.tasks] == [
        t.raw_link for s in panel.stages for t in s.tasks
    ]
    assert again.problems == panel_problems(panel)  # a dump has no unknown keys nor an open list


@settings(max_examples=150, deadline=None)
@given(panels)
def test_round_trip_through_reseller_mangling(panel):
    text = dump_panel(panel)
    assert text.startswith("{\n") and text.endswith("}\n")
    with_commas = re.sub(r"\n(\s*[\]}])", r",\n\1", text) + ","
    fragment = text[1:-2]
    crlf_bom = "\ufeff" + text.replace("\n", "\r\n")
    for variant in (with_commas, fragment, crlf_bom):
        assert parse_panel(variant) == panel
    if panel.preview is None:
        assert parse_panel(json.dumps(json.loads(text)["conquistas"])) == panel


@settings(max_examples=100, deadline=None)
@given(panels)
def test_done_flags_and_keys_restore_the_panel(panel):
    assert with_progress(panel, done_flags(panel)) == panel

    def norm(title: str) -> str:
        return unicodedata.normalize("NFC", title).strip().casefold()

    has_duplicates = any(len({norm(t.title) for t in s.tasks}) != len(s.tasks) for s in panel.stages) or len(
        {norm(s.title) for s in panel.stages}
    ) != len(panel.stages)
    if not has_duplicates:
        assert with_progress(panel, done_keys(panel)) == panel
    result = progress(panel)
    assert result.total == sum(len(s.tasks) for s in panel.stages)
    assert 0 <= result.percent <= 100
    assert (result.percent == 100) == result.complete == all_done(panel)
    assert all(unlocked_stages(panel, admin_unlock=True))
    assert len(unlocked_stages(panel)) == len(panel.stages)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_parse_never_crashes_on_garbage(text):
    try:
        panel = parse_panel(text)
    except OnboardingFormatError as error:
        assert error.line >= 1 and error.column >= 1
        assert error.line <= text.count("\n") + text.count("\r") + 1
    else:
        assert isinstance(panel, Panel)


@settings(max_examples=200, deadline=None)
@given(panels, st.data())
def test_damaged_panels_parse_or_raise_a_located_error(panel, data):
    text = dump_panel(panel)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 3)))
    insert = data.draw(st.sampled_from(["", ",", '"', "'", "“", "{", "}", "[", "]", ":", "\n", "x", "\\"]))
    damaged = text[:start] + insert + text[end:]
    try:
        parse_panel(damaged)
    except OnboardingFormatError as error:
        lines = re.split(r"\r\n|\r|\n", damaged)
        assert 1 <= error.line <= len(lines)
        assert 1 <= error.column <= len(lines[error.line - 1]) + 1


# --------------------------------------------------------------------------------------------
# Messages: whole-sentence templates with their params, for translation
# --------------------------------------------------------------------------------------------

TEMPLATES = templates()


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def messages_in(message: Message):
    """``message`` and every message among its params (the phrases inside it), depth first."""
    yield message
    for value in message.params.values():
        if isinstance(value, Message):
            yield from messages_in(value)


def assert_whole(message: Message) -> None:
    """``message`` and its phrases are marked templates whose placeholders its params fill."""
    assert isinstance(message, Message)
    for part in messages_in(message):
        assert part.template in TEMPLATES, part.template
        assert fields(part.template) <= set(part.params), part.template
        assert part.template.format(**part.params) == part


def test_templates_are_found_and_named():
    assert len(TEMPLATES) == len(set(TEMPLATES)) > 50
    for text in TEMPLATES:
        assert all(name.isidentifier() for name in fields(text)), text  # named, never positional
        text.format(**dict.fromkeys(fields(text), "x"))
    assert "The panel has no stages." in TEMPLATES
    assert "in stage {stage}" in TEMPLATES


token_soup = st.lists(
    st.sampled_from(
        list("{}[]:,\"' \n\t“a1.-\\")
        + ['"conquistas"', '"descricao"', '"tarefas"', '"titulo"', '"efetuada"', '"previa"', '"bloqueada"']
        + ['"x"', "true", "True", "null", "sim", "\x01", '"https://youtu.be/AAAAAAAAAAA"', '"tarefa"']
    ),
    max_size=40,
).map("".join)


@st.composite
def damaged_panels(draw):
    text = dump_panel(draw(panels))
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 3)))
        insert = draw(
            st.sampled_from(["", ",", '"', "'", "“", "{", "}", "[", "]", ":", "x", '"k": 1,', '"1"'])
        )
        text = text[:start] + insert + text[end:]
    return draw(st.sampled_from([text, text[1:], text[1:-2]]))


@settings(max_examples=400, deadline=None)
@given(st.one_of(token_soup, damaged_panels(), st.text(max_size=40)))
def test_every_error_and_problem_is_a_whole_template(text):
    try:
        panel = parse_panel(text)
    except OnboardingFormatError as error:
        assert (error.template, error.params) == (error.detail.template, error.detail.params)
        assert error.template.format(**error.params) == error.detail
        assert str(error) == f"Line {error.line}, column {error.column}: {error.detail}"
        assert_whole(error.detail)
    else:
        for problem in panel.problems:
            assert_whole(problem)


@settings(max_examples=150, deadline=None)
@given(panels)
def test_panel_problems_are_whole_templates(panel):
    for problem in panel_problems(panel):
        assert_whole(problem)


def test_translation_translates_the_phrases_inside_a_sentence():
    error = error_of(MISSING_COMMA)
    portuguese = {
        error.template: "esperado ',' ou '}}' depois do valor de \"{key}\" {in_where}.",
        "in stage {stage}": "na etapa {stage}",
    }
    assert error.detail.translate(lambda text: portuguese.get(text, text)) == (
        "esperado ',' ou '}' depois do valor de \"descricao\" na etapa 1."
    )
    problem = panel_problems(Panel((Stage("Agenda", False, False, ()),)))[-1]
    marked = problem.translate(lambda text: f"<{text}>")
    assert marked == '<<Stage 1 ("Agenda")> has no tasks.>'  # the subject is translated on its own


def test_a_translation_with_broken_placeholders_falls_back_to_english():
    error = error_of(MISSING_COMMA)
    broken = {error.template: "esperado depois de {chave}", "in stage {stage}": "na etapa {stage}"}
    assert error.detail.translate(lambda text: broken.get(text, text)) == (
        "expected ',' or '}' after the value of \"descricao\" na etapa 1."
    )


def test_messages_survive_pickling():
    problem = parse_panel(SEED_FRAGMENT).problems[0]
    again = pickle.loads(pickle.dumps(problem))
    assert again == problem and again.template == problem.template
    assert again.params == problem.params
