from rest_framework.permissions import SAFE_METHODS, BasePermission

# Declared on DailyRanking; the recommendations are published with it too.
PUBLISH_PERMISSION = "rankings.publish"


class CanPublishOrReadOnly(BasePermission):
    """Anyone may read a published day; publishing one needs the `rankings.publish` permission.

    An anonymous writer is refused as unauthenticated (401, so a client knows to send a token), an
    authenticated one without the permission as forbidden (403).
    """

    message = "Publishing rankings needs the rankings.publish permission."

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.has_perm(PUBLISH_PERMISSION))
