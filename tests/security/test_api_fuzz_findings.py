"""Issue 10, "schemathesis": what the fuzzer found, each as a plain example (test_api_fuzz.py runs the
fuzzer itself). Server errors on ids and counts too big for the database, answers the schema did not
describe, and a 404 that was an HTML page under the API."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient


@pytest.fixture
def publisher(make_user):
    user = make_user("pipeline")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="rankings", codename="publish"))
    client = APIClient()
    client.force_authenticate(user)
    return client


def openapi():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("movieId", 2**64, f"Must be at most {2**63 - 1}."),
        ("rank", 2**40, f"Must be at most {2**31 - 1}."),
        ("num_ratings", 2**31, f"Must be at most {2**31 - 1}."),
    ],
)
def test_api_fuzz_publish_numbers_too_big_for_the_database_are_400s(publisher, make_movie, key, value, message):
    entry = {"movieId": make_movie().pk, "avg_rating": 4.0, "num_ratings": 3, "weighted_rating": 3.9, "rank": 1}

    response = publisher.put("/api/rankings/2026-11-29/", {"results": [{**entry, key: value}]}, format="json")

    assert response.status_code == 400
    assert response.json() == {f"results[0].{key}": [message]}


def test_api_fuzz_recommendations_ids_too_big_for_the_database_are_400s(publisher, make_movie):
    movie = make_movie().pk
    body = {"similar": [{"movieId": movie, "similarId": 2**70, "score": 0.5}], "users": []}

    response = publisher.put("/api/recommendations/2026-11-29/", body, format="json")

    assert response.status_code == 400 and list(response.json()) == ["similar[0].similarId"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/movies/0.5/", "/api/ratings/1.2/", "/api/no-such-thing/"])
def test_api_fuzz_unrouted_api_paths_are_json_404s(anonymous, path):
    response = anonymous.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


@pytest.mark.django_db
def test_api_fuzz_unrouted_pages_stay_html_404s(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_api_fuzz_a_person_without_photo_has_null_not_an_empty_url(anonymous):
    from watchb.catalog.models import Person

    person = Person.objects.create(name="봉준호", tmdb_id=21684)
    photo_schema = openapi()["components"]["schemas"]["Person"]["properties"]["photo"]

    assert anonymous.get(f"/api/people/{person.pk}/").json()["photo"] is None
    assert photo_schema == {"type": "string", "format": "uri", "readOnly": True, "nullable": True}


def test_api_fuzz_a_new_review_says_it_has_no_likes(client_for, alice, make_movie):
    response = client_for(alice).post("/api/reviews/", {"movie": make_movie().pk, "text": "Tense."}, format="json")

    assert response.status_code == 201 and response.json()["like_count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "codes"),
    [
        ("get", "/api/movies/", {"200", "400", "401", "404", "429"}),
        ("get", "/api/movies/{id}/", {"200", "401", "404", "429"}),
        ("post", "/api/ratings/", {"201", "400", "401", "403", "413", "429", "503"}),
        ("delete", "/api/ratings/{id}/", {"204", "401", "403", "404", "429", "503"}),
        ("get", "/ratings", {"200", "400", "401", "403", "429"}),
    ],
)
def test_api_fuzz_the_schema_documents_the_shared_error_answers(method, path, codes):
    schema = openapi()
    responses = schema["paths"][path][method]["responses"]

    assert set(responses) == codes
    assert responses["401"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorDetail"}
    assert schema["components"]["schemas"]["ErrorDetail"]["required"] == ["detail"]


def test_api_fuzz_the_largest_count_a_database_keeps_still_publishes(publisher, make_movie):
    """The bounds refuse only numbers no database keeps."""
    entry = {"movieId": make_movie().pk, "avg_rating": 4.0, "num_ratings": 2**31 - 1, "weighted_rating": 3.9, "rank": 1}

    assert publisher.put("/api/rankings/2026-11-29/", {"results": [entry]}, format="json").status_code == 201


@pytest.mark.parametrize("sent", [{}, {"email": ""}, {"email": None}])
def test_api_fuzz_a_sign_up_without_email_has_null_not_an_empty_address(anonymous, fast_passwords, db, sent):
    body = {"username": "trend", "password": "correct horse battery", **sent}

    response = anonymous.post("/api/auth/signup/", body, format="json")

    assert response.status_code == 201 and response.json()["email"] is None
    assert openapi()["components"]["schemas"]["SignUp"]["properties"]["email"]["nullable"] is True


def test_api_fuzz_a_sign_up_email_is_still_checked(anonymous, db):
    body = {"username": "trend", "password": "correct horse battery", "email": "not an address"}

    response = anonymous.post("/api/auth/signup/", body, format="json")

    assert response.status_code == 400 and list(response.json()) == ["email"]
