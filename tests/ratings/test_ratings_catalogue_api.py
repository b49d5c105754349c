"""The catalogue's read API: movies with their average rating, search in Korean and English."""

from django.utils import timezone


def test_a_movie_shows_its_average_rating_and_count(anonymous, movie, make_user, rate):
    for name, stars in [("a", 5), ("b", 4), ("c", 4)]:
        rate(make_user(name), movie, stars, timezone.now())

    body = anonymous.get(f"/api/movies/{movie.pk}/").json()

    assert (body["title"], body["title_en"], body["year"]) == ("기생충", "Parasite", 2019)
    assert body["average_rating"] == 4.33
    assert body["rating_count"] == 3


def test_an_unrated_movie_has_no_average(anonymous, movie):
    body = anonymous.get(f"/api/movies/{movie.pk}/").json()

    assert (body["average_rating"], body["rating_count"]) == (None, 0)


def test_search_finds_a_movie_by_its_korean_or_english_title(anonymous, movie, make_movie):
    make_movie("괴물", title_en="The Host")

    by_korean = anonymous.get("/api/movies/", {"search": "기생"}).json()
    by_english = anonymous.get("/api/movies/", {"search": "parasite"}).json()

    assert [m["id"] for m in by_korean["results"]] == [movie.pk]
    assert [m["id"] for m in by_english["results"]] == [movie.pk]


def test_movie_lists_are_paged(anonymous, make_movie):
    for n in range(25):
        make_movie(f"영화 {n}", title_en=f"Film {n}")

    first = anonymous.get("/api/movies/", {"search": "film"}).json()
    second = anonymous.get(first["next"]).json()

    assert first["count"] == 25
    assert len(first["results"]) == 20 and len(second["results"]) == 5
    assert not {m["id"] for m in first["results"]} & {m["id"] for m in second["results"]}


def test_the_catalogue_is_read_only(client_for, alice, movie):
    assert client_for(alice).delete(f"/api/movies/{movie.pk}/").status_code == 405
    assert client_for(alice).post("/api/movies/", {"title": "x"}, format="json").status_code == 405


def test_an_unknown_movie_is_a_404(anonymous, db):
    assert anonymous.get("/api/movies/424242/").status_code == 404


def test_the_openapi_schema_and_docs_are_served(anonymous, db):
    schema = anonymous.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ["/ratings", "/movies", "/api/ratings/", "/api/movies/", "/api/reviews/", "/api/auth/signup/"]:
        assert path in paths
    assert paths["/ratings"]["get"]["security"] == [{"basicAuth": []}]
    assert anonymous.get("/api/docs/").status_code == 200


def test_the_catalogue_s_own_views_answer_without_what_users_add(movie, person):
    from rest_framework.test import APIRequestFactory

    from watchb.catalog.api.views import MovieViewSet, PersonViewSet

    request = APIRequestFactory().get("/")
    movie_body = MovieViewSet.as_view({"get": "retrieve"})(request, pk=movie.pk).data
    person_body = PersonViewSet.as_view({"get": "retrieve"})(request, pk=person.pk).data

    assert (movie_body["title_en"], movie_body["genres"]) == ("Parasite", [])
    assert not {"average_rating", "rating_count"} & set(movie_body)
    assert person_body["name_en"] == "Bong Joon-ho" and "like_count" not in person_body
