from zemlyaki.core.templatetags.zemlyaki import ru_plural
from zemlyaki.core.text import fold, lemma, search_document, slugify_ru


def test_fold_handles_cyrillic_case_and_yo():
    assert fold("ЁЛКИ Тамбовского Землячества") == "елки тамбовского землячества"


def test_lemma_reduces_word_forms():
    assert lemma("тамбовского") == "тамбовский"
    assert lemma("ТАМБОВСКОЕ") == "тамбовский"
    assert lemma("землячеств") == "землячество"
    assert lemma("юристы") == "юрист"


def test_search_document_holds_words_and_lemmas():
    doc = search_document("Тамбовское землячество")
    assert doc == " тамбовское тамбовский землячество "


def test_slugify_transliterates_russian():
    assert slugify_ru("Тамбовское землячество") == "tambovskoe-zemlyachestvo"
    assert slugify_ru("Щёлковская Юрта") == "shchelkovskaya-yurta"


def test_russian_plural_forms():
    forms = "землячество,землячества,землячеств"
    assert ru_plural(1, forms) == "1 землячество"
    assert ru_plural(2, forms) == "2 землячества"
    assert ru_plural(5, forms) == "5 землячеств"
    assert ru_plural(11, forms) == "11 землячеств"
    assert ru_plural(21, forms) == "21 землячество"
    assert ru_plural(1024, forms) == "1\u00a0024 землячества"


def test_num_groups_thousands_and_years_stay_plain():
    from django.template import Context, Template

    from zemlyaki.core.templatetags.zemlyaki import num

    assert num(1234567) == "1\u00a0234\u00a0567"
    assert num(None) == ""
    rendered = Template("{% load zemlyaki %}{{ year }} {{ count|num }}").render(
        Context({"year": 1999, "count": 12345})
    )
    assert rendered == "1999 12\u00a0345"
