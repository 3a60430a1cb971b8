"""The dialogue log: meetings, calls, e-mails, site visits and workshops with members, the board,
suppliers and partners, and the follow-ups they leave behind.

An entry may concern one product or one program (whose people then read it, see ``rules``), and names
the organisations and people it was with; a follow-up has an owner (a person; their user sees it on
*Til mig*) and a due date, and is marked done (``done_on``) or undone with one button.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel, TrackedModel


class EntryKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    CALL = "call", _("Call")
    EMAIL = "email", _("E-mail")
    SITE_VISIT = "site_visit", _("Site visit")
    WORKSHOP = "workshop", _("Workshop")


class Party(models.TextChoices):
    MEMBER = "member", _("Members")
    BOARD = "board", _("The board")
    SUPPLIER = "supplier", _("Suppliers")
    PARTNER = "partner", _("Partners")


class Entry(TrackedModel, ArchivableModel):
    """One conversation: who, when, with which organisations and people, about what."""

    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    party = models.CharField(_("with"), max_length=20, choices=Party.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("subject line"), max_length=300)
    summary = models.TextField(
        _("summary of the conversation"), blank=True, help_text=_("Markdown: what was said and agreed.")
    )
    organisations = models.ManyToManyField(
        "portfolio.Organisation", verbose_name=_("organisations"), blank=True, related_name="dialogue_entries"
    )
    people = models.ManyToManyField(
        "portfolio.Person", verbose_name=_("people"), blank=True, related_name="dialogue_entries"
    )
    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogue_entries",
    )
    program = models.ForeignKey(
        "portfolio.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogue_entries",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("dialogue entry")
        verbose_name_plural = _("dialogue entries")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["-date", "-id"], name="dialogue_entry_recent")]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("dialogue:entry_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.product_id and self.program_id:
            raise ValidationError(
                {
                    "program": _(
                        "An entry concerns a product or a program, not both (a product implies its program)."
                    )
                }
            )


class FollowUp(TrackedModel):
    """What someone must do after a conversation, by when; done or not."""

    entry = models.ForeignKey(
        Entry, verbose_name=_("dialogue entry"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    text = models.CharField(_("follow-up"), max_length=300)
    owner = models.ForeignKey(
        "portfolio.Person", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["due_date", "id"], name="dialogue_followup_due")]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return f"{self.entry.get_absolute_url()}#follow-up-{self.pk}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class Comment(TrackedModel):
    """A remark on a decision, an agenda item, a work item or a risk (``core.registry``'s
    commentable models), in Markdown; ``@username`` in it mentions that user (see ``Mention``)."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind of object"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("object"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    text = models.TextField(_("comment"), help_text=_("Markdown. Write @username to notify a colleague."))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"], name="dialogue_comment_thread")
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def target_key(self) -> str:
        """What it is on, as ``app_label.model:pk`` (the API's ``target``)."""
        return f"{self.content_type.app_label}.{self.content_type.model}:{self.object_id}"

    def get_absolute_url(self) -> str:
        content_type = self.content_type
        return f"{thread_url(content_type.app_label, content_type.model, self.object_id)}#comment-{self.pk}"


def thread_url(app_label: str, model_name: str, pk: int) -> str:
    """The address of the comments on ``app_label.model_name`` ``pk``."""
    return reverse("dialogue:comment_thread", kwargs={"target": f"{app_label}.{model_name}", "pk": pk})


class Mention(models.Model):
    """``user`` was mentioned in ``comment``; waits on their *Til mig* until they open the thread."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="mentions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="dialogue_mention_once")]
        indexes = [models.Index(fields=["user", "read_at"], name="dialogue_mention_unread")]

    def __str__(self) -> str:
        return f"@{self.user_id} in {self.comment_id}"
