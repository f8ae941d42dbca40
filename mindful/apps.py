from django.apps import AppConfig

from mindful import checks  # noqa: F401 (registers the `check --deploy` checks)


class MindfulConfig(AppConfig):
    name = "mindful"
    verbose_name = "Mindful Psychological"
