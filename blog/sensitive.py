"""Spotting, by keywords alone, comments that share personal health details or mention self-harm.

Nothing leaves the server: no third-party service reads what readers write. The patterns are
plain regular expressions that JavaScript understands too, so the comment form can warn before
sending (static/js/site.js reads them from the form's data attributes) and the server warns
again when scripts are off.
"""

import re

# First-person health details: a diagnosis, medication, treatment or symptoms of one's own.
HEALTH_DETAILS = (
    r"\b(my|i'?m on|i take|i am taking|i was|i've been|i have been|i got|i have|i'm)\b"
    r"[^.!?\n]{0,40}"
    r"\b(diagnos\w*|medication|meds|prescri\w*|antidepressant\w*|dosage|\d+ ?mg|therapist|"
    r"psychiatrist|hospitali[sz]ed|inpatient|rehab|depressi\w*|anxiety|panic attacks?|ptsd|"
    r"bipolar|adhd|ocd|anorexi\w*|bulimi\w*|eating disorder|schizo\w*|sertraline|zoloft|"
    r"prozac|fluoxetine|lexapro|escitalopram|wellbutrin|bupropion|lithium|xanax|adderall|"
    r"seroquel|abilify)"
)

# Words that mean a reader may be at risk: the comment is marked urgent for the moderator.
SELF_HARM = (
    r"\b(suicid\w*|kill(ing)? myself|end(ing)? my life|take my (own )?life|self[- ]?harm\w*|"
    r"hurt(ing)? myself|cut(ting)? myself|overdos\w*|want(ed)? to die|better off dead|"
    r"no reason to live|don'?t want to (live|be alive|wake up))"
)

_HEALTH_DETAILS = re.compile(HEALTH_DETAILS, re.IGNORECASE)
_SELF_HARM = re.compile(SELF_HARM, re.IGNORECASE)


def _plain(text):
    # Curly apostrophes from phones would otherwise slip past "i'm" and "don't".
    return text.replace("\u2019", "'")


def mentions_self_harm(text):
    return bool(_SELF_HARM.search(_plain(text)))


def shares_health_details(text):
    """True when a comment looks like it tells the world something about the writer's health."""
    plain = _plain(text)
    return bool(_HEALTH_DETAILS.search(plain) or _SELF_HARM.search(plain))
