from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "watchb.sandbox"
    verbose_name = "Sandbox (offline TMDB and KMDb)"

    def ready(self):
        # Connects the receiver that restarts the fault count when SANDBOX_FAULTS changes.
        from . import faults  # noqa: F401
