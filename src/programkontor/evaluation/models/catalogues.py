"""Requirement catalogues: versioned sets of requirements, grouped in themes, each at a level."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import TrackedModel
from programkontor.evaluation.formats.catalogue import (
    CatalogueData,
    Level,
    RequirementData,
    ThemeData,
)


def validate_levels(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError(_("Levels must be a non-empty list of {key, label} objects."))
    keys = []
    for item in value:
        if not (
            isinstance(item, dict) and isinstance(item.get("key"), str) and isinstance(item.get("label"), str)
        ):
            raise ValidationError(_("Each level needs a key and a label."))
        keys.append(item["key"])
    if len(set(keys)) != len(keys):
        raise ValidationError(_("A level appears twice."))


class Catalogue(TrackedModel):
    """One version of a standard's requirement catalogue (OS2's governance model 1.1.0, ...).

    Evaluations point at the version they used; a new version is imported beside the old ones and
    made current, and comparisons across versions map requirements by their id.
    """

    standard = models.SlugField(
        _("standard"), max_length=60, help_text=_("The same for every version of one standard.")
    )
    name = models.CharField(_("name"), max_length=200)
    #: The standard's version number, e.g. "1.1.0" (``version`` is the row's optimistic-locking counter).
    standard_version = models.CharField(_("version"), max_length=30)
    released = models.CharField(_("released"), max_length=60, blank=True)
    report_template_version = models.CharField(
        _("report template version"),
        max_length=30,
        blank=True,
        help_text=_("The version of the evaluation report template the criteria come from."),
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    levels = models.JSONField(_("levels"), default=list, validators=[validate_levels])
    is_current = models.BooleanField(
        _("current"),
        default=False,
        help_text=_("New self-evaluations and evaluations use the current version."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["standard", "-created_at", "-pk"]
        verbose_name = _("requirement catalogue")
        verbose_name_plural = _("requirement catalogues")
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "standard_version"], name="evaluation_catalogue_version_unique"
            ),
            models.UniqueConstraint(
                fields=["standard"], condition=Q(is_current=True), name="evaluation_one_current_catalogue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.standard_version}"

    def get_absolute_url(self) -> str:
        return reverse("evaluation:catalogue_detail", kwargs={"pk": self.pk})

    @property
    def level_keys(self) -> list[str]:
        return [level["key"] for level in self.levels]

    def level_label(self, key: str) -> str:
        return next((level["label"] for level in self.levels if level["key"] == key), key)

    def data(self) -> CatalogueData:
        """The catalogue as plain data for scoring, parsers and exports (two queries, then cached)."""
        cached: CatalogueData | None = getattr(self, "_data", None)
        if cached is None:
            themes = list(self.themes.all())
            keys = {theme.pk: theme.key for theme in themes}
            cached = CatalogueData(
                standard=self.standard,
                name=self.name,
                version=self.standard_version,
                levels=tuple(Level(level["key"], level["label"]) for level in self.levels),
                themes=tuple(ThemeData(theme.key, theme.name) for theme in themes),
                requirements=tuple(
                    RequirementData(
                        code=r.code,
                        theme=keys[r.theme_id],
                        level=r.level,
                        title=r.title,
                        recommendation=r.is_recommendation,
                        text=r.text,
                        guidance=r.guidance,
                        criterion=r.criterion,
                    )
                    for r in self.requirements.order_by("order", "pk")
                ),
                released=self.released,
                report_template_version=self.report_template_version,
                description=self.description,
                source=self.source,
            )
            self._data = cached
        return cached


class Theme(TrackedModel):
    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("catalogue"), on_delete=models.CASCADE, related_name="themes"
    )
    key = models.SlugField(_("key"), max_length=60)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["catalogue", "order", "pk"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "key"], name="evaluation_theme_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.catalogue.get_absolute_url()


class Requirement(TrackedModel):
    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("catalogue"), on_delete=models.CASCADE, related_name="requirements"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="requirements"
    )
    code = models.CharField(_("id"), max_length=10, help_text=_("OS2's id, e.g. F12."))
    level = models.CharField(_("level"), max_length=20)
    is_recommendation = models.BooleanField(_("recommendation"), default=False)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("official text"), blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    criterion = models.TextField(_("assessment criterion"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["catalogue", "order", "pk"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="evaluation_requirement_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.catalogue_id and self.level and self.level not in self.catalogue.level_keys:
            raise ValidationError({"level": _("The catalogue has no such level.")})
        if self.theme_id and self.catalogue_id and self.theme.catalogue_id != self.catalogue_id:
            raise ValidationError({"theme": _("The theme belongs to another catalogue.")})

    def get_absolute_url(self) -> str:
        return self.catalogue.get_absolute_url()
