"""YouTube and article links of the onboarding panel's tasks.

A task's ``identificador_artigo`` is whatever the reseller typed: a YouTube video in any of its
address forms, a help-center article, or a placeholder ("INSERIR LINK DO YOUTUBE").
:func:`youtube_video_id` finds the video, :func:`link_target` the address to open, and
:func:`watch_url` / :func:`embed_url` build the addresses the panel uses.

Standard library only; nothing here imports frappe.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

_VIDEO_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS = frozenset({"youtube.com", "youtu.be", "youtube-nocookie.com"})
_PATH_FORMS = {
    "youtube.com": ("shorts", "embed", "live", "v"),
    "youtube-nocookie.com": ("embed", "v"),
}
_WS_IN_LINK_RE = re.compile(r"\s")


def is_video_id(value: str) -> bool:
    return _VIDEO_ID_RE.fullmatch(value) is not None


def _youtube_host(host: str) -> str | None:
    """``"youtube.com"`` / ``"youtu.be"`` / ``"youtube-nocookie.com"`` or None (``www.``/``m.`` ok)."""
    host = host.lower().rstrip(".")
    for prefix in ("www.", "m."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
            break
    return host if host in _YOUTUBE_HOSTS else None


def _split_link(link: str) -> tuple[str, Any] | None:
    """``(absolute_url, SplitResult)`` of an http(s) link, adding ``https:`` where it is missing
    for YouTube hosts only; None when the text is not such a link."""
    text = link.strip()
    if not text or _WS_IN_LINK_RE.search(text):
        return None
    candidates = [text]
    if text.startswith("//"):
        candidates.append("https:" + text)
    elif "://" not in text:
        candidates.append("https://" + text)
    for index, candidate in enumerate(candidates):
        try:
            parts = urlsplit(candidate)
            host = parts.hostname or ""
        except ValueError:
            continue
        if parts.scheme not in ("http", "https") or "." not in host.strip("."):
            continue
        if index > 0 and _youtube_host(host) is None:
            continue  # only YouTube links may omit the scheme
        return candidate, parts
    return None


def youtube_video_id(link: str) -> str | None:
    """The 11-character video id of a YouTube link, or None.

    Recognised (with or without ``http(s)://``, ``www.`` or ``m.``, any extra query parameters
    or ``#fragment``): ``youtube.com/watch?v=ID`` (``v`` anywhere in the query, ``&amp;``
    tolerated), ``youtu.be/ID``, ``youtube.com/shorts/ID``, ``/embed/ID``, ``/live/ID``,
    ``/v/ID``, and ``youtube-nocookie.com/embed/ID`` (or ``/v/ID``). An id is exactly 11
    characters of ``[A-Za-z0-9_-]``; other hosts (``music.youtube.com`` included) give None.
    """
    split = _split_link(link.replace("&amp;", "&"))
    if split is None:
        return None
    _, parts = split
    host = _youtube_host(parts.hostname or "")
    if host is None:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    candidate: str | None = None
    if host == "youtu.be":
        if len(segments) == 1:
            candidate = segments[0]
    elif segments == ["watch"] or segments == ["watch.php"]:
        values = parse_qs(parts.query).get("v", [])
        candidate = values[0].strip() if values else None
    elif len(segments) == 2 and segments[0] in _PATH_FORMS[host]:
        candidate = segments[1]
    return candidate if candidate is not None and is_video_id(candidate) else None


def is_youtube_link(link: str) -> bool:
    split = _split_link(link)
    return split is not None and _youtube_host(split[1].hostname or "") is not None


def watch_url(video_id: str) -> str:
    """``https://www.youtube.com/watch?v={video_id}`` (ValueError for an invalid id)."""
    if not is_video_id(video_id):
        raise ValueError(f"Not a YouTube video id: {video_id!r}.")
    return f"https://www.youtube.com/watch?v={video_id}"


def embed_url(video_id: str) -> str:
    """The privacy-enhanced embed address of a video, for the panel's player iframe.

    ``https://www.youtube-nocookie.com/embed/{video_id}?enablejsapi=1&rel=0`` -- ``enablejsapi``
    lets the page learn when the video ends (to mark the task done), ``rel=0`` keeps related
    videos to the same channel. ValueError for an invalid id.
    """
    if not is_video_id(video_id):
        raise ValueError(f"Not a YouTube video id: {video_id!r}.")
    return f"https://www.youtube-nocookie.com/embed/{video_id}?enablejsapi=1&rel=0"


def link_target(link: str) -> tuple[str | None, str | None]:
    """``(url, video_id)`` of a task link.

    ``url`` is the link itself (stripped) when it is an http(s) address with a dotted host and no
    spaces; a YouTube link written without scheme gets ``https://`` in front. Anything else
    (the placeholder "INSERIR LINK DO YOUTUBE", empty text, ``ftp:``...) gives ``(None, None)``.
    """
    split = _split_link(link)
    if split is None:
        return None, None
    return split[0], youtube_video_id(link)
