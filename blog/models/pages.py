import math

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Workflow
from wagtail.search import index

from blog.comments import RATE_LIMIT, RATE_LIMIT_PERIOD_SECONDS, comment_create
from blog.feeds import PostsFeed
from blog.forms import CommentForm
from blog.models.comments import Comment
from blog.models.review import (
    ClinicalReview,
    ClinicalReviewTask,
    ReviewedIndexPermissionTester,
    ReviewedPostPermissionTester,
    changes_reviewed_content,
)
from blog.models.taxonomy import BlogCategory
from mindful.blocks import BodyStreamBlock
from mindful.memo import memoised
from mindful.models import PracticeSettings
from mindful.once import OneSubmission
from mindful.page_routing import OneTypeOfChildMixin
from mindful.pagination import MemoisedCountPaginator
from mindful.seo import absolute_url
from mindful.spam import client_address_hash, is_rate_limited
from services.models import ClinicianPage

POSTS_PER_PAGE = 10
FEED_LENGTH = 20
# The average adult silent-reading speed Medium uses; gives the 3 minutes the first post states.
WORDS_PER_MINUTE = 265
OG_IMAGE_FILTER = "fill-1200x630|format-jpeg"

WHO_PUBLISHES = _(
    "Who publishes: you write the post and choose “Submit to Clinical review”. Another "
    "clinician (anyone in Editors or Moderators who is not an author of the post) reads it "
    "and approves it, which publishes it and shows their name as the reviewer; or they "
    "request changes. Nobody, administrators included, publishes a post directly while the "
    "Clinical review workflow is on. To re-confirm an unchanged post, a reviewer submits it "
    "without editing and approves it."
)


def clinical_review_workflow():
    """The active workflow whose task is a clinical review, if the practice has one."""
    return (
        Workflow.objects.active()
        .filter(workflow_tasks__task__in=ClinicalReviewTask.objects.filter(active=True))
        .order_by("pk")
        .first()
    )


class BlogIndexPage(OneTypeOfChildMixin, RoutablePageMixin, Page):
    """/blog/: the newest posts first, plus category, tag and author archives and feeds."""

    intro = RichTextField(features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["mindful.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count = 1
    child_select_related = ["hero_image"]

    def save(self, *args, **kwargs):
        created = self._state.adding
        result = super().save(*args, **kwargs)
        if created:
            # A new blog starts under clinical review, like the one the migration found.
            workflow = clinical_review_workflow()
            if workflow is not None:
                workflow.workflow_pages.get_or_create(page=self)
        return result

    def permissions_for_user(self, user):
        return ReviewedIndexPermissionTester(user, self)

    def get_posts(self):
        """Live, public posts under this index, newest first."""
        return BlogPostPage.objects.live().public().descendant_of(self).order_by("-date", "-pk")

    @staticmethod
    def for_listing(posts):
        """Everything a post card shows (authors), fetched in one extra query."""
        authors = BlogPostAuthor.objects.select_related("clinician").order_by("sort_order")
        return posts.select_related("content_note").prefetch_related(
            models.Prefetch("post_authors", queryset=authors)
        )

    def paginate(self, request, posts, route=""):
        # get_page() turns a missing, malformed or overlong ?page= into page 1 and a
        # number past the end into the last page: never an error.
        paginator = MemoisedCountPaginator(
            self.for_listing(posts), POSTS_PER_PAGE, count_name=f"post-count:{self.pk}:{route}"
        )
        return paginator.get_page(request.GET.get("page"))

    def archive(self, request, posts, *, heading="", description="", route="", feed_route=""):
        page_obj = self.paginate(request, posts, route)
        base_url = self.get_full_url(request)
        return self.render(
            request,
            context_overrides={
                "posts": page_obj,
                "page_obj": page_obj,
                "archive_heading": heading,
                "archive_description": description,
                "canonical_url": base_url + route.lstrip("/"),
                "feed_url": base_url + (feed_route or "feed/"),
            },
        )

    @path("")
    def index_route(self, request):
        return self.archive(request, self.get_posts())

    @path("category/<slug:slug>/")
    def category(self, request, slug):
        category = get_object_or_404(BlogCategory, slug=slug)
        return self.archive(
            request,
            self.get_posts().filter(categories=category),
            heading=_("Posts in %(name)s") % {"name": category.name},
            description=category.description,
            route=self.reverse_subpage("category", kwargs={"slug": slug}),
            feed_route=self.reverse_subpage("category_feed", kwargs={"slug": slug}).lstrip("/"),
        )

    @path("tag/<slug:slug>/")
    def tag(self, request, slug):
        tagged = BlogPostTag.objects.filter(tag__slug=slug).select_related("tag").first()
        if tagged is None:
            raise Http404
        return self.archive(
            request,
            self.get_posts().filter(tags__slug=slug),
            heading=_("Posts tagged “%(name)s”") % {"name": tagged.tag.name},
            route=self.reverse_subpage("tag", kwargs={"slug": slug}),
        )

    @path("author/<slug:slug>/")
    def author(self, request, slug):
        clinician = ClinicianPage.objects.live().public().filter(slug=slug).first()
        if clinician is None:
            raise Http404
        return self.archive(
            request,
            self.get_posts().filter(post_authors__clinician=clinician),
            heading=_("Posts by %(name)s") % {"name": clinician.title},
            route=self.reverse_subpage("author", kwargs={"slug": slug}),
        )

    @path("feed/")
    def feed(self, request):
        return PostsFeed(
            title=self.title,
            link=self.get_full_url(request),
            description=strip_tags(self.intro),
            posts=self.for_listing(self.get_posts()).prefetch_related("categories")[:FEED_LENGTH],
        )(request)

    @path("category/<slug:slug>/feed/")
    def category_feed(self, request, slug):
        category = get_object_or_404(BlogCategory, slug=slug)
        posts = self.get_posts().filter(categories=category)
        route = self.reverse_subpage("category", kwargs={"slug": slug})
        return PostsFeed(
            title=f"{self.title}: {category.name}",
            link=self.get_full_url(request) + route.lstrip("/"),
            description=category.description,
            posts=self.for_listing(posts).prefetch_related("categories")[:FEED_LENGTH],
        )(request)

    def get_sitemap_urls(self, request=None):
        """The index itself and every category that has at least one live post.

        A category's lastmod is the latest publication among its posts: one grouped query
        over every post, so it is kept per process until something is published.
        """
        urls = super().get_sitemap_urls(request)
        base_url = self.get_full_url(request)
        for slug, lastmod in memoised(f"category-lastmods:{self.pk}", self.category_lastmods):
            route = self.reverse_subpage("category", kwargs={"slug": slug})
            urls.append({"location": base_url + route.lstrip("/"), "lastmod": lastmod})
        return urls

    def category_lastmods(self):
        """(slug, latest publication) of each category with a live post, by slug."""
        posts = self.get_posts()
        latest = (
            posts.filter(categories=models.OuterRef("pk"))
            .order_by()
            .values("categories")
            .annotate(latest=models.Max("last_published_at"))
            .values("latest")
        )
        categories = (
            BlogCategory.objects.filter(pk__in=posts.values("categories"))
            .annotate(lastmod=models.Subquery(latest))
            .order_by("slug")
            .values_list("slug", "lastmod")
        )
        return [(slug, lastmod or self.last_published_at) for slug, lastmod in categories]


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogPostAuthor(Orderable):
    """One author of a post: a clinician profile from the services section."""

    post = ParentalKey("blog.BlogPostPage", on_delete=models.CASCADE, related_name="post_authors")
    clinician = models.ForeignKey(
        "services.ClinicianPage",
        on_delete=models.CASCADE,
        related_name="blog_authorships",
        verbose_name=_("clinician"),
    )

    panels = [FieldPanel("clinician")]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        constraints = [
            models.UniqueConstraint(fields=["post", "clinician"], name="blog_author_once_per_post")
        ]


class BlogPostPage(RoutablePageMixin, Page):
    date = models.DateField(
        _("publication date"),
        default=timezone.localdate,
        help_text=_("Shown on the post. Use “Go-live date” under Settings to schedule it."),
    )
    updated = models.DateField(
        _("last updated"),
        null=True,
        blank=True,
        help_text=_("Set this when you revise the post in a way readers should know about."),
    )
    intro = models.TextField(
        max_length=400,
        help_text=_("Shown under the title, on the blog list and in search results."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A wide picture shown at the top of the post and when it is shared."),
    )
    hero_image_alt = models.CharField(
        _("hero image description"),
        max_length=250,
        blank=True,
        help_text=_("Describe the picture for people who cannot see it. Required with an image."),
    )
    body = StreamField(BodyStreamBlock())
    categories = ParentalManyToManyField("blog.BlogCategory", blank=True, related_name="posts")
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True)
    comments_open = models.BooleanField(
        default=True,
        help_text=_("Untick to stop new comments; approved comments stay visible."),
    )
    content_note = models.ForeignKey(
        "blog.ContentNote",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
        verbose_name=_("content note"),
        help_text=_(
            "Warn readers before the post begins, e.g. when it discusses suicide, self-harm, "
            "abuse or an eating disorder. Choose a saved note (Snippets → Content notes)…"
        ),
    )
    content_note_text = models.CharField(
        _("content note, in your own words"),
        max_length=160,
        blank=True,
        help_text=_("…or write one for this post only; it replaces the chosen note."),
    )

    content_panels = Page.content_panels + [
        HelpPanel(content=WHO_PUBLISHES, heading=_("Clinical review")),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("content_note"), FieldPanel("content_note_text")],
            heading=_("Content note"),
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")], heading=_("Hero image")
        ),
        FieldPanel("body"),
        InlinePanel("post_authors", label=_("Authors"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("updated")],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("categories"), FieldPanel("tags"), FieldPanel("comments_open")],
            heading=_("Filed under and comments"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("blog post")
        # Every listing (index, archives, feeds, related posts, the home page) reads the
        # newest posts first: walking this index stops after one page of posts.
        indexes = [models.Index(fields=["date", "page_ptr"], name="blog_post_newest_first")]

    def permissions_for_user(self, user):
        return ReviewedPostPermissionTester(user, self)

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {"hero_image_alt": _("Describe the hero image for people who cannot see it.")}
            )

    @cached_property
    def word_count(self):
        words = 0
        for block in self.body.raw_data:
            value = block["value"]
            if block["type"] == "paragraph":
                text = strip_tags(value)
            elif isinstance(value, dict):
                text = " ".join(str(value.get(key) or "") for key in ("quote", "caption", "text"))
            else:
                text = ""
            words += len(text.split())
        return words + len(self.intro.split())

    @property
    def reading_time(self):
        """Estimated minutes to read the post, at least one."""
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @cached_property
    def authors(self):
        """The clinicians who wrote the post, in the editor's order (uses a listing's prefetch)."""
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if "post_authors" in prefetched or not self.pk:
            post_authors = self.post_authors.all()
        else:
            post_authors = self.post_authors.select_related("clinician")
        return [author.clinician for author in post_authors]

    @property
    def content_note_label(self):
        """The note readers see before the post (free text wins over the chosen snippet)."""
        note = self.content_note_text.strip()
        if not note and self.content_note_id:
            note = self.content_note.text
        return note.strip().rstrip(".")

    def author_user_ids(self, revision=None):
        """The admin accounts of the people who wrote this post (as it stands in `revision`),
        who may therefore not approve its clinical review.

        The page's owner, every byline clinician whose profile is linked to an account, and the
        person who saved the revision when it changes what readers see. The last one lets a
        reviewer re-approve an unchanged post on their own, but never their own edits.
        """
        ids = {self.owner_id}
        clinician_ids = [author.clinician_id for author in self.post_authors.all()]
        if clinician_ids:
            linked = ClinicianPage.objects.filter(pk__in=clinician_ids, user__isnull=False)
            ids.update(linked.values_list("user_id", flat=True))
        if revision is not None and revision.user_id and changes_reviewed_content(revision, self):
            ids.add(revision.user_id)
        ids.discard(None)
        return ids

    @cached_property
    def latest_review(self):
        """The most recent clinical approval, or None (never reviewed, or a new preview)."""
        if not self.pk:
            return None
        return ClinicalReview.objects.filter(post=self).latest_first().first()

    @property
    def shows_updated(self):
        return self.updated is not None and self.updated != self.date

    def get_blog_index(self):
        parent = self.get_parent()  # no query when the post was reached through the index
        return parent.specific if parent else None

    def pages_from_home(self):
        """The home page, the blog and this post: walked up through get_parent(), which needs
        no query when the post was reached through the blog (mindful.page_routing)."""
        pages = [self]
        while pages[-1].depth > 2:
            pages.append(pages[-1].get_parent())
        return pages[::-1]

    def get_related_posts(self, categories, tags, count=3):
        """Other live posts sharing one of these categories or tags, newest first.

        Every post filed under the same categories and tags has the same list, so it is
        kept per process until something is published (mindful.memo), one post longer than
        shown so that this post can be left out of it.
        """
        category_ids = sorted(category.pk for category in categories)
        tag_ids = sorted(tag.pk for tag in tags)
        if not category_ids and not tag_ids:
            return []
        newest = memoised(
            f"related-posts:{category_ids}:{tag_ids}:{count}",
            lambda: list(self.posts_sharing(category_ids, tag_ids)[: count + 1]),
        )
        return [post for post in newest if post.pk != self.pk][:count]

    @staticmethod
    def posts_sharing(category_ids, tag_ids):
        """Live posts in one of these categories or with one of these tags, newest first."""
        # EXISTS, not a join: PostgreSQL walks the date index newest first and stops after
        # the posts it needs, instead of sorting every post that shares a term.
        same_category = BlogPostPage.categories.through.objects.filter(
            blogpostpage_id=models.OuterRef("pk"), blogcategory_id__in=category_ids
        )
        same_tag = BlogPostTag.objects.filter(
            content_object_id=models.OuterRef("pk"), tag_id__in=tag_ids
        )
        posts = (
            BlogPostPage.objects.live()
            .public()
            .filter(models.Exists(same_category) | models.Exists(same_tag))
            .order_by("-date", "-pk")
        )
        return BlogIndexPage.for_listing(posts)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.setdefault("comment_form", CommentForm())
        # A new post previewed before its first save has no comments (and no primary key).
        comments = self.comments.approved() if self.pk else Comment.objects.none()
        context["comments"] = comments.order_by("created_at")
        received = request.GET.get("comment")
        context["comment_received"] = received in ("pending", "support")
        # After a comment about self-harm: the crisis line, prominently (blog/views.py).
        context["comment_support"] = received == "support"
        context["categories"] = categories = list(self.categories.all())
        context["tags"] = tags = list(self.tags.all())
        context["related_posts"] = related = self.get_related_posts(categories, tags)
        # The same few lists recur across posts filed alike: their cards are memoised too.
        context["related_posts_key"] = ",".join(str(post.pk) for post in related)
        context["blog_index"] = self.get_blog_index()
        context["og_image_url"] = self.og_image_url(request)
        context["og_image_alt"] = self.hero_image_alt
        context["clinical_review"] = self.latest_review
        context["structured_data"] = self.structured_data(request, context["og_image_url"])
        return context

    def og_image_url(self, request):
        if self.hero_image is None:
            return ""
        return absolute_url(request, self.hero_image.get_rendition(OG_IMAGE_FILTER).url)

    def structured_data(self, request, image_url=""):
        """schema.org BlogPosting and BreadcrumbList for the post, as JSON-LD data."""
        url = self.get_full_url(request)
        crumbs = [
            {"name": page.title, "url": page.get_full_url(request)}
            for page in self.pages_from_home()
            if page.url
        ]
        practice = PracticeSettings.load(request_or_site=request)  # cached on the request
        posting = {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": self.title,
            "description": self.search_description or self.intro,
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": self.date.isoformat(),
            "dateModified": (self.updated or self.date).isoformat(),
            "wordCount": self.word_count,
            "author": [
                {"@type": "Person", "name": clinician.title, "url": clinician.get_full_url(request)}
                for clinician in self.authors
            ],
            "publisher": {
                "@type": "Organization",
                "name": practice.practice_name,
                "url": crumbs[0]["url"] if crumbs else url,
            },
        }
        if image_url:
            posting["image"] = image_url
        review = self.latest_review
        if review is not None:
            # MedicalWebPage carries reviewedBy/lastReviewed; the page stays a BlogPosting.
            posting["@type"] = ["BlogPosting", "MedicalWebPage"]
            reviewer = {"@type": "Person", "name": review.reviewer_name}
            if review.reviewer_profession:
                reviewer["jobTitle"] = review.reviewer_profession
            if review.reviewer_profile_id and review.reviewer_profile.live:
                reviewer["url"] = review.reviewer_profile.get_full_url(request)
            posting["reviewedBy"] = reviewer
            posting["lastReviewed"] = timezone.localdate(review.reviewed_at).isoformat()
        breadcrumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": crumb["name"],
                    "item": crumb["url"],
                }
                for position, crumb in enumerate(crumbs, start=1)
            ],
        }
        return [posting, breadcrumbs]

    @path("comment/")
    @method_decorator(require_POST)
    def comment(self, request):
        """Take a comment by POST, store it as pending and redirect back (post/redirect/get)."""
        if not self.comments_open:
            return self.render_form(
                request, 403, comment_error=gettext("Comments are closed on this post.")
            )
        form = CommentForm(request.POST)
        if not form.is_valid():
            return self.render_form(request, 400, comment_form=form)
        if not form.is_spam and form.needs_health_warning():
            # Nothing is stored yet: the reader sees their comment again with the warning and
            # chooses to edit it or to post it anyway.
            return self.render_form(
                request,
                200,
                comment_form=form,
                health_warning=True,
                self_harm=form.mentions_self_harm(),
            )
        address_hash = client_address_hash(request)
        pending_url = self.url + "?comment=pending#comments"
        submission = OneSubmission("blog-comment", address_hash, form)
        if not submission.claim():
            return redirect(pending_url)  # sent again: the first one is stored
        if is_rate_limited("blog-comment", address_hash, RATE_LIMIT, RATE_LIMIT_PERIOD_SECONDS):
            submission.release()
            form.add_error(
                None,
                gettext("You have sent several comments in the last hour. Please try again later."),
            )
            return self.render_form(request, 429, comment_form=form)
        with submission:
            comment = comment_create(
                post=self,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                body=form.cleaned_data["body"],
                address_hash=address_hash,
                is_spam=form.is_spam,
            )
        # A spam submission gets the same answer, so a bot learns nothing. After a comment
        # about self-harm the page shows the crisis line prominently.
        received = "support" if comment.urgent else "pending"
        return redirect(self.url + f"?comment={received}#comments")

    def render_form(self, request, status, **context):
        """The post again, with the comment form's errors (or a notice), and this status."""
        response = self.render(request, context_overrides=context)
        response.status_code = status
        return response
