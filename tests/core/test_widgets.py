from django import forms

from zemlyaki.core.widgets import FastSelect


class DemoForm(forms.Form):
    region = forms.ChoiceField(
        choices=[("", "Все"), ("68", "Тамбовская область"), ("77", "Москва & <область>")],
        required=False,
        widget=FastSelect,
    )


def test_fast_select_renders_like_a_select_with_escaping_and_selection():
    html = str(DemoForm({"region": "68"})["region"])
    assert html == (
        '<select id="id_region" name="region">'
        '<option value="">Все</option>'
        '<option value="68" selected>Тамбовская область</option>'
        '<option value="77">Москва &amp; &lt;область&gt;</option>'
        "</select>"
    )
    assert 'value="77" selected' in str(DemoForm({"region": "77"})["region"])
