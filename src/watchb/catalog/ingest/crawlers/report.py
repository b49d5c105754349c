"""What a crawl did: the counts a crawler keeps and the report a person reads at the end."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class CrawlReport:
    """Counts of one crawl (or of several, added up with ``+``).

    `fetched` records came from the source; each was `created` as a new movie, `merged` into a
    movie we had, or `skipped` (counted per reason). `dropped_fields` and `dropped_children` count
    what validation left out of the movies that were kept, per ``"path (reason)"``.
    `kept_without_id` counts the people credited in saved movies who have no source id (each
    person once per movie): kept, identified by where they are listed.
    """

    source: str
    fetched: int = 0
    created: int = 0
    merged: int = 0
    skipped: Counter = field(default_factory=Counter)
    dropped_fields: Counter = field(default_factory=Counter)
    dropped_children: Counter = field(default_factory=Counter)
    kept_without_id: int = 0
    elapsed: float = 0.0

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def rate(self) -> float:
        """Records handled per second."""
        return self.fetched / self.elapsed if self.elapsed > 0 else 0.0

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    def count_drops(self, drops) -> None:
        """Count the `Dropped` entries of one saved movie."""
        for drop in drops:
            counter = self.dropped_fields if drop.kind == "field" else self.dropped_children
            counter[str(drop)] += 1

    def __add__(self, other: "CrawlReport") -> "CrawlReport":
        return CrawlReport(
            source=f"{self.source}+{other.source}",
            fetched=self.fetched + other.fetched,
            created=self.created + other.created,
            merged=self.merged + other.merged,
            skipped=self.skipped + other.skipped,
            dropped_fields=self.dropped_fields + other.dropped_fields,
            dropped_children=self.dropped_children + other.dropped_children,
            kept_without_id=self.kept_without_id + other.kept_without_id,
            elapsed=self.elapsed + other.elapsed,
        )

    def summary(self) -> str:
        """One line: ``tmdb: 60 fetched, 41 created, 17 merged, 2 skipped in 3.1 s (19.4 movies/s)``."""
        return (
            f"{self.source}: {self.fetched} fetched, {self.created} created, {self.merged} merged, "
            f"{self.skipped_total} skipped in {self.elapsed:.1f} s ({self.rate:.1f} movies/s)"
        )

    def __str__(self) -> str:
        lines = [self.summary()]
        if self.kept_without_id:
            lines.append(f"  people kept without an id: {self.kept_without_id}")
        for title, counter in (
            ("skipped", self.skipped),
            ("dropped fields", self.dropped_fields),
            ("dropped children", self.dropped_children),
        ):
            if counter:
                lines.append(f"  {title}:")
                width = max(len(reason) for reason in counter)
                lines.extend(
                    f"    {reason:<{width}}  {count:>6}"
                    for reason, count in sorted(counter.items(), key=lambda item: (-item[1], item[0]))
                )
        return "\n".join(lines)
