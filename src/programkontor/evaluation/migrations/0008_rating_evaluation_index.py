"""Drop the ratings' own index on ``evaluation`` (issue 14).

The unique constraint (evaluation, requirement) and ``rating_lights`` (evaluation, requirement, light)
both begin with the column, so they serve every lookup by evaluation and the cascade when an
evaluation is deleted; an import writes 43 ratings per report and kept a third index for nothing.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0007_history_rating_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="rating",
            name="evaluation",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="ratings",
                to="evaluation.evaluation",
                verbose_name="evaluation",
            ),
        ),
    ]
