"""Each row's `as_of`: the moment on Thinkific its content reflects, so that an older
event never overwrites it. Rows already stored take their last-seen time."""

from django.db import migrations, models
from django.db.models import F

MODELS = ("indexedenrollment", "indexedinstructor", "indexedname", "indexedorder", "indexeduser")


def from_seen_at(apps, schema_editor):
    for name in MODELS:
        apps.get_model("index", name).objects.update(as_of=F("seen_at"))


class Migration(migrations.Migration):
    dependencies = [("index", "0002_search")]

    operations = [
        *(
            migrations.AddField(
                model_name=name, name="as_of", field=models.DateTimeField(blank=True, null=True)
            )
            for name in MODELS
        ),
        migrations.RunPython(from_seen_at, migrations.RunPython.noop),
    ]
