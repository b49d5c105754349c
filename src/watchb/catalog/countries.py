"""ISO 3166-1 alpha-2 country codes with English names, and Korean names for the common film nations.

TMDB names a production country by its code (``{"iso_3166_1": "KR", "name": "South Korea"}``); KMDb
names it in Korean (``"nation": "대한민국,미국"``). This table lets both land on the same Country row,
keyed by the code:

    >>> code_for_name("대한민국"), code_for_name("south korea"), code_for_name("United States of America")
    ('KR', 'KR', 'US')
    >>> is_country_code("kr"), is_country_code("XX")
    (True, False)
    >>> country_name_ko("JP"), country_name_en("JP")
    ('일본', 'Japan')

Only current codes are valid: historical ones (SU, YU, XC, DD) are not in ISO 3166-1 any more, so
films credited to the Soviet Union or Czechoslovakia keep their other countries and lose that one,
which validation counts. West Germany (서독) is taken as Germany, the state that continued it.
"""

import re

# (code, English short name, Korean name or "" when we have none yet).
_COUNTRIES = (
    ("AD", "Andorra", "안도라"),
    ("AE", "United Arab Emirates", "아랍에미리트"),
    ("AF", "Afghanistan", "아프가니스탄"),
    ("AG", "Antigua and Barbuda", ""),
    ("AI", "Anguilla", ""),
    ("AL", "Albania", "알바니아"),
    ("AM", "Armenia", "아르메니아"),
    ("AO", "Angola", "앙골라"),
    ("AQ", "Antarctica", "남극"),
    ("AR", "Argentina", "아르헨티나"),
    ("AS", "American Samoa", ""),
    ("AT", "Austria", "오스트리아"),
    ("AU", "Australia", "호주"),
    ("AW", "Aruba", ""),
    ("AX", "Åland Islands", ""),
    ("AZ", "Azerbaijan", "아제르바이잔"),
    ("BA", "Bosnia and Herzegovina", "보스니아 헤르체고비나"),
    ("BB", "Barbados", ""),
    ("BD", "Bangladesh", "방글라데시"),
    ("BE", "Belgium", "벨기에"),
    ("BF", "Burkina Faso", "부르키나파소"),
    ("BG", "Bulgaria", "불가리아"),
    ("BH", "Bahrain", "바레인"),
    ("BI", "Burundi", ""),
    ("BJ", "Benin", ""),
    ("BL", "Saint Barthélemy", ""),
    ("BM", "Bermuda", ""),
    ("BN", "Brunei Darussalam", "브루나이"),
    ("BO", "Bolivia", "볼리비아"),
    ("BQ", "Bonaire, Sint Eustatius and Saba", ""),
    ("BR", "Brazil", "브라질"),
    ("BS", "Bahamas", "바하마"),
    ("BT", "Bhutan", "부탄"),
    ("BV", "Bouvet Island", ""),
    ("BW", "Botswana", ""),
    ("BY", "Belarus", "벨라루스"),
    ("BZ", "Belize", ""),
    ("CA", "Canada", "캐나다"),
    ("CC", "Cocos (Keeling) Islands", ""),
    ("CD", "Congo, Democratic Republic of the", "콩고민주공화국"),
    ("CF", "Central African Republic", ""),
    ("CG", "Congo", "콩고"),
    ("CH", "Switzerland", "스위스"),
    ("CI", "Côte d'Ivoire", "코트디부아르"),
    ("CK", "Cook Islands", ""),
    ("CL", "Chile", "칠레"),
    ("CM", "Cameroon", "카메룬"),
    ("CN", "China", "중국"),
    ("CO", "Colombia", "콜롬비아"),
    ("CR", "Costa Rica", "코스타리카"),
    ("CU", "Cuba", "쿠바"),
    ("CV", "Cabo Verde", ""),
    ("CW", "Curaçao", ""),
    ("CX", "Christmas Island", ""),
    ("CY", "Cyprus", "키프로스"),
    ("CZ", "Czechia", "체코"),
    ("DE", "Germany", "독일"),
    ("DJ", "Djibouti", ""),
    ("DK", "Denmark", "덴마크"),
    ("DM", "Dominica", ""),
    ("DO", "Dominican Republic", "도미니카 공화국"),
    ("DZ", "Algeria", "알제리"),
    ("EC", "Ecuador", "에콰도르"),
    ("EE", "Estonia", "에스토니아"),
    ("EG", "Egypt", "이집트"),
    ("EH", "Western Sahara", ""),
    ("ER", "Eritrea", ""),
    ("ES", "Spain", "스페인"),
    ("ET", "Ethiopia", "에티오피아"),
    ("FI", "Finland", "핀란드"),
    ("FJ", "Fiji", "피지"),
    ("FK", "Falkland Islands (Malvinas)", ""),
    ("FM", "Micronesia, Federated States of", ""),
    ("FO", "Faroe Islands", ""),
    ("FR", "France", "프랑스"),
    ("GA", "Gabon", ""),
    ("GB", "United Kingdom", "영국"),
    ("GD", "Grenada", ""),
    ("GE", "Georgia", "조지아"),
    ("GF", "French Guiana", ""),
    ("GG", "Guernsey", ""),
    ("GH", "Ghana", "가나"),
    ("GI", "Gibraltar", ""),
    ("GL", "Greenland", "그린란드"),
    ("GM", "Gambia", ""),
    ("GN", "Guinea", ""),
    ("GP", "Guadeloupe", ""),
    ("GQ", "Equatorial Guinea", ""),
    ("GR", "Greece", "그리스"),
    ("GS", "South Georgia and the South Sandwich Islands", ""),
    ("GT", "Guatemala", "과테말라"),
    ("GU", "Guam", "괌"),
    ("GW", "Guinea-Bissau", ""),
    ("GY", "Guyana", ""),
    ("HK", "Hong Kong", "홍콩"),
    ("HM", "Heard Island and McDonald Islands", ""),
    ("HN", "Honduras", ""),
    ("HR", "Croatia", "크로아티아"),
    ("HT", "Haiti", "아이티"),
    ("HU", "Hungary", "헝가리"),
    ("ID", "Indonesia", "인도네시아"),
    ("IE", "Ireland", "아일랜드"),
    ("IL", "Israel", "이스라엘"),
    ("IM", "Isle of Man", ""),
    ("IN", "India", "인도"),
    ("IO", "British Indian Ocean Territory", ""),
    ("IQ", "Iraq", "이라크"),
    ("IR", "Iran", "이란"),
    ("IS", "Iceland", "아이슬란드"),
    ("IT", "Italy", "이탈리아"),
    ("JE", "Jersey", ""),
    ("JM", "Jamaica", "자메이카"),
    ("JO", "Jordan", "요르단"),
    ("JP", "Japan", "일본"),
    ("KE", "Kenya", "케냐"),
    ("KG", "Kyrgyzstan", "키르기스스탄"),
    ("KH", "Cambodia", "캄보디아"),
    ("KI", "Kiribati", ""),
    ("KM", "Comoros", ""),
    ("KN", "Saint Kitts and Nevis", ""),
    ("KP", "North Korea", "북한"),
    ("KR", "South Korea", "대한민국"),
    ("KW", "Kuwait", "쿠웨이트"),
    ("KY", "Cayman Islands", ""),
    ("KZ", "Kazakhstan", "카자흐스탄"),
    ("LA", "Laos", "라오스"),
    ("LB", "Lebanon", "레바논"),
    ("LC", "Saint Lucia", ""),
    ("LI", "Liechtenstein", ""),
    ("LK", "Sri Lanka", "스리랑카"),
    ("LR", "Liberia", ""),
    ("LS", "Lesotho", ""),
    ("LT", "Lithuania", "리투아니아"),
    ("LU", "Luxembourg", "룩셈부르크"),
    ("LV", "Latvia", "라트비아"),
    ("LY", "Libya", "리비아"),
    ("MA", "Morocco", "모로코"),
    ("MC", "Monaco", "모나코"),
    ("MD", "Moldova", "몰도바"),
    ("ME", "Montenegro", "몬테네그로"),
    ("MF", "Saint Martin (French part)", ""),
    ("MG", "Madagascar", "마다가스카르"),
    ("MH", "Marshall Islands", ""),
    ("MK", "North Macedonia", "북마케도니아"),
    ("ML", "Mali", "말리"),
    ("MM", "Myanmar", "미얀마"),
    ("MN", "Mongolia", "몽골"),
    ("MO", "Macao", "마카오"),
    ("MP", "Northern Mariana Islands", ""),
    ("MQ", "Martinique", ""),
    ("MR", "Mauritania", ""),
    ("MS", "Montserrat", ""),
    ("MT", "Malta", "몰타"),
    ("MU", "Mauritius", ""),
    ("MV", "Maldives", "몰디브"),
    ("MW", "Malawi", ""),
    ("MX", "Mexico", "멕시코"),
    ("MY", "Malaysia", "말레이시아"),
    ("MZ", "Mozambique", ""),
    ("NA", "Namibia", ""),
    ("NC", "New Caledonia", ""),
    ("NE", "Niger", ""),
    ("NF", "Norfolk Island", ""),
    ("NG", "Nigeria", "나이지리아"),
    ("NI", "Nicaragua", ""),
    ("NL", "Netherlands", "네덜란드"),
    ("NO", "Norway", "노르웨이"),
    ("NP", "Nepal", "네팔"),
    ("NR", "Nauru", ""),
    ("NU", "Niue", ""),
    ("NZ", "New Zealand", "뉴질랜드"),
    ("OM", "Oman", "오만"),
    ("PA", "Panama", "파나마"),
    ("PE", "Peru", "페루"),
    ("PF", "French Polynesia", ""),
    ("PG", "Papua New Guinea", ""),
    ("PH", "Philippines", "필리핀"),
    ("PK", "Pakistan", "파키스탄"),
    ("PL", "Poland", "폴란드"),
    ("PM", "Saint Pierre and Miquelon", ""),
    ("PN", "Pitcairn", ""),
    ("PR", "Puerto Rico", "푸에르토리코"),
    ("PS", "Palestine", "팔레스타인"),
    ("PT", "Portugal", "포르투갈"),
    ("PW", "Palau", ""),
    ("PY", "Paraguay", "파라과이"),
    ("QA", "Qatar", "카타르"),
    ("RE", "Réunion", ""),
    ("RO", "Romania", "루마니아"),
    ("RS", "Serbia", "세르비아"),
    ("RU", "Russia", "러시아"),
    ("RW", "Rwanda", "르완다"),
    ("SA", "Saudi Arabia", "사우디아라비아"),
    ("SB", "Solomon Islands", ""),
    ("SC", "Seychelles", ""),
    ("SD", "Sudan", "수단"),
    ("SE", "Sweden", "스웨덴"),
    ("SG", "Singapore", "싱가포르"),
    ("SH", "Saint Helena, Ascension and Tristan da Cunha", ""),
    ("SI", "Slovenia", "슬로베니아"),
    ("SJ", "Svalbard and Jan Mayen", ""),
    ("SK", "Slovakia", "슬로바키아"),
    ("SL", "Sierra Leone", ""),
    ("SM", "San Marino", ""),
    ("SN", "Senegal", "세네갈"),
    ("SO", "Somalia", "소말리아"),
    ("SR", "Suriname", ""),
    ("SS", "South Sudan", ""),
    ("ST", "Sao Tome and Principe", ""),
    ("SV", "El Salvador", "엘살바도르"),
    ("SX", "Sint Maarten (Dutch part)", ""),
    ("SY", "Syria", "시리아"),
    ("SZ", "Eswatini", ""),
    ("TC", "Turks and Caicos Islands", ""),
    ("TD", "Chad", "차드"),
    ("TF", "French Southern Territories", ""),
    ("TG", "Togo", ""),
    ("TH", "Thailand", "태국"),
    ("TJ", "Tajikistan", "타지키스탄"),
    ("TK", "Tokelau", ""),
    ("TL", "Timor-Leste", "동티모르"),
    ("TM", "Turkmenistan", "투르크메니스탄"),
    ("TN", "Tunisia", "튀니지"),
    ("TO", "Tonga", ""),
    ("TR", "Türkiye", "튀르키예"),
    ("TT", "Trinidad and Tobago", ""),
    ("TV", "Tuvalu", ""),
    ("TW", "Taiwan", "대만"),
    ("TZ", "Tanzania", "탄자니아"),
    ("UA", "Ukraine", "우크라이나"),
    ("UG", "Uganda", "우간다"),
    ("UM", "United States Minor Outlying Islands", ""),
    ("US", "United States", "미국"),
    ("UY", "Uruguay", "우루과이"),
    ("UZ", "Uzbekistan", "우즈베키스탄"),
    ("VA", "Holy See", "바티칸"),
    ("VC", "Saint Vincent and the Grenadines", ""),
    ("VE", "Venezuela", "베네수엘라"),
    ("VG", "Virgin Islands (British)", ""),
    ("VI", "Virgin Islands (U.S.)", ""),
    ("VN", "Viet Nam", "베트남"),
    ("VU", "Vanuatu", ""),
    ("WF", "Wallis and Futuna", ""),
    ("WS", "Samoa", ""),
    ("YE", "Yemen", "예멘"),
    ("YT", "Mayotte", ""),
    ("ZA", "South Africa", "남아프리카 공화국"),
    ("ZM", "Zambia", ""),
    ("ZW", "Zimbabwe", "짐바브웨"),
)

# Other names the sources use for the same country: TMDB's long forms, common English forms, and
# the older or shorter Korean names KMDb records carry.
_ALIASES = {
    "KR": ("Korea, Republic of", "Republic of Korea", "Korea", "한국", "남한", "대한민국(한국)"),
    "KP": ("Korea, Democratic People's Republic of", "DPRK", "조선민주주의인민공화국", "북조선"),
    "US": ("United States of America", "USA", "U.S.A.", "America", "미합중국"),
    "GB": ("United Kingdom of Great Britain and Northern Ireland", "UK", "Great Britain", "England", "잉글랜드"),
    "RU": ("Russian Federation", "러시아 연방"),
    "DE": ("West Germany", "Federal Republic of Germany", "서독"),
    "CZ": ("Czech Republic", "체코 공화국"),
    "TW": ("Taiwan, Province of China", "Republic of China", "타이완", "중화민국"),
    "CN": ("People's Republic of China", "중화인민공화국", "중국 대륙"),
    "HK": ("Hong Kong SAR China", "홍콩특별행정구"),
    "MO": ("Macau", "Macao SAR China", "마카우"),
    "VN": ("Vietnam", "월남"),
    "IR": ("Iran, Islamic Republic of",),
    "SY": ("Syrian Arab Republic",),
    "LA": ("Lao People's Democratic Republic",),
    "MD": ("Moldova, Republic of",),
    "TZ": ("Tanzania, United Republic of",),
    "BO": ("Bolivia, Plurinational State of",),
    "VE": ("Venezuela, Bolivarian Republic of",),
    "TR": ("Turkey", "터키"),
    "MK": ("Macedonia", "마케도니아"),
    "SZ": ("Swaziland",),
    "CV": ("Cape Verde",),
    "CI": ("Ivory Coast",),
    "NL": ("Holland", "화란"),
    "GE": ("그루지야",),
    "TH": ("타이",),
    "MM": ("Burma", "버마"),
    "AU": ("오스트레일리아",),
    "NZ": ("뉴질랜드",),
    "ZA": ("남아공", "남아프리카공화국"),
    "DO": ("도미니카공화국",),
    "BA": ("보스니아", "보스니아헤르체고비나"),
    "PS": ("State of Palestine", "Palestinian Territory"),
    "VA": ("Vatican", "Vatican City"),
}

_BY_CODE = {code: (name_en, name_ko) for code, name_en, name_ko in _COUNTRIES}

_SPACES = re.compile(r"\s+")


def _key(name: str) -> str:
    """Normalise a country name for look-up: case and all spacing ignored ("남아프리카 공화국" = "남아프리카공화국")."""
    return _SPACES.sub("", name).casefold()


def _build_name_index() -> dict[str, str]:
    index = {}
    for code, name_en, name_ko in _COUNTRIES:
        for name in (name_en, name_ko):
            if name:
                index[_key(name)] = code
    for code, names in _ALIASES.items():
        for name in names:
            index.setdefault(_key(name), code)
    return index


_BY_NAME = _build_name_index()

COUNTRY_CODES = frozenset(_BY_CODE)
"""Every ISO 3166-1 alpha-2 code in use."""


def is_country_code(code) -> bool:
    """True when ``code`` is an assigned ISO 3166-1 alpha-2 code (either case; "XX", "SU", "" are not)."""
    return isinstance(code, str) and code.strip().upper() in _BY_CODE


def country_name_en(code: str) -> str:
    """The English short name of ``code`` ("KR" → "South Korea"); "" for an unknown code."""
    return _BY_CODE.get((code or "").strip().upper(), ("", ""))[0]


def country_name_ko(code: str) -> str:
    """The Korean name of ``code`` ("KR" → "대한민국"); "" when unknown or not in our table yet."""
    return _BY_CODE.get((code or "").strip().upper(), ("", ""))[1]


def code_for_name(name: str) -> str | None:
    """The code of a country named in Korean or English ("미국", "United States of America" → "US").

    Case and spacing are ignored. A two-letter string that is itself a code is accepted too. Returns
    None for a name we do not know (a historical state, a typo), so the caller can drop and count it.
    """
    if not isinstance(name, str) or not name.strip():
        return None
    code = _BY_NAME.get(_key(name))
    if code is None and is_country_code(name):
        code = name.strip().upper()
    return code
