"""People who sign in. Email is the login; roles come from links to Compacts and organisations."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is needed.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField("full name", max_length=200, blank=True)
    is_staff = models.BooleanField(
        "Compact staff", default=False, help_text="Can sign in to the admin (Compact officers)."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Empty only for an account made by registering whose owner has not yet followed the
    # emailed link (accounts.services.register); every other way of making an account (the
    # admin, createsuperuser, the demo) makes it for a known address.
    confirmed_at = models.DateTimeField(
        "email address confirmed", null=True, blank=True, default=timezone.now
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_unconfirmed(self) -> bool:
        """Registered, but nobody has yet shown they read mail at the address."""
        return self.confirmed_at is None and not self.is_active

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    # Roles. Each answers from the links kept in `signatories`; superusers count as officers
    # of every Compact. A page asks them several times (the header, the view, the admin's
    # permissions), so each is looked up once per user object: the object a request signs in
    # lives for that request; refresh_from_db() or a new object sees later changes.

    def _role(self, name: str, look_up):
        remembered = self.__dict__.setdefault("_roles", {})
        if name not in remembered:
            remembered[name] = look_up()
        return remembered[name]

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_roles", None)
        super().refresh_from_db(*args, **kwargs)

    def officer_compact_ids(self) -> set[int]:
        """The Compacts this person is a Compact officer for."""
        return self._role("officer_compacts", self._officer_compact_ids)

    def _officer_compact_ids(self) -> set[int]:
        if not self.is_authenticated or not self.is_active:
            return set()
        if self.is_superuser:
            # accounts sits below signatories, so the model is found by its label, not imported
            compacts = apps.get_model("signatories", "Compact").objects
            return set(compacts.values_list("pk", flat=True))
        if not self.is_staff:
            return set()
        return set(self.compact_officer_roles.values_list("compact_id", flat=True))

    def is_compact_officer_for(self, compact) -> bool:
        """Whether this person runs the given Compact in the admin."""
        return compact is not None and compact.pk in self.officer_compact_ids()

    @property
    def is_compact_officer(self) -> bool:
        return bool(self.officer_compact_ids())

    def organisation_ids(self) -> set[int]:
        """The organisations this person is a contact for."""
        if not self.is_authenticated:
            return set()
        return self._role(
            "organisations",
            lambda: set(self.organisation_links.values_list("organisation_id", flat=True)),
        )

    def is_contact_for(self, organisation) -> bool:
        """Whether this person may act for the organisation."""
        return organisation is not None and organisation.pk in self.organisation_ids()

    @property
    def is_organisation_contact(self) -> bool:
        return bool(self.organisation_ids())

    @property
    def is_public_body_officer(self) -> bool:
        """A contact of a public-sector organisation: publishes consultations, records funding."""
        return self.is_authenticated and self._role(
            "public_body",
            lambda: self.organisation_links.filter(organisation__sector="public").exists(),
        )

    def reference_group_compact_ids(self) -> set[int]:
        """The Compacts whose reference group this person sits on."""
        if not self.is_authenticated:
            return set()
        return self._role(
            "reference_groups",
            lambda: set(
                self.reference_group_memberships.filter(active=True).values_list(
                    "compact_id", flat=True
                )
            ),
        )

    @property
    def is_reference_group_member(self) -> bool:
        return bool(self.reference_group_compact_ids())
