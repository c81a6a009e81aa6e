from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.forms import settle_single_choice
from zemlyaki.core.models import FederalDistrict, Region
from zemlyaki.registry.models import Association

from .importing import FIELDS
from .models import Competency, ConsentForm, Interest, MembershipRole, OnMatch

YES_NO = [("", _("Все")), ("1", _("Да")), ("0", _("Нет"))]


def yes_no(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Компетенции, интересы, профессия, имя"), required=False, max_length=200
    )
    competency = forms.ChoiceField(label=_("Компетенция"), required=False)
    interest = forms.ChoiceField(label=_("Интерес"), required=False)
    association = forms.ChoiceField(label=_("Землячество"), required=False)
    district = forms.ChoiceField(label=_("Федеральный округ"), required=False)
    region = forms.ChoiceField(label=_("Малая родина"), required=False)
    initiative = forms.ChoiceField(label=_("Инициативный"), required=False, choices=YES_NO)
    expert = forms.ChoiceField(
        label=_("Согласие на показ как эксперта"), required=False, choices=YES_NO
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["competency"].choices = _tree_choices(Competency, _("Любая"))
        fields["interest"].choices = _tree_choices(Interest, _("Любой"))
        fields["association"].choices = [("", _("Все"))] + list(
            Association.objects.order_by("name").values_list("slug", "short_name")
        )
        fields["district"].choices = [("", _("Все округа"))] + [
            (d.code, d.name) for d in FederalDistrict.objects.all()
        ]
        fields["region"].choices = [("", _("Все субъекты"))] + list(
            Region.objects.order_by("name").values_list("code", "name")
        )

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data["q"],
            "competency": data["competency"] or None,
            "interest": data["interest"] or None,
            "association": data["association"],
            "region": data["region"],
            "district": data["district"],
            "initiative": yes_no(data["initiative"]),
            "expert": yes_no(data["expert"]),
        }


def _tree_choices(model: Any, empty: Any) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = [("", str(empty))]
    terms = list(model.objects.filter(is_approved=True).select_related("parent").order_by("name"))
    spheres = [t for t in terms if t.parent_id is None]
    for sphere in spheres:
        choices.append((str(sphere.pk), sphere.name))
        choices += [(str(t.pk), f"— {t.name}") for t in terms if t.parent_id == sphere.pk]
    return choices


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    role = forms.ChoiceField(
        label=_("Роль"), required=False, choices=[("", _("Любая"))] + list(MembershipRole.choices)
    )
    initiative = forms.ChoiceField(label=_("Инициативный"), required=False, choices=YES_NO)
    sort = forms.ChoiceField(
        label=_("Порядок"),
        required=False,
        choices=[
            ("name", _("по фамилии, А→Я")),
            ("-name", _("по фамилии, Я→А")),
            ("role", _("по роли")),
            ("since", _("по дате вступления")),
            ("birth_date", _("по дате рождения")),
        ],
    )


class ProfileForm(forms.Form):
    last_name = forms.CharField(label=_("Фамилия"), max_length=100)
    first_name = forms.CharField(label=_("Имя"), max_length=100)
    patronymic = forms.CharField(label=_("Отчество"), max_length=100, required=False)
    birth_date = forms.DateField(
        label=_("Дата рождения"),
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"placeholder": "ДД.ММ.ГГГГ"}),
    )
    phone = forms.CharField(label=_("Телефон"), max_length=40, required=False)
    email = forms.CharField(label=_("Электронная почта"), max_length=254, required=False)
    home_region = forms.ModelChoiceField(
        label=_("Малая родина (субъект РФ)"),
        queryset=Region.objects.order_by("name"),
        required=False,
    )
    home_place = forms.CharField(
        label=_("Населённый пункт малой родины"), max_length=200, required=False
    )
    moscow_district = forms.CharField(
        label=_("Район проживания в Москве"), max_length=100, required=False
    )
    occupation = forms.CharField(label=_("Профессия, должность"), max_length=200, required=False)
    workplace = forms.CharField(label=_("Место работы"), max_length=300, required=False)
    competencies = forms.ModelMultipleChoiceField(
        label=_("Компетенции"),
        queryset=Competency.objects.filter(is_approved=True, parent__isnull=False).order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    competencies_extra = forms.CharField(
        label=_("Другие компетенции"),
        required=False,
        help_text=_("Через точку с запятой, если нужной нет в списке."),
    )
    interests = forms.ModelMultipleChoiceField(
        label=_("Общественные интересы"),
        queryset=Interest.objects.filter(is_approved=True, parent__isnull=False).order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    interests_extra = forms.CharField(
        label=_("Другие интересы"), required=False, help_text=_("Через точку с запятой.")
    )
    show_as_expert = forms.BooleanField(
        label=_("Согласен(на), чтобы члены рабочих органов видели моё имя и компетенции"),
        required=False,
    )
    photo = forms.ImageField(label=_("Фотография"), required=False)  # fmt: skip

    def service_data(self) -> dict[str, Any]:
        from .normalize import split_list

        data = dict(self.cleaned_data)
        data["competencies"] = list(data["competencies"]) + split_list(
            data.pop("competencies_extra")
        )
        data["interests"] = list(data["interests"]) + split_list(data.pop("interests_extra"))
        if not data.get("photo"):
            data.pop("photo", None)
        return data


class InitiativeForm(forms.Form):
    is_initiative = forms.BooleanField(label=_("Инициативный участник"), required=False)
    initiative_reason = forms.CharField(label=_("За что отмечен"), max_length=300, required=False)


class ConsentRecordForm(forms.Form):
    purpose = forms.CharField(label=_("Цель обработки"), max_length=300)
    form = forms.ChoiceField(label=_("Форма согласия"), choices=ConsentForm.choices)
    given_on = forms.DateField(label=_("Дата согласия"), input_formats=["%d.%m.%Y", "%Y-%m-%d"])


class UploadForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Землячество"), queryset=Association.objects.none()
    )
    file = forms.FileField(label=_("Файл списка (XLSX или CSV)"))

    def __init__(self, *args: Any, associations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = associations  # type: ignore[attr-defined]
        self.fields["association"].label_from_instance = lambda a: str(a)  # type: ignore[attr-defined]
        settle_single_choice(self)

    def clean_file(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.ZEMLYAKI_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("Файл слишком большой."))
        if not upload.name.lower().endswith((".xlsx", ".xlsm", ".csv", ".txt")):
            raise forms.ValidationError(_("Нужен файл XLSX или CSV."))
        return upload


class MappingForm(forms.Form):
    save_mapping = forms.BooleanField(
        label=_("Запомнить сопоставление для следующих загрузок"), required=False, initial=True
    )

    def __init__(
        self, *args: Any, headers: list[str], mapping: dict[str, str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(key, str(label)) for key, label in FIELDS.items()]
        for index, header in enumerate(headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header or _("(без заголовка)"),
                choices=choices,
                required=False,
                initial=mapping.get(str(index), ""),
            )
        self.order_fields([*(f"col_{i}" for i in range(len(headers))), "save_mapping"])

    def mapping(self) -> dict[str, str]:
        return {
            key[4:]: value for key, value in self.cleaned_data.items() if key.startswith("col_")
        }


class CommitForm(forms.Form):
    on_match = forms.ChoiceField(
        label=_("Что делать, если человек уже есть в базе"),
        choices=OnMatch.choices,
        initial=OnMatch.FILL,
        widget=forms.RadioSelect,
    )
    consent_confirmed = forms.BooleanField(
        label=_(
            "Письменные согласия людей из списка на обработку их персональных данных получены и хранятся в землячестве"
        ),
        error_messages={"required": _("Без согласий людей их данные загружать нельзя.")},
    )


class TermForm(forms.Form):
    name = forms.CharField(label=_("Наименование"), max_length=150)
    parent = forms.ModelChoiceField(
        label=_("Сфера"),
        queryset=Competency.objects.none(),
        required=False,
        empty_label=_("(это сфера)"),
    )
    synonyms = forms.CharField(
        label=_("Синонимы"), max_length=500, required=False, help_text=_("Через запятую.")
    )

    def __init__(self, *args: Any, model: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["parent"]
        field.queryset = model.objects.filter(parent__isnull=True, is_approved=True).order_by(
            "name"
        )


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Объединить с"), queryset=Competency.objects.none())

    def __init__(self, *args: Any, model: Any, exclude: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (  # type: ignore[attr-defined]
            model.objects.filter(is_approved=True).exclude(pk=exclude).order_by("name")
        )


class CandidateListForm(forms.Form):
    name = forms.CharField(label=_("Название"), max_length=200)
    purpose = forms.CharField(
        label=_("Назначение"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AddCandidatesForm(forms.Form):
    candidate_list: Any = forms.ModelChoiceField(label=_("Список кандидатов"), queryset=None)  # type: ignore[arg-type]
    note = forms.CharField(label=_("Примечание"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import CandidateList

        field: Any = self.fields["candidate_list"]
        field.queryset = CandidateList.objects.order_by("-created_at")
