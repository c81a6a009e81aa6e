"""A section's text as its editor left it: saved every few seconds while editing, one per
section and person, and not a revision — the revision is made when the editor saves."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.models import Stamped


class SectionDraft(Stamped):
    section = models.ForeignKey(
        "strategy.Section",
        on_delete=models.CASCADE,
        related_name="drafts",
        verbose_name=_("раздел"),
    )
    base_revision = models.ForeignKey(
        "strategy.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("исходная редакция"),
    )
    text = models.TextField(_("текст черновика"), blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("черновик раздела")
        verbose_name_plural = _("черновики разделов")
        constraints = [
            models.UniqueConstraint(
                fields=["section", "created_by"], name="strategy_draft_one_per_person"
            )
        ]

    def __str__(self) -> str:
        return _("Черновик раздела %(section)s") % {"section": self.section_id}
