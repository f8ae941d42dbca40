from django.apps import AppConfig


class MindfulConfig(AppConfig):
    name = "mindful"
    verbose_name = "Mindful Psychological"
