"""The "Clinical review" workflow on the blog, and what clinicians may do with reviews and notes.

A ClinicalReviewTask for Wagtail's Editors and Moderators groups (the clinicians), in a workflow
assigned to every blog index (BlogIndexPage.save assigns it to one made later). Administrators
edit it under Settings → Workflows.
"""

from django.db import migrations

from mindful.group_permissions import CLINICIAN_GROUPS, grant_permissions

WORKFLOW_NAME = "Clinical review"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ClinicalReviewTask = apps.get_model("blog", "ClinicalReviewTask")
    BlogIndexPage = apps.get_model("blog", "BlogIndexPage")

    task_type, _ = ContentType.objects.get_or_create(app_label="blog", model="clinicalreviewtask")
    task = ClinicalReviewTask.objects.create(name=WORKFLOW_NAME, content_type=task_type)
    task.groups.set(Group.objects.filter(name__in=CLINICIAN_GROUPS))
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for index in BlogIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


def delete_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    ClinicalReviewTask = apps.get_model("blog", "ClinicalReviewTask")
    Workflow.objects.filter(workflow_tasks__task__in=ClinicalReviewTask.objects.all()).delete()
    ClinicalReviewTask.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0005_clinical_review_content_notes_urgent_comments"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_workflow, delete_workflow),
        # Clinicians keep the list of content notes and see the "Due for clinical review" report.
        grant_permissions(
            CLINICIAN_GROUPS,
            [
                ("blog", "contentnote", ["add", "change", "delete", "view"]),
                ("blog", "clinicalreview", ["view"]),
            ],
        ),
    ]
