"""State changes of consultations and responses: one function each, in a transaction, in history."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core import page_cache
from core.history import record_change
from core.uploads import check_upload
from signatories.models import Sector
from signatories.services import new_reference

from . import access, emails
from .follow_tokens import CONFIRM, UNSUBSCRIBE, alert_from, follower_from
from .models import (
    Consultation,
    DateChange,
    Document,
    Extension,
    Follower,
    ForthcomingAlert,
    Response,
)

Status = Consultation.Status
Compliance = Consultation.Compliance
DOCUMENT_TYPES = {".pdf", ".docx", ".odt", ".xlsx", ".ods", ".csv", ".txt", ".rtf"}


def _check_manager(user: User, consultation: Consultation) -> None:
    if not access.may_change(user, consultation):
        raise PermissionDenied("Only the lead body's officers can change this consultation.")


def _check_lead(by: User, lead_body, compact) -> None:
    if lead_body.sector != Sector.PUBLIC:
        raise ValidationError({"lead_body": "The lead body must be a public-sector organisation."})
    if not access.may_draft_for(by, lead_body=lead_body, compact=compact):
        raise PermissionDenied("Only the lead body's officers can draft its consultations.")


def _check_dates(data: dict) -> None:
    if data["closes_on"] < data["opens_on"]:
        raise ValidationError(
            {"closes_on": "The closing date must be on or after the opening date."}
        )


def check_draft(*, by: User, **data) -> None:
    """Refuse a draft `create_draft` would refuse, writing nothing (for the admin's form)."""
    _check_lead(by, data["lead_body"], data["compact"])
    _check_dates(data)


@transaction.atomic
def create_draft(*, by: User, **data) -> Consultation:
    """Start a consultation as a draft of a public body."""
    check_draft(by=by, **data)
    consultation = Consultation(created_by=by, **data)
    consultation.full_clean()
    record_change(consultation, by=by, reason="Drafted")
    consultation.save()
    return consultation


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


def _date_moves(
    consultation: Consultation, data: dict, date_change_reason: str, today: date
) -> list[DateChange]:
    """The published dates this edit moves, checked against the clock; none for a draft.

    The clock is public once published: an opening date that has passed and a closing date
    that has passed stay as they were, and less time to respond needs a stated reason.
    """
    if not consultation.is_published:
        return []
    moves = [
        DateChange(
            consultation=consultation,
            which=which,
            old_date=getattr(consultation, field),
            new_date=data[field],
            reason=date_change_reason.strip(),
        )
        for field, which in (
            ("opens_on", DateChange.Which.OPENS),
            ("closes_on", DateChange.Which.CLOSES),
        )
        if field in data and data[field] != getattr(consultation, field)
    ]
    for move in moves:
        field = "opens_on" if move.which == DateChange.Which.OPENS else "closes_on"
        if consultation.status == Status.CLOSED or (
            move.which == DateChange.Which.OPENS and consultation.status == Status.OPEN
        ):
            raise ValidationError(
                {field: f"The {move.get_which_display()} has passed and can no longer change."}
            )
        if move.new_date < today:
            raise ValidationError({field: f"The new {move.get_which_display()} has passed."})
        if move.shortens and not move.reason:
            earlier_or_later = "earlier" if move.which == DateChange.Which.CLOSES else "later"
            raise ValidationError(
                {
                    "date_change_reason": (
                        f"Give the reason for moving the {move.get_which_display()} "
                        f"{earlier_or_later}: it leaves less time to respond."
                    )
                }
            )
    return moves


def check_update(
    *,
    consultation: Consultation,
    by: User,
    date_change_reason: str = "",
    today: date | None = None,
    **data,
) -> list[DateChange]:
    """Refuse an edit `update` would refuse, writing nothing; the date moves it would record."""
    _check_manager(by, consultation)
    if consultation.is_finished:
        raise ValidationError("This consultation is finished and can no longer be edited.")
    if {"lead_body", "compact"} & data.keys():
        # Moving it to another body or Compact: the person must run that one too.
        _check_lead(
            by,
            data.get("lead_body", consultation.lead_body),
            data.get("compact", consultation.compact),
        )
    _check_dates({"opens_on": consultation.opens_on, "closes_on": consultation.closes_on, **data})
    return _date_moves(consultation, data, date_change_reason, today or timezone.localdate())


@transaction.atomic
def update(
    *,
    consultation: Consultation,
    by: User,
    date_change_reason: str = "",
    today: date | None = None,
    **data,
) -> Consultation:
    """Edit a consultation. After publication its dates move only with the clock: less time
    to respond needs a reason, and every move is kept in history and shown on its page."""
    _check_manager(by, consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    moves = check_update(
        consultation=consultation,
        by=by,
        date_change_reason=date_change_reason,
        today=today,
        **data,
    )
    for field, value in data.items():
        setattr(consultation, field, value)
    consultation.full_clean()
    consultation.refresh_verdicts()
    reasons = [
        f"The {move.get_which_display()} moved from {_day(move.old_date)} to "
        f"{_day(move.new_date)}" + (f": {move.reason}" if move.reason else "")
        for move in moves
    ] or ["Edited"]
    if consultation.is_published and consultation.compliance_state == Compliance.SHORTER_NO_REASON:
        # Dates edited after publication with no reason covering them: flagged, never hidden.
        reasons.append("Edited after publication: shorter than the minimum with no reason")
    record_change(consultation, by=by, reason="; ".join(reasons))
    consultation.save()
    for move in moves:
        move.changed_by = by
        move.save()
    if moves:
        emails.tell_followers(consultation, "dates_changed")
    return consultation


def add_document(*, consultation: Consultation, by: User, title: str, upload) -> Document:
    """Attach a document after checking its type and size."""
    _check_manager(by, consultation)
    try:
        check_upload(
            upload,
            extensions=DOCUMENT_TYPES,
            kinds="PDF, Word, OpenDocument, Excel, CSV, RTF or text",
        )
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    return Document.objects.create(
        consultation=consultation, title=title, file=upload, size=upload.size
    )


@transaction.atomic
def publish(
    *, consultation: Consultation, by: User, commitments_confirmed: bool, today: date | None = None
) -> Consultation:
    """Publish a draft: forthcoming until it opens, then open. Shorter needs a stated reason."""
    _check_manager(by, consultation)
    today = today or timezone.localdate()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Status.DRAFT:
        raise ValidationError("Only a draft can be published.")
    if not commitments_confirmed:
        raise ValidationError(
            {
                "commitments_confirmed": (
                    "Confirm you have read the Compact's consultation commitments."
                )
            }
        )
    consultation.refresh_verdicts()
    if consultation.compliance_state == Compliance.SHORTER_NO_REASON:
        raise ValidationError(
            {
                "shorter_reason": (
                    "The consultation is shorter than the Compact's minimum: "
                    "give the reason before publishing."
                )
            }
        )
    if consultation.closes_on < today:
        raise ValidationError({"closes_on": "The closing date has already passed."})
    consultation.status = Status.OPEN if consultation.opens_on <= today else Status.FORTHCOMING
    consultation.commitments_confirmed = True
    consultation.published_at = timezone.now()
    record_change(
        consultation, by=by, reason=f"Published ({consultation.get_status_display().lower()})"
    )
    consultation.save()
    if consultation.status == Status.FORTHCOMING:
        emails.forthcoming(consultation)
    return consultation


def _move(consultation: Consultation, to: str, reason: str, by: User | None = None) -> Consultation:
    consultation.status = to
    record_change(consultation, by=by, reason=reason)
    consultation.save(update_fields=["status", "updated_at"])
    return consultation


@transaction.atomic
def open_due(today: date) -> int:
    """Open forthcoming consultations whose opening date has come (a scheduled task)."""
    opened = 0
    for consultation in Consultation.objects.select_for_update().filter(
        status=Status.FORTHCOMING, opens_on__lte=today
    ):
        _move(consultation, Status.OPEN, "Opened on its opening date")
        emails.tell_followers(consultation, "opened")
        opened += 1
    return opened


@transaction.atomic
def close_due(today: date) -> int:
    """Close open consultations whose closing day has ended (a scheduled task)."""
    closed = 0
    for consultation in Consultation.objects.select_for_update().filter(
        status=Status.OPEN, closes_on__lt=today
    ):
        _move(consultation, Status.CLOSED, "Closed at the end of its closing date")
        emails.tell_followers(consultation, "closed")
        closed += 1
    return closed


@transaction.atomic
def extend(*, consultation: Consultation, by: User, closes_on: date, reason: str) -> Consultation:
    """Move the closing date later; the verdict is re-checked and followers are told."""
    _check_manager(by, consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status not in {Status.FORTHCOMING, Status.OPEN}:
        raise ValidationError("Only a forthcoming or open consultation can be extended.")
    if closes_on <= consultation.closes_on:
        raise ValidationError(
            {"closes_on": "The new closing date must be later than the current one."}
        )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the extension."})
    Extension.objects.create(
        consultation=consultation,
        old_closes_on=consultation.closes_on,
        new_closes_on=closes_on,
        reason=reason,
        extended_by=by,
    )
    consultation.closes_on = closes_on
    record_change(consultation, by=by, reason=f"Extended to {closes_on:%-d %B %Y}: {reason}")
    consultation.save()
    emails.tell_followers(consultation, "extended")
    return consultation


def _reason_given(reason: str, what: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": f"Give the reason for {what}: it is shown in public."})
    return reason.strip()


@transaction.atomic
def withdraw(
    *, consultation: Consultation, by: User, reason: str, today: date | None = None
) -> Consultation:
    """Withdraw a consultation that is not finished; it stays on the record, marked withdrawn,
    with the reason on its page."""
    _check_manager(by, consultation)
    reason = _reason_given(reason, "withdrawing it")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.is_finished:
        raise ValidationError("This consultation is already finished.")
    was_published = consultation.is_published
    consultation.ended_early_on = today or timezone.localdate()
    consultation.ended_early_reason = reason
    consultation.status = Status.WITHDRAWN
    record_change(consultation, by=by, reason=f"Withdrawn: {reason}")
    consultation.save()
    if was_published:
        emails.tell_followers(consultation, "withdrawal")
    return consultation


@transaction.atomic
def close_early(
    *, consultation: Consultation, by: User, reason: str, today: date | None = None
) -> Consultation:
    """Stop taking responses before the closing date: it closes today, with the reason shown.

    The closing date becomes today (the feedback clock runs from it) and the move is listed
    with the other date changes; the period's verdict is worked out again, so a consultation
    cut below the minimum without the reason given at the start is flagged, never hidden.
    """
    _check_manager(by, consultation)
    reason = _reason_given(reason, "closing it early")
    today = today or timezone.localdate()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Status.OPEN:
        raise ValidationError("Only an open consultation can be closed early.")
    if consultation.closes_on <= today:
        raise ValidationError("This consultation closes today already.")
    DateChange.objects.create(
        consultation=consultation,
        which=DateChange.Which.CLOSES,
        old_date=consultation.closes_on,
        new_date=today,
        reason=f"closed early: {reason}",
        changed_by=by,
    )
    consultation.closes_on = today
    consultation.ended_early_on = today
    consultation.ended_early_reason = reason
    consultation.status = Status.CLOSED
    record_change(consultation, by=by, reason=f"Closed early: {reason}")
    consultation.save()
    emails.tell_followers(consultation, "closed_early")
    return consultation


@transaction.atomic
def publish_feedback(
    *, consultation: Consultation, by: User, feedback: str, today: date | None = None
) -> Consultation:
    """Publish what was decided and how responses influenced it; respondents are told once."""
    _check_manager(by, consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status != Status.CLOSED:
        raise ValidationError("Feedback is published after the consultation closes.")
    if not feedback.strip():
        raise ValidationError({"feedback": "Enter the feedback."})
    consultation.feedback = feedback
    consultation.feedback_published_on = today or timezone.localdate()
    consultation.status = Status.FEEDBACK_PUBLISHED
    record_change(consultation, by=by, reason="Feedback published")
    consultation.save()
    tell_respondents(consultation)
    emails.tell_followers(consultation, "feedback")
    return consultation


@transaction.atomic
def tell_respondents(consultation: Consultation) -> int:
    """Tell each respondent who left contact details of the decision, once (004 10.2.8).

    Each is claimed (`feedback_notified_at`) by a conditional update in the same transaction
    as its outbox row, so a second run tells nobody again and a rollback undoes both.
    """
    told = 0
    waiting = consultation.responses.filter(feedback_notified_at=None).exclude(email="")
    for response in waiting.select_related("consultation"):
        if Response.objects.filter(pk=response.pk, feedback_notified_at=None).update(
            feedback_notified_at=timezone.now()
        ):
            emails.feedback_published(response)
            told += 1
    return told


def _acknowledge(response: Response) -> bool:
    """Record the acknowledgement and write its email in this transaction, once."""
    now = timezone.now()
    if not Response.objects.filter(pk=response.pk, acknowledged_at=None).update(
        acknowledged_at=now
    ):
        return False
    response.acknowledged_at = now
    emails.acknowledge(response)
    return True


def _accepting(consultation: Consultation, today: date) -> None:
    if not consultation.invites_responses:
        raise ValidationError(
            "This consultation informs you of a decision already taken: it seeks no responses."
        )
    if consultation.status != Status.OPEN or not (
        consultation.opens_on <= today <= consultation.closes_on
    ):
        if (
            consultation.status in {Status.CLOSED, Status.FEEDBACK_PUBLISHED}
            or today > consultation.closes_on
        ):
            raise ValidationError(
                f"This consultation closed on {consultation.closes_on:%-d %B %Y}. "
                "Responses can no longer be sent."
            )
        raise ValidationError("This consultation is not open for responses.")


class Previous:
    """What to do when the organisation already responded: update that response, or add one."""

    UPDATE, SEPARATE = "update", "separate"


def earlier_response(consultation: Consultation, organisation) -> Response | None:
    """The organisation's latest response to this consultation, if it has one."""
    if organisation is None:
        return None
    return (
        consultation.responses.filter(
            organisation=organisation, respondent_type=Response.RespondentType.ORGANISATION
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )


@transaction.atomic
def submit_response(
    *,
    consultation: Consultation,
    by: User | None,
    token: str,
    respondent_type: str,
    body: str,
    name: str = "",
    email: str = "",
    represents: str = "",
    capacity: str = "",
    organisation=None,
    organisation_size: str = "",
    answers: dict | None = None,
    previous: str = "",
    today: date | None = None,
) -> Response:
    """An online response. The same form sent twice (same token) gives the first response back.

    For an organisation, the name and email are the account's; if the organisation has
    responded already, `previous` says whether this updates that response (its first version
    stays in history) or is a separate one: unsaid, nothing is written.
    """
    existing = Response.objects.filter(submission_token=token).first() if token else None
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    _accepting(consultation, today)
    if not body.strip() and not any((answers or {}).values()):
        raise ValidationError({"body": "Enter your response."})
    earlier = None
    if respondent_type == Response.RespondentType.ORGANISATION:
        if not access.may_respond_for(by, organisation):
            raise PermissionDenied("Only an organisation's contacts respond on its behalf.")
        name, email = by.full_name or name, by.email
        earlier = earlier_response(consultation, organisation)
        if earlier is not None and previous not in {Previous.UPDATE, Previous.SEPARATE}:
            raise ValidationError(
                {
                    "previous": (
                        f"{organisation.name} responded on {_day(earlier.received_on)} "
                        f"(reference {earlier.reference}): choose whether to update that "
                        "response or send a separate one"
                    )
                }
            )
    else:
        organisation_size = ""
    anonymous = respondent_type == Response.RespondentType.ANONYMOUS
    if anonymous:
        # The form promises anonymity: no name, and no link to the account that sent it
        # (neither on the response nor in its history).
        name, organisation = "", None
    account = by if by is not None and by.is_authenticated and not anonymous else None
    if earlier is not None and previous == Previous.UPDATE:
        return _update_response(
            earlier,
            by=account,
            token=token,
            name=name,
            email=email,
            represents=represents,
            capacity=capacity,
            organisation_size=organisation_size,
            answers=answers or {},
            body=body,
            today=today,
        )
    response = Response(
        consultation=consultation,
        reference=new_reference("R"),
        respondent_type=respondent_type,
        organisation=organisation,
        organisation_size=organisation_size,
        name=name,
        email=email,
        represents=represents,
        capacity=capacity,
        answers=answers or {},
        body=body,
        submission_token=token or None,
        submitted_by=account,
        received_on=today,
    )
    record_change(response, by=account, reason="Sent online")
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        # A double click raced this one: give back the response that won.
        return Response.objects.get(submission_token=token)
    if consultation.acknowledge_responses and email:
        _acknowledge(response)
    return response


def _update_response(earlier: Response, *, by: User | None, token: str, today: date, **fields):
    """The organisation's response replaced by its new text; the first stays in history."""
    response = Response.objects.select_for_update().get(pk=earlier.pk)
    for field, value in fields.items():
        setattr(response, field, value)
    response.received_on = today
    # The new form's token: a double click of this update finds it and changes nothing more.
    response.submission_token = token or None
    response.submitted_by = by
    record_change(response, by=by, reason="Updated online by the organisation")
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        return Response.objects.get(submission_token=token)
    return response


@transaction.atomic
def record_response(
    *,
    consultation: Consultation,
    by: User,
    channel: str,
    body: str,
    received_on: date,
    respondent_type: str = Response.RespondentType.INDIVIDUAL,
    name: str = "",
    email: str = "",
    represents: str = "",
    capacity: str = "",
    petition_signatures: int | None = None,
    organisation=None,
    organisation_size: str = "",
) -> Response:
    """An officer records a response received another way (written, meeting, survey, petition)."""
    _check_manager(by, consultation)
    if not consultation.invites_responses:
        raise ValidationError(
            "This consultation informs of a decision already taken: it seeks no responses."
        )
    if channel == Response.Channel.ONLINE:
        raise ValidationError({"channel": "Online responses are sent by respondents themselves."})
    if channel == Response.Channel.PETITION and not petition_signatures:
        raise ValidationError(
            {"petition_signatures": "Enter the number of signatures on the petition."}
        )
    response = Response(
        consultation=consultation,
        reference=new_reference("R"),
        respondent_type=respondent_type,
        organisation=organisation,
        organisation_size=(
            organisation_size if respondent_type == Response.RespondentType.ORGANISATION else ""
        ),
        name="" if respondent_type == Response.RespondentType.ANONYMOUS else name,
        email=email,
        represents=represents,
        capacity=capacity,
        channel=channel,
        petition_signatures=petition_signatures if channel == Response.Channel.PETITION else None,
        body=body,
        recorded_by=by,
        received_on=received_on,
    )
    response.full_clean()
    record_change(response, by=by, reason=f"Recorded ({channel})")
    response.save()
    return response


@transaction.atomic
def acknowledge_response(response: Response, *, by: User) -> bool:
    """Send the acknowledgement of an officer-recorded response (once)."""
    _check_manager(by, response.consultation)
    if not response.email:
        return False
    return _acknowledge(response)


@transaction.atomic
def follow(*, consultation: Consultation, email: str) -> Follower:
    """Ask to follow a consultation by email: pending until the address's owner confirms.

    Anyone may type any address, so nothing is sent to it but the confirmation link.
    """
    follower, _ = Follower.objects.get_or_create(
        consultation=consultation, email=email.strip().lower()
    )
    if follower.confirmed_at is None:
        emails.confirm_follow(follower)
    return follower


def confirm_follow(*, token: str) -> Follower:
    """The owner of the address clicked the link: they follow from now on."""
    follower = Follower.objects.select_related("consultation").get(
        pk=follower_from(token, purpose=CONFIRM)
    )
    if follower.confirmed_at is None:
        follower.confirmed_at = timezone.now()
        follower.save(update_fields=["confirmed_at"])
    return follower


def unfollow(*, token: str) -> Consultation | None:
    """One click in any follow email: that address follows the consultation no more."""
    pk = follower_from(token, purpose=UNSUBSCRIBE)
    follower = Follower.objects.select_related("consultation").filter(pk=pk).first()
    if follower is None:
        return None  # already gone: a second click is fine
    follower.delete()
    return follower.consultation


@transaction.atomic
def set_forthcoming_alerts(*, by: User, signatures) -> list[ForthcomingAlert]:
    """Hear of forthcoming consultations in exactly these Compacts, at the account's address.

    `signatures` are the person's places on published lists they chose; any other choice is
    refused. Compacts left out are no longer alerted to this address.
    """
    allowed = {s.pk: s for s in access.alert_signatures(by)}
    chosen = list(signatures)
    if any(s.pk not in allowed for s in chosen):
        raise PermissionDenied("Only a signatory's contacts hear of its Compact's consultations.")
    email = by.email.strip().lower()
    keep = {}
    for signature in chosen:
        keep.setdefault(signature.compact_id, signature)
    ForthcomingAlert.objects.filter(email=email).exclude(compact__in=keep).delete()
    alerts = []
    for compact_id, signature in keep.items():
        alert, _ = ForthcomingAlert.objects.update_or_create(
            compact_id=compact_id,
            email=email,
            defaults={"organisation": signature.organisation, "user": by},
        )
        alerts.append(alert)
    return alerts


def stop_forthcoming_alert(*, token: str) -> ForthcomingAlert | None:
    """The link in an alert email, confirmed: that address hears of that Compact no more."""
    alert = ForthcomingAlert.objects.select_related("compact").filter(pk=alert_from(token)).first()
    if alert is None:
        return None  # already stopped: a second click is fine
    alert.delete()
    return alert


@transaction.atomic
def recompute_for_compact(compact) -> int:
    """Re-derive every consultation of a Compact after its parameters change."""
    consultations = list(Consultation.objects.filter(compact=compact))
    for consultation in consultations:
        consultation.compact = compact
        consultation.refresh_verdicts()  # bulk_update does not call save()
    Consultation.objects.bulk_update(
        consultations, ["compliance_state", "feedback_due"], batch_size=1000
    )
    page_cache.changed([compact.pk])  # bulk writes fire no signals
    return len(consultations)
