from django.apps import AppConfig


class MindfulConfig(AppConfig):
    name = "mindful"
    verbose_name = "Mindful Psychological"

    def ready(self):
        from mindful import checks  # noqa: F401 (registers the deploy checks)
