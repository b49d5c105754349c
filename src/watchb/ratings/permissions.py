from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsOwnerOrReadOnly(BasePermission):
    """Anyone may read; only the owner (the view's `owner_field`, "user" by default) may change."""

    message = "Only its owner may change this."

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        owner_id = getattr(obj, f"{getattr(view, 'owner_field', 'user')}_id")
        return request.user.is_authenticated and owner_id == request.user.pk
