"""How people ask about the development library: question wordings for each kind of fact, in
officers' shorthand, full sentences and plain words, none copying a document's sentence.

Owns only the pools and the ways a force is referred to. Choosing questions and their ground
truth is library_questions'.
"""
from __future__ import annotations

import random

ASK: dict[str, tuple[str, ...]] = {
    "figure:trained": ("How many {f} officers have done {short}?",
                       "{f}: number trained on {short}?",
                       "How many people at {f} have been through {detail} training?",
                       "what's the {short} training figure for {f}",
                       "Total trained in {detail} – {f}?"),
    "figure:missing": ("How many missing child reports did {f} get in the year to {detail}?",
                       "{f} missing kids reports, year to {detail}?",
                       "Number of missing-child reports {f} handled in the 12 months up to "
                       "{detail}?"),
    "figure:devices": ("How big was {f}'s digital forensics backlog when it was inspected?",
                       "devices waiting for exam at {f}?",
                       "How many phones and computers were queued for forensic examination "
                       "in {f}?"),
    "figure:caseload": ("What was the average RSO caseload per offender manager in {f}?",
                        "{f} offender managers – how many sex offenders each?",
                        "How many registered sex offenders did each {f} offender manager look "
                        "after, on average?"),
    "figure:referrals": ("How many referrals a month does {f} send to the MASH?",
                         "{f} monthly MASH referrals?",
                         "Roughly how many police referrals reach the safeguarding hub each "
                         "month in {f}?"),
    "figure:protection": ("How often did {f} use police protection powers in {detail}?",
                          "{f} PPO usage {detail}?",
                          "Number of times {f} officers took children into police protection "
                          "during {detail}?"),
    "figure:custody": ("How many children were kept overnight in {f} custody in {detail}?",
                       "{f}: kids held overnight in the cells, {detail}?",
                       "In {detail}, how many under-18s spent the night in {f}'s custody "
                       "suites?"),
    "figure:investigators": ("How many extra child abuse investigators has {f} recruited?",
                             "{f} – additional detectives for child abuse teams?",
                             "By how many investigators did {f} grow its child abuse teams?"),
    "cases": ("How many cases did inspectors look at in {f}?", "Size of the {f} case audit?",
              "How many case files did HMICFRS examine for the {f} inspection?",
              "{f} NCPI – number of cases audited?"),
    "inadequate": ("How many of the {f} cases were judged inadequate?",
                   "{f} case audit: how many inadequate?",
                   "What number of the audited {f} cases did inspectors rate inadequate?"),
    "recs": ("How many recommendations did HMICFRS make to {f}?",
             "{f} – number of recs from the child protection inspection?",
             "How many recommendations came out of the {f} inspection?"),
    "achieved": ("How many of {f}'s recommendations had been met when inspectors returned?",
                 "{f} re-inspection – recs achieved?",
                 "By the follow-up, how many recommendations had {f} fully completed?"),
    "grade": ("What grade did {f} get for {area}?", "How was {f} rated on {area}?",
              "{f} {area} grading?", "Did inspectors think {f} was any good at {area}?",
              "What was {f}'s grade for {area} in the child protection inspection?"),
    "fieldwork": ("When did HMICFRS inspect {f}?",
                  "When were inspectors in {f} for the child protection inspection?",
                  "{f} NCPI fieldwork – when?",
                  "What month did the inspection of {f} take place?"),
    "published": ("When was the {f} child protection report published?",
                  "Publication date of the HMICFRS report on {f}?",
                  "When did the inspectorate publish its findings on {f}?"),
    "reinspection": ("When did inspectors go back into {f}?", "When was {f} re-inspected?",
                     "Date of the follow-up visit to {f}?"),
    "deadline": ("What's the deadline on recommendation {n} for {f}?",
                 "By when must {f} act on the recommendation about {topic}?",
                 "{f} rec {n} – timescale?"),
    "hmi": ("Which HMI led the {f} inspection?",
            "Who signed off the {f} child protection report?",
            "Name of the inspector of constabulary behind the {f} report?"),
    "chief": ("Who is the {chief} of {f}?", "who's the top officer at {f}?",
              "Name of {f}'s {chief}?"),
    "lead": ("Who heads public protection at {f}?", "Who is {f}'s lead for child protection?",
             "Which senior officer is in charge of the child protection work in {f}?"),
    "pcc": ("Who is the PCC for {area}?", "Who holds {f} to account for the public?",
            "Name of the police and crime commissioner (or deputy mayor) over {f}?"),
    "journalist": ("Who wrote the {outlet} piece on the {f} inspection?",
                   "Which reporter covered the {f} child protection report for the {outlet}?"),
    "rec": ("What did HMICFRS recommend {f} do about {topic}?",
            "{f} recommendation on {topic}?",
            "What were inspectors asking {f} to change on {topic}?"),
    "cause": ("Was there a cause of concern about {topic} in {f}?",
              "What worried the inspectorate about {f} and {topic}?",
              "{f} cause of concern – {topic}?"),
    "finding": ("Has {f} achieved the recommendation on {topic}?",
                "What did the follow-up find on {f}'s {topic}?",
                "{f} – progress on the {topic} rec?"),
    "response": ("What has {f} done about {topic} since the inspection?",
                 "How did {f} respond on {topic}?",
                 "{f}'s answer to the point about {topic}?"),
    "action:operation": ("What operation has {f} launched against child exploitation?",
                         "Name of {f}'s CSE/CCE operation?"),
    "action:team": ("What is {f}'s missing children team called?",
                    "Which unit in {f} now deals with missing kids?"),
    "action:tool": ("What's the name of the triage tool {f} call handlers use?",
                    "{f} control room risk tool – what is it called?"),
    "action:hub": ("Where do {f} police and social workers work together?",
                   "Name of the joint police and social care office in {f}?"),
    "action:programme": ("What development programme do {f} sergeants go on?",
                         "{f} supervisors' course – what's it called?"),
    "theme:online": ("How long did devices wait for examination in {f}, on average?",
                     "{f} average wait for a device exam, per the thematic?",
                     "Average days to examine a seized device in {f}?"),
    "theme:custody": ("How many strip searches of children did {f} record?",
                      "{f} strip searches of kids – how many?",
                      "Number of children strip-searched by {f} officers?"),
    "theme:missing": ("How many children in {f} went missing three or more times?",
                      "{f} repeat missing children count?",
                      "How many kids did {f} record as repeatedly missing?"),
}

MULTI = {
    ("fieldwork", "grade"): ("When was {f} inspected and what grade did it get for {area}?",
                             "{f}: inspection date and {area} grade?"),
    ("cases", "inadequate"): ("How many cases did inspectors examine in {f}, and how many "
                              "were inadequate?", "{f} case audit – total and how many "
                              "inadequate?"),
    ("chief", "lead"): ("Who is {f}'s {chief} and who leads on public protection?",
                        "{f}: names of the {chief} and the public protection lead?"),
    ("recs", "achieved"): ("How many recommendations did {f} get, and how many had been "
                           "achieved at the follow-up?",),
    ("rec", "finding"): ("What did HMICFRS recommend {f} do on {topic}, and has it been done?",
                         "{f} {topic}: what was the rec and what's its status now?"),
}

FOLLOW = {
    ("grade", "chief"): ("How was {f} graded on {area}?", ("who's in charge there?",
                                                            "and who is their chief?")),
    ("rec", "finding"): ("What did HMICFRS recommend {f} do about {topic}?",
                         ("and was it achieved?", "did they manage it by the follow-up?")),
    ("fieldwork", "cases"): ("When did HMICFRS inspect {f}?",
                             ("how many cases did they look at?", "and how big was the audit?")),
    ("rec", "response"): ("What did HMICFRS recommend {f} do about {topic}?",
                          ("what has the force said it did about it?", "how did they respond?")),
    ("lead", "pcc"): ("Who heads public protection at {f}?",
                      ("and who is their PCC?", "who holds them to account?")),
}

EXCERPT = ("Quotes on {f}'s handling of {topic}", "Give me extracts about {topic} in {f}",
           "Passages on {topic} at {f} I can use for training",
           "excerpts: {f}, {topic}")

COMPARE = {
    "cases": ("Which force had more cases examined, {a} or {b}?",
              "Compare the size of the case audits in {a} and {b}."),
    "recs": ("Did {a} or {b} get more recommendations?",
             "Recommendations made to {a} vs {b}?"),
    "grade": ("How did {a} and {b} compare on {area}?", "{a} v {b}: {area} grades?"),
    "fieldwork": ("Which was inspected first, {a} or {b}?",
                  "When were {a} and {b} each inspected?"),
    "theme:online": ("Were devices waiting longer in {a} or in {b}?",),
    "theme:missing": ("Which had more repeatedly missing children, {a} or {b}?",),
}

UNANSWERABLE = (
    "What is the salary of the {chief} of {f}?", "How many drones does {f} operate?",
    "What is the capital of France?", "How many speed cameras are there in {area}?",
    "What grade did {absent} get for investigation?",
    "When did HMICFRS inspect {absent}'s child protection services?",
    "How many cases did inspectors examine in {absent}?",
    "Who is the chief constable of {absent}?",
    "What did the {year} inspection of {f} say about missing children?",
    "How many firearms officers does {f} have?", "What is the policing precept in {area}?",
    "Who runs the dog unit at {f}?", "How many police horses does {f} keep?",
    "What did the {year} HMIC report say about {f}'s call handling?",
    "How much did {f} spend on overtime last year?",
    "Who won the 2023 Police Bravery Award?",
    "How many burglaries were reported in {area} last year?",
    "What is {f}'s budget for road safety?",
    "How many PCSOs does {f} employ?",
    "What was {f}'s PEEL grade for crime recording in {year}?",
    "Which football club does the {chief} of {f} support?",
    "How many stop and searches did {f} carry out in {year}?",
    "Where is {f}'s headquarters?",
    "What is the best way to train a police dog?",
    "How many fire engines does {area} have?",
)

AREA_WORDS = {"Initial contact": ("initial contact", "first contact", "the initial response"),
              "Assessment and help": ("assessment and help", "assessing and helping children"),
              "Investigation": ("investigation", "investigations", "investigating abuse"),
              "Decision-making": ("decision-making", "decision making", "decisions")}


def force_ref(rng: random.Random, name: str, short: tuple[str, ...]) -> str:
    """How someone names the force: in full, by a short form, or typed in lower case."""
    roll = rng.random()
    if roll < 0.35:
        return name
    pick = rng.choice(short)
    return pick.lower() if roll > 0.9 and not pick.isupper() and "Met" not in pick else pick
