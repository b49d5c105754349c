"""Random draws for the sandbox world: names, titles, synopses, dates, ids and file paths.

Every draw comes from the one `random.Random` a world is built with, in the order the builder asks,
so the same seed always gives the same world.
"""

from __future__ import annotations

import functools
import random
import string
from datetime import date, timedelta

from .. import vocabulary as vocab

FIRST_YEAR, LAST_YEAR = 1950, 2026
BASE62 = string.ascii_letters + string.digits
YOUTUBE_ALPHABET = string.ascii_letters + string.digits + "-_"
_GIVEN_NAMES_BY_GENDER = {g: tuple(n for n in vocab.FOREIGN_GIVEN_NAMES if n[2] == g) for g in (1, 2)}


class Draw:
    """The world's random generator, with the draws the builder makes from it."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def token(self, alphabet: str, length: int) -> str:
        # Random bytes mapped through a table: image paths are drawn by the tens of thousands.
        return self.rng.randbytes(length).translate(_byte_table(alphabet)).decode("ascii")

    def image_path(self) -> str:
        return f"/{self.token(BASE62, 27)}.jpg"

    def hex_id(self) -> str:
        return f"{self.rng.getrandbits(96):024x}"

    def korean_name(self) -> tuple[str, str]:
        """A Korean full name and its romanisation, e.g. ("봉준호", "Bong Joon-ho")."""
        rng = self.rng
        family_ko, family_en = rng.choice(vocab.KOREAN_SURNAMES)
        (a_ko, a_en), (b_ko, b_en) = rng.choice(vocab.KOREAN_SYLLABLES), rng.choice(vocab.KOREAN_SYLLABLES)
        return f"{family_ko}{a_ko}{b_ko}", f"{family_en} {a_en.capitalize()}-{b_en}"

    def foreign_name(self, gender: int = 0) -> tuple[str, str, int]:
        """KMDb's Korean transliteration of a foreign name, the name and its gender, e.g.
        ("제임스 스미스", "James Smith", 2); `gender` 1 or 2 asks for a given name of that gender."""
        names = _GIVEN_NAMES_BY_GENDER.get(gender, vocab.FOREIGN_GIVEN_NAMES)
        given_ko, given_en, given_gender = self.rng.choice(names)
        family_ko, family_en = self.rng.choice(vocab.FOREIGN_FAMILY_NAMES)
        return f"{given_ko} {family_ko}", f"{given_en} {family_en}", given_gender

    def title(self) -> tuple[str, str]:
        """A Korean title and its English translation."""
        rng = self.rng
        noun_ko, noun_en = rng.choice(vocab.TITLE_NOUNS)
        shape = rng.random()
        if shape < 0.3:
            return noun_ko, f"The {noun_en}" if rng.random() < 0.5 else noun_en
        if shape < 0.6:
            adj_ko, adj_en = rng.choice(vocab.TITLE_ADJECTIVES)
            return f"{adj_ko} {noun_ko}", f"The {adj_en} {noun_en}"
        other_ko, other_en = rng.choice(vocab.TITLE_NOUNS)
        if shape < 0.85:
            return f"{other_ko}의 {noun_ko}", f"The {noun_en} of the {other_en}"
        if shape < 0.95:
            return f"{other_ko} 그리고 {noun_ko}", f"{other_en} and {noun_en}"
        return f"{noun_ko} {rng.randint(2, 4)}", f"{noun_en} {rng.randint(2, 4)}"

    def overview(self, hero_ko: str, hero_en: str) -> tuple[str, str]:
        rng = self.rng
        role_ko, role_en = rng.choice(vocab.SYNOPSIS_ROLES)
        place_ko, place_en = rng.choice(vocab.SYNOPSIS_PLACES)
        event_ko, event_en = rng.choice(vocab.SYNOPSIS_EVENTS)
        outcome_ko, outcome_en = rng.choice(vocab.SYNOPSIS_OUTCOMES)
        korean = f"{place_ko}의 {role_ko} {hero_ko}{_topic_particle(hero_ko)} 어느 날 {event_ko}. 그리고 {outcome_ko}."
        english = f"{hero_en}, {role_en} in {place_en}, {event_en} one day. Then {outcome_en}."
        return korean, english

    def release_date(self) -> date:
        # rng.random() ** 0.6 leans towards 1: more recent years have more films, as in real data.
        year = FIRST_YEAR + int((LAST_YEAR - FIRST_YEAR + 1) * self.rng.random() ** 0.6)
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))


@functools.lru_cache(maxsize=4)
def _byte_table(alphabet: str) -> bytes:
    """A bytes.translate table sending each byte value to a character of `alphabet` (ASCII)."""
    return bytes(ord(alphabet[b % len(alphabet)]) for b in range(256))


def _topic_particle(word: str) -> str:
    """은 after a final consonant, 는 after a vowel (Korean topic marker)."""
    last = word[-1]
    if "가" <= last <= "힣":
        return "은" if (ord(last) - 0xAC00) % 28 else "는"
    return "은(는)"
