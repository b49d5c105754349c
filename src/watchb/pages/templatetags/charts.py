"""`{% rank_trend trend %}` (a home page entry) and `{% rank_trend trend large=True %}` (the movie page)."""

from django import template

register = template.Library()


@register.simple_tag
def rank_trend(trend, large=False):
    """A `charts.RankTrend` as its inline SVG sparkline."""
    return trend.svg(large=large)
