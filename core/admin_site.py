"""The admin site: Django's, with its shortcut and every list's filters kept safe."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DataError, transaction
from django.http import Http404
from django.urls import path


class CheckedChangeList(ChangeList):
    """Django's changelist, answering odd filter values with its own "invalid lookup" message.

    A NUL byte (PostgreSQL refuses it in text), a year past 9999 in the date hierarchy or a
    number past what a column or a date holds would otherwise be a 500.
    """

    def __init__(self, request, *args, **kwargs):
        if any("\x00" in key + "".join(values) for key, values in request.GET.lists()):
            raise IncorrectLookupParameters("A NUL character in the query string.")
        try:
            # A savepoint: on PostgreSQL a refused query would otherwise spoil the transaction.
            with transaction.atomic():
                super().__init__(request, *args, **kwargs)
        except (ValueError, OverflowError, ValidationError, DataError) as error:
            raise IncorrectLookupParameters(error) from error


class PortalAdminSite(admin.AdminSite):
    """Every admin list is a CheckedChangeList, and "view on site" names only rows one may see."""

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if admin_class.get_changelist is admin.ModelAdmin.get_changelist:
            # Libraries' admins too (the sign-in logs): each list is covered where it is added.
            admin_class = type(
                admin_class.__name__,
                (admin_class,),
                {
                    "__module__": admin_class.__module__,
                    "__qualname__": admin_class.__qualname__,
                    "get_changelist": lambda self, request, **kwargs: CheckedChangeList,
                },
            )
        super().register(model_or_iterable, admin_class, **options)

    def get_urls(self):
        urls = [url for url in super().get_urls() if getattr(url, "name", "") != "view_on_site"]
        shortcut = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [shortcut, *urls]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's shortcut, for a row whose admin page this person may open; else not found.

        Django's own redirects to any row's public address, naming another Compact's case.
        """
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, OverflowError, ContentType.DoesNotExist) as error:
            raise Http404 from error
        model_admin = self._registry.get(model)
        obj = model_admin.get_object(request, unquote(object_id)) if model_admin else None
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return contenttype_views.shortcut(request, content_type_id, object_id)
