"""People KMDb (or TMDB) lists without an id are kept, and identified by where they are listed (issue 11).

What identifies a person: their source ids; without one, the film and the names they are listed
under, never a name alone across films (README, "What identifies a person").
"""

import copy

import pytest
from source_records import StandInTmdb, crawl_kmdb, kmdb_record, staff

from watchb.catalog.ingest.crawlers import TmdbCrawler
from watchb.catalog.models import Credit, Movie, Person

pytestmark = pytest.mark.django_db


def films_where_a_third_have_no_id():
    """Three films, six people each (a director, five actors); six of the eighteen have no id."""
    return [
        kmdb_record(
            "K00001",
            "바다의 노래",
            directors=[("박은수", "PARK Eun-su", "")],  # the director has no id
            actors=[
                ("김하늘", "KIM Ha-neul", "00000011"),
                ("이준", "LEE Jun", ""),
                ("최민", "CHOI Min", "00000013"),
                ("정다은", "JUNG Da-eun", "00000014"),
                ("한지", "HAN Ji", "00000015"),
            ],
            staffs=[staff("박은수", "PARK Eun-su", "", "각본")],  # and wrote it: one person, two jobs
        ),
        kmdb_record(
            "K00002",
            "겨울 정원",
            directors=[("오세훈", "OH Se-hoon", "00000020")],
            actors=[
                ("강별", "KANG Byeol", ""),
                ("윤슬", "YOON Seul", ""),
                ("서지우", "SEO Ji-woo", "00000023"),
                ("이준", "LEE Jun", ""),
                ("문가영", "MOON Ga-young", "00000025"),
            ],
        ),
        kmdb_record(
            "K00003",
            "여름의 끝",
            directors=[("장민호", "JANG Min-ho", "00000030")],
            actors=[
                ("배수아", "BAE Su-a", "00000031"),
                ("조은", "JO Eun", "00000032"),
                ("나래", "NA Rae", ""),
                ("구영", "KOO Young", "00000034"),
                ("김하늘", "KIM Ha-neul", "00000011"),
            ],
        ),
    ]


def test_a_crawl_where_a_third_of_the_people_have_no_id_keeps_every_credit():
    report = crawl_kmdb(films_where_a_third_have_no_id())

    assert Credit.objects.count() == 19  # 18 listed, and the director's writing credit
    assert not report.dropped_children
    assert report.kept_without_id == 6
    director = Movie.objects.get(kmdb_id="K00001").credits.get(job="director").person
    assert (director.name, director.kmdb_id, director.film_key) == ("박은수", None, "kmdb:K00001:박은수:park eun-su")
    assert Movie.objects.get(kmdb_id="K00001").credits.get(job="writer").person == director


def test_people_without_an_id_are_never_merged_across_films_by_name_alone():
    crawl_kmdb(films_where_a_third_have_no_id())

    # 이준 (LEE Jun), listed without an id in two films, may be two people: two rows, one per film.
    assert Person.objects.filter(name="이준").count() == 2
    # 김하늘 has her id in both films: one row.
    assert Person.objects.filter(name="김하늘").count() == 1


def test_a_second_crawl_creates_no_person_and_no_credit():
    crawl_kmdb(films_where_a_third_have_no_id())
    before = (Person.objects.count(), Credit.objects.count())

    again = crawl_kmdb(films_where_a_third_have_no_id())

    assert (again.created, again.merged) == (0, 3)
    assert (Person.objects.count(), Credit.objects.count()) == before


def test_a_person_first_seen_without_an_id_gains_it_when_a_later_record_brings_it():
    first = films_where_a_third_have_no_id()[:1]
    crawl_kmdb(first)
    later = copy.deepcopy(first)
    later[0]["directors"]["director"][0]["directorId"] = "00000010"
    later[0]["staffs"]["staff"][0]["staffId"] = "00000010"

    crawl_kmdb(later)

    director = Person.objects.get(name="박은수")  # one row, not a second person
    assert (director.kmdb_id, director.film_key) == ("00000010", "kmdb:K00001:박은수:park eun-su")
    assert sorted(director.credits.values_list("job", flat=True)) == ["director", "writer"]


def test_an_id_that_arrives_for_someone_already_known_by_it_moves_the_films_credits_to_that_person():
    films = films_where_a_third_have_no_id()
    crawl_kmdb(films)  # 이준 is known in K00001 and K00002 without an id
    known = kmdb_record(
        "K00004",
        "가을 편지",
        directors=[("장민호", "JANG Min-ho", "00000030")],
        actors=[("이준", "LEE Jun", "00000012")],
    )
    crawl_kmdb([known])  # and with his id in a third film
    later = copy.deepcopy(films[:1])
    later[0]["actors"]["actor"][1]["actorId"] = "00000012"  # K00001 now lists his id

    crawl_kmdb(later)

    lee = Person.objects.get(kmdb_id="00000012")
    assert sorted(lee.movies.values_list("kmdb_id", flat=True)) == ["K00001", "K00004"]
    assert Person.objects.filter(name="이준").count() == 2  # K00002's listing is still his own row
    assert Movie.objects.get(kmdb_id="K00001").credits.filter(job="actor").count() == 5


def test_a_person_tmdb_names_with_an_id_and_kmdb_without_one_is_one_person(settings):
    """TMDB first, then KMDb lists the same film's director without an id: one row, found in the film."""
    tmdb_movie = {
        "id": 777001,
        "title": "바다의 노래",
        "original_title": "바다의 노래",
        "release_date": "2024-01-05",
        "credits": {
            "cast": [],
            "crew": [
                {
                    "id": 55501,
                    "name": "Park Eun-su",
                    "original_name": "박은수",
                    "job": "Director",
                    "department": "Directing",
                }
            ],
        },
    }
    TmdbCrawler(StandInTmdb({777001: tmdb_movie})).run()
    record = kmdb_record("K00001", "바다의 노래", directors=[("박은수", "PARK Eun-su", "")])

    first = crawl_kmdb([record])
    again = crawl_kmdb([record])

    assert (first.merged, again.merged) == (1, 1)
    director = Person.objects.get(name="박은수")
    assert (director.tmdb_id, director.kmdb_id) == (55501, None)
    assert Movie.objects.get().credits.get().person == director


def test_namesakes_with_two_ids_in_one_film_stay_two_people():
    record = kmdb_record(
        "K00005",
        "두 사람",
        actors=[("김철수", "KIM Cheol-su", "00000041"), ("김철수", "KIM Cheol-su", "00000042")],
    )

    crawl_kmdb([record])

    assert sorted(Person.objects.values_list("kmdb_id", flat=True)) == ["00000041", "00000042"]


def test_likes_of_a_row_that_goes_move_to_the_person_whose_id_arrived(make_user):
    """When a film's row of someone without an id goes (its credits moved to the row holding the id
    that arrived), the users who liked it like that person's row; one who liked both, once."""
    from watchb.ratings.models import PersonLike

    films = films_where_a_third_have_no_id()
    crawl_kmdb(films)
    crawl_kmdb([kmdb_record("K00004", "가을 편지", actors=[("이준", "LEE Jun", "00000012")])])
    listed = Person.objects.get(name="이준", credits__movie__kmdb_id="K00001")
    known = Person.objects.get(kmdb_id="00000012")
    fan, both, other = make_user("fan"), make_user("both"), make_user("other")
    PersonLike.objects.create(user=fan, person=listed)
    PersonLike.objects.create(user=both, person=listed)
    PersonLike.objects.create(user=both, person=known)
    PersonLike.objects.create(user=other, person=known)
    later = copy.deepcopy(films[:1])
    later[0]["actors"]["actor"][1]["actorId"] = "00000012"

    crawl_kmdb(later)

    assert not Person.objects.filter(pk=listed.pk).exists()
    assert sorted(PersonLike.objects.values_list("user__username", "person__kmdb_id")) == [
        ("both", "00000012"),
        ("fan", "00000012"),
        ("other", "00000012"),
    ]
