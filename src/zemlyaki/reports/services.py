"""Writes of the reports archive: reports, review of findings, batches.

The lexicon's writes live in :mod:`.lexicon` and the processing of a report in
:mod:`.processing`; both are re-exported here, the one entry point of the app's writes.
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zemlyaki.accounts.actors import acting_user
from zemlyaki.core import csvfiles
from zemlyaki.core.actors import Actor
from zemlyaki.core.services import AuditAction, audit_record, model_snapshot
from zemlyaki.core.text import fold, search_document

from . import extract
from .analysis import phrase_lemmas
from .lexicon import lexicon_ensure as lexicon_ensure
from .lexicon import lexicon_entry_create
from .lexicon import lexicon_entry_delete as lexicon_entry_delete
from .lexicon import lexicon_entry_update as lexicon_entry_update
from .lexicon import lexicon_load as lexicon_load
from .models import (
    FIRST_YEAR,
    ActivityDirection,
    AnnualReport,
    FindingKind,
    LexiconEntry,
    LexiconKind,
    LexiconSource,
    ReportBatch,
    ReportFinding,
    ReportSource,
    ReportStatus,
    ReviewStatus,
    decade_of,
)
from .processing import enqueue_processing
from .processing import report_analyse as report_analyse
from .processing import report_process as report_process
from .processing import report_reanalyse as report_reanalyse
from .processing import report_record_failure as report_record_failure
from .processing import reports_reanalyse_all as reports_reanalyse_all

MAX_BATCH_FILES = 500
MAX_BATCH_UNPACKED = 500 * 1024 * 1024


@dataclass
class Upload:
    """A file as the services see it: its name and bytes."""

    name: str
    data: bytes

    @classmethod
    def from_django(cls, uploaded: Any) -> "Upload":
        size = getattr(uploaded, "size", 0) or 0
        extract.check_size(size)  # refuse before reading a huge upload into memory
        return cls(name=uploaded.name or "report", data=uploaded.read())


# ------------------------------------------------------------------ reports


def _check_years(year_from: int | None, year_to: int | None) -> dict[str, list[str]]:
    current = timezone.localdate().year
    errors: dict[str, list[str]] = {}
    message = _("Год должен быть от %(first)s до %(last)s.") % {
        "first": FIRST_YEAR,
        "last": current,
    }
    if year_from is None:
        errors["year_from"] = [_("Укажите год отчёта.")]
    elif not FIRST_YEAR <= year_from <= current:
        errors["year_from"] = [message]
    if year_to is not None and not FIRST_YEAR <= year_to <= current:
        errors["year_to"] = [message]
    elif year_to is not None and year_from is not None and year_to < year_from:
        errors["year_to"] = [_("Конечный год периода раньше начального.")]
    return errors


def _safe_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^0-9A-Za-zА-Яа-яЁё._-]+", "_", base).strip("._") or "report"
    return base[-120:]


@transaction.atomic
def report_create(
    *,
    actor: Actor | None,
    association: Any,
    year_from: int | None,
    year_to: int | None = None,
    meeting_date: datetime.date | None = None,
    title: str = "",
    upload: Upload | None = None,
    text: str = "",
    batch: ReportBatch | None = None,
    is_demo: bool = False,
    process: bool = True,
) -> AnnualReport:
    """Accept a report file (or pasted text) and queue its processing after commit."""
    errors = _check_years(year_from, year_to)
    if association is None:
        errors["association"] = [_("Укажите землячество.")]
    text = (text or "").strip()
    kind = ""
    if upload is None and not text:
        errors["file"] = [_("Приложите файл отчёта или вставьте его текст.")]
    elif upload is not None and text:
        errors["file"] = [_("Нужно что-то одно: файл или текст.")]
    elif upload is not None:
        try:
            kind = extract.inspect(upload.data)
        except ValidationError as exc:
            errors["file"] = exc.messages
    if meeting_date and meeting_date > timezone.localdate():
        errors["meeting_date"] = [_("Дата собрания не может быть в будущем.")]
    if errors:
        raise ValidationError(errors)
    assert year_from is not None
    report = AnnualReport(
        association=association,
        year_from=year_from,
        year_to=year_to or year_from,
        decade=decade_of(year_from),
        title=title.strip(),
        meeting_date=meeting_date,
        uploaded_by=acting_user(actor),
        batch=batch,
        is_demo=is_demo,
    )
    if upload is not None:
        report.source = ReportSource.FILE
        report.original_name = upload.name[:255]
        report.file_type = kind
        report.file_size = len(upload.data)
        report.file.save(_safe_name(upload.name), ContentFile(upload.data), save=False)
    else:
        report.source = ReportSource.PASTED
        report.text = text
        report.text_length = len(text)
        report.extraction_method = "pasted"
        report.status = ReportStatus.EXTRACTED
        report.progress = 50
        report.search_text = search_document(text)
    report.full_clean(exclude=["file"])
    report.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=report,
        after=model_snapshot(report, fields=_AUDIT_FIELDS),
    )
    if process:
        enqueue_processing(report.pk)
    return report


_AUDIT_FIELDS = [
    "association", "year_from", "year_to", "title", "meeting_date", "source", "original_name",
    "file_type", "file_size", "status", "is_demo",
]  # fmt: skip


@transaction.atomic
def report_delete(*, actor: Actor | None, report: AnnualReport) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=report,
        before=model_snapshot(report, fields=_AUDIT_FIELDS),
    )
    if report.file:
        name = report.file.name
        storage = report.file.storage
        transaction.on_commit(lambda: storage.delete(name))
    report.delete()


# ------------------------------------------------------------------ review of findings


@transaction.atomic
def finding_review(
    *,
    actor: Actor | None,
    finding: ReportFinding,
    verdict: str,
    direction: ActivityDirection | None = None,
    phrase: str = "",
) -> ReportFinding:
    """Confirm or reject a finding. A rejected activity or outcome teaches the lexicon:
    the phrase (by default the one that matched) becomes an exclusion, and a right
    direction given for a rejected activity gets the phrase as a new entry."""
    if verdict not in (ReviewStatus.CONFIRMED, ReviewStatus.REJECTED):
        raise ValidationError({"verdict": [_("Выберите: подтвердить или отклонить.")]})
    finding = (
        ReportFinding.objects.select_for_update(of=("self",))
        .select_related("direction")
        .get(pk=finding.pk)
    )
    before = model_snapshot(finding, fields=["review", "direction"])
    phrase = " ".join((phrase or finding.matched).split())
    if verdict == ReviewStatus.REJECTED and finding.kind in (
        FindingKind.ACTIVITY,
        FindingKind.OUTCOME,
    ):
        if (
            direction is not None
            and finding.kind == FindingKind.ACTIVITY
            and direction.pk == finding.direction_id
        ):
            raise ValidationError({"direction": [_("Это то же направление; выберите другое.")]})
        kind = LexiconKind.DIRECTION if finding.kind == FindingKind.ACTIVITY else finding.category
        _learn(
            actor, kind, finding.direction if kind == LexiconKind.DIRECTION else None, phrase, True
        )
        if direction is not None and finding.kind == FindingKind.ACTIVITY:
            _learn(actor, LexiconKind.DIRECTION, direction, phrase, False)
    finding.review = verdict
    finding.reviewed_by = acting_user(actor)
    finding.reviewed_at = timezone.now()
    finding.save(update_fields=["review", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=finding,
        before=before,
        after=model_snapshot(finding, fields=["review", "direction"]),
        comment=_("проверка находки"),
    )
    return finding


def _learn(
    actor: Actor | None,
    kind: str,
    direction: ActivityDirection | None,
    phrase: str,
    exclusion: bool,
) -> None:
    lemmas = " ".join(phrase_lemmas(phrase))
    if not lemmas:
        raise ValidationError({"phrase": [_("Введите слово или фразу из русских слов.")]})
    exists = LexiconEntry.objects.filter(
        kind=kind, direction=direction, lemmas=lemmas, is_exclusion=exclusion
    ).exists()
    if not exists:
        lexicon_entry_create(
            actor=actor,
            kind=kind,
            direction=direction,
            phrase=phrase,
            is_exclusion=exclusion,
            source=LexiconSource.CORRECTION,
        )


# ------------------------------------------------------------------ bulk upload

_INDEX_NAMES = {"index.csv", "опись.csv", "list.csv", "список.csv"}
_YEARS_RE = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?:\s*[-–_]\s*(19\d\d|20\d\d))?(?!\d)")


def _read_index(archive: zipfile.ZipFile) -> dict[str, dict[str, str]]:
    """The optional table: file; association (address or name); year; to year; meeting date."""
    for info in archive.infolist():
        if info.filename.rsplit("/", 1)[-1].lower() in _INDEX_NAMES and info.file_size < 1 << 20:
            try:
                raw = extract.decode_text(archive.read(info))
            except ValidationError as error:
                raise ValidationError(
                    {
                        "file": [
                            _("Опись %(name)s: %(error)s")
                            % {"name": info.filename, "error": " ".join(error.messages)}
                        ]
                    }
                ) from None
            rows = list(csv.reader(io.StringIO(raw), csvfiles.dialect(raw[:2048])))
            table = {}
            for row in rows[1:] if rows and not _YEARS_RE.search(",".join(rows[0])) else rows:
                cells = [c.strip() for c in row] + [""] * 5
                if cells[0]:
                    table[cells[0].lower()] = {
                        "association": cells[1],
                        "year": cells[2],
                        "year_to": cells[3],
                        "meeting_date": cells[4],
                    }
            return table
    return {}


def _find_association(hint: str, associations: list[Any]) -> Any:
    folded = fold(hint).strip()
    if not folded:
        return None
    for association in associations:
        names = {association.slug.lower(), fold(association.short_name), fold(association.name)}
        if folded in names:
            return association
    # File names: the longest association address or short name the name starts with.
    candidates = []
    for association in associations:
        for key in (association.slug.lower(), fold(association.short_name)):
            norm = re.sub(r"[\s_]+", "-", key)
            if key and re.sub(r"[\s_]+", "-", folded).startswith(norm):
                candidates.append((len(key), association))
    return max(candidates, key=lambda c: c[0])[1] if candidates else None


def _parse_date(value: str) -> datetime.date | None:
    value = value.strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def batch_create(
    *,
    actor: Actor | None,
    upload: Upload,
    associations: Iterable[Any],
    default_association: Any = None,
) -> ReportBatch:
    """Unpack a ZIP of reports; each file becomes a report on its own, and a bad file is
    recorded with its reason without stopping the others. ``associations`` are those the
    actor may upload to: a file naming any other is refused."""
    try:
        extract.check_size(len(upload.data))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(
            {"file": [_("Это не ZIP-архив или архив повреждён.")]}, code="corrupt"
        ) from exc
    if len(infos) > MAX_BATCH_FILES:
        raise ValidationError(
            {"file": [_("В архиве больше %(n)s файлов.") % {"n": MAX_BATCH_FILES}]}
        )
    if sum(i.file_size for i in infos) > MAX_BATCH_UNPACKED:
        raise ValidationError(
            {"file": [_("Архив похож на архивную бомбу: распакованный он слишком велик.")]}
        )
    allowed = list(associations)
    index = _read_index(archive)
    with transaction.atomic():
        batch = ReportBatch.objects.create(
            original_name=upload.name[:255],
            created_by=acting_user(actor),
        )
        audit_record(actor=actor, action=AuditAction.CREATE, instance=batch)
    items = []
    for info in infos:
        name = info.filename
        base = name.rsplit("/", 1)[-1]
        if base.lower() in _INDEX_NAMES or base.startswith(".") or name.startswith("__MACOSX"):
            continue
        item: dict[str, Any] = {"name": name, "status": "error", "message": "", "report_id": None}
        try:
            report = _batch_file(actor, archive, info, index, allowed, default_association, batch)
        except ValidationError as exc:
            item["message"] = " ".join(exc.messages)
        else:
            item.update(status="accepted", report_id=report.pk, message=str(report))
        items.append(item)
    batch.items = items
    batch.save(update_fields=["items"])
    return batch


def _batch_file(
    actor: Actor | None,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    index: dict[str, dict[str, str]],
    allowed: list[Any],
    default_association: Any,
    batch: ReportBatch,
) -> AnnualReport:
    base = info.filename.rsplit("/", 1)[-1]
    row = index.get(info.filename.lower()) or index.get(base.lower())
    if row:
        association = _find_association(row["association"], allowed)
        years = _YEARS_RE.search(row["year"])
        year_to_match = _YEARS_RE.search(row["year_to"])
        year_from = int(years.group(1)) if years else None
        year_to = int(year_to_match.group(1)) if year_to_match else None
        meeting_date = _parse_date(row["meeting_date"])
    else:
        stem = info.filename.rsplit(".", 1)[0]
        association = _find_association(stem, allowed)
        if association is None and "/" in info.filename:
            association = _find_association(info.filename.split("/", 1)[0], allowed)
        association = association or default_association
        years = _YEARS_RE.search(base.rsplit(".", 1)[0])
        year_from = int(years.group(1)) if years else None
        year_to = int(years.group(2)) if years and years.group(2) else None
        meeting_date = None
    if association is None:
        raise ValidationError(
            _(
                "Не удалось определить землячество: начните имя файла с адреса землячества "
                "(например, tambovskoe-zemlyachestvo_2005.pdf) или приложите опись index.csv."
            )
        )
    if year_from is None:
        raise ValidationError(_("Не удалось определить год: укажите его в имени файла."))
    if info.file_size > extract.max_bytes():
        extract.check_size(info.file_size)
    with archive.open(info) as handle:
        data = handle.read(extract.max_bytes() + 1)
    with transaction.atomic():
        return report_create(
            actor=actor,
            association=association,
            year_from=year_from,
            year_to=year_to,
            meeting_date=meeting_date,
            upload=Upload(name=base, data=data),
            batch=batch,
        )


def analytical_note_docx(
    *, associations: Any = None, association: str = "", base_url: str = ""
) -> bytes:
    """The analytical note as DOCX (see :mod:`zemlyaki.reports.note`)."""
    from .note import analytical_note_docx as build

    return build(associations=associations, association=association, base_url=base_url)
