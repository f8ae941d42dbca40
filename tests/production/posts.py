"""A new live post for a test that sends one to the list (each send needs a post of its own:
a post already sent reaches only readers who have not had it)."""

import uuid

NEW_POST = """
from blog.models import BlogPostPage
source = BlogPostPage.objects.live().order_by("-date").first()
post = source.copy(
    to=source.get_parent(),
    update_attrs={{"title": "{title}", "slug": "{slug}"}},
    keep_live=False,
)
post.save_revision().publish()
print(post.pk)
"""


def new_post(stack):
    slug = f"post-{uuid.uuid4().hex[:8]}"
    output = stack.manage("shell", "--no-imports", "-c", NEW_POST.format(title=slug, slug=slug))
    return output.stdout.strip().splitlines()[-1]
