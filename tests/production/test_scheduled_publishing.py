"""A post scheduled a minute ahead goes live through `manage.py run_periodic`, the job
deploy/mindful-periodic.timer runs every minute (README, "Deploying")."""

import time

from tests.sitemaps import sitemap_text


def test_post_scheduled_a_minute_ahead_goes_live_through_the_periodic_job(
    stack, visitor, scheduled_post
):
    path, due = scheduled_post
    time.sleep(max(0.0, due - time.monotonic() + 1))
    assert visitor.get(path).status_code == 404  # nothing publishes it but the job

    stack.manage("run_periodic")

    response = visitor.get(path)
    assert response.status_code == 200
    assert "Scheduled for later" in response.text
    assert f"<loc>{stack.site_url}{path}</loc>" in sitemap_text(visitor)
