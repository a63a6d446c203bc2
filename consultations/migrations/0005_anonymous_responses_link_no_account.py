"""Anonymous responses sent before this named the account that sent them: forget it."""

from django.db import migrations


def forget_accounts(apps, schema_editor):
    Response = apps.get_model("consultations", "Response")
    HistoricalResponse = apps.get_model("consultations", "HistoricalResponse")
    Response.objects.filter(respondent_type="anonymous").update(submitted_by=None)
    history = HistoricalResponse.objects.filter(respondent_type="anonymous")
    history.update(submitted_by=None)
    # The row made when it was sent names the sender; later rows (an acknowledgement) an officer.
    history.filter(history_type="+").update(history_user=None)


class Migration(migrations.Migration):
    dependencies = [("consultations", "0004_date_changes_text_limits_created_by_blank")]

    operations = [migrations.RunPython(forget_accounts, migrations.RunPython.noop)]
