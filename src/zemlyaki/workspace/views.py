"""Pages of the discussions: spaces, threads, posts, reactions, the member lookup."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zemlyaki.core import blobs
from zemlyaki.core.errors import Invalid, NotFound, add_to_form
from zemlyaki.core.views_utils import paginate, require_perm
from zemlyaki.core.visibility import get_visible_or_404

from . import library, selectors, services
from .forms import AudienceForm, EditForm, PostForm, ThreadForm
from .markup import members_url, quote_markdown
from .models import Post, ReactionKind, Space, Thread


def get_or_hide(request: HttpRequest, model: Any, pk: int) -> Any:
    """The object if this reader may see it; a guest is sent to log in, others get 404."""
    try:
        return get_visible_or_404(model, request.user, pk=pk)
    except NotFound:
        require_perm(request, "workspace.list_spaces")  # a guest: to the login page
        raise


def space_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "workspace.list_spaces")
    spaces = selectors.spaces_for(request.user)
    return render(request, "workspace/space_list.html", {"spaces": spaces})


def space_detail(request: HttpRequest, pk: int) -> HttpResponse:
    space = get_or_hide(request, Space, pk)
    threads = selectors.threads_in(space, request.user)
    can_start = request.user.has_perm("workspace.create_thread", space)
    return render(
        request,
        "workspace/space_detail.html",
        {"space": space, "page": paginate(request, threads), "can_start": can_start},
    )


def _with_upload(request: HttpRequest, space: Space, form: Any) -> list[Any]:
    files = list(form.cleaned_data.get("attachments") or [])
    upload = form.cleaned_data.get("upload")
    if upload:
        files.append(library.file_upload(actor=request.user, space=space, upload=upload))
    return files


def thread_create(request: HttpRequest, pk: int) -> HttpResponse:
    space = get_or_hide(request, Space, pk)
    require_perm(request, "workspace.create_thread", space)
    target_value = request.POST.get("target") or request.GET.get("target") or ""
    target = selectors.parse_target(target_value, request.user)
    form = ThreadForm(
        request.POST or None,
        request.FILES or None,
        space=space,
        mentions_url=members_url(space.pk),
        initial={"target": target_value if target else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            with blobs.discarded_on_failure(), transaction.atomic():
                thread = services.thread_create(
                    actor=request.user,
                    space=space,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    audience=form.cleaned_data["audience"],
                    target=target,
                    attachments=_with_upload(request, space, form),
                )
        except Invalid as error:
            add_to_form(form, _upload_error(error))
        else:
            return redirect("workspace:thread", pk=thread.pk)
    return render(
        request, "workspace/thread_form.html", {"space": space, "form": form, "target": target}
    )


def _upload_error(error: Invalid) -> Invalid:
    """The library's refusal of a file goes next to the upload field."""
    if "file" in error.field_errors:
        fields = dict(error.field_errors)
        fields["upload"] = fields.pop("file")
        return Invalid(fields)
    return error


def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_or_hide(request, Thread, pk)
    space = thread.space
    user = request.user
    can_post = user.has_perm("workspace.add_post", thread)
    initial: dict[str, Any] = {}
    quoted = request.GET.get("quote", "")
    if can_post and quoted.isdigit():
        source = thread.posts.select_related("author").filter(pk=int(quoted)).first()
        if source is not None:
            author = str(source.author or "участник")
            initial = {"text": quote_markdown(author, source.text), "quote_of": source.pk}
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        space=space,
        mentions_url=members_url(space.pk),
        initial=initial,
    )
    if request.method == "POST":
        require_perm(request, "workspace.add_post", thread, hide=True)
        if form.is_valid():
            quote_id = form.cleaned_data.get("quote_of")
            quote = thread.posts.filter(pk=quote_id).first() if quote_id else None
            try:
                with blobs.discarded_on_failure(), transaction.atomic():
                    post = services.post_create(
                        actor=user,
                        thread=thread,
                        text=form.cleaned_data["text"],
                        quote_of=quote,
                        attachments=_with_upload(request, space, form),
                    )
            except Invalid as error:
                add_to_form(form, _upload_error(error))
            else:
                return redirect(f"{thread_url(thread)}#post-{post.pk}")
    posts = selectors.thread_posts(thread)
    selectors.mark_own_reactions(posts, user)
    context = {
        "thread": thread,
        "space": space,
        "posts": posts,
        "form": form if can_post else None,
        "can_react": user.has_perm("workspace.react_post", thread),
        "can_open": user.has_perm("workspace.open_thread", thread),
        "can_see_space": user.has_perm("workspace.view_space", space),
        "audience_form": AudienceForm(initial={"audience": thread.audience}),
        "reaction_kinds": ReactionKind.choices,
    }
    return render(request, "workspace/thread_detail.html", context)


def thread_url(thread: Thread) -> str:
    from django.urls import reverse

    return reverse("workspace:thread", args=[thread.pk])


@require_POST
def thread_audience(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_or_hide(request, Thread, pk)
    require_perm(request, "workspace.open_thread", thread)
    form = AudienceForm(request.POST)
    if form.is_valid():
        services.thread_set_audience(
            actor=request.user, thread=thread, audience=form.cleaned_data["audience"]
        )
    return redirect("workspace:thread", pk=thread.pk)


def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_or_hide(request, Post, pk)
    require_perm(request, "workspace.change_post", post)
    form = EditForm(request.POST or None, initial={"text": post.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(actor=request.user, post=post, text=form.cleaned_data["text"])
        except Invalid as error:
            add_to_form(form, error)
        else:
            return redirect(f"{thread_url(post.thread)}#post-{post.pk}")
    return render(request, "workspace/post_edit.html", {"post": post, "form": form})


def post_history(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_or_hide(request, Post, pk)
    revisions = post.revisions.select_related("edited_by")
    return render(request, "workspace/post_history.html", {"post": post, "revisions": revisions})


@require_POST
def post_react(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_or_hide(request, Post, pk)
    require_perm(request, "workspace.react_post", post)
    services.reaction_toggle(actor=request.user, post=post, kind=request.POST.get("kind", ""))
    return redirect(f"{thread_url(post.thread)}#post-{post.pk}")


def members_json(request: HttpRequest, pk: int) -> JsonResponse:
    """Autocomplete of @mentions: members of the space's body, for those who may post."""
    space = get_or_hide(request, Space, pk)
    require_perm(request, "workspace.create_thread", space, hide=True)
    return JsonResponse({"members": selectors.member_suggestions(space, request.GET.get("q", ""))})


@require_POST
def space_open(request: HttpRequest) -> HttpResponse:
    """Open the space of an event or a program for one of the user's bodies."""
    from zemlyaki.governance.models import Body

    require_perm(request, "workspace.list_spaces")
    target = selectors.parse_target(request.POST.get("target", ""), request.user)
    body_id = request.POST.get("body", "")
    body = Body.objects.filter(pk=int(body_id)).first() if body_id.isdigit() else None
    if target is None or body is None:
        raise NotFound()
    space = services.space_open_for(actor=request.user, body=body, target=target)
    return redirect("workspace:space", pk=space.pk)
