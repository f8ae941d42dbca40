from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Page

from .comments import comment_delete
from .forms import SearchForm
from .highlight import excerpt, highlight, page_texts, search_terms
from .models.comments import Comment
from .site_search import page_matches
from .tokens import comment_id_from_token

RESULTS_PER_PAGE = 10


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
    """Site search over live, public pages in Wagtail's search index (blog.site_search)."""
    form = SearchForm(request.GET)
    context = {"form": form, "query": "", "page_obj": None, "results": []}
    if not form.is_valid():
        return TemplateResponse(request, "blog/search.html", context, status=400)
    query = form.cleaned_data["q"].strip()
    context["query"] = query
    if query:
        matches, context["more_matched"] = page_matches(query)
        page_obj = Paginator(matches, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        terms = search_terms(query)
        specific = Page.objects.filter(pk__in=list(page_obj)).specific()
        by_id = {page.pk: page for page in specific}
        context["page_obj"] = page_obj
        context["results"] = [
            {
                "page": by_id[page_id],
                "title": highlight(by_id[page_id].title, terms),
                "excerpt": excerpt(page_texts(by_id[page_id]), terms),
            }
            for page_id in page_obj
            if page_id in by_id
        ]
        context["query_string"] = urlencode({"q": query})
    return TemplateResponse(request, "blog/search.html", context)
