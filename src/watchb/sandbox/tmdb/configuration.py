"""`/configuration`: where TMDB's images are and in which sizes."""

# Where real TMDB serves images; the sandbox's views pass their own base instead.
TMDB_IMAGE_BASE_URL = "https://image.tmdb.org/t/p/"
IMAGE_SIZES = {
    "backdrop_sizes": ["w300", "w780", "w1280", "original"],
    "logo_sizes": ["w45", "w92", "w154", "w185", "w300", "w500", "original"],
    "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
    "profile_sizes": ["w45", "w185", "h632", "original"],
    "still_sizes": ["w92", "w185", "w300", "original"],
}
# Every size name the image server answers; others are 404, as on TMDB.
ALL_IMAGE_SIZES = frozenset(size for sizes in IMAGE_SIZES.values() for size in sizes)
CHANGE_KEYS = (
    "adult",
    "alternative_titles",
    "budget",
    "cast",
    "crew",
    "genres",
    "homepage",
    "images",
    "imdb_id",
    "original_language",
    "original_title",
    "overview",
    "poster",
    "production_companies",
    "production_countries",
    "release_dates",
    "revenue",
    "runtime",
    "spoken_languages",
    "status",
    "tagline",
    "title",
    "translations",
    "videos",
)


def configuration(image_base_url: str = TMDB_IMAGE_BASE_URL) -> dict:
    """`/configuration`: image URLs are `image_base_url` + a size name + a file path.

    TMDB gives an http `base_url` and an https `secure_base_url`; a base of the sandbox's own (on
    whatever host was asked) is given as both, since it is served with the request's scheme.
    """
    if image_base_url == TMDB_IMAGE_BASE_URL:
        plain = "http://" + image_base_url.removeprefix("https://")
    else:
        plain = image_base_url
    return {
        "change_keys": list(CHANGE_KEYS),
        "images": {
            "base_url": plain,
            "secure_base_url": image_base_url,
            **{kind: list(sizes) for kind, sizes in IMAGE_SIZES.items()},
        },
    }
