from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsOwnerOrReadOnly(BasePermission):
    """Anyone may read; only the owner (the view's `owner_field`, "user" by default) may change."""

    message = "Only its owner may change this."

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        owner_id = getattr(obj, f"{getattr(view, 'owner_field', 'user')}_id")
        return request.user.is_authenticated and owner_id == request.user.pk


class NarrowedOrSignedIn(BasePermission):
    """A list is public when narrowed to one user or one thing (`?user=3`, `?movie=12`: what their
    pages show); the whole of it, a bulk download, needs a signed-in user. The MovieLens export is
    the bulk path for pipelines. Reading one row by id stays public."""

    def has_permission(self, request, view):
        if getattr(view, "action", None) != "list" or request.user.is_authenticated:
            return True
        return any(request.query_params.get(name) for name in getattr(view, "id_filters", {}))
