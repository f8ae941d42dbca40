from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from wagtail.models import Page

from .forms import SearchForm
from .highlight import excerpt, highlight, page_texts, search_terms

RESULTS_PER_PAGE = 10


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
