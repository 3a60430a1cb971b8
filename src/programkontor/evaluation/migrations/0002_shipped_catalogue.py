"""Install OS2's current requirement catalogue (governance model 1.1.0) from the shipped data file.

The file ``evaluation/data/os2-styringsmodel-1.1.0.json`` holds OS2's requirement ids, themes,
levels and recommendation flags with short titles in Programkontor's own words. This migration
reads it with the historical models (so it keeps working when the models change) and records a
"created" history row for every object. ``programkontor import_catalogue`` loads later versions.
"""

import json
from importlib import resources

from django.db import migrations
from django.utils import timezone

DATA_FILE = "os2-styringsmodel-1.1.0.json"
REASON = "Installed with Programkontor"


def _history(apps, name, rows, fields, now):
    historical = apps.get_model("evaluation", f"Historical{name}")
    historical.objects.bulk_create(
        [
            historical(
                **{field: getattr(row, field) for field in fields},
                id=row.pk,
                version=1,
                history_date=now,
                history_type="+",
                history_change_reason=REASON,
            )
            for row in rows
        ]
    )


def install(apps, schema_editor):
    catalogue_model = apps.get_model("evaluation", "Catalogue")
    theme_model = apps.get_model("evaluation", "Theme")
    requirement_model = apps.get_model("evaluation", "Requirement")
    raw = json.loads(
        resources.files("programkontor.evaluation").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    )
    if catalogue_model.objects.filter(standard=raw["standard"], standard_version=raw["version"]).exists():
        return
    now = timezone.now()
    catalogue = catalogue_model.objects.create(
        standard=raw["standard"],
        name=raw["name"],
        standard_version=raw["version"],
        released=raw.get("released", ""),
        report_template_version=raw.get("report_template_version", ""),
        description=raw.get("description", ""),
        levels=raw["levels"],
        is_current=not catalogue_model.objects.filter(standard=raw["standard"], is_current=True).exists(),
        source=raw.get("source", ""),
    )
    _history(
        apps,
        "Catalogue",
        [catalogue],
        [
            "standard",
            "name",
            "standard_version",
            "released",
            "report_template_version",
            "description",
            "levels",
            "is_current",
            "source",
        ],
        now,
    )
    themes = {}
    for order, theme in enumerate(raw["themes"]):
        themes[theme["key"]] = theme_model.objects.create(
            catalogue=catalogue, key=theme["key"], name=theme["name"], order=order
        )
    _history(apps, "Theme", themes.values(), ["catalogue_id", "key", "name", "order"], now)
    requirements = requirement_model.objects.bulk_create(
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
    if any(r.pk is None for r in requirements):  # databases that do not return ids from bulk inserts
        requirements = list(requirement_model.objects.filter(catalogue=catalogue).order_by("order"))
    _history(
        apps,
        "Requirement",
        requirements,
        [
            "catalogue_id",
            "theme_id",
            "code",
            "level",
            "is_recommendation",
            "title",
            "text",
            "guidance",
            "criterion",
            "order",
        ],
        now,
    )


def uninstall(apps, schema_editor):
    catalogue_model = apps.get_model("evaluation", "Catalogue")
    raw = json.loads(
        resources.files("programkontor.evaluation").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    )
    catalogue_model.objects.filter(standard=raw["standard"], standard_version=raw["version"]).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
