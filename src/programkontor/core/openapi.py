"""How the OpenAPI schema (drf-spectacular) describes what the gate does to an answer.

A :class:`~programkontor.core.api.GatedSerializer` leaves a model's ``internal_fields`` out of an
answer for a reader who may only see the published object, so the schema must not call them
required: they are documented, but optional, in every response. Imported by ``CoreConfig.ready``
(an extension registers itself when its class is defined)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension


class GatedSerializerExtension(OpenApiSerializerExtension):  # type: ignore[no-untyped-call]
    target_class = "programkontor.core.api.GatedSerializer"
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "response" and "required" in schema:
            hidden = may_hide(self.target)
            schema["required"] = [
                name for name in schema["required"] if name not in hidden and (hidden or name == "id")
            ]
            if not schema["required"]:
                del schema["required"]
        return schema


def may_hide(serializer: Any) -> set[str]:
    """The fields ``serializer`` may leave out for a reader: its ``may_hide`` (for a model whose
    ``internal_fields`` depend on the row), else the model's ``internal_fields``; an empty set means
    "any field but ``id``" (a model that decides per row and a serializer that does not say)."""
    declared = getattr(serializer, "may_hide", None)
    if declared is not None:
        return set(declared)
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    fields = getattr(model, "internal_fields", ())
    if isinstance(fields, property):
        return set()
    return set(fields) or {""}
