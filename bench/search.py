"""Benchmark: the site's search on a catalogue of 60,000 movies and 100,000 people on PostgreSQL.

    .venv/bin/python bench/search.py --database-url postgres://postgres@127.0.0.1:5432/h_search_bench
    .venv/bin/python bench/search.py --database-url postgres://… --queries 1000 --reuse

What it does:

1. Makes the database at ``--database-url`` afresh (drops it if it exists; ``--reuse`` keeps one a
   previous run filled with the same sizes), migrates it, and fills it with generated movies and
   people shaped like the catalogue: a third Korean films (Korean title, English title, Korean
   original title), the rest foreign (Korean title, English title, English original title), titles
   of one to four words from Korean and English word lists; people with Korean names (their
   romanisation as ``name_en``) or English ones; a rating summary for two movies in three (counts
   drawn from a long-tailed distribution), so popularity weighs in. A dozen well-known films
   (기생충 / Parasite, 대부 / The Godfather, …) are among them. Rows go in with ``bulk_create``;
   the load time is printed. Then ``VACUUM ANALYZE``, as autovacuum would do after a load.
2. Draws a mix of queries from the rows, seeded: exact English and Korean titles, English words
   with one typo, word prefixes of 3–5 letters, the first two syllables of Korean titles, people's
   names (Korean, English, typo'd), and the brief's own examples ("parasit", "godfater", "godf",
   "기생충", "기생").
3. Times each query on two paths, alternating which goes first:

   - *search*: what the search page asks of the database: `watchb.catalog.search.search` for
     movies (count, then the first page of 20, most rated first among equals) and for people (the
     first 10);
   - *baseline*: the page's former queries, ``icontains`` on the same columns, newest first.

   It prints p50/p95/p99 (ms) of each path by kind of query and overall, and the ratio of the
   baselines' to the search's. Then the whole page (`/search/?q=`) through Django's test client,
   templates and posters included, for the search path alone.
4. Times the search path for very common words (``COMMON_WORDS``: "the" is in half the titles),
   ten times each: the median wall time and this process's CPU time, and the mean CPU time of the
   database server (its backend process, read with psutil), which the machine's other load disturbs less.

The search finds more than the baseline (typos, words in any order), so the counts differ; it
prints how many queries found the intended row on each path.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # this checkout's code, whatever the virtualenv points at


def words(text):
    return text.split()


KOREAN_WORDS = words(
    "사랑 전쟁 바다 하늘 도시 밤 비밀 약속 기억 시간 여름 겨울 봄 가을 친구 가족 아버지 어머니 형제 소녀 "
    "소년 왕 여왕 범죄 복수 추격 살인 추억 괴물 영웅 전설 마지막 첫사랑 그림자 빛 꿈 별 달 태양 바람 불 물 "
    "길 집 학교 거리 서울 부산 제주 강 산 섬 숲 눈 비 노래 춤 편지 열차 택시 운전사 경찰 형사 변호인 의사 "
    "군인 도둑 신부 결혼 이별 만남 행복 슬픔 분노 용서 운명 시계 거울 문 창문 계단 정원 호텔 식당 시장 "
    "공장 항구 공항 다리 터널 황해 곡성 신세계 암살 밀정 국제시장 명량 해운대 도둑들 관상 베테랑 "
    "내부자들 올드보이 박쥐 마더 설국열차 옥자 버닝 시 오아시스 초록물고기 하녀 아가씨 헤어질 결심 "
    "우리들 남매 청춘 고백 침묵 질투 유령 악마 천사 신 인간 세계 끝 시작 여행 귀향 탈출 전쟁터 "
    "평양 광주 인천 대구 골목 아파트 옥상 지하철 버스 자전거 고양이 강아지 호랑이 늑대 여우 까마귀"
)
KOREAN_PARTICLES = ["", "", "", "의", "과", "와", "에서", "로"]
ENGLISH_WORDS = words(
    "love war night city secret promise memory time summer winter spring autumn friend family father "
    "mother brother sister girl boy king queen crime revenge chase murder memories monster hero legend "
    "last first shadow light dream star moon sun wind fire water road house school street river "
    "mountain island forest snow rain song dance letter train taxi driver police detective lawyer "
    "doctor soldier thief bride wedding farewell happiness sorrow anger forgiveness fate clock mirror "
    "door window stairs garden hotel market factory harbor airport bridge tunnel assassin spy empire "
    "kingdom journey escape return silence jealousy ghost devil angel human world end beginning "
    "midnight morning evening stranger lover killer hunter runner dancer painter singer warrior "
    "sword crown blood bone heart soul mind eye hand voice storm ocean desert jungle galaxy planet "
    "machine robot code signal echo mercy glory honor justice freedom destiny paradise inferno"
)
ENGLISH_PATTERNS = ["The {a}", "{a} {b}", "The {a} of {b}", "{a} and {b}", "A {a}'s {b}", "{a}", "The Last {a}"]
SURNAMES = [
    ("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"), ("강", "Kang"), ("조", "Cho"),
    ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim"), ("한", "Han"), ("오", "Oh"), ("서", "Seo"), ("신", "Shin"),
    ("권", "Kwon"), ("황", "Hwang"), ("안", "Ahn"), ("송", "Song"), ("류", "Ryu"), ("홍", "Hong"), ("봉", "Bong"),
]  # fmt: skip
GIVEN = [
    ("민", "min"), ("준", "jun"), ("서", "seo"), ("연", "yeon"), ("지", "ji"), ("현", "hyun"), ("우", "woo"),
    ("수", "su"), ("영", "young"), ("호", "ho"), ("진", "jin"), ("은", "eun"), ("혜", "hye"), ("경", "kyung"),
    ("성", "sung"), ("훈", "hoon"), ("동", "dong"), ("희", "hee"), ("태", "tae"), ("재", "jae"), ("상", "sang"),
    ("원", "won"), ("하", "ha"), ("석", "seok"), ("철", "chul"), ("미", "mi"), ("나", "na"), ("유", "yu"),
]  # fmt: skip
FIRST_NAMES = words(
    "James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard Susan "
    "Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Margaret "
    "Steven Sandra Paul Ashley Andrew Emily Joshua Donna Kenneth Michelle Kevin Carol Brian Amanda "
    "Timothy Melissa Ronald Deborah George Stephanie Jason Rebecca Edward Laura Jeffrey Sharon Ryan Cynthia"
)
LAST_NAMES = words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
    "Wilson Anderson Thomas Taylor Moore Jackson Martin Thompson White Harris Sanchez Clark Ramirez Lewis "
    "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall "
    "Rivera Campbell Mitchell Carter Roberts Coppola Scorsese Kubrick Spielberg Nolan Tarantino Fincher"
)
# (title, title_en, original_title, rating count): the films the brief's examples are about, and
# neighbours that make their ranking matter (기생수 / Parasyte is one typo from Parasite).
KNOWN_FILMS = [
    ("기생충", "Parasite", "기생충", 90000),
    ("기생수", "Parasyte: Part 1", "寄生獣", 3000),
    ("대부", "The Godfather", "The Godfather", 80000),
    ("대부 2", "The Godfather Part II", "The Godfather Part II", 50000),
    ("대부 3", "The Godfather Part III", "The Godfather Part III", 20000),
    ("살인의 추억", "Memories of Murder", "살인의 추억", 40000),
    ("괴물", "The Host", "괴물", 30000),
    ("올드보이", "Oldboy", "올드보이", 45000),
    ("아가씨", "The Handmaiden", "아가씨", 35000),
    ("부산행", "Train to Busan", "부산행", 42000),
    ("인셉션", "Inception", "Inception", 85000),
    ("기생충: 흑백판", "Parasite: Black and White", "기생충: 흑백판", 500),
]
KNOWN_PEOPLE = [("봉준호", "Bong Joon-ho"), ("박찬욱", "Park Chan-wook"), ("송강호", "Song Kang-ho")]
# Words in many titles or names: English and Korean title words, a Korean particle and an English
# article shorter than a trigram, surnames, and two common words together.
COMMON_WORDS = ["the", "of", "love", "사랑", "밤", "의", "a", "kim", "김", "john", "the last", "love the"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, metavar="URL", help="the PostgreSQL database to fill")
    parser.add_argument("--movies", type=int, default=60000)
    parser.add_argument("--people", type=int, default=100000)
    parser.add_argument("--queries", type=int, default=600, help="searches timed on each path (default 600)")
    parser.add_argument("--page-queries", type=int, default=200, help="whole pages timed (default 200)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--reuse", action="store_true", help="keep the database if it holds these sizes")
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("--database-url must be a postgres:// URL")
    if min(args.movies, args.people, args.queries) < 1 or args.movies < len(KNOWN_FILMS):
        parser.error(f"--movies (at least {len(KNOWN_FILMS)}), --people and --queries must be positive")

    os.environ.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="watchb.settings",
        DEBUG="0",
        SECRET_KEY="bench-search-only",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
    )
    if not (args.reuse and filled(args)):
        fresh_database(args.database_url)
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        fill(args.movies, args.people, random.Random(args.seed))
        print(f"filled {args.movies:,} movies and {args.people:,} people in {time.perf_counter() - started:.1f} s")
    else:
        print(f"reusing the {args.movies:,} movies and {args.people:,} people already in the database")
    import psycopg

    # What autovacuum does soon after a big load: statistics, and the GIN indexes' pending lists
    # merged (searching them unmerged costs several times more). On a connection of its own: when
    # pg_trgm first loads in a session inside VACUUM, the session's word similarity threshold (set
    # by the site on each connection) falls back to pg_trgm's default, 0.6, and typos go unfound.
    with psycopg.connect(args.database_url, autocommit=True) as db:
        for table in ["catalog_movie", "catalog_person", "ratings_movieratingsummary"]:
            db.execute(f"VACUUM ANALYZE {table}")
    queries = query_mix(random.Random(args.seed + 1), args.queries)
    compare(queries)
    time_pages(queries[: args.page_queries])
    time_common_words(COMMON_WORDS)


def filled(args) -> bool:
    """Whether the database exists and holds exactly the sizes asked for."""
    import psycopg

    try:
        with psycopg.connect(args.database_url) as db:
            movies = db.execute("SELECT count(*) FROM catalog_movie").fetchone()[0]
            people = db.execute("SELECT count(*) FROM catalog_person").fetchone()[0]
    except psycopg.Error:
        return False
    import django

    django.setup()
    return (movies, people) == (args.movies, args.people)


def fresh_database(url: str):
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0 LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'"
        )


def korean_title(rng):
    words = rng.choices(KOREAN_WORDS, k=rng.choice([1, 1, 2, 2, 2, 3]))
    return " ".join(word + rng.choice(KOREAN_PARTICLES) if i < len(words) - 1 else word for i, word in enumerate(words))


def english_title(rng):
    a, b = rng.sample(ENGLISH_WORDS, 2)
    return rng.choice(ENGLISH_PATTERNS).format(a=a.capitalize(), b=b.capitalize())


def korean_name(rng):
    (surname, surname_en), (first, first_en), (second, second_en) = rng.choice(SURNAMES), *rng.choices(GIVEN, k=2)
    return surname + first + second, f"{surname_en} {first_en.capitalize()}-{second_en}"


def fill(movies: int, people: int, rng):
    from datetime import date, timedelta

    from watchb.catalog.models import Movie, Person
    from watchb.ratings.models import MovieRatingSummary

    rows = []
    counts = {}
    for number, (title, title_en, original, count) in enumerate(KNOWN_FILMS, start=1):
        rows.append(Movie(tmdb_id=number, title=title, title_en=title_en, original_title=original))
        counts[number] = count
    for number in range(len(KNOWN_FILMS) + 1, movies + 1):
        korean = rng.random() < 1 / 3
        title, title_en = korean_title(rng), english_title(rng)
        released = date(1950, 1, 1) + timedelta(days=rng.randrange(76 * 365))
        rows.append(
            Movie(
                tmdb_id=number,
                title=title,
                title_en=title_en,
                original_title=title if korean else title_en,
                release_date=released,
            )
        )
        if rng.random() < 2 / 3:
            counts[number] = int(rng.paretovariate(1.2)) * 3
    Movie.objects.bulk_create(rows, batch_size=5000)
    ids = dict(Movie.objects.values_list("tmdb_id", "id"))
    MovieRatingSummary.objects.bulk_create(
        [
            MovieRatingSummary(movie_id=ids[number], rating_count=count, rating_total=count * 3.5, count_3_5=count)
            for number, count in counts.items()
        ],
        batch_size=5000,
    )
    persons = [
        Person(tmdb_id=number, name=name, name_en=name_en) for number, (name, name_en) in enumerate(KNOWN_PEOPLE, 1)
    ]
    for number in range(len(KNOWN_PEOPLE) + 1, people + 1):
        if rng.random() < 0.4:
            name, name_en = korean_name(rng)
        else:
            name = name_en = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        persons.append(Person(tmdb_id=number, name=name, name_en=name_en))
    Person.objects.bulk_create(persons, batch_size=5000)


def typo(word, rng):
    """`word` with one letter dropped, doubled, swapped with the next or replaced."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(["drop", "double", "swap", "replace"])
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeiourstln") + word[i + 1 :]


def query_mix(rng, n):
    """[(kind, query, wanted)], n of them, kinds in fixed shares. `wanted` is what the searcher has in
    mind, `("movie" or "person", field, value)`, or None for a prefix (many titles fit)."""
    from watchb.catalog.models import Movie, Person

    movies = list(Movie.objects.values_list("title", "title_en"))
    people = list(Person.objects.values_list("name", "name_en"))
    examples = [
        ("typo", "parasit", ("movie", "title_en", "Parasite")),
        ("typo", "godfater", ("movie", "title_en", "The Godfather")),
        ("prefix", "godf", ("movie", "title_en", "The Godfather")),
        ("korean", "기생충", ("movie", "title", "기생충")),
        ("korean prefix", "기생", ("movie", "title", "기생충")),
    ]
    mix = []
    while len(mix) < n - len(examples) * (n // 100):
        title, title_en = rng.choice(movies)
        long_words = [w for w in title_en.split() if len(w) >= 5]
        kind = rng.choice(["english", "korean", "typo", "prefix", "korean prefix", "person", "person typo"])
        if kind == "english":
            mix.append((kind, title_en, ("movie", "title_en", title_en)))
        elif kind == "korean":
            mix.append((kind, title, ("movie", "title", title)))
        elif kind == "typo" and long_words:
            misspelt = " ".join(typo(w, rng) if w in long_words[:1] else w for w in title_en.split())
            mix.append((kind, misspelt, ("movie", "title_en", title_en)))
        elif kind == "prefix" and long_words:
            mix.append((kind, long_words[0][: rng.randint(3, 5)].lower(), None))
        elif kind == "korean prefix" and len(title) >= 2:
            mix.append((kind, title[:2], None))
        elif kind.startswith("person"):
            name, name_en = rng.choice(people)
            field, query = rng.choice([("name", name), ("name_en", name_en)])
            if kind == "person typo":
                surname, _, rest = name_en.partition(" ")
                field, query = "name_en", f"{surname} {typo(rest, rng)}" if len(rest) >= 4 else name_en
            mix.append((kind, query, ("person", field, name if field == "name" else name_en)))
    for _ in range(n // 100):  # the brief's examples, spread through the mix
        for example in examples:
            mix.insert(rng.randrange(len(mix) + 1), example)
    return mix


def search_path(query):
    """What the search page asks: movies counted, their first page, the first people."""
    from watchb.catalog.models import Movie, Person
    from watchb.catalog.search import NAME_FIELDS, TITLE_FIELDS, SearchPaginator, search

    movies = search(Movie.objects.all(), query, TITLE_FIELDS, popularity="rating_summary__rating_count")
    count = SearchPaginator(movies, 20).count  # as the page counts: up to MOST_RANKED
    first = list(movies.values_list("id", flat=True)[:20])
    people = list(search(Person.objects.all(), query, NAME_FIELDS).values_list("id", flat=True)[:10])
    return count, first, people


def baseline_path(query):
    """The search page's queries before PostgreSQL's indexes: `icontains`, newest first."""
    from django.db.models import Q

    from watchb.catalog.models import Movie, Person

    movies = Movie.objects.filter(
        Q(title__icontains=query) | Q(title_en__icontains=query) | Q(original_title__icontains=query)
    ).order_by("-release_date", "id")
    count = movies.count()
    first = list(movies.values_list("id", flat=True)[:20])
    people = list(
        Person.objects.filter(Q(name__icontains=query) | Q(name_en__icontains=query)).values_list("id", flat=True)[:10]
    )
    return count, first, people


def found(result, wanted):
    """Whether a movie or person with the wanted title or name is on the first page (generated
    titles repeat: any of them will do)."""
    from watchb.catalog.models import Movie, Person

    _, first, people = result
    kind, field, value = wanted
    model, ids = (Movie, first) if kind == "movie" else (Person, people)
    return model.objects.filter(pk__in=ids, **{field: value}).exists()


def percentiles(times):
    ordered = sorted(times)
    pick = lambda share: ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000  # noqa: E731
    return pick(0.50), pick(0.95), pick(0.99)


def compare(queries):
    for _, query, _ in queries[:20]:  # warm the caches and the connection
        search_path(query)
        baseline_path(query)
    times = {"search": {}, "baseline": {}}
    hits = {"search": {}, "baseline": {}}
    for turn, (kind, query, wanted) in enumerate(queries):
        paths = [("search", search_path), ("baseline", baseline_path)]
        for name, path in paths if turn % 2 else paths[::-1]:
            started = time.perf_counter()
            result = path(query)
            times[name].setdefault(kind, []).append(time.perf_counter() - started)
            if wanted is not None:
                hits[name].setdefault(kind, []).append(found(result, wanted))
    print(f"\n{len(queries)} searches per path (ms; count + first 20 movies + first 10 people):")
    print(
        f"{'kind':<14}{'n':>5}  {'search p50/p95/p99':>22}  {'baseline p50/p95/p99':>22}  {'p95 ratio':>9}"
        f"  {'found (search, baseline)':>24}"
    )
    kinds = sorted(times["search"])
    for kind in [*kinds, "all"]:
        new = [t for k in kinds for t in times["search"][k]] if kind == "all" else times["search"][kind]
        old = [t for k in kinds for t in times["baseline"][k]] if kind == "all" else times["baseline"][kind]
        n50, n95, n99 = percentiles(new)
        o50, o95, o99 = percentiles(old)
        wanted = {path: [hit for k in kinds if kind in (k, "all") for hit in hits[path].get(k, [])] for path in hits}
        share = "  ".join(f"{sum(wanted[path])}/{len(wanted[path])}" for path in hits) if wanted["search"] else "-"
        print(
            f"{kind:<14}{len(new):>5}  {n50:6.1f} {n95:7.1f} {n99:7.1f}  {o50:6.1f} {o95:7.1f} {o99:7.1f}  "
            f"{o95 / n95:8.2f}x  {share:>24}"
        )
    print("found: the searched title or name among the first page's (the first 20 movies, the first 10 people)")


def time_pages(queries):
    from django.test import Client

    client = Client()
    for _, query, _ in queries[:10]:
        client.get("/search/", {"q": query})
    times = []
    for _, query, _ in queries:
        started = time.perf_counter()
        response = client.get("/search/", {"q": query})
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"/search/?q={query} answered {response.status_code}")
    p50, p95, p99 = percentiles(times)
    print(
        f"\nthe whole page /search/?q= ({len(times)} requests, test client): "
        f"p50 {p50:.1f}, p95 {p95:.1f}, p99 {p99:.1f} ms"
    )


def time_common_words(common_words, repeat=10):
    import statistics

    import psutil
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        server = psutil.Process(cursor.fetchone()[0])
    print(f"\ncommon words, search path, {repeat} times (ms): median wall, median CPU here, mean CPU of the database")
    for word in common_words:
        search_path(word)
        walls, cpus, server_cpus = [], [], []
        for _ in range(repeat):
            server_before, cpu_before, started = sum(server.cpu_times()[:2]), time.process_time(), time.perf_counter()
            count, _, _ = search_path(word)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu_before)
            server_cpus.append(sum(server.cpu_times()[:2]) - server_before)
        # The server's CPU time ticks by 10 ms: its mean over the runs is finer than a median.
        figures = [statistics.median(walls), statistics.median(cpus), statistics.mean(server_cpus)]
        print(f"{word!r:>12} {count:>4} movies  " + "  ".join(f"{figure * 1000:6.1f}" for figure in figures))
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
