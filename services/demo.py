"""Demo services, specialties, modalities and clinicians for `manage.py load_demo_content`.

Everything is looked up before it is created, so running the loader twice changes nothing.
The clinicians are fictional; the blog's demo posts name them as authors by their slugs.
"""

from decimal import Decimal
from functools import partial

from wagtail.rich_text import RichText

from mindful import demo_images
from mindful.demo import add_page, drawn_image, paragraphs, republish
from mindful.models import Fee, FeeSettings, HomePage, InsurancePlan
from services.models import (
    ClinicianIndexPage,
    ClinicianPage,
    Modality,
    ServiceFormat,
    ServicePage,
    ServicesIndexPage,
    Specialty,
)

SPECIALTIES = [
    (
        "depression",
        "Depression",
        "Feeling low, flat or hopeless for weeks at a time, losing interest in things you "
        "used to enjoy, sleeping or eating much more or less than usual.",
    ),
    (
        "anxiety",
        "Anxiety",
        "Worry that will not switch off, panic, dread before ordinary situations, or a body "
        "that stays on high alert.",
    ),
    (
        "trauma",
        "Trauma",
        "The lasting effects of frightening, overwhelming or hurtful experiences, whether a "
        "single event or something that went on for years.",
    ),
    (
        "stress",
        "Stress",
        "Feeling stretched too thin by work, caregiving or money, and noticing it in your "
        "sleep, mood, health or relationships.",
    ),
    (
        "self-esteem",
        "Self-esteem",
        "A harsh inner critic, feeling not good enough, or finding it hard to ask for what "
        "you need.",
    ),
    (
        "life-transitions",
        "Life transitions",
        "Moves, break-ups, new jobs, retirement, becoming a parent or losing someone: changes "
        "that unsettle even when they were chosen.",
    ),
    (
        "relationships",
        "Relationships",
        "Patterns that keep repeating with partners, family or friends, conflict, distance, "
        "or trouble trusting others.",
    ),
]

MODALITIES = [
    (
        "coherence-therapy",
        "Coherence therapy and memory reconsolidation",
        "Finding the emotional learning behind a symptom and updating it at its root, so the "
        "symptom is no longer needed.",
    ),
    (
        "cbt",
        "Cognitive behavioral therapy (CBT)",
        "Practical work on the links between thoughts, feelings and actions, with skills you "
        "practice between sessions.",
    ),
    (
        "act",
        "Acceptance and commitment therapy (ACT)",
        "Making room for difficult feelings instead of fighting them, and acting on what "
        "matters most to you.",
    ),
    (
        "psychodynamic",
        "Psychodynamic therapy",
        "Understanding how past relationships and experiences shape how you feel and relate today.",
    ),
    (
        "mindfulness-based",
        "Mindfulness-based therapy",
        "Learning to notice thoughts, feelings and sensations with curiosity rather than "
        "judgment, to step out of autopilot.",
    ),
]


def faq(*pairs):
    return [
        ("question", {"question": question, "answer": RichText(f"<p>{answer}</p>")})
        for question, answer in pairs
    ]


SERVICES = [
    {
        "slug": "individual-therapy",
        "title": "Individual therapy",
        "summary": (
            "One-to-one sessions for depression, anxiety, trauma, stress, self-esteem and life "
            "transitions, in person in Seattle or by telehealth."
        ),
        "who_it_is_for": (
            "<p>Adults (18+) in Washington State who want to understand and change what keeps "
            "them stuck: low mood, worry, the after-effects of trauma, a harsh inner critic "
            "or a big change in life.</p><p>If you are in crisis, please call or text 988 "
            "first; weekly therapy is not an emergency service.</p>"
        ),
        "what_to_expect": paragraphs(
            "<p>We begin with a free 15-minute phone consultation to see whether we are a "
            "good fit. The first two or three sessions are about your history, your goals "
            "and what has and hasn’t helped before.</p>",
            "<p>After that, sessions are usually weekly. Together we look for the emotional "
            "learning behind your symptoms and work on it directly, and we review progress "
            "every few months.</p>",
        ),
        "format": ServiceFormat.BOTH,
        "session_length": "53 minutes, usually weekly",
        "fee_note": (
            "<p>Most clients come weekly at first, then every other week. See "
            '<a href="/fees-and-insurance/">fees and insurance</a> for the plans we are in '
            "network with and how a superbill works.</p>"
        ),
        "faq": faq(
            (
                "How long does therapy take?",
                "It depends on what you bring. Some people come for a few months to work on "
                "one issue; others stay longer. We review progress together regularly.",
            ),
            (
                "Do you take insurance?",
                "We are in network with Premera, Regence, Aetna, First Choice Health and Kaiser "
                "Permanente Access PPO plans. With other plans we give you a superbill each "
                "month that you can send to your insurer for out-of-network reimbursement.",
            ),
            (
                "Is telehealth as effective as meeting in person?",
                "For most people, yes. Research on video therapy shows similar results for "
                "depression and anxiety. You can also switch between the two.",
            ),
            (
                "What if I need to cancel?",
                "Please let us know at least 48 hours ahead; late cancellations are charged "
                "the full fee.",
            ),
        ),
        "specialties": [
            "depression",
            "anxiety",
            "trauma",
            "stress",
            "self-esteem",
            "life-transitions",
        ],
        "modalities": ["coherence-therapy", "cbt", "act", "psychodynamic", "mindfulness-based"],
    },
    {
        "slug": "group-therapy",
        "title": "Group therapy",
        "summary": (
            "Small, confidential groups where people working on similar struggles support one "
            "another, guided by a licensed clinician."
        ),
        "who_it_is_for": (
            "<p>Adults who would like to work on anxiety, stress or relationships alongside "
            "others, practice new ways of relating in a safe setting, or continue after "
            "individual therapy at a lower cost.</p>"
        ),
        "what_to_expect": paragraphs(
            "<p>Groups have six to eight members and meet weekly for ten weeks. Before "
            "joining, you meet the group leader once to talk about your goals.</p>",
            "<p>Each session mixes a short skill or theme with time to talk. You share only "
            "what you want to share; what is said in the group stays in the group.</p>",
        ),
        "format": ServiceFormat.IN_PERSON,
        "session_length": "90 minutes, weekly for ten weeks",
        "fee_note": (
            "<p>Groups meet for ten weeks; you pay per session attended. A superbill is "
            "available for out-of-network reimbursement.</p>"
        ),
        "faq": faq(
            (
                "Will I have to talk about everything in front of the group?",
                "No. You decide what to share and when. Many people listen more than they "
                "speak in the first weeks.",
            ),
            (
                "Is it confidential?",
                "Every member agrees to keep what is said in the group private. The leader "
                "explains the few legal limits to confidentiality at the start.",
            ),
            (
                "Can I do group and individual therapy at the same time?",
                "Yes, and many people find the two support each other.",
            ),
        ),
        "specialties": ["anxiety", "stress", "relationships"],
        "modalities": ["act", "mindfulness-based"],
    },
    {
        "slug": "psychological-evaluations",
        "title": "Psychological evaluations",
        "summary": (
            "Thorough assessments of ADHD, learning differences, mood and personality, with a "
            "clear written report and a feedback session."
        ),
        "who_it_is_for": (
            "<p>Adults who want a clear answer to a question about attention, learning, mood "
            "or personality, for themselves, for school or work accommodations, or to guide "
            "treatment.</p>"
        ),
        "what_to_expect": paragraphs(
            "<p>An evaluation starts with an interview about your history and your "
            "question. Testing follows over one or two appointments, with breaks.</p>",
            "<p>About three weeks later we meet to go through the results and "
            "recommendations, and you receive a written report.</p>",
        ),
        "format": ServiceFormat.IN_PERSON,
        "session_length": "An interview, two 3-hour testing appointments and a feedback session",
        "fee_note": (
            "<p>Billed per hour of testing, scoring and report writing; most evaluations take "
            "8 to 12 hours. We give you a written estimate of the total after the first "
            "consultation. Some plans reimburse testing.</p>"
        ),
        "faq": faq(
            (
                "How long does an evaluation take?",
                "Usually four appointments over about a month, from the first interview to "
                "the feedback session.",
            ),
            (
                "Will the report be accepted for accommodations?",
                "Reports follow the documentation guidelines most colleges and employers "
                "use; tell us who will read it so that we can address their requirements.",
            ),
            (
                "Do you evaluate children?",
                "No, we see adults (18+) only. We are happy to suggest colleagues who work "
                "with children and teenagers.",
            ),
        ),
        "specialties": ["depression", "anxiety", "self-esteem"],
        "modalities": [],
    },
]

CLINICIANS = [
    {
        "slug": "tabitha-moss",
        "title": "Dr. Tabitha Moss",
        "credentials": "PhD, Licensed Psychologist (Washington)",
        "short_name": "Dr. Moss",
        "profession": "licensed psychologist",
        "pronouns": "she/her",
        "photo": ("Portrait of Tabitha Moss", "tabitha", 11),
        "photo_alt_text": (
            "Illustrated portrait of Dr. Tabitha Moss, smiling, with long brown hair, "
            "glasses and a green sweater"
        ),
        "bio": (
            "<p>Dr. Moss is the founder of Mindful Psychological. She has worked with adults "
            "for fifteen years, in community clinics and in private practice.</p>"
            "<p>Her work centers on coherence therapy and memory reconsolidation: finding "
            "the emotional sense a symptom makes and updating the learning underneath it. "
            "She also conducts psychological evaluations.</p>"
        ),
        "languages": "English",
        "accepting_new_clients": True,
        "services": ["individual-therapy", "psychological-evaluations"],
        "specialties": ["depression", "anxiety", "trauma", "self-esteem"],
        "modalities": ["coherence-therapy", "psychodynamic", "mindfulness-based"],
    },
    {
        "slug": "jordan-alvarez",
        "title": "Jordan Alvarez",
        "credentials": "MA, LMHC, Licensed Mental Health Counselor (Washington)",
        "short_name": "Jordan",
        "profession": "licensed mental health counselor",
        "pronouns": "he/they",
        "photo": ("Portrait of Jordan Alvarez", "jordan", 23),
        "photo_alt_text": (
            "Illustrated portrait of Jordan Alvarez, smiling, with short dark curly hair "
            "and an orange sweater"
        ),
        "bio": (
            "<p>Jordan works with adults facing stress, life transitions and relationship "
            "difficulties, and leads the practice's therapy groups.</p>"
            "<p>Jordan draws on acceptance and commitment therapy, CBT and mindfulness, "
            "and offers sessions in English and Spanish.</p>"
        ),
        "languages": "English, Spanish",
        "accepting_new_clients": False,
        "services": ["individual-therapy", "group-therapy"],
        "specialties": ["stress", "life-transitions", "relationships", "anxiety"],
        "modalities": ["act", "cbt", "mindfulness-based"],
    },
]


# What a small Seattle practice charged in 2026: (name, service slug, minutes, fee, sliding
# scale, note).
FEES = [
    ("Initial consultation", "individual-therapy", 60, "250.00", True, ""),
    ("Individual therapy", "individual-therapy", 53, "210.00", True, ""),
    ("Individual therapy, shorter session", "individual-therapy", 38, "160.00", True, ""),
    ("Group therapy", "group-therapy", 90, "75.00", True, "Per session attended"),
    (
        "Psychological evaluation",
        "psychological-evaluations",
        60,
        "275.00",
        False,
        "Per hour of testing, scoring and report writing; most take 8–12 hours",
    ),
]

INSURANCE_PLANS = [
    ("Premera Blue Cross", "PPO and individual plans"),
    ("Regence BlueShield", ""),
    ("Aetna", "Commercial plans; not Medicare Advantage"),
    ("First Choice Health", ""),
    ("Kaiser Permanente Washington", "Access PPO plans only"),
]

SUPERBILL_NOTE = (
    "With any other plan we are out of network. Each month we give you a superbill (an itemized "
    "receipt with the codes insurers need) that you can submit for out-of-network "
    "reimbursement. Ask your insurer what your plan pays for out-of-network outpatient mental "
    "health care and whether you need pre-authorization."
)


def fee_schedule(services):
    """Settings → Fees and insurance: the schedule, the plans in network, the superbill note."""
    fees = FeeSettings.load()
    if fees.fees.exists():
        return fees
    fees.fees = [
        Fee(
            name=name,
            service=services.get(slug),
            session_minutes=minutes,
            fee=Decimal(amount),
            sliding_scale=sliding,
            note=note,
        )
        for name, slug, minutes, amount, sliding, note in FEES
    ]
    fees.insurance_plans = [InsurancePlan(name=name, note=note) for name, note in INSURANCE_PLANS]
    fees.superbill_note = SUPERBILL_NOTE
    fees.sliding_scale_note = (
        "A limited number of reduced-fee places are held for clients with financial need; "
        "ask about them when you get in touch."
    )
    fees.payment_methods = "Credit card, debit card, HSA/FSA card"
    fees.save()
    return fees


def terms(model, rows):
    return {
        slug: model.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )[0]
        for slug, name, description in rows
    }


def load():
    home = HomePage.objects.get()
    specialties = terms(Specialty, SPECIALTIES)
    modalities = terms(Modality, MODALITIES)
    index = add_page(
        home,
        ServicesIndexPage,
        "services",
        title="Services",
        show_in_menus=True,
        intro="<p>Therapy and assessment for adults in Washington State.</p>",
    )
    services = {}
    for data in SERVICES:
        services[data["slug"]] = add_page(
            index,
            ServicePage,
            **{
                **data,
                # Many-to-many choices can be given to the constructor of a page.
                "specialties": [specialties[slug] for slug in data["specialties"]],
                "modalities": [modalities[slug] for slug in data["modalities"]],
            },
        )
    clinician_index = add_page(
        home,
        ClinicianIndexPage,
        "clinicians",
        title="Clinicians",
        show_in_menus=True,
        intro="<p>Meet the people you would be working with.</p>",
    )
    clinicians = []
    for data in CLINICIANS:
        title, look, seed = data["photo"]
        clinician = add_page(
            clinician_index,
            ClinicianPage,
            **{
                **data,
                "photo": drawn_image(
                    title,
                    data["photo_alt_text"],
                    partial(demo_images.portrait, look, size=(800, 1000), seed=seed),
                ),
                "services": [services[slug] for slug in data["services"]],
                "specialties": [specialties[slug] for slug in data["specialties"]],
                "modalities": [modalities[slug] for slug in data["modalities"]],
            },
        )
        clinicians.append(clinician)
    fee_schedule(services)
    if not home.featured_services or not home.featured_clinicians:
        home.featured_services = [("service", service) for service in services.values()]
        home.featured_clinicians = [("clinician", clinician) for clinician in clinicians]
        republish(home)
