"""Drop four of the rating history table's seven indexes (issue 14): those on ``evaluation``,
``requirement``, ``finding`` and ``history_date``.

No query needs them: the history page and the admin read a rating's history by the rating's id
(``id``, indexed), ordered by date within those few rows; the history's foreign keys are
``db_constraint=False`` with ``on_delete=DO_NOTHING``, so deleting an evaluation, requirement or
finding never looks them up; deleting a user finds their history rows by ``history_user``
(still indexed); privacy's collection reads only the models registered with personal data, which
ratings are not; the full export reads the whole table. Every imported report writes 43 history rows, and each index cost
each row: the history rows of an import are written in about half the time without them.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0006_heatmap_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalrating",
            name="evaluation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="evaluation.evaluation",
                verbose_name="evaluation",
            ),
        ),
        migrations.AlterField(
            model_name="historicalrating",
            name="finding",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                help_text="The machine finding a human accepted or overrode for this light.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="evaluation.finding",
                verbose_name="repository finding",
            ),
        ),
        migrations.AlterField(
            model_name="historicalrating",
            name="history_date",
            field=models.DateTimeField(),
        ),
        migrations.AlterField(
            model_name="historicalrating",
            name="requirement",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="evaluation.requirement",
                verbose_name="requirement",
            ),
        ),
    ]
