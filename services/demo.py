"""Demo services for `manage.py load_demo_content`."""

from mindful.demo import add_page, republish
from mindful.models import HomePage
from services.models import ClinicianIndexPage, ClinicianPage, ServicePage, ServicesIndexPage

SERVICES = [
    (
        "individual-therapy",
        "Individual therapy",
        "One-to-one sessions for depression, anxiety, trauma, stress, self-esteem and life "
        "transitions, in person in Seattle or by telehealth.",
    ),
    (
        "group-therapy",
        "Group therapy",
        "Small, confidential groups where people working on similar struggles support one "
        "another, guided by a licensed clinician.",
    ),
    (
        "psychological-evaluations",
        "Psychological evaluations",
        "Thorough assessments of ADHD, learning differences, mood and personality, with a "
        "clear written report and a feedback session.",
    ),
]


def load():
    home = HomePage.objects.get()
    index = add_page(
        home,
        ServicesIndexPage,
        "services",
        title="Services",
        show_in_menus=True,
        intro="<p>Therapy and assessment for adults in Washington State.</p>",
    )
    services = [
        add_page(index, ServicePage, slug, title=title, summary=summary)
        for slug, title, summary in SERVICES
    ]
    clinicians = add_page(
        home,
        ClinicianIndexPage,
        "clinicians",
        title="Clinicians",
        show_in_menus=True,
        intro="<p>Meet the people you would be working with.</p>",
    )
    # Fictional clinicians. The blog's demo posts name them as authors by these slugs.
    add_page(
        clinicians,
        ClinicianPage,
        "tabitha-moss",
        title="Dr. Tabitha Moss",
        credentials="PhD, Licensed Psychologist, WA PY00000000",
    )
    add_page(
        clinicians,
        ClinicianPage,
        "jordan-alvarez",
        title="Jordan Alvarez",
        credentials="MA, LMHC, Licensed Mental Health Counselor, WA LH00000000",
    )
    if not home.featured_services:
        home.featured_services = [("service", service) for service in services]
        republish(home)
