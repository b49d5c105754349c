# DailyRanking's date, published_at and source now come from the PublishedDay it shares with the
# recommendations; only the date's help text changed.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('rankings', '0003_recommendations_move_out'),
    ]

    operations = [
        migrations.AlterField(
            model_name='dailyranking',
            name='date',
            field=models.DateField(help_text='the day of ratings it was computed from (the last, for a window)', unique=True),
        ),
    ]
