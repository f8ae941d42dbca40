from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Page

from mindful.spam import client_address_hash, is_rate_limited

from .comments import RATE_LIMIT, RATE_LIMIT_PERIOD_SECONDS, comment_create, comment_delete
from .forms import CommentForm, SearchForm
from .highlight import excerpt, highlight, page_texts, search_terms
from .models import Comment
from .tokens import comment_id_from_token

RESULTS_PER_PAGE = 10


def _render_post(request, post, status, **context):
    response = post.render(request, context_overrides=context)
    response.status_code = status
    return response


def post_comment(request, post):
    """Handle the comment form under a post (reached through the post's `comment/` route)."""
    if not post.comments_open:
        return _render_post(
            request, post, 403, comment_error=_("Comments are closed on this post.")
        )
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_post(request, post, 400, comment_form=form)
    if not form.is_spam and form.needs_health_warning():
        # Nothing is stored yet: the reader sees their comment again with the warning and
        # chooses to edit it or to post it anyway.
        return _render_post(
            request,
            post,
            200,
            comment_form=form,
            health_warning=True,
            self_harm=form.mentions_self_harm(),
        )
    address_hash = client_address_hash(request)
    if is_rate_limited("blog-comment", address_hash, RATE_LIMIT, RATE_LIMIT_PERIOD_SECONDS):
        form.add_error(
            None,
            _("You have sent several comments in the last hour. Please try again later."),
        )
        return _render_post(request, post, 429, comment_form=form)
    comment = comment_create(
        post=post,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        body=form.cleaned_data["body"],
        address_hash=address_hash,
        is_spam=form.is_spam,
    )
    # A spam submission gets the same answer, so a bot learns nothing.
    received = "support" if comment.urgent else "pending"
    return redirect(post.url + f"?comment={received}#comments")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def delete_comment(request, token):
    """The link in a commenter's receipt: GET asks (mail scanners follow links), POST deletes.

    A broken or altered link answers 400; a used one (the comment is gone) 410.
    """
    comment_id = comment_id_from_token(token)
    if comment_id is None:
        return TemplateResponse(request, "blog/comment_delete.html", {"state": "bad"}, status=400)
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment is None:
        return TemplateResponse(request, "blog/comment_delete.html", {"state": "gone"}, status=410)
    if request.method == "POST":
        comment_delete(comment.pk)
        return TemplateResponse(request, "blog/comment_delete.html", {"state": "deleted"})
    context = {"state": "ask", "comment": comment, "token": token}
    return TemplateResponse(request, "blog/comment_delete.html", context)


@require_GET
def search(request):
    """Site search over live, public pages with Wagtail's search backend."""
    form = SearchForm(request.GET)
    context = {"form": form, "query": "", "page_obj": None, "results": []}
    if not form.is_valid():
        return TemplateResponse(request, "blog/search.html", context, status=400)
    query = form.cleaned_data["q"].strip()
    context["query"] = query
    if query:
        matches = Page.objects.live().public().filter(depth__gt=1).search(query)
        page_obj = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        terms = search_terms(query)
        specific = Page.objects.filter(pk__in=[page.pk for page in page_obj]).specific()
        by_id = {page.pk: page for page in specific}
        context["page_obj"] = page_obj
        context["results"] = [
            {
                "page": by_id[page.pk],
                "title": highlight(by_id[page.pk].title, terms),
                "excerpt": excerpt(page_texts(by_id[page.pk]), terms),
            }
            for page in page_obj
            if page.pk in by_id
        ]
        context["query_string"] = urlencode({"q": query})
    return TemplateResponse(request, "blog/search.html", context)
