"""The API's shared machinery: the permission gate, optimistic locking with ETags, pagination.

A concrete endpoint is a few declarative lines (see ``portfolio/api.py``): a model, a
serializer, a filter set, the add-permission and which fields are parents. Reads go through
``restrict(user, "view")``; writes need ``change`` on the object (or the add-permission), call
the core services, and must name the version they change: ``If-Match: "<version>"`` (stale →
412) or ``"version"`` in the body (stale → 409). Without either the write is refused with 428.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from programkontor.core import gate, services
from programkontor.core.api_gate import ObjectGatePermission, Pagination

__all__ = ["GatedSerializer", "GatedViewSet", "ObjectGatePermission", "Pagination", "endpoint"]

_T = TypeVar("_T")


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The object has changed since you read it (the ETag does not match)."
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = 'Say which version you change: send If-Match: "<version>" or "version" in the body.'
    default_code = "precondition_required"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The object has changed since you read it (the version does not match)."
    default_code = "conflict"


def _django_errors(exc: DjangoValidationError) -> ValidationError:
    if hasattr(exc, "error_dict"):
        return ValidationError(
            {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        )
    return ValidationError({"non_field_errors": exc.messages})


class GatedListSerializer(serializers.ListSerializer):  # type: ignore[type-arg]
    """Works out, with one query per page, which rows the reader may see internally."""

    def to_representation(self, data: Any) -> list[Any]:
        rows = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        child = self.child
        if rows and "internal_ids" not in self.context and isinstance(child, GatedSerializer):
            model = type(rows[0])
            user = self.context["request"].user if "request" in self.context else None
            q = gate.scope_q(model, user, "view_internal")
            ids = [row.pk for row in rows]
            visible = (
                ids
                if q is gate.EVERYTHING
                else model._default_manager.filter(q, pk__in=ids).values_list("pk", flat=True)
            )
            self.context["internal_ids"] = set(visible)  # type: ignore[index]
        return super().to_representation(rows)


class GatedSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A model serializer that hides internal fields from readers who may only see published data,
    limits the related objects a writer may pick, and carries the object's version."""

    version = serializers.IntegerField(
        required=False, help_text="The version you change (optimistic locking)."
    )

    #: Foreign keys a new or changed row hangs on: the writer must be allowed to change the target.
    parent_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        list_serializer_class = GatedListSerializer
        read_only_fields: tuple[str, ...] = ("id", "created_at", "updated_at")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None or request.method in permissions.SAFE_METHODS:
            return
        instance = self.instance if isinstance(self.instance, models.Model) else None
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if (
                isinstance(field, serializers.PrimaryKeyRelatedField)
                and not field.read_only
                and queryset is not None
            ):
                action = "change" if name in self.parent_fields else "view"
                current = getattr(instance, f"{name}_id", None) if instance else None
                field.queryset = gate.choices(queryset.model, request.user, action, current)  # type: ignore[arg-type]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        internal_ids = self.context.get("internal_ids")
        if internal_ids is None:
            request = self.context.get("request")
            internal = gate.allows(request.user if request else None, "view_internal", instance)
        else:
            internal = instance.pk in internal_ids
        if not internal:
            for name in getattr(instance, "internal_fields", ()):
                data.pop(name, None)
        return data


class GatedViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """CRUD through the gate and the services. Subclasses declare the model and their parts."""

    # (The docstring is the schema's description of every endpoint that has none of its own.)
    # The model is the serializer's unless a subclass names ``gate_model``; the permission to
    # create one is the model's ``<app>.add_<model>`` unless a subclass names ``add_permission``.

    gate_model: ClassVar[type[models.Model]]
    add_permission: ClassVar[str]
    select_related: ClassVar[tuple[str, ...]] = ()
    prefetch_related: ClassVar[tuple[Any, ...]] = ()
    #: False: DELETE archives instead of deleting (objects that other records refer to).
    hard_delete: ClassVar[bool] = True
    lookup_value_regex = r"[0-9]+"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__
        if "serializer_class" in own and "gate_model" not in own:
            cls.gate_model = own["serializer_class"].Meta.model
        if ("serializer_class" in own or "gate_model" in own) and "add_permission" not in own:
            cls.add_permission = f"{cls.gate_model._meta.app_label}.add_{cls.gate_model._meta.model_name}"

    def get_queryset(self) -> Any:
        queryset = gate.restrict(self.gate_model, self.request.user, "view")
        if self.select_related:
            queryset = queryset.select_related(*self.select_related)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        return queryset.order_by(*(self.gate_model._meta.ordering or ["pk"]), "pk")

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    #: What the creator must be allowed on a new row (see ``core.services.create``).
    creator_may: ClassVar[gate.Action] = "change"

    def _expected_version(self, request: Request) -> tuple[int, type[APIException]]:
        """The version the client changes, and the error a stale one gets: ``If-Match`` → 412,
        ``"version"`` in the body → 409, neither → 428."""
        if_match = request.headers.get("If-Match")
        if if_match:
            tags = parse_etags(if_match)
            value = tags[0].removeprefix("W/").strip('"') if len(tags) == 1 else ""
            if not value.isdigit():
                raise ValidationError({"If-Match": _('Use the ETag you read, e.g. "3".')})
            return int(value), PreconditionFailed
        version = request.data.get("version") if hasattr(request.data, "get") else None
        if version is None:
            raise PreconditionRequired()
        try:
            return int(version), Conflict
        except (TypeError, ValueError) as exc:
            raise ValidationError({"version": _("A whole number.")}) from exc

    def expected(self, instance: Any) -> int:
        """The version the client changes, which must be ``instance``'s current one."""
        expected, stale_error = self._expected_version(self.request)
        if instance.version != expected:
            raise stale_error()
        return expected

    def run(self, write: Callable[[], _T]) -> _T:
        """Run a write in one transaction and turn the domain's refusals into API answers: a stale
        version 412/409, a refusal with a reason 403 (the reason kept), a protected row 409, a broken
        rule 400 with the fields it names."""
        try:
            with transaction.atomic():
                return write()
        except services.ConflictError as exc:
            raise (PreconditionFailed if self.request.headers.get("If-Match") else Conflict)() from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or None) from exc
        except ProtectedError as exc:
            raise Conflict(_("Other records still refer to this object.")) from exc
        except DjangoValidationError as exc:
            raise _django_errors(exc) from exc

    # The writes, in hooks a subclass overrides for its domain services.

    def create_object(self, fields: dict[str, Any]) -> Any:
        return services.create(
            self.gate_model, actor=self.request.user, fields=fields, creator_may=self.creator_may
        )

    def update_object(self, instance: Any, expected: int, changes: dict[str, Any]) -> Any:
        return services.update(instance, actor=self.request.user, expected_version=expected, changes=changes)

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        """Delete (or, without ``hard_delete``, archive) the row at ``expected_version``."""
        if self.hard_delete:
            services.delete(instance, actor=self.request.user, expected_version=expected_version)
        else:
            services.set_archived(
                instance, actor=self.request.user, expected_version=expected_version, archived=True
            )

    @staticmethod
    def written_fields(serializer: Any, *, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
        return {k: v for k, v in serializer.validated_data.items() if k not in ("version", *leave_out)}

    def perform_create(self, serializer: Any) -> None:
        fields = self.written_fields(serializer)
        serializer.instance = self.run(lambda: self.create_object(fields))

    def perform_update(self, serializer: Any) -> None:
        instance = serializer.instance
        expected = self.expected(instance)
        changes = self.written_fields(serializer)
        self.run(lambda: self.update_object(instance, expected, changes))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().update(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = f'"{response.data["version"]}"'
        return response

    def perform_destroy(self, instance: models.Model) -> None:
        expected = self.expected(instance)
        # In one transaction: whatever the hook removes first (children) is undone if the version
        # check or a protected reference refuses the delete.
        self.run(lambda: self.destroy_object(instance, expected))


def endpoint(
    serializer_class: type[serializers.ModelSerializer],  # type: ignore[type-arg]
    filterset_class: type[Any],
    *,
    base: type[GatedViewSet] = GatedViewSet,
    **options: Any,
) -> type[GatedViewSet]:
    """A plain endpoint in one line: the serializer's model through the gate, filtered by
    ``filterset_class``; ``options`` are the class attributes (``select_related``, ``hard_delete``,
    ``add_permission``, ...). An endpoint with behaviour of its own stays a class."""
    model: type[models.Model] = serializer_class.Meta.model
    attrs = {
        "__module__": f"{model._meta.app_config.name}.api",
        "__qualname__": f"{model.__name__}ViewSet",
        "serializer_class": serializer_class,
        "filterset_class": filterset_class,
        **options,
    }
    return type(f"{model.__name__}ViewSet", (base,), attrs)
