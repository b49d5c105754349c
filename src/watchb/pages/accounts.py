"""Signing up, the one page that writes, and logging in within the budget of wrong passwords
(logging out is Django's own view, see `urls.py`)."""

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from watchb.ratings.login_failures import LoginFailureBudgetMixin
from watchb.ratings.usernames import TAKEN, validate_new_username


class LoginView(LoginFailureBudgetMixin, auth_views.LoginView):
    """Django's log-in page, within the budget of wrong passwords (`ratings.login_failures`)."""

    redirect_authenticated_user = True


class SignUpForm(UserCreationForm):
    """Django's user-creation form with the API's username rule (`ratings.usernames`); a name taken
    by a sign-up racing this one is a form error, not a 500."""

    def clean_username(self):
        try:
            return validate_new_username(self.cleaned_data["username"])
        except ValidationError as error:
            raise ValidationError(error.messages) from None

    def save(self, commit=True):
        try:
            with transaction.atomic():
                return super().save(commit)
        except IntegrityError:
            self.add_error("username", TAKEN)
            return None


def signup(request):
    """Django's user-creation form; a new user is logged in and sent to `?next=` or home."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    if request.method == "POST":
        form = SignUpForm(request.POST)
        user = form.save() if form.is_valid() else None
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(next_url or "pages:home")
    else:
        form = SignUpForm()
    return render(request, "registration/signup.html", {"form": form, "next": next_url})
