"""A paginator whose total is kept per process until something is published (mindful.memo).

Counting every row was the one part of a blog archive or the sitemap index that grew with
the number of posts (6-14 ms at 10,000 posts), and the total only changes on publish.
`count_name` names the list counted; there must be few such names (one per archive).
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from mindful.memo import memoised


class MemoisedCountPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_name):
        super().__init__(object_list, per_page)
        self.count_name = count_name

    @cached_property
    def count(self):
        return memoised(self.count_name, lambda: Paginator.count.func(self))
