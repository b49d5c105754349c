"""The slots the recommendations fill: the pages call `watchb.rankings.recommendations` when it
exists and show nothing when it does not."""

import importlib.machinery
import sys
import types

import pytest

from watchb.pages import hooks

pytestmark = pytest.mark.django_db


@pytest.fixture
def recommendations_module(monkeypatch):
    """A stand-in `watchb.rankings.recommendations` module; set its functions in the test."""
    module = types.ModuleType(hooks.RECOMMENDATIONS_MODULE)
    module.__spec__ = importlib.machinery.ModuleSpec(hooks.RECOMMENDATIONS_MODULE, loader=None)
    monkeypatch.setitem(sys.modules, hooks.RECOMMENDATIONS_MODULE, module)
    return module


def test_without_a_recommendations_module_the_slots_are_empty(monkeypatch, parasite, alice):
    monkeypatch.setattr(hooks, "RECOMMENDATIONS_MODULE", "watchb.rankings.no_such_module")

    assert hooks.get_similar_movies(parasite) == []
    assert hooks.get_recommendations(alice) == []


def test_the_movie_page_shows_similar_movies_from_the_module(client, recommendations_module, parasite, memories):
    recommendations_module.get_similar_movies = lambda movie: [memories] if movie == parasite else []

    response = client.get(f"/movies/{parasite.pk}/")

    assert response.context["similar_movies"] == [memories]
    assert "Similar movies" in response.text
    assert f'href="/movies/{memories.pk}/"' in response.text


def test_home_shows_recommendations_to_a_logged_in_user_only(client, recommendations_module, alice, parasite, memories):
    memories.because = parasite
    recommendations_module.get_recommendations = lambda user: [memories]

    assert "Because you rated" not in client.get("/").text, "anonymous visitors get none"
    client.force_login(alice)
    response = client.get("/")

    assert response.context["recommendations"] == [memories]
    assert "Because you rated 기생충 …" in response.text
    assert f'href="/movies/{memories.pk}/"' in response.text


def test_a_module_without_the_function_counts_as_none(recommendations_module, parasite):
    assert hooks.get_similar_movies(parasite) == []
