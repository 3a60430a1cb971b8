"""Install the previous generation of OS2's governance model (Programkontor's version 1.0) beside the
current one, from the shipped data file, so that reports written for it can be imported against it.

The file ``evaluation/data/os2-styringsmodel-1.0.json`` holds its requirement ids (R1-R5, F1-F22,
S1-S4, G1-G14), themes, levels 0-3 and recommendation flags, taken from products' governance reports
in the previous template, with short titles in Programkontor's own words. It is an older version: it
is never made the current one. Like migration 0002 it uses the historical models and records a
"created" history row for every object.
"""

import datetime
import importlib
import json
from importlib import resources

from django.db import migrations
from django.utils import timezone

DATA_FILE = "os2-styringsmodel-1.0.json"
PREVIOUS_CREATED = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)

_history = importlib.import_module("programkontor.evaluation.migrations.0002_shipped_catalogue")._history


def _data():
    return json.loads(
        resources.files("programkontor.evaluation").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    )


def install(apps, schema_editor):
    catalogue_model = apps.get_model("evaluation", "Catalogue")
    theme_model = apps.get_model("evaluation", "Theme")
    requirement_model = apps.get_model("evaluation", "Requirement")
    raw = _data()
    if catalogue_model.objects.filter(standard=raw["standard"], standard_version=raw["version"]).exists():
        return
    now = timezone.now()
    fields = {
        "standard": raw["standard"],
        "name": raw["name"],
        "standard_version": raw["version"],
        "released": raw.get("released", ""),
        "report_template_version": raw.get("report_template_version", ""),
        "description": raw.get("description", ""),
        "levels": raw["levels"],
        "is_current": False,
        "source": raw.get("source", ""),
    }
    catalogue = catalogue_model.objects.create(**fields)
    # An older version: dated before the current one, so lists and "what changed" order it first.
    catalogue_model.objects.filter(pk=catalogue.pk).update(created_at=PREVIOUS_CREATED)
    catalogue.created_at = PREVIOUS_CREATED
    _history(apps, "Catalogue", [catalogue], list(fields), now)
    themes = {}
    for order, theme in enumerate(raw["themes"]):
        themes[theme["key"]] = theme_model.objects.create(
            catalogue=catalogue, key=theme["key"], name=theme["name"], order=order
        )
    _history(apps, "Theme", themes.values(), ["catalogue_id", "key", "name", "order"], now)
    requirement_model.objects.bulk_create(
        [
            requirement_model(
                catalogue=catalogue,
                theme=themes[item["theme"]],
                code=item["id"],
                level=item["level"],
                is_recommendation=item.get("recommendation", False),
                title=item["title"],
                text=item.get("text", ""),
                guidance=item.get("guidance", ""),
                criterion=item.get("criterion", ""),
                order=order,
            )
            for order, item in enumerate(raw["requirements"])
        ]
    )
    requirements = list(requirement_model.objects.filter(catalogue=catalogue).order_by("order"))
    _history(
        apps,
        "Requirement",
        requirements,
        ["catalogue_id", "theme_id", "code", "level", "is_recommendation", "title", "text", "guidance",
         "criterion", "order"],
        now,
    )  # fmt: skip


def uninstall(apps, schema_editor):
    raw = _data()
    catalogue_model = apps.get_model("evaluation", "Catalogue")
    catalogue_model.objects.filter(standard=raw["standard"], standard_version=raw["version"]).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_unresolved_cells")]

    operations = [migrations.RunPython(install, uninstall)]
