"""The sandbox's image files: deterministic SVG posters, stills and profile pictures.

TMDB serves images from its own server (`images.base_url` + size + file path, e.g.
".../t/p/w500/abc.jpg") and KMDb from a file server ("posters", "stlls" are full URLs). The sandbox
serves both offline, so a site crawled from it shows real pictures instead of placeholders.

Each file is an SVG drawn from what the world knows about it: a poster or still shows its film's
title, a profile picture its person's initials, on a two-colour gradient taken from a hash of the file
path and that text. The same path always gives the same bytes, whatever the extension it was asked
with (".jpg" on both services). A path the world does not know still answers: a poster drawn from the
hash alone, so a hand-typed URL shows something rather than breaking a page.
"""

from __future__ import annotations

import colorsys
import functools
import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass

from .world import World, build_world

# (viewBox width, height) of each shape; sizes scale them (`dimensions`).
SHAPES = {"poster": (200, 300), "still": (320, 180), "profile": (200, 300)}
# What "original" means for each shape, as TMDB's uploads usually are.
ORIGINAL = {"poster": (2000, 3000), "still": (1920, 1080), "profile": (1000, 1500)}
_SIZE = re.compile(r"([wh])(\d+)")
# XML 1.0 refuses most control characters, even escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ImageFile:
    """One picture: its shape ("poster", "still", "profile") and the text it shows."""

    shape: str
    text: str


UNKNOWN = ImageFile("poster", "")


def dimensions(shape: str, size: str) -> tuple[int, int]:
    """Pixel width and height for a TMDB size name: "w500" fixes the width, "h632" the height,
    "original" gives the shape's full size. The caller has checked that the name is one TMDB lists."""
    if size == "original":
        return ORIGINAL[shape]
    box_width, box_height = SHAPES[shape]
    axis, number = _SIZE.fullmatch(size).groups()
    number = int(number)
    if axis == "w":
        return number, round(number * box_height / box_width)
    return round(number * box_width / box_height), number


# --- finding what a file shows ------------------------------------------------------------------


def tmdb_file(world: World, file_path: str) -> ImageFile:
    """What the TMDB file `file_path` ("/abc.jpg") shows; `UNKNOWN` if no film or person has it.
    `world` must come from `build_world` (the index is cached by its seed and size)."""
    return _tmdb_index(world.seed, world.size).get(file_path, UNKNOWN)


def kmdb_file(world: World, name: str) -> ImageFile:
    """What the KMDb file `name` ("thm/02/00/17/36/tn_DPK017282.jpg") shows; `UNKNOWN` if none."""
    return _kmdb_index(world.seed, world.size).get(name, UNKNOWN)


@functools.lru_cache(maxsize=8)
def _tmdb_index(seed: int, size: int) -> dict[str, ImageFile]:
    world = build_world(seed, size)
    index = {p.profile_path: ImageFile("profile", p.name_en) for p in world.people if p.profile_path}
    index.update(_film_files(world.tmdb_movies, lambda m: (m.poster_paths, m.backdrop_paths)))
    return index


@functools.lru_cache(maxsize=8)
def _kmdb_index(seed: int, size: int) -> dict[str, ImageFile]:
    return _film_files(build_world(seed, size).kmdb_movies, lambda m: (m.kmdb_posters, m.kmdb_stills))


def _film_files(movies, files_of) -> dict[str, ImageFile]:
    """Each poster and still of `movies` (`files_of(movie)` gives both lists) with the film's title."""
    index = {}
    for movie in movies:
        posters, stills = files_of(movie)
        for shape, names in (("poster", posters), ("still", stills)):
            for name in names:
                index[name] = ImageFile(shape, movie.title_ko)
    return index


# --- drawing ------------------------------------------------------------------------------------


def render_svg(path: str, image: ImageFile, width: int | None = None, height: int | None = None) -> bytes:
    """The SVG document (UTF-8) for the file at `path` showing `image`, `width` x `height` pixels
    (the shape's viewBox size when not given). Text is XML-escaped; the bytes depend only on the
    arguments."""
    box_width, box_height = SHAPES[image.shape]
    width, height = width or box_width, height or box_height
    digest = hashlib.sha256(f"{path}\n{image.text}".encode()).digest()
    top, bottom = _gradient(digest)
    text = _CONTROL.sub("", image.text).strip()
    if image.shape == "profile":
        label = _text_lines([initials(text)], box_width, box_height / 2, 72) + _text_lines(
            _wrap(text, 16), box_width, box_height * 0.82, 16
        )
    elif image.shape == "still":
        label = _text_lines(_wrap(text, 18)[:3], box_width, box_height / 2, 22)
    else:
        label = _text_lines(_wrap(text, 10)[:5], box_width, box_height * 0.42, 28)
    gradient_id = "g" + digest.hex()[:8]
    document = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {box_width} {box_height}" preserveAspectRatio="xMidYMid slice" role="img" '
        f'aria-label="{_escape(text)}">'
        f'<defs><linearGradient id="{gradient_id}" x1="0" y1="0" x2="0.4" y2="1">'
        f'<stop offset="0" stop-color="{top}"/><stop offset="1" stop-color="{bottom}"/>'
        f"</linearGradient></defs>"
        f'<rect width="{box_width}" height="{box_height}" fill="url(#{gradient_id})"/>'
        f"<g fill=\"#ffffff\" font-family=\"'Noto Sans KR', 'Apple SD Gothic Neo', sans-serif\" "
        f'font-weight="700" text-anchor="middle">{label}</g></svg>'
    )
    return document.encode()


def initials(name: str) -> str:
    """ "Bong Joon-ho" -> "BJ", "봉준호" -> "봉": the first letter of the first and last words."""
    words = name.split()
    if not words:
        return ""
    picked = [words[0], words[-1]] if len(words) > 1 else words[:1]
    return "".join(word[0] for word in picked).upper()


def _gradient(digest: bytes) -> tuple[str, str]:
    """Two colours of related hues, dark enough under white text."""
    hue = int.from_bytes(digest[:2], "big") / 65535
    shift = 0.08 + digest[2] / 255 * 0.25
    return _hex(hue, 0.45, 0.55), _hex((hue + shift) % 1, 0.25, 0.6)


def _hex(hue: float, lightness: float, saturation: float) -> str:
    red, green, blue = colorsys.hls_to_rgb(hue, lightness, saturation)
    return "#{:02x}{:02x}{:02x}".format(*(round(c * 255) for c in (red, green, blue)))


def _width(text: str) -> int:
    """Display width: East Asian wide characters (Hangul) count 2, others 1."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, limit: int) -> list[str]:
    """Greedy word wrap to `limit` display columns; a longer word stays whole on its own line."""
    lines: list[str] = []
    for word in text.split():
        if lines and _width(lines[-1]) + 1 + _width(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _text_lines(lines: list[str], box_width: int, middle: float, font_size: int) -> str:
    """<text> elements for `lines`, centred on x and on `middle` as a block."""
    leading = font_size * 1.25
    first = middle - leading * (len(lines) - 1) / 2 + font_size * 0.35
    return "".join(
        f'<text x="{box_width / 2:g}" y="{first + i * leading:g}" font-size="{font_size}">{_escape(line)}</text>'
        for i, line in enumerate(lines)
    )


def _escape(text: str) -> str:
    """Escape for XML text and attribute values (& < > " ')."""
    return html.escape(_CONTROL.sub("", text), quote=True)
