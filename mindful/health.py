"""What /healthz reports: the database answers, and the task queue is being worked.

A stopped `db_worker` is silent: pages keep answering while no email leaves. The age
of the oldest task still waiting to run makes it visible within minutes.
"""

from django.conf import settings
from django.db import connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def oldest_waiting_task_age():
    """Seconds the oldest runnable task has waited for a worker (0 when none waits)."""
    # A task waits from when it was enqueued, or from its run_after if that is later.
    waiting_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min(waiting_since))["oldest"]
    if oldest is None:
        return 0
    return max(0, int((timezone.now() - oldest).total_seconds()))


def task_age_limit():
    return settings.HEALTHZ_MAX_TASK_AGE_SECONDS
