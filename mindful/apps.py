from django.apps import AppConfig


class MindfulConfig(AppConfig):
    name = "mindful"
    verbose_name = "Mindful Psychological"

    def ready(self):
        from mindful import invalidation, wagtail_memo

        invalidation.connect()
        wagtail_memo.install()
