import datetime

import pytest
from django.core.exceptions import ValidationError

from zemlyaki.core.models import AuditEntry
from zemlyaki.strategy import markup, services
from zemlyaki.strategy.models import (
    Amendment,
    Comment,
    ConflictCopy,
    DocumentVersion,
    Position,
    ReviewRound,
    Revision,
    Section,
    Transition,
)
from zemlyaki.strategy.templates_seed import STRATEGY_SECTIONS

from .factories import TEXT, agree, fresh, write

pytestmark = pytest.mark.django_db


def test_new_strategy_has_the_six_sections_of_the_proposal(world):
    sections = list(world.document.sections.order_by("order"))
    assert [s.number for s in sections] == ["1", "2", "3", "4", "5", "6"]
    assert [s.title for s in sections] == [t for t, _g in STRATEGY_SECTIONS]
    assert sections[0].title == "Анализ развития института землячеств до 2022 года"
    assert sections[1].guidance.startswith("Исходя из сильных и слабых сторон")
    assert {s.status for s in sections} == {"draft"}
    assert all(s.current_revision.number == 1 and s.text == "" for s in sections)


def test_subsection_is_numbered_in_the_tree(world):
    child = services.section_create(
        actor=None, document=world.document, title="Подраздел", parent=world.sections[1]
    )
    assert child.number == "2.1"


def test_every_save_is_a_revision_with_author_and_comment(world):
    section = fresh(world.section)
    first = services.section_save(
        actor=world.owner, section=section, text="Черновик.", base_revision=section.current_revision_id,
        comment="набросок",
    )  # fmt: skip
    second = services.section_save(
        actor=world.owner, section=fresh(section), text="Черновик, дополненный.",
        base_revision=first.pk,
    )  # fmt: skip
    assert (first.number, first.author, first.comment) == (2, world.owner, "набросок")
    assert second.number == 3
    assert fresh(section).current_revision == second
    assert fresh(section).text == "<p>Черновик, дополненный.</p>"
    audit = AuditEntry.objects.filter(object_type="strategy.section", object_id=str(section.pk))
    assert audit.filter(after={"revision": 3}).count() == 1


def test_stale_save_is_refused_and_both_texts_are_kept(world):
    section = fresh(world.section)
    base = section.current_revision_id
    mine = services.section_save(
        actor=world.owner, section=section, text="Текст владельца.", base_revision=base
    )
    with pytest.raises(services.StaleRevision) as caught:
        services.section_save(
            actor=world.editor,
            section=section,
            text="Текст второго автора.",
            base_revision=base,
        )
    assert caught.value.current == mine
    assert fresh(section).text == "<p>Текст владельца.</p>"
    assert Revision.objects.filter(section=section).count() == 2
    copy = ConflictCopy.objects.get()
    assert (copy.text, copy.base_revision_id, copy.current_revision_id) == (
        "<p>Текст второго автора.</p>",
        base,
        mine.pk,
    )


def test_restore_old_revision_as_new(world):
    first = write(world.section, world.owner, "Первая версия.")
    second = write(world.section, world.owner, "Вторая версия.")
    restored = services.revision_restore(
        actor=world.owner, section=fresh(world.section), revision=first, base_revision=second.pk
    )
    assert (restored.number, restored.text, restored.restored_from) == (
        4,
        "<p>Первая версия.</p>",
        first,
    )
    assert restored.comment == "Восстановлена редакция 2"
    assert fresh(world.section).current_revision == restored


def test_text_cannot_be_saved_under_review(world):
    write(world.section, world.owner)
    services.section_transition(actor=world.owner, section=world.section, to="review")
    section = fresh(world.section)
    with pytest.raises(services.WorkflowError, match="на рассмотрении"):
        services.section_save(
            actor=world.owner,
            section=section,
            text="Правка.",
            base_revision=section.current_revision_id,
        )
    assert fresh(world.section).text == markup.clean(TEXT)


def test_comment_anchored_to_paragraph_with_reply_and_resolve(world):
    write(world.section, world.owner)
    comment = services.comment_create(
        actor=world.experts[0], section=world.section, text="Уточните годы.", paragraph=1
    )
    assert comment.quote == "Второй абзац: землячества помогают родным краям."
    reply = services.comment_create(
        actor=world.owner, section=world.section, text="Уточню.", parent=comment
    )
    assert (reply.parent, reply.paragraph) == (comment, 1)
    services.comment_resolve(actor=world.owner, comment=comment)
    comment.refresh_from_db()
    assert comment.resolved_by == world.owner and comment.resolved_at is not None
    with pytest.raises(services.WorkflowError):
        services.comment_resolve(actor=world.owner, comment=comment)


def test_comment_on_missing_paragraph_is_refused(world):
    write(world.section, world.owner)
    with pytest.raises(ValidationError) as caught:
        services.comment_create(
            actor=world.experts[0], section=world.section, text="?", paragraph=9
        )
    assert caught.value.message_dict == {"paragraph": ["В разделе нет абзаца с таким номером."]}
    assert Comment.objects.count() == 0


def test_mention_notifies_by_mail(world, smtp, django_capture_on_commit_callbacks):
    write(world.section, world.owner)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(
            actor=world.experts[0],
            section=world.section,
            text="Прошу посмотреть абзац.",
            paragraph=0,
            mentions=[world.owner_person],
        )
    assert len(smtp) == 1
    message = smtp[0]
    assert message["To"] == "owner@example.org"
    assert "Вас упомянули в\u00a0замечании к\u00a0разделу" in message["Subject"].replace("\n", "")
    body = message.get_content()
    assert "Прошу посмотреть абзац." in body
    assert f"/strategy/sections/{world.section.pk}/#comment-" in body


def test_amendment_accepted_changes_text_with_a_revision_naming_it(world):
    write(world.section, world.owner)
    amendment = services.amendment_create(
        actor=world.experts[0],
        section=world.section,
        paragraph=1,
        proposed="Второй абзац: землячества помогают родным краям и Москве.",
        justification="Москва — регион-поприще.",
    )
    revision = services.amendment_accept(actor=world.owner, amendment=amendment)
    amendment.refresh_from_db()
    assert amendment.status == "accepted" and amendment.result_revision == revision
    assert revision.amendment == amendment
    assert revision.comment == f"Принята поправка №{amendment.pk}"
    text = markup.to_text(fresh(world.section).text)
    assert "помогают родным краям и Москве." in text
    assert text.startswith("Первый абзац раздела о землячествах.\n\nВторой абзац")
    assert "1996 | Основание" in text


def test_amendment_follows_its_paragraph_when_others_move(world):
    write(world.section, world.owner)
    amendment = services.amendment_create(
        actor=world.experts[0], section=world.section, paragraph=1,
        proposed="Новый второй абзац.", justification="Яснее.",
    )  # fmt: skip
    write(world.section, world.owner, "Вставленный абзац.\n\n" + TEXT)
    services.amendment_accept(actor=world.owner, amendment=amendment)
    assert markup.to_text(fresh(world.section).text).startswith(
        "Вставленный абзац.\n\nПервый абзац раздела о землячествах.\n\nНовый второй абзац."
    )


def test_amendment_to_a_rewritten_paragraph_must_be_merged_by_hand(world):
    write(world.section, world.owner)
    amendment = services.amendment_create(
        actor=world.experts[0], section=world.section, paragraph=1,
        proposed="Новый второй абзац.", justification="Яснее.",
    )  # fmt: skip
    rewritten = write(world.section, world.owner, TEXT.replace("Второй абзац", "Иной абзац"))
    with pytest.raises(services.WorkflowError, match="изменился"):
        services.amendment_accept(actor=world.owner, amendment=amendment)
    assert fresh(world.section).current_revision == rewritten
    merged = services.amendment_merge(
        actor=world.owner, amendment=amendment, text="Итоговый текст.", base_revision=rewritten.pk
    )
    amendment.refresh_from_db()
    assert (amendment.status, amendment.result_revision, merged.amendment) == (
        "merged",
        merged,
        amendment,
    )


def test_amendment_rejected_with_reason(world):
    write(world.section, world.owner)
    amendment = services.amendment_create(
        actor=world.experts[0], section=world.section, paragraph=0,
        proposed="Другой текст.", justification="Так лучше.",
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.amendment_reject(actor=world.owner, amendment=amendment, reason=" ")
    services.amendment_reject(
        actor=world.owner, amendment=amendment, reason="Противоречит разделу 2."
    )
    amendment.refresh_from_db()
    assert (amendment.status, amendment.reason) == ("rejected", "Противоречит разделу 2.")
    assert fresh(world.section).text == markup.clean(TEXT)
    with pytest.raises(services.WorkflowError, match="уже рассмотрена"):
        services.amendment_accept(actor=world.owner, amendment=amendment)


def test_submit_opens_review_by_the_council_with_deadline(world):
    write(world.section, world.owner)
    deadline = datetime.date.today() + datetime.timedelta(days=10)
    services.section_transition(
        actor=world.owner, section=world.section, to="review", deadline=deadline
    )
    review = ReviewRound.objects.get()
    assert (review.body, review.deadline, review.closed_at) == (world.council, deadline, None)
    assert fresh(world.section).status == "review"
    assert Transition.objects.get().from_status == "draft"


def test_empty_section_cannot_be_submitted(world):
    with pytest.raises(services.WorkflowError, match="Раздел пуст"):
        services.section_transition(actor=world.owner, section=world.section, to="review")
    assert fresh(world.section).status == "draft"
    assert ReviewRound.objects.count() == 0


@pytest.mark.parametrize(
    ("start", "to", "reason"),
    [
        ("draft", "agreed", "Из статуса «черновик» нельзя перевести раздел в статус «согласован»."),
        ("draft", "rework", "Из статуса «черновик» нельзя перевести раздел в статус «на доработке»."),
        ("review", "review", "Из статуса «на рассмотрении» нельзя перевести раздел в статус «на рассмотрении»."),
        ("draft", "approved", "Раздел утверждается вместе со всем документом"),
    ],
)  # fmt: skip
def test_wrong_transition_is_refused_with_reason(world, start, to, reason):
    write(world.section, world.owner)
    if start == "review":
        services.section_transition(actor=world.owner, section=world.section, to="review")
    with pytest.raises(services.WorkflowError) as caught:
        services.section_transition(actor=world.manager, section=world.section, to=to)
    assert caught.value.message.startswith(reason)
    assert fresh(world.section).status == start


def test_positions_and_the_majority_with_quorum(world):
    write(world.section, world.owner)
    services.section_transition(actor=world.owner, section=world.section, to="review")
    services.position_record(actor=world.experts[0], section=world.section, stance="agree")
    with pytest.raises(services.WorkflowError, match="Кворума нет"):
        services.section_transition(actor=world.manager, section=world.section, to="agreed")
    services.position_record(
        actor=world.experts[1], section=world.section, stance="disagree", text="Не раскрыты риски."
    )
    with pytest.raises(services.WorkflowError, match="Нет большинства: согласны 1 из 2"):
        services.section_transition(actor=world.manager, section=world.section, to="agreed")
    services.position_record(
        actor=world.experts[2],
        section=world.section,
        stance="agree_remarks",
        text="Добавить сроки.",
    )
    tally = services.round_tally(ReviewRound.objects.get())
    assert tally["counts"] == {"agree": 1, "agree_remarks": 1, "disagree": 1}
    assert (tally["present"], tally["support"], tally["ok"]) == (3, 2, True)
    services.section_transition(actor=world.manager, section=world.section, to="agreed")
    assert fresh(world.section).status == "agreed"
    review = ReviewRound.objects.get()
    assert review.outcome == "agreed" and review.closed_at is not None


def test_position_can_be_changed_and_needs_text_unless_agree(world):
    write(world.section, world.owner)
    services.section_transition(actor=world.owner, section=world.section, to="review")
    with pytest.raises(ValidationError) as caught:
        services.position_record(actor=world.experts[0], section=world.section, stance="disagree")
    assert "text" in caught.value.message_dict
    services.position_record(actor=world.experts[0], section=world.section, stance="agree")
    services.position_record(
        actor=world.experts[0], section=world.section, stance="disagree", text="Передумал."
    )
    assert list(Position.objects.values_list("stance", "text")) == [("disagree", "Передумал.")]


def test_non_member_cannot_record_a_position(world):
    write(world.section, world.owner)
    services.section_transition(actor=world.owner, section=world.section, to="review")
    with pytest.raises(services.WorkflowError, match="Позицию записывают члены органа"):
        services.position_record(actor=world.owner, section=world.section, stance="agree")
    assert Position.objects.count() == 0


def test_return_for_rework_and_resubmit_opens_a_new_review(world):
    write(world.section, world.owner)
    services.section_transition(actor=world.owner, section=world.section, to="review")
    services.section_transition(
        actor=world.manager, section=world.section, to="rework", comment="Доработать"
    )
    write(world.section, world.owner, TEXT + "\nДополнение.\n")
    services.section_transition(actor=world.owner, section=world.section, to="review")
    assert ReviewRound.objects.filter(section=world.section).count() == 2
    assert ReviewRound.objects.filter(closed_at__isnull=True).count() == 1


def test_document_approval_needs_every_section_agreed(world, decision):
    write(world.section, world.owner)
    agree(world, world.section)
    with pytest.raises(services.WorkflowError, match="Не согласованы разделы: 2. Цели"):
        services.document_approve(document=world.document, actor=world.manager, decision=decision)
    assert DocumentVersion.objects.count() == 0
    assert fresh(world.section).status == "agreed"


def test_document_approval_needs_a_decision(world):
    with pytest.raises(ValidationError):
        services.document_approve(document=world.document, actor=world.manager, decision=None)


def test_approval_freezes_texts_and_inserts(world, decision, django_capture_on_commit_callbacks):
    from zemlyaki.governance.models import Body

    for section in world.sections:
        write(
            section, world.manager, f"Текст раздела {section.number}.\n\n{{{{ table:bodies }}}}\n"
        )
        agree(world, section)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.document_approve(
            document=world.document, actor=world.manager, decision=decision
        )
    assert version.number == 1
    assert version.decision_type == "registry.stakeholder"
    assert version.decision_repr == "Решение общего собрания №1"
    assert set(Section.objects.values_list("status", flat=True)) == {"approved"}
    names = [row[0] for row in version.content["inserts"]["table:bodies"]["rows"]]
    assert names == ["Рабочая группа", "Расширенный экспертный совет", "Редакционная группа"]
    Body.objects.create(kind="control", name="Контрольный орган, созданный позже")
    version.refresh_from_db()
    assert len(version.content["inserts"]["table:bodies"]["rows"]) == 3
    assert version.docx_file.name.endswith(".docx") and version.pdf_file.name.endswith(".pdf")
    with pytest.raises(services.WorkflowError, match="уже утверждён"):
        services.document_approve(document=world.document, actor=world.manager, decision=decision)
    with pytest.raises(services.WorkflowError):
        services.section_save(
            actor=world.manager, section=fresh(world.section), text="После утверждения.",
            base_revision=fresh(world.section).current_revision_id,
        )  # fmt: skip
    assert Amendment.objects.count() == 0
