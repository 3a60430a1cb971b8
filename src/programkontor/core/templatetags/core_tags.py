from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.safestring import SafeString

from programkontor.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str | None) -> SafeString:
    """Render Markdown to sanitised HTML."""
    return render_markdown(text)


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
