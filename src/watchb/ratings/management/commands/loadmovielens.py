"""manage.py loadmovielens PATH"""

from django.core.management.base import BaseCommand, CommandError

from watchb.ratings.movielens import MovieLensFormatError, load_movielens


class Command(BaseCommand):
    help = (
        "Load a MovieLens CSV release folder (movies.csv, ratings.csv, links.csv) that you downloaded: movies "
        "are linked to the catalogue by tmdbId (missing ones are created), user n becomes 'ml<n>'. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the release folder, e.g. ml-latest-small/")

    def handle(self, *args, path, verbosity, **options):
        try:
            report = load_movielens(path)
        except MovieLensFormatError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            self.stdout.write(report.summary())
