"""Issue 10, "schemathesis": the API as its OpenAPI schema (`/api/schema/`) describes it, fuzzed over
real HTTP against a live server. Every operation gets schemathesis's coverage cases (each parameter's
boundaries and wrong types, missing and extra fields, other methods) and generated examples, valid and
invalid; reads are sent signed in and anonymous by turns, publishing as the publisher and the
MovieLens export as the export user. No answer may be a server error, and every answer must be one
the schema documents: its status code, its content type and its body.

Bounded and reproducible: a fixed number of generated examples per operation (`FUZZ_EXAMPLES`),
derandomized, so CI sends the same cases each time. The request rates and the budget of wrong
passwords are raised for this test only (the fuzzer is one client sending thousands of requests);
the site's own stay as they are."""

import collections
import datetime
import io

import hypothesis
import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from security_helpers import PASSWORD, basic_auth

#: Generated examples per operation, on top of schemathesis's coverage phase (boundary and invalid values
#: of every parameter, about 50 cases an operation); with the schema's 54 operations, about 3,300 cases
#: in two or three minutes.
FUZZ_EXAMPLES = 10
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
PUBLISH_TOKEN = "fuzz-publish-token"

schema = schemathesis.pytest.from_fixture("api_schema")
#: Cases sent and their answers' statuses, printed at the end of the module (the issue's "inputs fuzzed").
SENT = collections.Counter()
READS = collections.Counter()


@pytest.fixture
def fuzz_site(live_server, make_user, make_movie, monkeypatch, settings):
    """A live site with a little of everything (a published day included), so that ids in paths and
    filters find real rows and the reads answer with bodies to check against the schema."""
    from watchb.catalog.models import Credit, Genre, Person
    from watchb.rankings.publishing import publish_ranking
    from watchb.ratings.models import Follow, ListEntry, Rating, Review
    from watchb.recommendations.publishing import publish_recommendations

    # The fuzzer is one client sending thousands of requests, wrong passwords among them: the rates
    # (which DRF's throttles read at import, so they are raised on the class) and the budget of
    # wrong passwords are raised for this test only.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", dict.fromkeys(["anon", "user", "auth"], "100000/minute"))
    settings.LOGIN_FAILURE_LIMIT = 100000
    fan, critic = make_user("fan"), make_user("critic")
    exporter = make_user("exporter")
    exporter.user_permissions.add(Permission.objects.get(content_type__app_label="ratings", codename="export"))
    call_command("createpublisher", "pipeline", token=PUBLISH_TOKEN, stdout=io.StringIO())
    drama = Genre.objects.create(name="Drama", tmdb_id=18)
    # A person with no photo: stored blank, which the schema must allow.
    director = Person.objects.create(name="봉준호", name_en="Bong Joon-ho", tmdb_id=21684)
    movies = [make_movie(f"Movie {n}", release_date=datetime.date(2019, 5, 30)) for n in range(3)]
    for movie in movies:
        movie.genres.add(drama)
        Credit.objects.create(movie=movie, person=director, job="director")
        Rating.objects.create(user=critic, movie=movie, rating=4.5)
        Review.objects.create(user=critic, movie=movie, text="A review.")
        ListEntry.objects.create(user=critic, movie=movie, kind=ListEntry.Kind.WISH)
    Follow.objects.create(follower=critic, followee=fan)
    day = datetime.date(2026, 11, 29)
    ranked = {"avg_rating": 4.5, "num_ratings": 2, "weighted_rating": 4.1}
    publish_ranking(day, [{"movie_id": m.pk, "rank": n, **ranked} for n, m in enumerate(movies, 1)])
    first, second = movies[0].pk, movies[1].pk
    publish_recommendations(
        day,
        [{"movie_id": first, "similar_id": second, "score": 0.9, "rank": 1}],
        [{"user_id": fan.pk, "movie_id": first, "because_id": second, "score": 0.8, "rank": 1}],
    )
    return {"url": live_server.url, "fan": Token.objects.create(user=fan).key, "exporter": exporter}


@pytest.fixture
def api_schema(fuzz_site):
    return schemathesis.openapi.from_url(f"{fuzz_site['url']}/api/schema/")


def authorization(case, site) -> dict:
    """The headers a case is sent with: the export user's for the export, the publisher's for
    publishing; otherwise the signed-in fan's, but every other read anonymous (no header), so both
    sides of "Who may read what" are fuzzed. Alternating in the order cases come keeps runs alike."""
    path, method = case.operation.path, case.method.upper()
    if path in ("/ratings", "/movies"):
        return {"Authorization": basic_auth(site["exporter"].username, PASSWORD)["HTTP_AUTHORIZATION"]}
    if path.startswith(("/api/rankings/", "/api/recommendations/")) and method in ("PUT", "POST"):
        return {"Authorization": f"Token {PUBLISH_TOKEN}"}
    READS[case.operation.label] += method == "GET"
    if READS[case.operation.label] % 2:
        return {}
    return {"Authorization": f"Token {site['fan']}"}


@pytest.mark.fuzz
@pytest.mark.django_db(transaction=True)
@schema.parametrize()
@hypothesis.settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(hypothesis.HealthCheck),
    database=None,
)
def test_api_fuzz_no_server_errors_and_every_answer_as_documented(case, fuzz_site):
    response = case.call_and_validate(headers=authorization(case, fuzz_site), checks=CHECKS)
    SENT[response.status_code] += 1


@pytest.fixture(scope="module", autouse=True)
def report_cases_sent(request):
    yield
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter and capture and SENT:
        statuses = ", ".join(f"{code}: {count}" for code, count in sorted(SENT.items()))
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\napi fuzz: {SENT.total()} cases sent; statuses {statuses}")
