"""The onboarding panel's data model: a panel of stages ("conquistas") of tasks, its progress
figures, and the error raised when a panel text cannot be read.

Standard library only; nothing here imports frappe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from healthdesk.core.onboarding.links import embed_url, is_video_id, link_target, watch_url
from healthdesk.core.onboarding.messages import Message
from healthdesk.core.text import fold


class OnboardingFormatError(ValueError):
    """The panel text cannot be read; ``line`` and ``column`` (1-based) point into the original.

    ``detail`` says what is wrong: a :class:`~healthdesk.core.onboarding.messages.Message`, the
    English sentence ``template.format(**params)`` whose ``template`` (the whole sentence) and
    ``params`` (some of them phrases, themselves messages) are kept for translation, e.g.
    ``error.detail.translate(frappe._)``. ``str(error)`` is ``"Line {line}, column {column}:
    {detail}"``.
    """

    def __init__(self, line: int, column: int, template: str, **params: Any) -> None:
        self.line = line
        self.column = column
        self.detail = Message(template, **params)
        self.template = template
        self.params = self.detail.params
        super().__init__(f"Line {line}, column {column}: {self.detail}")


def norm_title(title: str) -> str:
    """How stage and task titles are compared: healthdesk's one text comparison key
    (:func:`healthdesk.core.text.fold`: case, accents, Unicode forms and spacing ignored)."""
    return fold(title)


@dataclass(frozen=True)
class Task:
    """One video or article of a stage.

    ``url`` and ``video_id`` are derived from ``raw_link`` (the ``identificador_artigo`` text,
    kept verbatim for :func:`dump_panel`; not part of equality). Pass None to have them derived;
    a value you pass must agree with the link (ValueError otherwise). With an empty ``raw_link``
    the link is taken from ``url``, or built from ``video_id`` (``watch_url``). The easy way is
    :meth:`from_link`.
    """

    title: str
    done: bool
    url: str | None
    video_id: str | None
    raw_link: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.title, str):
            raise TypeError(f"Task title must be a str, not {type(self.title).__name__}.")
        if not isinstance(self.done, bool):
            raise TypeError(f"Task done must be a bool, not {type(self.done).__name__}.")
        if not isinstance(self.raw_link, str):
            raise TypeError(f"Task raw_link must be a str, not {type(self.raw_link).__name__}.")
        if self.video_id is not None and not is_video_id(self.video_id):
            raise ValueError(f"Not a YouTube video id: {self.video_id!r}.")
        link = self.raw_link
        if not link:
            if self.url is not None:
                link = self.url
            elif self.video_id is not None:
                link = watch_url(self.video_id)
        url, video_id = link_target(link)
        if self.url is not None and self.url != url:
            raise ValueError(
                f"Task url {self.url!r} does not match its link {link!r} (expected {url!r});"
                " use Task.from_link()."
            )
        if self.video_id is not None and self.video_id != video_id:
            raise ValueError(
                f"Task video_id {self.video_id!r} does not match its link {link!r}"
                f" (expected {video_id!r}); use Task.from_link()."
            )
        object.__setattr__(self, "raw_link", link)
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "video_id", video_id)

    @classmethod
    def from_link(cls, title: str, done: bool, link: str) -> Task:
        """A task whose ``url`` / ``video_id`` come from ``link`` (any text)."""
        return cls(title, done, None, None, link)

    @property
    def embed(self) -> str | None:
        """:func:`embed_url` of the video, or None for an article or a missing link."""
        return embed_url(self.video_id) if self.video_id else None


@dataclass(frozen=True)
class Stage:
    """A stage ("conquista"): ``descricao``, ``bloqueada``, ``notificado``, ``tarefas``."""

    title: str
    locked: bool
    notified: bool
    tasks: tuple[Task, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.title, str):
            raise TypeError(f"Stage title must be a str, not {type(self.title).__name__}.")
        if not isinstance(self.locked, bool) or not isinstance(self.notified, bool):
            raise TypeError("Stage locked and notified must be bools.")
        tasks = tuple(self.tasks)
        if not all(isinstance(task, Task) for task in tasks):
            raise TypeError("Stage tasks must be Task objects.")
        object.__setattr__(self, "tasks", tasks)

    @property
    def complete(self) -> bool:
        """Every task is done (vacuously true for a stage without tasks)."""
        return all(task.done for task in self.tasks)


@dataclass(frozen=True)
class Panel:
    """The whole panel. ``problems`` (not part of equality) lists what would keep it from working:
    see :func:`panel_problems`; :func:`parse_panel` also adds what it noticed while reading. Each
    problem it made is a :class:`~healthdesk.core.onboarding.messages.Message` (an English ``str``
    that can be translated as a whole sentence)."""

    stages: tuple[Stage, ...]
    preview: str | None = None
    problems: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        stages = tuple(self.stages)
        if not all(isinstance(stage, Stage) for stage in stages):
            raise TypeError("Panel stages must be Stage objects.")
        if self.preview is not None and not isinstance(self.preview, str):
            raise TypeError("Panel preview must be a str or None.")
        object.__setattr__(self, "stages", stages)
        object.__setattr__(self, "problems", tuple(self.problems))


@dataclass(frozen=True)
class StageProgress:
    """Progress of one stage: ``percent`` is ``done * 100 // total`` (0 without tasks), so it is
    100 only when the stage is ``complete``; ``complete`` is true for a stage without tasks."""

    title: str
    done: int
    total: int
    percent: int
    complete: bool


@dataclass(frozen=True)
class PanelProgress:
    """Progress of the whole panel; ``complete`` (= :func:`all_done`) needs at least one task."""

    stages: tuple[StageProgress, ...]
    done: int
    total: int
    percent: int
    complete: bool
