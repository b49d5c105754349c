"""`manage.py sandboxworld`: what the sandbox serves — sizes, overlap, dirty records by kind."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from watchb.sandbox.world import KMDB_DIRT, TMDB_DIRT, build_world


class Command(BaseCommand):
    help = "Describe the sandbox world: films per source, films in both, and the dirty records by kind."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, help="world seed (default: SANDBOX_SEED)")
        parser.add_argument("--size", type=int, help="number of films (default: SANDBOX_MOVIES)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the summary as JSON")

    def handle(self, *args, seed=None, size=None, as_json=False, **options):
        seed = settings.SANDBOX_SEED if seed is None else seed
        size = settings.SANDBOX_MOVIES if size is None else size
        try:
            world = build_world(int(seed), int(size))
        except ValueError as error:
            raise CommandError(f"--size: {error}") from None
        summary = {
            "seed": world.seed,
            "films": len(world.movies),
            "tmdb": len(world.tmdb_movies),
            "kmdb": len(world.kmdb_movies),
            "both": len(world.shared),
            "people": len(world.people),
            "deleted_tmdb_ids": len(world.deleted_tmdb_ids),
            "dirty": {kind: len(ids) for kind, ids in world.dirty.items()},
            "quirks": {kind: len(ids) for kind, ids in world.quirks.items()},
        }
        if as_json:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"seed {summary['seed']}: {summary['films']} films, {summary['tmdb']} in TMDB, "
            f"{summary['kmdb']} in KMDb, {summary['both']} in both; {summary['people']} people"
        )
        for kinds in (TMDB_DIRT, KMDB_DIRT):
            for kind, meaning in kinds.items():
                self.stdout.write(f"  {kind:<24} {len(world.dirty[kind]):>4}  {meaning}")
        for kind, ids in world.quirks.items():
            self.stdout.write(f"  {kind:<24} {len(ids):>4}  (valid quirk)")
