import json

import pytest
from django.core.management import CommandError, call_command


def test_the_summary_counts_films_per_source_and_dirty_kinds(capsys, world):
    call_command("sandboxworld", "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["films"] == 300
    assert summary["both"] == len(world.shared)
    assert summary["dirty"] == {kind: len(ids) for kind, ids in world.dirty.items()}


def test_a_size_below_one_is_refused():
    with pytest.raises(CommandError, match="--size: a sandbox world holds 1 to 90000 movies, not 0"):
        call_command("sandboxworld", "--size", "0")
