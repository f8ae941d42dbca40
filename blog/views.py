from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import Page

from mindful.spam import client_address_hash, is_rate_limited

from .comments import RATE_LIMIT, RATE_LIMIT_PERIOD_SECONDS, comment_create
from .forms import CommentForm, SearchForm
from .highlight import excerpt, highlight, page_texts, search_terms

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
    address_hash = client_address_hash(request)
    if is_rate_limited("blog-comment", address_hash, RATE_LIMIT, RATE_LIMIT_PERIOD_SECONDS):
        form.add_error(
            None,
            _("You have sent several comments in the last hour. Please try again later."),
        )
        return _render_post(request, post, 429, comment_form=form)
    comment_create(
        post=post,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        body=form.cleaned_data["body"],
        address_hash=address_hash,
        is_spam=form.is_spam,
    )
    # A spam submission gets the same answer, so a bot learns nothing.
    return redirect(post.url + "?comment=pending#comments")


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
