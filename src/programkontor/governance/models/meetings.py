"""Meetings of a body: agenda items, invitations and attendance, minutes and their approval."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import PublishableModel, TrackedModel
from programkontor.governance.workflow import MeetingStatus as Status


class MeetingStatus(models.TextChoices):
    DRAFT_AGENDA = Status.DRAFT_AGENDA.value, _("Draft agenda")
    AGENDA_SENT = Status.AGENDA_SENT.value, _("Agenda sent")
    MINUTES_READY = Status.MINUTES_READY.value, _("Minutes ready for approval")
    MINUTES_APPROVED = Status.MINUTES_APPROVED.value, _("Minutes approved")


def _private_people(*people: object) -> bool:
    return any(person is not None and not getattr(person, "is_public", False) for person in people)


def meeting_title(title: str, body_name: str, starts_at: datetime.datetime | None) -> str:
    """A meeting's title (its own, or else its body's name) with the day it starts."""
    when = timezone.localtime(starts_at).strftime("%d.%m.%Y") if starts_at else ""
    return f"{title} {when}".strip() if title else f"{body_name} {when}".strip()


class Meeting(TrackedModel, PublishableModel):
    body = models.ForeignKey(
        "portfolio.Body", verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT_AGENDA
    )
    chair = models.ForeignKey(
        "portfolio.Person",
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_meetings",
    )
    minute_taker = models.ForeignKey(
        "portfolio.Person",
        verbose_name=_("minute-taker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minuted_meetings",
    )
    chair_name = models.CharField(
        _("chair (name)"),
        max_length=200,
        blank=True,
        help_text=_("When the chair is not a known person (e.g. imported minutes)."),
    )
    minute_taker_name = models.CharField(
        _("minute-taker (name)"),
        max_length=200,
        blank=True,
        help_text=_("When the minute-taker is not a known person (e.g. imported minutes)."),
    )
    minutes_summary = models.TextField(
        _("general minutes"), blank=True, help_text=_("Markdown: what belongs to no single agenda item.")
    )
    agenda_sent_at = models.DateTimeField(_("agenda sent"), null=True, blank=True, editable=False)
    minutes_approved_on = models.DateField(_("minutes approved on"), null=True, blank=True, editable=False)
    minutes_approved_at_meeting = models.ForeignKey(
        "self",
        verbose_name=_("minutes approved at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_minutes_of",
        editable=False,
    )
    notes = models.TextField(_("internal notes"), blank=True)
    source_path = models.CharField(_("source file"), max_length=500, blank=True, db_index=True)
    #: The imported file as it was, and a digest of what the import stored from it (see Decision).
    source_text = models.TextField(_("source text"), blank=True, editable=False)
    source_digest = models.CharField(_("source digest"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["body", "starts_at"], name="meeting_body_starts"),
            models.Index(fields=["-starts_at", "-id"], name="meeting_recent"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return meeting_title(self.title, "" if self.title else str(self.body), self.starts_at)

    @property
    def internal_fields(self) -> tuple[str, ...]:  # type: ignore[override]
        """Names of people who are not public contacts stay internal, and so do names written as text
        (``chair_name``, ``minute_taker_name``): nothing says they are public contacts."""
        hidden = ["notes", "source_path", "source_text", "source_digest", "chair_name", "minute_taker_name"]
        if _private_people(self.chair):
            hidden.append("chair")
        if _private_people(self.minute_taker):
            hidden.append("minute_taker")
        return tuple(hidden)

    @property
    def chair_display(self) -> str:
        """The chair: the linked person, else the name as written."""
        return str(self.chair) if self.chair is not None else self.chair_name

    @property
    def minute_taker_display(self) -> str:
        return str(self.minute_taker) if self.minute_taker is not None else self.minute_taker_name

    @property
    def date(self) -> datetime.date:
        return timezone.localdate(self.starts_at)

    @property
    def has_begun(self) -> bool:
        """Minutes follow a meeting: none are ready or approved before it has begun."""
        return self.starts_at <= timezone.now()

    @property
    def is_held_by_today(self) -> bool:
        """Minutes of earlier meetings are approved at this one on its day or later."""
        return self.date <= timezone.localdate()

    @property
    def may_be_removed(self) -> bool:
        """A draft agenda can be removed; a meeting whose agenda was sent can be cancelled until it
        begins (the invited get the cancellation). After that it is part of the record."""
        return self.status == MeetingStatus.DRAFT_AGENDA or (
            self.status == MeetingStatus.AGENDA_SENT and not self.has_begun
        )

    @property
    def is_locked(self) -> bool:
        """Approved minutes are final: agenda, attendance and minutes no longer change."""
        return self.status == MeetingStatus.MINUTES_APPROVED

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The meeting must end after it starts.")
        if self.is_published and self.status != MeetingStatus.MINUTES_APPROVED:
            errors["status"] = _("Only a meeting with approved minutes can be published.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", kwargs={"pk": self.pk})


class AgendaItemKind(models.TextChoices):
    STANDARD = "standard", _("Item")
    DECISION = "decision", _("For decision")
    INFORMATION = "information", _("For information")
    APPROVAL_OF_MINUTES = "approval_of_minutes", _("Approval of the minutes")


class AgendaItem(TrackedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    section = models.CharField(
        _("section"),
        max_length=300,
        blank=True,
        help_text=_("The agenda heading the item stands under, e.g. 1. Formalia."),
    )
    number = models.CharField(_("number"), max_length=20, blank=True, help_text=_("e.g. 2.1"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=30, choices=AgendaItemKind.choices, default=AgendaItemKind.STANDARD
    )
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    owner = models.ForeignKey(
        "portfolio.Person",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
        help_text=_("Who presents the item."),
    )
    owner_name = models.CharField(
        _("owner (name)"),
        max_length=200,
        blank=True,
        help_text=_("When the owner is not a known person (e.g. imported minutes)."),
    )
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown: what was said and decided."))
    approves_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("approves the minutes of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approval_items",
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        indexes = [models.Index(fields=["meeting", "position", "id"], name="agenda_item_order")]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def internal_fields(self) -> tuple[str, ...]:  # type: ignore[override]
        """A private owner stays internal, and so does an owner written as text (``owner_name``)."""
        return ("owner", "owner_name") if _private_people(self.owner) else ("owner_name",)

    @property
    def owner_display(self) -> str:
        """The owner: the linked person, else the name as written."""
        return str(self.owner) if self.owner is not None else self.owner_name

    def clean(self) -> None:
        if self.duration_minutes is not None and not 0 < self.duration_minutes <= 24 * 60:
            raise ValidationError({"duration_minutes": _("Give the duration in minutes, at most a day.")})
        if self.approves_meeting_id and self.approves_meeting_id == self.meeting_id:
            raise ValidationError({"approves_meeting": _("A meeting cannot approve its own minutes.")})

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#item-{self.pk}"


class AgendaAttachment(TrackedModel):
    """An attachment as a link (documents stay where they live: Nextcloud, GitHub, ...)."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"))

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class AgendaItemReference(TrackedModel):
    """What an agenda item concerns: a decision, a work item, an evaluation (see ``governance.links``)."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="references"
    )
    target_type = models.ForeignKey(ContentType, verbose_name=_("kind of object"), on_delete=models.PROTECT)
    target_id = models.PositiveBigIntegerField(_("object id"))
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        ordering = ["item", "pk"]
        verbose_name = _("what an item concerns")
        verbose_name_plural = _("what items concern")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "target_type", "target_id"], name="agenda_reference_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.target_type} {self.target_id}"

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")
    ABSENT = "absent", _("Absent")


class Attendance(TrackedModel):
    """An invitation and what became of it. Imported names without a matching person keep ``name``."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "portfolio.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("When not a known person."))
    status = models.CharField(
        _("attendance"), max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )
    is_guest = models.BooleanField(_("guest"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "is_guest", "person__last_name", "name", "pk"]
        indexes = [models.Index(fields=["meeting", "is_guest"], name="attendance_order")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], condition=models.Q(person__isnull=False), name="attendance_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.get_status_display()}"

    @property
    def display_name(self) -> str:
        return str(self.person) if self.person_id else self.name

    def clean(self) -> None:
        if not self.person_id and not self.name.strip():
            raise ValidationError(_("Choose a person or write a name."))

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()
