# The recommendations became their own app: watchb.recommendations takes over these three models
# and their tables and rows (its 0001_initial renames the tables), so here they leave only the
# migration state; the database is not touched.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('rankings', '0002_recommendations'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='UserRecommendation'),
                migrations.DeleteModel(name='SimilarMovie'),
                migrations.DeleteModel(name='DailyRecommendations'),
            ],
            database_operations=[],
        ),
    ]
