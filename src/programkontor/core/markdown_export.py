"""User text made inert for the Markdown files Programkontor writes for publishing (no Django).

The public decision log, evaluation and governance reports and ``export_governance`` write Markdown
that OS2 publishes with Jekyll (front matter, Liquid, kramdown) or GitHub. Text users typed must not
run there, so it gets the policy the pages apply (:mod:`programkontor.core.markdown`: raw HTML is
shown as text, only ``http``, ``https`` and ``mailto`` links are kept, the schemes are the same
constant) — expressed in Markdown, so the file stays readable and round-trips:

* ``<`` that opens an HTML tag, comment or declaration becomes ``&lt;`` (shown as ``<``); line breaks
  (``<br>``, ``<br/>``) and autolinks to http(s)/mailto addresses stay;
* an inline link or image (``[text](target)``) or a reference definition (``[id]: target``) whose
  target has another scheme (``javascript:``, ``data:``, ``vbscript:`` …, also written with entities,
  backslash escapes or whitespace inside) loses its link syntax: its ``]`` or ``[`` becomes an
  entity, so the text stays and nothing links;
* ``{`` before ``{``, ``%`` or ``:`` becomes ``&#123;``, so neither Liquid (``{{ }}``, ``{% %}``) nor
  kramdown's attribute lists and extensions (``{: onclick=…}``, ``{::nomarkdown}``) see their syntax.

An ``&`` that would begin one of those entities (``&lt;``, ``&#123;``, ``&#91;``, ``&#93;``,
``&amp;``) becomes ``&amp;``, so :func:`restore` — which the importers apply to the Markdown they
read — gives back exactly what the user wrote: an export imported again changes nothing. Every step
works in time linear in the text.
"""

from __future__ import annotations

import html
import json
import re
from typing import Final

#: The link schemes kept, on the pages (nh3's ``url_schemes``) and in exported files alike.
SAFE_SCHEMES: Final = frozenset({"http", "https", "mailto"})

_LOOK = 2048  # how far a link target is looked at
_OURS = re.compile(r"&(?=lt;|#123;|#91;|#93;|amp;)")
_ENTITY = re.compile(r"&(lt|#123|#91|#93|amp);")
_RESTORED = {"lt": "<", "#123": "{", "#91": "[", "#93": "]", "amp": "&"}
_KEEP = re.compile(r"<br\s*/?>|<(?:https?|mailto):[^\s<>\"'`\\]*>", re.IGNORECASE)
_BRACE = re.compile(r"\{(?=[{%:]|$)")
_INLINE_TARGET = re.compile(r"\]\(")
_REFERENCE = re.compile(r"^[ \t]*\[[^\[\]\n]{0,999}\]:", re.MULTILINE)
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")
_PLAIN_YAML = re.compile(r"[\w][\w .,()/+\-]*", re.UNICODE)


def _escape_html(text: str) -> str:
    parts: list[str] = []
    start = 0
    position = text.find("<")
    while position >= 0:
        keep = _KEEP.match(text, position)
        following = text[position + 1 : position + 2]
        if keep is not None:
            position = text.find("<", keep.end())
            continue
        if following and following.isascii() and (following.isalpha() or following in "/!?"):
            parts.append(text[start:position])
            parts.append("&lt;")
            start = position + 1
        position = text.find("<", position + 1)
    parts.append(text[start:])
    return "".join(parts)


def is_safe_target(target: str) -> bool:
    """Whether a link target (as written in Markdown) has no scheme or one of :data:`SAFE_SCHEMES`.

    The target is read as a browser would after Markdown is done with it: entities and backslash
    escapes resolved, whitespace and invisible characters dropped."""
    value = _INVISIBLE.sub("", _BACKSLASH_ESCAPE.sub(r"\1", html.unescape(target))).lstrip("<")
    scheme = _SCHEME.match(value)
    return scheme is None or scheme.group(1).lower() in SAFE_SCHEMES


def _inline_target(text: str, start: int) -> str:
    """The target of an inline link whose ``(`` ends at ``start``: up to the first ``)`` or quote."""
    window = text[start : start + _LOOK]
    ends = [i for i in (window.find(")"), window.find('"'), window.find("'")) if i >= 0]
    return window[: min(ends, default=len(window))]


def _reference_target(text: str, start: int) -> str:
    """The target of a reference definition whose ``]:`` ends at ``start``: the next word, also on
    the next line."""
    window = text[start : start + _LOOK].lstrip()
    return window.split(maxsplit=1)[0] if window.split() else ""


def _defuse_links(text: str) -> str:
    marks: list[tuple[int, str]] = []
    for found in _INLINE_TARGET.finditer(text):
        if not is_safe_target(_inline_target(text, found.end())):
            marks.append((found.start(), "&#93;"))  # the "]" of "](": no link any more
    for found in _REFERENCE.finditer(text):
        if not is_safe_target(_reference_target(text, found.end())):
            opening = text.index("[", found.start())
            marks.append((opening, "&#91;"))
    if not marks:
        return text
    parts: list[str] = []
    start = 0
    for position, entity in sorted(marks):
        parts.append(text[start:position])
        parts.append(entity)
        start = position + 1
    parts.append(text[start:])
    return "".join(parts)


def markdown_text(text: str | None) -> str:
    """``text`` (Markdown a user wrote) with nothing in it that could run where it is published."""
    if not text:
        return ""
    return _BRACE.sub("&#123;", _defuse_links(_escape_html(_OURS.sub("&amp;", text))))


def restore(text: str) -> str:
    """The inverse of :func:`markdown_text`: its five entities back to the characters they stand for
    (one pass, left to right). Applied to Markdown read back, it gives what the user wrote."""
    if "&" not in text:
        return text
    return _ENTITY.sub(lambda found: _RESTORED[found.group(1)], text)


def markdown_line(text: str | None) -> str:
    """:func:`markdown_text` for one line (a heading, a list item, a table cell): each run of line
    breaks becomes one space (other whitespace stays, so the line round-trips)."""
    return markdown_text(_LINE_BREAKS.sub(" ", text or ""))


def markdown_link(title: str | None, url: str | None) -> str:
    """``[title](url)`` with the title inert and its brackets as entities; just the title when the
    URL's scheme is not http, https or mailto. Characters that would end the target are encoded."""
    label = markdown_line(title).replace("[", "&#91;").replace("]", "&#93;")
    target = "".join((url or "").split())
    if not target or not is_safe_target(target):
        return label
    for character, code in (("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        target = target.replace(character, code)
    return f"[{label}]({target})"


def yaml_value(text: str | None) -> str:
    """A front-matter value: plain when it is plainly words, else a double-quoted YAML string; one
    line, made inert like :func:`markdown_line` (a theme may show it unescaped)."""
    value = markdown_line(text)
    if not value or _PLAIN_YAML.fullmatch(value):
        return value
    return json.dumps(value, ensure_ascii=False)
