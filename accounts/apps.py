from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # every failed sign-in counts against its client, whichever page it came through
        from . import signin  # noqa: F401
