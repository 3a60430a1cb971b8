from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

from programkontor.core.markdown import render_markdown
from programkontor.core.markdown_export import markdown_line, markdown_link, markdown_text

register = template.Library()


@register.filter
def markdown(text: str | None) -> SafeString:
    """Render Markdown to sanitised HTML."""
    return render_markdown(text)


@register.filter
def markdown_inert(text: str | None) -> str:
    """User text made inert for an exported Markdown file (see ``core/markdown_export.py``)."""
    return markdown_text(None if text is None else str(text))


@register.filter
def markdown_inert_line(text: str | None) -> str:
    """:func:`markdown_inert` on one line (headings, list items)."""
    return markdown_line(None if text is None else str(text))


@register.simple_tag
def markdown_link_to(title: Any, url: Any) -> str:
    """``[title](url)`` for an exported Markdown file: inert, and only http(s)/mailto targets
    (else just the title; see ``core/markdown_export.markdown_link``)."""
    return markdown_link(None if title is None else str(title), None if url is None else str(url))


@register.simple_tag(takes_context=True)
def query_with(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    request = context["request"]
    query: QueryDict = request.GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def field_type(bound_field: Any) -> str:
    return type(bound_field.field.widget).__name__


@register.simple_tag
def icon(name: str, label: str = "") -> SafeString:
    """An icon from Det Fælles Designsystem's sprite (decorative unless a label is given)."""
    href = f"{static('vendor/dkfds/img/all-svg-icons.svg')}#{name}"
    if label:
        return format_html(
            '<svg class="icon-svg" focusable="false" role="img" aria-label="{}"><use href="{}"></use></svg>',
            label,
            href,
        )
    return format_html(
        '<svg class="icon-svg" focusable="false" aria-hidden="true"><use href="{}"></use></svg>', href
    )
