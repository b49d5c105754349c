from django.apps import AppConfig


class SandboxConfig(AppConfig):
    name = "watchb.sandbox"
