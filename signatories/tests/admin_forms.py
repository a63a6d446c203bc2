"""Post an admin add or change form as the page shows it, with some values changed."""

from __future__ import annotations


def _field_values(form, data: dict) -> None:
    for name, field in form.fields.items():
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, (list, tuple)):
            data[key] = [str(v) for v in value]
        elif value is not None:
            data[key] = field.prepare_value(value)


def shown_form(response) -> dict:
    """The values an admin add or change page holds, inline formsets included."""
    data: dict = {}
    _field_values(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _field_values(formset.management_form, data)
        for form in formset.forms:
            _field_values(form, data)
    return data


def post_admin_form(client, url: str, changes: dict | None = None):
    """GET the page, then POST what it shows with `changes` applied (None removes a key)."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = shown_form(page)
    for key, value in (changes or {}).items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return client.post(url, data)
