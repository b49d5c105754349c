# The recommendations were the rankings app's (rankings 0002 made their tables). This app takes them
# over with their rows: it adopts the three tables in the migration state as they are, renames them
# to its own names, and moves their content types (so permissions, and the admin's history, follow).
# rankings 0003, before this, dropped them from the rankings app's state only.

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ['dailyrecommendations', 'similarmovie', 'userrecommendation']


def move_content_types(source, target):
    """A RunPython function that moves the content types of MOVED from app `source` to `target`.

    One the target app already has (a stale row, say) is left where it is, for
    `remove_stale_contenttypes` to deal with, as Django's own RenameContentType does.
    """

    def move(apps, schema_editor):
        ContentType = apps.get_model('contenttypes', 'ContentType')
        content_types = ContentType.objects.using(schema_editor.connection.alias)
        taken = content_types.filter(app_label=target, model__in=MOVED).values_list('model', flat=True)
        content_types.filter(app_label=source, model__in=MOVED).exclude(model__in=list(taken)).update(app_label=target)
        ContentType.objects.clear_cache()

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalog', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('rankings', '0003_recommendations_move_out'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='DailyRecommendations',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(help_text='the day of ratings it was computed from (the last, for a window)', unique=True)),
                        ('published_at', models.DateTimeField(help_text='when this day was last published')),
                        ('source', models.CharField(blank=True, help_text='what produced it, e.g. "movielens_popular_movies"', max_length=100)),
                    ],
                    options={
                        'verbose_name_plural': 'daily recommendations',
                        'ordering': ['-date'],
                        'get_latest_by': 'date',
                        'abstract': False,
                        'db_table': 'rankings_dailyrecommendations',
                    },
                ),
                migrations.CreateModel(
                    name='SimilarMovie',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('score', models.FloatField()),
                        ('rank', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                        ('movie', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='similar_entries', to='catalog.movie')),
                        ('recommendations', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='similar_movies', to='recommendations.dailyrecommendations')),
                        ('similar', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.movie')),
                    ],
                    options={
                        'ordering': ['recommendations', 'movie', 'rank'],
                        'constraints': [models.UniqueConstraint(fields=('recommendations', 'movie', 'rank'), name='one_similar_per_rank'), models.UniqueConstraint(fields=('recommendations', 'movie', 'similar'), name='one_rank_per_similar')],
                        'db_table': 'rankings_similarmovie',
                    },
                ),
                migrations.CreateModel(
                    name='UserRecommendation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('score', models.FloatField()),
                        ('rank', models.PositiveIntegerField(validators=[django.core.validators.MinValueValidator(1)])),
                        ('because', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.movie')),
                        ('movie', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='catalog.movie')),
                        ('recommendations', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='user_recommendations', to='recommendations.dailyrecommendations')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recommendations', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['recommendations', 'user', 'rank'],
                        'constraints': [models.UniqueConstraint(fields=('recommendations', 'user', 'rank'), name='one_pick_per_rank'), models.UniqueConstraint(fields=('recommendations', 'user', 'movie'), name='one_rank_per_pick')],
                        'db_table': 'rankings_userrecommendation',
                    },
                ),
            ],
            database_operations=[],
        ),
        # Back to the default names (recommendations_*): the tables are renamed, their rows kept.
        migrations.AlterModelTable(name='dailyrecommendations', table=None),
        migrations.AlterModelTable(name='similarmovie', table=None),
        migrations.AlterModelTable(name='userrecommendation', table=None),
        migrations.RunPython(move_content_types('rankings', 'recommendations'), move_content_types('recommendations', 'rankings')),
    ]
