"""Django's admin site, with its log-in held to the budget of wrong passwords like every other
(`watchb.ratings.login_failures`): over budget, the admin's log-in page answers 429 with
`Retry-After` and says when to try again, without checking the password."""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from watchb.ratings.login_failures import seconds_refused


class BudgetedAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's log-in form; refused, before any password is checked, while over budget."""

    retry_after = 0

    def clean(self):
        self.retry_after = seconds_refused(self.request, self.data.get("username"))
        if self.retry_after:
            raise ValidationError(f"Too many wrong passwords. Try again in {self.retry_after} seconds.", code="refused")
        return super().clean()


class WatchbAdminSite(admin.AdminSite):
    """The admin site `manage.py`, `urls.py` and every `admin.py` use (see `apps.WatchbAdminConfig`)."""

    login_form = BudgetedAdminAuthenticationForm

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if getattr(form, "retry_after", 0):
            response.status_code = 429
            response["Retry-After"] = str(form.retry_after)
        return response
