"""The fixed vocabulary the sandbox world is generated from.

Everything here is data: TMDB's real movie genre ids with their English, Korean (TMDB `ko-KR`) and
KMDb names, the countries with ISO 3166-1 codes and KMDb's Korean names, and bilingual word lists for
names, titles and synopses. Each bilingual entry is a `(korean, english)` pair so that one random
choice gives both languages of the same film or person.
"""

# (TMDB id, English name, TMDB ko-KR name, KMDb genre string or "" when KMDb has no such genre).
# KMDb's own strings differ from TMDB's Korean ones ("멜로/로맨스", "공포(호러)"), as on the real sites.
GENRES = (
    (28, "Action", "액션", "액션"),
    (12, "Adventure", "모험", "어드벤처"),
    (16, "Animation", "애니메이션", "애니메이션"),
    (35, "Comedy", "코미디", "코미디"),
    (80, "Crime", "범죄", "범죄"),
    (99, "Documentary", "다큐멘터리", "다큐멘터리"),
    (18, "Drama", "드라마", "드라마"),
    (10751, "Family", "가족", "가족"),
    (14, "Fantasy", "판타지", "판타지"),
    (36, "History", "역사", "역사"),
    (27, "Horror", "공포", "공포(호러)"),
    (10402, "Music", "음악", "뮤지컬"),
    (9648, "Mystery", "미스터리", "미스터리"),
    (10749, "Romance", "로맨스", "멜로/로맨스"),
    (878, "Science Fiction", "SF", "SF"),
    (10770, "TV Movie", "TV 영화", ""),
    (53, "Thriller", "스릴러", "스릴러"),
    (10752, "War", "전쟁", "전쟁"),
    (37, "Western", "서부", "서부"),
)

# Relative weights of genres among generated films (Drama and Comedy dominate, as in real catalogues).
GENRE_WEIGHTS = {
    18: 30, 35: 16, 28: 12, 53: 10, 80: 8, 10749: 9, 27: 6, 878: 4, 14: 4, 12: 4, 16: 4, 99: 3,
    10751: 3, 36: 3, 9648: 4, 10402: 2, 10752: 2, 37: 1, 10770: 1,
}

# (ISO 3166-1 alpha-2, TMDB English name, KMDb Korean name)
COUNTRIES = (
    ("KR", "South Korea", "대한민국"),
    ("US", "United States of America", "미국"),
    ("JP", "Japan", "일본"),
    ("FR", "France", "프랑스"),
    ("GB", "United Kingdom", "영국"),
    ("CN", "China", "중국"),
    ("HK", "Hong Kong", "홍콩"),
    ("DE", "Germany", "독일"),
    ("IT", "Italy", "이탈리아"),
    ("ES", "Spain", "스페인"),
    ("CA", "Canada", "캐나다"),
    ("TW", "Taiwan", "대만"),
    ("IN", "India", "인도"),
    ("AU", "Australia", "호주"),
)

# Values the dirty records use for a country no ISO table knows.
UNKNOWN_COUNTRY_CODE = ("XX", "Unknown")
UNKNOWN_NATION_NAME = "미상"

# Foreign production countries other than the United States, with their original languages.
FOREIGN_ORIGINS = (
    ("US", "en", 50), ("GB", "en", 8), ("FR", "fr", 8), ("JP", "ja", 10), ("CN", "zh", 4),
    ("HK", "cn", 3), ("DE", "de", 4), ("IT", "it", 3), ("ES", "es", 3), ("CA", "en", 3),
    ("TW", "zh", 1), ("IN", "hi", 2), ("AU", "en", 1),
)

LANGUAGE_NAMES = {
    "ko": ("Korean", "한국어/조선말"),
    "en": ("English", "English"),
    "fr": ("French", "Français"),
    "ja": ("Japanese", "日本語"),
    "zh": ("Mandarin", "普通话"),
    "cn": ("Cantonese", "广州话 / 廣州話"),
    "de": ("German", "Deutsch"),
    "it": ("Italian", "Italiano"),
    "es": ("Spanish", "Español"),
    "hi": ("Hindi", "हिन्दी"),
}

# Korean people: family names and given-name syllables with their usual romanisation.
KOREAN_SURNAMES = (
    ("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"), ("강", "Kang"),
    ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim"), ("한", "Han"), ("오", "Oh"),
    ("서", "Seo"), ("신", "Shin"), ("권", "Kwon"), ("황", "Hwang"), ("안", "Ahn"), ("송", "Song"),
    ("전", "Jeon"), ("홍", "Hong"), ("봉", "Bong"), ("문", "Moon"), ("배", "Bae"), ("유", "Yoo"),
    ("고", "Ko"), ("변", "Byun"), ("염", "Yeom"), ("하", "Ha"),
)
KOREAN_SYLLABLES = (
    ("민", "min"), ("준", "jun"), ("서", "seo"), ("연", "yeon"), ("지", "ji"), ("우", "woo"),
    ("현", "hyun"), ("수", "su"), ("영", "young"), ("호", "ho"), ("진", "jin"), ("은", "eun"),
    ("혜", "hye"), ("성", "sung"), ("태", "tae"), ("희", "hee"), ("동", "dong"), ("하", "ha"),
    ("윤", "yoon"), ("재", "jae"), ("경", "kyung"), ("석", "seok"), ("아", "a"), ("나", "na"),
    ("미", "mi"), ("상", "sang"), ("원", "won"), ("훈", "hoon"), ("철", "chul"), ("규", "kyu"),
    ("정", "jung"), ("선", "sun"), ("혁", "hyuk"), ("빈", "bin"), ("율", "yul"), ("란", "ran"),
)

# Foreign people: English given and family names with the Korean transliteration KMDb shows.
FOREIGN_GIVEN_NAMES = (  # (Korean, English, TMDB gender: 1 female, 2 male)
    ("제임스", "James", 2), ("마이클", "Michael", 2), ("로버트", "Robert", 2), ("데이비드", "David", 2),
    ("존", "John", 2), ("리처드", "Richard", 2), ("토마스", "Thomas", 2), ("크리스토퍼", "Christopher", 2),
    ("다니엘", "Daniel", 2), ("매튜", "Matthew", 2), ("앤서니", "Anthony", 2), ("마크", "Mark", 2),
    ("폴", "Paul", 2), ("스티븐", "Steven", 2), ("조지", "George", 2), ("에밀리", "Emily", 1),
    ("사라", "Sarah", 1), ("제시카", "Jessica", 1), ("엠마", "Emma", 1), ("올리비아", "Olivia", 1),
    ("소피", "Sophie", 1), ("샬롯", "Charlotte", 1), ("줄리아", "Julia", 1), ("케이트", "Kate", 1),
    ("안나", "Anna", 1), ("마리", "Marie", 1), ("클레어", "Claire", 1), ("레아", "Léa", 1),
    ("루카", "Luca", 2), ("피에르", "Pierre", 2), ("한스", "Hans", 2), ("카를로스", "Carlos", 2),
)
FOREIGN_FAMILY_NAMES = (
    ("스미스", "Smith"), ("존슨", "Johnson"), ("윌리엄스", "Williams"), ("브라운", "Brown"),
    ("존스", "Jones"), ("밀러", "Miller"), ("데이비스", "Davis"), ("윌슨", "Wilson"),
    ("앤더슨", "Anderson"), ("테일러", "Taylor"), ("무어", "Moore"), ("잭슨", "Jackson"),
    ("화이트", "White"), ("해리스", "Harris"), ("클라크", "Clark"), ("루이스", "Lewis"),
    ("워커", "Walker"), ("홀", "Hall"), ("영", "Young"), ("킹", "King"),
    ("베르나르", "Bernard"), ("뒤부아", "Dubois"), ("로시", "Rossi"), ("슈미트", "Schmidt"),
    ("가르시아", "Garcia"), ("마르탱", "Martin"), ("피셔", "Fisher"), ("포드", "Ford"),
    ("스톤", "Stone"), ("그린", "Green"), ("블랙", "Black"), ("리드", "Reed"),
)

# Title parts. Korean and English titles are built from the same choice so they translate each other.
TITLE_NOUNS = (
    ("밤", "Night"), ("바다", "Sea"), ("도시", "City"), ("비밀", "Secret"), ("기억", "Memory"),
    ("여름", "Summer"), ("겨울", "Winter"), ("약속", "Promise"), ("전쟁", "War"), ("사랑", "Love"),
    ("그림자", "Shadow"), ("바람", "Wind"), ("꽃", "Flower"), ("별", "Star"), ("길", "Road"),
    ("집", "House"), ("섬", "Island"), ("거울", "Mirror"), ("시간", "Time"), ("불꽃", "Flame"),
    ("침묵", "Silence"), ("늑대", "Wolf"), ("강", "River"), ("산", "Mountain"), ("새벽", "Dawn"),
    ("편지", "Letter"), ("노래", "Song"), ("열차", "Train"), ("소년", "Boy"), ("소녀", "Girl"),
    ("형사", "Detective"), ("왕", "King"), ("괴물", "Monster"), ("유령", "Ghost"), ("천국", "Heaven"),
    ("심장", "Heart"), ("얼굴", "Face"), ("정원", "Garden"), ("항구", "Harbor"), ("사냥꾼", "Hunter"),
    ("거짓말", "Lie"), ("계절", "Season"), ("오후", "Afternoon"), ("하늘", "Sky"), ("달", "Moon"),
)
TITLE_ADJECTIVES = (
    ("붉은", "Red"), ("푸른", "Blue"), ("조용한", "Quiet"), ("잃어버린", "Lost"), ("낯선", "Strange"),
    ("위험한", "Dangerous"), ("행복한", "Happy"), ("차가운", "Cold"), ("뜨거운", "Burning"),
    ("작은", "Little"), ("검은", "Black"), ("하얀", "White"), ("마지막", "Last"), ("첫번째", "First"),
    ("보이지 않는", "Invisible"), ("깊은", "Deep"), ("끝나지 않는", "Endless"), ("슬픈", "Sad"),
)

# Synopsis parts: who, where, what happens, what follows.
SYNOPSIS_ROLES = (
    ("형사", "a detective"), ("교사", "a teacher"), ("작가", "a writer"), ("의사", "a doctor"),
    ("학생", "a student"), ("기자", "a reporter"), ("요리사", "a cook"), ("어부", "a fisherman"),
    ("변호사", "a lawyer"), ("택시 운전사", "a taxi driver"), ("배우", "an actor"), ("군인", "a soldier"),
)
SYNOPSIS_PLACES = (
    ("서울", "Seoul"), ("부산", "Busan"), ("작은 섬", "a small island"), ("시골 마을", "a country village"),
    ("뉴욕", "New York"), ("파리", "Paris"), ("도쿄", "Tokyo"), ("국경 근처", "a town near the border"),
    ("오래된 호텔", "an old hotel"), ("항구 도시", "a port city"),
)
SYNOPSIS_EVENTS = (
    ("오래된 편지를 발견한다", "finds an old letter"),
    ("낯선 사람을 만난다", "meets a stranger"),
    ("사라진 동생을 찾아 나선다", "sets out to find a missing brother"),
    ("마지막 기회를 얻는다", "is given one last chance"),
    ("수상한 사건에 휘말린다", "is drawn into a suspicious case"),
    ("잊고 있던 친구에게서 전화를 받는다", "gets a call from a forgotten friend"),
    ("가족의 비밀을 알게 된다", "learns a family secret"),
    ("거액의 돈가방을 줍는다", "picks up a bag full of money"),
)
SYNOPSIS_OUTCOMES = (
    ("모든 것이 달라진다", "everything changes"),
    ("감춰진 진실이 드러난다", "a hidden truth comes to light"),
    ("돌이킬 수 없는 선택을 해야 한다", "a choice that cannot be undone must be made"),
    ("쫓고 쫓기는 추격이 시작된다", "a chase begins"),
    ("두 사람의 운명이 엇갈린다", "two lives take different turns"),
    ("작은 기적이 일어난다", "a small miracle happens"),
)

# Korean film ratings (KMDb `rating`) with the TMDB certifications they correspond to.
# (KMDb rating, TMDB KR certification, TMDB US certification)
FILM_RATINGS = (
    ("전체관람가", "All", "G"),
    ("12세관람가", "12", "PG"),
    ("15세관람가", "15", "PG-13"),
    ("청소년관람불가", "18", "R"),
)

# Crew jobs beyond director and writer, present so mappers learn to ignore them.
# (TMDB job, TMDB department, KMDb staffRoleGroup)
EXTRA_CREW = (
    ("Director of Photography", "Camera", "촬영"),
    ("Original Music Composer", "Sound", "음악"),
    ("Editor", "Editing", "편집"),
)

# Korean film company names for KMDb `company`.
COMPANIES_KO = (
    "(주)바른손이앤에이", "CJ ENM", "(주)쇼박스", "롯데엔터테인먼트", "(주)NEW", "영화사 집",
    "(주)외유내강", "필름295", "명필름", "(주)영화사 봄",
)
COMPANIES_FOREIGN = (
    "Universal Pictures", "Warner Bros. Pictures", "Paramount Pictures", "Gaumont", "Toho",
    "StudioCanal", "A24", "Focus Features", "Lionsgate", "Constantin Film",
)
