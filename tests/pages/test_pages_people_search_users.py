"""Person, search and user pages."""

import pytest

from watchb.ratings.models import ListEntry, Review

pytestmark = pytest.mark.django_db


def test_a_person_page_lists_their_films_by_job(client, parasite, memories):
    bong = parasite.credits.get(job="director").person
    memories.credits.create(person=bong, job="director")

    response = client.get(f"/people/{bong.pk}/")

    assert response.status_code == 200
    page = response.text
    assert "<h1>봉준호</h1>" in page and "Bong Joon-ho" in page
    assert "Directed <span" in page and "Wrote <span" in page and "Acted in" not in page
    directed = page[page.index("Directed") : page.index("Wrote")]
    assert directed.index("기생충") < directed.index("살인의 추억"), "newest first"
    assert f'href="/movies/{memories.pk}/"' in page


def test_an_unknown_person_is_a_404(client):
    assert client.get("/people/999999/").status_code == 404


@pytest.mark.parametrize("query", ["기생충", "parasite", "PARA"])
def test_search_finds_korean_and_english_titles(client, parasite, memories, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert f'href="/movies/{parasite.pk}/">기생충</a>' in response.text
    assert "살인의 추억" not in response.text


def test_search_lists_people_too(client, parasite):
    page = client.get("/search/", {"q": "Bong"}).text

    assert ">봉준호</a>" in page


def test_search_results_are_paged(client, make_movie):
    for number in range(25):
        make_movie(f"Film {number:02d}")

    first = client.get("/search/", {"q": "film"}).text
    second = client.get("/search/", {"q": "film", "page": 2}).text

    assert "Page 1 of 2" in first and first.count('class="poster-thumb') == 20
    assert second.count('class="poster-thumb') == 5
    assert 'href="?q=film&amp;page=1" rel="prev"' in second


@pytest.mark.parametrize(
    ("page", "message"), [("x", "page: expected a page number"), ("9", "page: there are 1 pages.")]
)
def test_a_bad_page_is_a_400_naming_the_parameter(client, parasite, page, message):
    response = client.get("/search/", {"q": "기생충", "page": page})

    assert response.status_code == 400
    assert response.text.startswith(message)


def test_an_empty_search_shows_just_the_form(client, parasite):
    response = client.get("/search/")

    assert response.status_code == 200
    assert 'href="/movies/' not in response.text


def test_a_users_page_lists_ratings_wishes_and_reviews(client, alice, parasite, memories, rate):
    rate(alice, parasite, 4.5)
    ListEntry.objects.create(user=alice, movie=memories, kind=ListEntry.Kind.WISH)
    Review.objects.create(user=alice, movie=parasite, text="Peach fuzz.")

    response = client.get("/users/alice/")

    assert response.status_code == 200
    page = response.text
    assert f'★ 4.5</span> <a href="/movies/{parasite.pk}/">기생충</a>' in page
    wish_list = page[page.index("<h2>Wish list</h2>") : page.index("<h2>Reviews</h2>")]
    assert "살인의 추억" in wish_list
    assert "Peach fuzz." in page
    assert "1 rating · 1 on the wish list · 1 review" in page


def test_an_unknown_or_inactive_user_is_a_404(client, alice):
    alice.is_active = False
    alice.save()

    assert client.get("/users/alice/").status_code == 404
    assert client.get("/users/nobody/").status_code == 404


def test_a_users_page_shows_the_latest_hundred_of_a_long_wish_list(client, alice, make_movie):
    movies = [make_movie(f"Film {number}") for number in range(101)]
    for movie in movies:
        ListEntry.objects.create(user=alice, movie=movie, kind=ListEntry.Kind.WISH)

    page = client.get("/users/alice/").text

    wish_list = page[page.index("<h2>Wish list</h2>") : page.index("<h2>Reviews</h2>")]
    assert wish_list.count("<li>") == 100
    assert "Film 100<" in wish_list and ">Film 0<" not in wish_list, "the latest, newest first"
    assert "The latest 100 of 101." in wish_list
    assert "101 on the wish list" in page


def test_a_users_ratings_escape_titles(client, alice, make_movie, rate):
    movie = make_movie("<b>Bold</b> & Co")
    rate(alice, movie, 0.5)

    page = client.get("/users/alice/").text

    assert f'★ 0.5</span> <a href="/movies/{movie.pk}/">&lt;b&gt;Bold&lt;/b&gt; &amp; Co</a>' in page
