"""manage.py generateratings [--users N] [--days D] [--per-day R] [--seed S] [--end-date YYYY-MM-DD]"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from watchb.api.params import positive_int
from watchb.sandbox.ratings_generator import NoMoviesError, generate_ratings


class Command(BaseCommand):
    help = (
        "Create synthetic users (user0001…) and their ratings of the catalogue's movies over the D UTC days "
        "ending with --end-date (yesterday by default). Deterministic for a seed; running it again with the "
        "same arguments adds nothing, since each user rates each movie once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--users", type=positive_int, default=200, help="synthetic users (default 200)")
        parser.add_argument("--days", type=positive_int, default=7, help="days to fill (default 7)")
        parser.add_argument("--per-day", type=positive_int, default=2000, help="ratings per day (default 2000)")
        parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
        parser.add_argument(
            "--end-date",
            type=date.fromisoformat,
            default=None,
            help="last day filled, YYYY-MM-DD (default yesterday, UTC)",
        )

    def handle(self, *args, users, days, per_day, seed, end_date, verbosity, **options):
        last_day = end_date or timezone.now().date() - timedelta(days=1)
        try:
            report = generate_ratings(users=users, days=days, per_day=per_day, seed=seed, last_day=last_day)
        except NoMoviesError as error:
            raise CommandError(str(error)) from None
        if verbosity:
            self.stdout.write(
                f"{report.ratings_inserted} new ratings ({report.ratings_planned} planned) by {users} users "
                f"({report.users_created} new) from {report.first_day} to {report.last_day}."
            )
