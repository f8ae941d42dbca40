"""`manage.py run_periodic`: every periodic job once, one failure never stopping the rest."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Revision

from blog.models import BlogPostPage
from tests.blog_factories import add_post, build_blog


def test_scheduled_post_goes_live_once_its_time_has_passed(db):
    blog, _, _ = build_blog()
    post = add_post(blog, "Later", live=False)
    post.go_live_at = timezone.now() + timedelta(hours=1)
    post.save_revision().publish()
    call_command("run_periodic", verbosity=0)
    assert not BlogPostPage.objects.get(pk=post.pk).live

    # The hour passes: the scheduled revision's go-live time is now in the past.
    revision = Revision.objects.get(object_id=str(post.pk), approved_go_live_at__isnull=False)
    past = timezone.now() - timedelta(seconds=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("run_periodic", verbosity=0)
    assert BlogPostPage.objects.get(pk=post.pk).live


def test_one_failing_job_does_not_stop_the_others(db):
    ran = []

    def fake(name, *args, **kwargs):
        ran.append(name)
        if name == "publish_scheduled":
            raise RuntimeError("broken job")
        return None

    with (
        mock.patch("mindful.management.commands.run_periodic.call_command", side_effect=fake),
        pytest.raises(CommandError, match="publish_scheduled"),
    ):
        call_command("run_periodic", verbosity=0)
    assert ran == ["publish_scheduled", "retry_emails", "resume_sends", "purge_inquiries"]
