"""Writing a mail: its subject, plain text and HTML from three templates, in the site's language, with
absolute links (``SITE_URL``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


def absolute(path: str) -> str:
    """``path`` (``/styring/...``) as an address a mail reader can open."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.PROGRAMKONTOR_SITE_URL}{path}"


def compose(template: str, context: Mapping[str, object]) -> Mail:
    """``<template>_subject.txt``, ``<template>.txt`` and ``<template>.html``, rendered in Danish."""
    values = {
        "site_name": settings.PROGRAMKONTOR_SITE_NAME,
        "site_url": settings.PROGRAMKONTOR_SITE_URL,
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", values).split())
        text = render_to_string(f"{template}.txt", values).strip() + "\n"
        html = render_to_string(f"{template}.html", values)
    return Mail(subject=subject[:300], text=text, html=html)


def address_of(user: object) -> str:
    """The user's e-mail address, else their person's."""
    own = str(getattr(user, "email", "") or "")
    person = getattr(user, "person", None)
    return own or str(getattr(person, "email", "") or "")
