"""Import of leaders' member lists (XLSX or CSV): reading, column mapping, preview,
applying in one transaction, the error report, and undo."""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zemlyaki.core.services import AuditAction, audit_record, model_snapshot
from zemlyaki.core.text import fold, lemma, words
from zemlyaki.core.uploads import check_zip_archive

from .bulk import insert_models, insert_rows, json_value, reserve_ids
from .models import (
    Competency,
    Consent,
    ConsentForm,
    ImportMapping,
    ImportRow,
    ImportStatus,
    Interest,
    MemberImport,
    Membership,
    MembershipRole,
    OnMatch,
    Person,
    RowOutcome,
    RowStatus,
)
from .normalize import (
    clean_name,
    match_name,
    normalize_email,
    normalize_phone,
    parse_date,
    split_full_name,
    split_list,
)
from .services import DEFAULT_PURPOSE, TermResolver, apply_fields, person_texts

MAX_ROWS = 200_000
BATCH = 2000

FIELDS: dict[str, Any] = {
    "": gettext_lazy("— не загружать —"),
    "full_name": gettext_lazy("ФИО полностью"),
    "last_name": gettext_lazy("Фамилия"),
    "first_name": gettext_lazy("Имя"),
    "patronymic": gettext_lazy("Отчество"),
    "birth_date": gettext_lazy("Дата рождения"),
    "phone": gettext_lazy("Телефон"),
    "email": gettext_lazy("Электронная почта"),
    "occupation": gettext_lazy("Профессия, должность"),
    "workplace": gettext_lazy("Место работы"),
    "competencies": gettext_lazy("Компетенции"),
    "interests": gettext_lazy("Интересы"),
    "home_place": gettext_lazy("Малая родина (населённый пункт)"),
    "moscow_district": gettext_lazy("Район Москвы"),
    "role": gettext_lazy("Роль в землячестве"),
    "since": gettext_lazy("Член землячества с"),
}

# The usual Russian headers, compared after folding and dropping punctuation.
HEADER_SYNONYMS: dict[str, list[str]] = {
    "full_name": [
        "фио", "ф и о", "фамилия имя отчество", "фамилия имя", "фио участника", "фио члена",
        "участник", "член землячества", "полное имя",
    ],
    "last_name": ["фамилия"],
    "first_name": ["имя"],
    "patronymic": ["отчество"],
    "birth_date": ["дата рождения", "д р", "др", "день рождения", "дата рожд", "родился", "родилась", "год и дата рождения"],
    "phone": [
        "телефон", "тел", "моб тел", "моб", "мобильный", "мобильный телефон", "контактный телефон",
        "номер телефона", "телефон мобильный", "сотовый", "сот тел",
    ],
    "email": [
        "email", "e mail", "эл почта", "электронная почта", "почта", "mail", "адрес электронной почты",
        "e mail адрес", "эл адрес", "емейл", "имейл",
    ],
    "occupation": ["профессия", "должность", "профессия должность", "специальность", "род занятий", "профессия специальность"],
    "workplace": ["место работы", "организация", "работа", "место работы организация", "место работы должность"],
    "competencies": ["компетенции", "профессиональные компетенции", "компетенция", "сфера компетенций", "навыки", "экспертиза"],
    "interests": ["интересы", "общественные интересы", "увлечения", "сфера интересов"],
    "home_place": ["малая родина", "место рождения", "населенный пункт", "откуда родом", "район области"],
    "moscow_district": ["район москвы", "район проживания", "район", "округ москвы", "район проживания в москве"],
    "role": ["роль", "роль в землячестве", "статус в землячестве", "положение в землячестве"],
    "since": ["дата вступления", "член с", "в землячестве с", "член землячества с"],
}  # fmt: skip

ROLE_WORDS = {
    "председатель": MembershipRole.CHAIR,
    "заместитель": MembershipRole.DEPUTY,
    "зам": MembershipRole.DEPUTY,
    "секретарь": MembershipRole.SECRETARY,
    "совет": MembershipRole.COUNCIL,
    "почетный": MembershipRole.HONORARY,
}

MATCH_LABELS = {
    "name_birth_date": gettext_lazy("ФИО и дата рождения"),
    "phone": gettext_lazy("телефон"),
    "email": gettext_lazy("электронная почта"),
    "name_association": gettext_lazy("ФИО среди членов землячества"),
}


def header_key(text: Any) -> str:
    return " ".join(re.findall(r"[0-9a-zа-я]+", fold(str(text or ""))))


_SYNONYM_INDEX = {header_key(s): field for field, items in HEADER_SYNONYMS.items() for s in items}


def guess_mapping(headers: list[str], saved: dict[str, str] | None = None) -> dict[str, str]:
    """Column index (as a string) → field, from a saved mapping or the usual headers."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for index, header in enumerate(headers):
        key = header_key(header)
        field = (saved or {}).get(key)
        if field is None:
            field = _SYNONYM_INDEX.get(key, "")
        if field and field in used:
            field = ""
        if field:
            used.add(field)
        mapping[str(index)] = field
    return mapping


# ---------------------------------------------------------------- reading files


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def read_table(data: bytes, file_name: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Headers and (row number, cells) of the first sheet of an XLSX, or of a CSV in
    UTF-8 or Windows-1251 with commas, semicolons or tabs. Empty rows are dropped."""
    name = file_name.lower()
    rows: Iterable[Iterable[Any]]
    try:
        if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
            import openpyxl

            try:
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    check_zip_archive(archive)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}, code="bomb")

            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            rows = book.worksheets[0].iter_rows(values_only=True)
        elif name.endswith((".csv", ".txt")):
            text = _decode(data)
            sample = text[:8192]
            try:
                dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
            except csv.Error:
                first = sample.splitlines()[0] if sample else ""
                delimiter = max(";,\t", key=first.count)
                dialect = type("D", (csv.excel,), {"delimiter": delimiter})
            rows = csv.reader(io.StringIO(text), dialect)
        else:
            raise ValidationError({"file": _("Нужен файл XLSX или CSV.")}, code="format")
        headers: list[str] | None = None
        table: list[tuple[int, list[Any]]] = []
        for number, cells in enumerate(rows, start=1):
            values = [c.strip() if isinstance(c, str) else c for c in cells]
            if not any(v not in (None, "") for v in values):
                continue
            if headers is None:
                headers = [clean_name(v) for v in values]
                while headers and not headers[-1]:
                    headers.pop()
                continue
            table.append((number, values))
            if len(table) > MAX_ROWS:
                raise ValidationError(
                    {"file": _("Слишком много строк: не более %(n)s.") % {"n": MAX_ROWS}}
                )
    except ValidationError:
        raise
    except Exception as exc:  # a broken or foreign file: say so in Russian
        raise ValidationError(
            {"file": _("Не удалось прочитать файл: %(error)s") % {"error": exc}}, code="read"
        )
    if not headers:
        raise ValidationError({"file": _("В файле нет строки заголовков.")}, code="empty")
    return headers, table


# ---------------------------------------------------------------- rows


def _cell(cells: list[Any], index: int) -> Any:
    return cells[index] if index < len(cells) else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    return clean_name(value)


def _role(value: str) -> str:
    folded = fold(value)
    for word, role in ROLE_WORDS.items():
        if word in folded:
            return str(role)
    return str(MembershipRole.MEMBER)


def parse_row(cells: list[Any], mapping: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """One row → (clean data, Russian error messages)."""
    raw: dict[str, Any] = {}
    for index, field in mapping.items():
        if field:
            raw[field] = _cell(cells, int(index))
    data: dict[str, Any] = {}
    errors: list[str] = []
    if "full_name" in raw:
        last, first, patronymic = split_full_name(_text(raw["full_name"]))
        data.update(last_name=last, first_name=first, patronymic=patronymic)
    for key in ("last_name", "first_name", "patronymic"):
        if key in raw and _text(raw[key]):
            data[key] = _text(raw[key])[:100]
    for key in ("last_name", "first_name", "patronymic"):
        data.setdefault(key, "")
        data[key] = data[key][:100]
    if not data["last_name"] and not data["first_name"]:
        errors.append(_("Не указаны фамилия и имя."))
    elif not data["first_name"]:
        errors.append(_("Не указано имя."))
    for key in ("birth_date", "since"):
        if key in raw:
            try:
                value = parse_date(raw[key])
                data[key] = value.isoformat() if value else None
            except ValidationError as exc:
                label = _("Дата рождения") if key == "birth_date" else _("Дата вступления")
                errors.append(f"{label}: {exc.messages[0]}")
    if "phone" in raw:
        try:
            data["phone"] = normalize_phone(raw["phone"])
        except ValidationError as exc:
            errors.append(exc.messages[0])
    if "email" in raw:
        try:
            data["email"] = normalize_email(raw["email"])
        except ValidationError as exc:
            errors.append(exc.messages[0])
    for key, limit in (
        ("occupation", 200),
        ("workplace", 300),
        ("home_place", 200),
        ("moscow_district", 100),
    ):
        if key in raw:
            data[key] = _text(raw[key])[:limit]
    for key in ("competencies", "interests"):
        if key in raw:
            data[key] = split_list(_text(raw[key]) if not isinstance(raw[key], str) else raw[key])
    if "role" in raw:
        data["role"] = _role(_text(raw["role"]))
    return data, errors


def _keys(data: dict[str, Any]) -> list[tuple[str, Any]]:
    name = match_name(data["last_name"], data["first_name"], data["patronymic"])
    keys: list[tuple[str, Any]] = []
    if data.get("birth_date"):
        keys.append(("name_birth_date", (name, data["birth_date"])))
    if data.get("phone"):
        keys.append(("phone", data["phone"]))
    if data.get("email"):
        keys.append(("email", data["email"]))
    if not keys:
        keys.append(("name", name))
    return keys


def _chunks(items: list[Any], size: int = 900) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Matcher:
    """Matches many rows against the database at once (a few queries per thousand rows)."""

    def __init__(self, rows: list[dict[str, Any]], association_id: int) -> None:
        names = sorted({match_name(r["last_name"], r["first_name"], r["patronymic"]) for r in rows})
        phones = sorted({r["phone"] for r in rows if r.get("phone")})
        emails = sorted({r["email"] for r in rows if r.get("email")})
        self.by_name_date: dict[tuple[str, str], int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_member_name: dict[str, int] = {}
        live = Person.objects.filter(erased_at__isnull=True).order_by("-pk")
        fields = ("pk", "match_name", "birth_date", "phone", "email")
        for chunk in _chunks(names):
            for pk, name, birth, _phone, _email in live.filter(match_name__in=chunk).values_list(
                *fields
            ):
                if birth:
                    self.by_name_date[(name, birth.isoformat())] = pk
            members = live.filter(match_name__in=chunk, memberships__association_id=association_id)
            for pk, name in members.values_list("pk", "match_name"):
                self.by_member_name[name] = pk
        for chunk in _chunks(phones):
            for pk, phone in live.filter(phone__in=chunk).values_list("pk", "phone"):
                self.by_phone[phone] = pk
        for chunk in _chunks(emails):
            for pk, email in live.filter(email__in=chunk).values_list("pk", "email"):
                self.by_email[email.lower()] = pk

    def match(self, data: dict[str, Any]) -> tuple[int | None, str]:
        name = match_name(data["last_name"], data["first_name"], data["patronymic"])
        if data.get("birth_date") and (name, data["birth_date"]) in self.by_name_date:
            return self.by_name_date[(name, data["birth_date"])], "name_birth_date"
        if data.get("phone") and data["phone"] in self.by_phone:
            return self.by_phone[data["phone"]], "phone"
        if data.get("email") and data["email"] in self.by_email:
            return self.by_email[data["email"]], "email"
        if name in self.by_member_name:
            return self.by_member_name[name], "name_association"
        return None, ""


@dataclass(slots=True)
class _Row:
    """A row of an import while it is worked on (lighter than a model instance)."""

    number: int
    data: dict[str, Any]
    status: str
    match_on: str = ""
    messages: list[str] = dataclass_field(default_factory=list)
    person_id: int | None = None
    outcome: str = ""
    undo: dict[str, Any] = dataclass_field(default_factory=dict)


ROW_FIELDS = ("number", "data", "status", "match_on", "messages", "person_id", "outcome", "undo")
ROW_COLUMNS = [
    "member_import_id",
    "number",
    "data",
    "status",
    "match_on",
    "messages",
    "person_id",
    "outcome",
    "undo",
]


def _load_rows(member_import: MemberImport, **filters: Any) -> list[_Row]:
    qs = member_import.rows.filter(**filters).order_by("number").values_list(*ROW_FIELDS)
    return [_Row(*values) for values in qs]


def _write_rows(member_import: MemberImport, rows: list[_Row]) -> None:
    insert_rows(
        ImportRow._meta.db_table,
        ROW_COLUMNS,
        (
            (
                member_import.pk, r.number, json_value(r.data), r.status, r.match_on,
                json_value(r.messages), r.person_id, r.outcome, json_value(r.undo),
            )
            for r in rows
        ),
    )  # fmt: skip


def _build_rows(member_import: MemberImport, table: list[tuple[int, list[Any]]]) -> None:
    member_import.rows.all().delete()
    parsed: list[tuple[int, list[Any], dict[str, Any], list[str]]] = []
    seen: dict[tuple[str, Any], int] = {}
    for number, cells in table:
        data, errors = parse_row(cells, member_import.mapping)
        if not errors:
            for key in _keys(data):
                if key in seen:
                    errors.append(_("Повтор строки %(n)s.") % {"n": seen[key]})
                    break
            else:
                for key in _keys(data):
                    seen[key] = number
        parsed.append((number, cells, data, errors))
    matcher = Matcher([d for _n, _c, d, e in parsed if not e], member_import.association_id)
    counts = {RowStatus.NEW: 0, RowStatus.MATCH: 0, RowStatus.ERROR: 0}
    objects = []
    for number, cells, data, errors in parsed:
        person_id, match_on = (None, "") if errors else matcher.match(data)
        if errors:
            status = RowStatus.ERROR
            data = {**data, "_raw": [_text(c) for c in cells]}
        else:
            status = RowStatus.MATCH if person_id else RowStatus.NEW
        counts[status] += 1
        objects.append(_Row(number, data, status, match_on, errors, person_id))
    _write_rows(member_import, objects)
    member_import.total = len(objects)
    member_import.preview_new = counts[RowStatus.NEW]
    member_import.preview_matched = counts[RowStatus.MATCH]
    member_import.preview_errors = counts[RowStatus.ERROR]


# ---------------------------------------------------------------- services


@transaction.atomic
def import_create(
    *,
    actor: Any,
    association: Any,
    file_name: str,
    content: bytes,
    mapping: dict[str, str] | None = None,
) -> MemberImport:
    """Read the file and build the preview; nothing about people is written yet."""
    if len(content) == 0:
        raise ValidationError({"file": _("Файл пуст.")})
    headers, table = read_table(content, file_name)
    saved = ImportMapping.objects.filter(association=association).first()
    guessed = guess_mapping(headers, saved.mapping if saved else None)
    if mapping:
        guessed.update({k: v for k, v in mapping.items() if k in guessed})
    _check_mapping(guessed)
    member_import = MemberImport(
        association=association,
        uploaded_by=actor,
        file_name=file_name[:255],
        headers=headers,
        mapping=guessed,
    )
    member_import.file.save(file_name, ContentFile(content), save=False)
    member_import.save()
    _build_rows(member_import, table)
    member_import.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=member_import,
        after=model_snapshot(member_import, ["association", "file_name", "total", "mapping"]),
    )
    return member_import


def _check_mapping(mapping: dict[str, str]) -> None:
    fields = [f for f in mapping.values() if f]
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        raise ValidationError(
            {"mapping": _("Неизвестное поле: %(f)s.") % {"f": ", ".join(unknown)}}
        )
    duplicates = sorted({str(FIELDS[f]) for f in fields if fields.count(f) > 1})
    if duplicates:
        raise ValidationError(
            {
                "mapping": _("Одно поле выбрано для нескольких столбцов: %(f)s.")
                % {"f": ", ".join(duplicates)}
            }
        )
    has_name = "full_name" in fields or {"last_name", "first_name"} <= set(fields)
    if not has_name:
        raise ValidationError(
            {"mapping": _("Укажите столбец «ФИО полностью» или столбцы «Фамилия» и «Имя».")}
        )


@transaction.atomic
def import_set_mapping(
    *, actor: Any, member_import: MemberImport, mapping: dict[str, str], save: bool = False
) -> MemberImport:
    """Change the column mapping and rebuild the preview; optionally keep it for next time."""
    member_import = MemberImport.objects.select_for_update().get(pk=member_import.pk)
    if member_import.status != ImportStatus.PREVIEW:
        raise ValidationError(_("Загрузка уже применена: сопоставление менять поздно."))
    clean = {str(i): mapping.get(str(i), "") or "" for i in range(len(member_import.headers))}
    _check_mapping(clean)
    member_import.mapping = clean
    member_import.file.open("rb")
    try:
        content = member_import.file.read()
    finally:
        member_import.file.close()
    _headers, table = read_table(content, member_import.file_name)
    _build_rows(member_import, table)
    member_import.save()
    if save:
        by_header = {
            header_key(h): clean[str(i)]
            for i, h in enumerate(member_import.headers)
            if header_key(h)
        }
        ImportMapping.objects.update_or_create(
            association=member_import.association,
            defaults={"mapping": by_header, "saved_by": actor},
        )
    return member_import


def import_commit(*, actor: Any, member_import: MemberImport, on_match: str) -> MemberImport:
    """Confirm the preview: the import runs as a background task."""
    if on_match not in OnMatch.values:
        raise ValidationError({"on_match": _("Выберите, что делать при совпадении.")})
    with transaction.atomic():
        locked = MemberImport.objects.select_for_update().get(pk=member_import.pk)
        if locked.status != ImportStatus.PREVIEW:
            raise ValidationError(_("Эта загрузка уже применена или поставлена в очередь."))
        locked.on_match = on_match
        locked.status = ImportStatus.QUEUED
        locked.processed = 0
        locked.save(update_fields=["on_match", "status", "processed"])
    from .tasks import run_member_import

    run_member_import.enqueue(import_id=locked.pk, actor_id=getattr(actor, "pk", None))
    locked.refresh_from_db()
    return locked


def _progress(member_import: MemberImport, processed: int) -> None:
    MemberImport.objects.filter(pk=member_import.pk).update(processed=processed)


def import_apply(*, import_id: int, actor_id: int | None) -> MemberImport:
    """The body of the background task: warm up the word forms with visible progress,
    then write everything in one transaction."""
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    member_import = MemberImport.objects.get(pk=import_id)
    if member_import.status != ImportStatus.QUEUED:
        return member_import
    MemberImport.objects.filter(pk=import_id).update(status=ImportStatus.RUNNING)
    try:
        # Read once, for the progress and for applying: the rows do not change while
        # the import runs (mapping and commit both require the preview status).
        loaded = _load_rows(member_import)
        rows = [r.data for r in loaded if r.status != RowStatus.ERROR]
        # Lemmas are the slow part: compute them first, saving the progress as we go.
        for start in range(0, len(rows), BATCH):
            for data in rows[start : start + BATCH]:
                for key in ("last_name", "first_name", "patronymic", "occupation", "workplace"):
                    for word in words((data.get(key) or "").replace("-", " ")):
                        lemma(word)
            _progress(member_import, min(start + BATCH, len(rows)) // 2)
        with transaction.atomic():
            member_import = MemberImport.objects.select_for_update().get(pk=import_id)
            _apply(member_import, actor, loaded)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=member_import,
                after=model_snapshot(
                    member_import, ["status", "on_match", "created", "matched", "updated", "errors"]
                ),
                comment=_("загрузка применена"),
            )
    except Exception as exc:
        MemberImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED, failure=str(exc)[:2000]
        )
        raise
    member_import.refresh_from_db()
    return member_import


def _apply(member_import: MemberImport, actor: Any, loaded: list[_Row] | None = None) -> None:
    on_match = member_import.on_match
    association_id = member_import.association_id
    if loaded is None:
        loaded = _load_rows(member_import)
    rows = [r for r in loaded if r.status != RowStatus.ERROR]
    error_rows = [r for r in loaded if r.status == RowStatus.ERROR]
    errors = len(error_rows)
    matcher = Matcher([r.data for r in rows], association_id)
    competency_resolver = TermResolver(Competency)
    interest_resolver = TermResolver(Interest)
    now = timezone.now()
    today = timezone.localdate()

    # Match again inside the transaction: the database may have changed since the preview.
    new_rows: list[_Row] = []
    matched_rows: list[tuple[_Row, int]] = []
    for row in rows:
        person_id, match_on = matcher.match(row.data)
        if person_id:
            row.match_on = match_on
            matched_rows.append((row, person_id))
        else:
            new_rows.append(row)

    def terms(row: _Row) -> tuple[list[Any], list[Any]]:
        return (
            competency_resolver.resolve(row.data.get("competencies") or []),
            interest_resolver.resolve(row.data.get("interests") or []),
        )

    def person_values(data: dict[str, Any]) -> dict[str, Any]:
        values = {k: data.get(k, "") for k in ("last_name", "first_name", "patronymic")}
        for key in ("phone", "email", "occupation", "workplace", "home_place", "moscow_district"):
            if key in data:
                values[key] = data[key]
        if data.get("birth_date"):
            values["birth_date"] = datetime.date.fromisoformat(data["birth_date"])
        return values

    # New persons.
    new_persons: list[Person] = []
    new_terms: list[tuple[list[Any], list[Any]]] = []
    # A model instance costs more to build than to fill: copy one made once.
    template = Person(has_consent=True).__dict__
    for row in new_rows:
        person = Person.__new__(Person)
        person.__dict__.update(template, _state=ModelState())
        apply_fields(person, person_values(row.data), "create")
        person.match_name = match_name(person.last_name, person.first_name, person.patronymic)
        competencies, interests = terms(row)
        person.search_text, person.expertise_text = person_texts(
            person, [c.name for c in competencies], [i.name for i in interests]
        )
        new_persons.append(person)
        new_terms.append((competencies, interests))
    for person, pk in zip(
        new_persons, reserve_ids(Person._meta.db_table, len(new_persons)), strict=True
    ):
        person.pk = pk
        person.created_at = person.updated_at = now
    insert_models(Person, new_persons, with_pk=True)
    CompetencyLink = Person.competencies.through
    InterestLink = Person.interests.through
    competency_links: list[tuple[int, int]] = []
    interest_links: list[tuple[int, int]] = []
    memberships: list[tuple[Any, ...]] = []
    consents: list[tuple[Any, ...]] = []
    actor_id = getattr(actor, "pk", None)
    recorded_at = (
        now if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(now)
    )
    for row, person, (competencies, interests) in zip(
        new_rows, new_persons, new_terms, strict=True
    ):
        row.person_id = person.pk
        row.outcome = RowOutcome.CREATED
        row.undo = {"created": True}
        competency_links += [(person.pk, c.pk) for c in competencies]
        interest_links += [(person.pk, i.pk) for i in interests]
        memberships.append(_membership(person.pk, association_id, row.data))
        consents.append(
            (person.pk, DEFAULT_PURPOSE, ConsentForm.PAPER.value, today, actor_id, recorded_at)
        )

    # Matched persons.
    matched_ids = sorted({pid for _row, pid in matched_rows})
    persons: dict[int, Person] = {}
    existing_competencies: dict[int, dict[int, str]] = {}
    existing_interests: dict[int, dict[int, str]] = {}
    member_of: set[int] = set()
    for chunk in _chunks(matched_ids):
        persons.update(Person.objects.in_bulk(chunk))
        for pid, cid, name in CompetencyLink.objects.filter(person_id__in=chunk).values_list(
            "person_id", "competency_id", "competency__name"
        ):
            existing_competencies.setdefault(pid, {})[cid] = name
        for pid, iid, name in InterestLink.objects.filter(person_id__in=chunk).values_list(
            "person_id", "interest_id", "interest__name"
        ):
            existing_interests.setdefault(pid, {})[iid] = name
        member_of.update(
            Membership.objects.filter(
                person_id__in=chunk, association_id=association_id
            ).values_list("person_id", flat=True)
        )
    changed_persons: dict[int, Person] = {}
    matched = updated = 0
    for row, pid in matched_rows:
        matched += 1
        person = persons[pid]
        row.person_id = pid
        undo: dict[str, Any] = {}
        if pid not in member_of:
            memberships.append(_membership(pid, association_id, row.data))
            member_of.add(pid)
            undo["membership"] = True
        if on_match != OnMatch.SKIP:
            old = apply_fields(person, person_values(row.data), on_match)
            if old:
                undo["fields"] = {
                    k: (v.isoformat() if isinstance(v, datetime.date) else v)
                    for k, v in old.items()
                }
                person.match_name = match_name(
                    person.last_name, person.first_name, person.patronymic
                )
            competencies, interests = terms(row)
            have_c = existing_competencies.setdefault(pid, {})
            have_i = existing_interests.setdefault(pid, {})
            add_c = [c for c in competencies if c.pk not in have_c]
            add_i = [i for i in interests if i.pk not in have_i]
            if add_c:
                undo["competencies"] = [c.pk for c in add_c]
                competency_links += [(pid, c.pk) for c in add_c]
                have_c.update({c.pk: c.name for c in add_c})
            if add_i:
                undo["interests"] = [i.pk for i in add_i]
                interest_links += [(pid, i.pk) for i in add_i]
                have_i.update({i.pk: i.name for i in add_i})
            if old or add_c or add_i:
                person.search_text, person.expertise_text = person_texts(
                    person, list(have_c.values()), list(have_i.values())
                )
                person.updated_at = now
                changed_persons[pid] = person
        if set(undo) - {"membership"}:
            row.outcome = RowOutcome.UPDATED
            updated += 1
        elif on_match == OnMatch.SKIP:
            row.outcome = RowOutcome.SKIPPED
        else:
            row.outcome = RowOutcome.UNCHANGED
        row.undo = undo
    if changed_persons:
        Person.objects.bulk_update(
            list(changed_persons.values()),
            [
                "last_name", "first_name", "patronymic", "birth_date", "phone", "email",
                "home_place", "moscow_district", "occupation", "workplace", "match_name",
                "search_text", "expertise_text", "updated_at",
            ],
            batch_size=BATCH,
        )  # fmt: skip
    insert_rows(
        Membership._meta.db_table, ["person_id", "association_id", "role", "since"], memberships
    )
    insert_rows(CompetencyLink._meta.db_table, ["person_id", "competency_id"], competency_links)
    insert_rows(InterestLink._meta.db_table, ["person_id", "interest_id"], interest_links)
    insert_rows(
        Consent._meta.db_table,
        ["person_id", "purpose", "form", "given_on", "recorded_by_id", "recorded_at"],
        consents,
    )
    # Writing the rows anew is much faster than updating each of them in place.
    for row in error_rows:
        row.outcome = RowOutcome.ERROR
    member_import.rows.all().delete()
    _write_rows(member_import, [*rows, *error_rows])
    member_import.created_terms = {
        "competencies": [t.pk for t in competency_resolver.created],
        "interests": [t.pk for t in interest_resolver.created],
    }
    member_import.created = len(new_persons)
    member_import.matched = matched
    member_import.updated = updated
    member_import.errors = errors
    member_import.processed = member_import.total
    member_import.status = ImportStatus.DONE
    member_import.committed_at = now
    member_import.save()


def _membership(person_id: int, association_id: int, data: dict[str, Any]) -> tuple[Any, ...]:
    since = data.get("since")
    return (
        person_id,
        association_id,
        data.get("role") or MembershipRole.MEMBER.value,
        datetime.date.fromisoformat(since) if since else None,
    )


@transaction.atomic
def import_undo(*, actor: Any, member_import: MemberImport) -> dict[str, int]:
    """Remove exactly what the import created and put back what it changed."""
    member_import = MemberImport.objects.select_for_update().get(pk=member_import.pk)
    if member_import.status != ImportStatus.DONE:
        raise ValidationError(_("Отменить можно только применённую загрузку."))
    rows = list(member_import.rows.exclude(undo={}).exclude(person=None))
    created_ids = [r.person_id for r in rows if r.undo.get("created")]
    touched: list[int] = []
    CompetencyLink = Person.competencies.through
    InterestLink = Person.interests.through
    for row in rows:
        if row.undo.get("created"):
            continue
        pid = int(row.person_id or 0)
        if row.undo.get("membership"):
            Membership.objects.filter(
                person_id=pid, association_id=member_import.association_id
            ).delete()
        if row.undo.get("competencies"):
            CompetencyLink.objects.filter(
                person_id=pid, competency_id__in=row.undo["competencies"]
            ).delete()
        if row.undo.get("interests"):
            InterestLink.objects.filter(
                person_id=pid, interest_id__in=row.undo["interests"]
            ).delete()
        if row.undo.get("fields"):
            values = dict(row.undo["fields"])
            if values.get("birth_date"):
                values["birth_date"] = datetime.date.fromisoformat(values["birth_date"])
            person = Person.objects.get(pk=pid)
            for key, value in values.items():
                setattr(person, key, value)
            person.match_name = match_name(person.last_name, person.first_name, person.patronymic)
            person.save()
        touched.append(pid)
    for chunk in _chunks(created_ids):
        Person.objects.filter(pk__in=chunk).delete()
    for pid in touched:
        from .services import _refresh_texts

        refreshed = Person.objects.filter(pk=pid).first()
        if refreshed:
            _refresh_texts(refreshed)
    removed_terms = 0
    for key, model in (("competencies", Competency), ("interests", Interest)):
        ids = member_import.created_terms.get(key) or []
        removed_terms += model.objects.filter(pk__in=ids, is_approved=False, persons=None).delete()[
            0
        ]
    member_import.status = ImportStatus.UNDONE
    member_import.undone_at = timezone.now()
    member_import.save(update_fields=["status", "undone_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=member_import,
        after={"status": ImportStatus.UNDONE.value, "removed_persons": len(created_ids)},
        comment=_("загрузка отменена"),
    )
    return {"removed": len(created_ids), "restored": len(touched), "terms": removed_terms}


def error_report(member_import: MemberImport) -> bytes:
    """The rows in error with their reasons, as XLSX."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(_("Ошибки"))
    sheet.append([_("Строка файла"), *member_import.headers, _("Причина")])
    for row in member_import.rows.filter(status=RowStatus.ERROR).order_by("number"):
        raw = list(row.data.get("_raw") or [])
        raw += [""] * (len(member_import.headers) - len(raw))
        sheet.append([row.number, *raw[: len(member_import.headers)], " ".join(row.messages)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
