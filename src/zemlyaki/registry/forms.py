from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zemlyaki.core.models import Region
from zemlyaki.core.selectors import reference_choices
from zemlyaki.core.widgets import FastSelect

from .models import Association, AssociationStatus, Stakeholder, StakeholderKind


class RegionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code})"


class AssociationFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    district = forms.ChoiceField(label=_("Федеральный округ"), required=False, widget=FastSelect)
    region = forms.ChoiceField(label=_("Субъект РФ"), required=False, widget=FastSelect)
    status = forms.ChoiceField(
        label=_("Статус"),
        required=False,
        widget=FastSelect,
        choices=[("", _("Любой"))] + list(AssociationStatus.choices),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = reference_choices()
        district = self.fields["district"]
        region = self.fields["region"]
        assert isinstance(district, forms.ChoiceField) and isinstance(region, forms.ChoiceField)
        district.choices = [("", _("Все округа")), *choices["districts"]]
        region.choices = [("", _("Все субъекты")), *choices["regions"]]


class AssociationForm(forms.ModelForm):
    regions = RegionChoiceField(
        label=_("Малая родина (субъекты РФ)"),
        queryset=Region.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"required": _("Укажите хотя бы один субъект РФ.")},
    )
    social_links_text = forms.CharField(
        label=_("Социальные сети"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("По одной ссылке в строке."),
    )

    class Meta:
        model = Association
        fields = [
            "name", "short_name", "slug", "regions", "legal_form", "ogrn", "inn",
            "founded_year", "status", "address", "phone", "email", "website",
            "description", "logo",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"slug": _("Латиницей; если оставить пустым, будет создан из названия.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        if self.instance.pk:
            self.fields["social_links_text"].initial = "\n".join(self.instance.social_links or [])

    def clean_social_links_text(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["social_links_text"].splitlines()]
        validator = forms.URLField()
        return [validator.clean(line) for line in lines if line]

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Логотип больше 2 МБ."))
        return logo

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["social_links"] = data.pop("social_links_text", [])
        regions = data.pop("regions")
        if data.get("logo") is None:
            data.pop("logo", None)
        return {"regions": list(regions), **data}


class StakeholderForm(forms.ModelForm):
    regions = RegionChoiceField(
        label=_("Регионы"),
        queryset=Region.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Stakeholder
        fields = [
            "kind", "name", "contact_person", "phone", "email", "website", "regions",
            "association", "description",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        regions = data.pop("regions")
        return {"regions": list(regions), **data}


class StakeholderFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Вид"),
        required=False,
        choices=[("", _("Все виды"))] + list(StakeholderKind.choices),
    )
