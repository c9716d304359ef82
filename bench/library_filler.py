"""The body text around the facts: inspection prose, case examples, the boilerplate annexes
every report repeats, and the glossary.

Owns sentence pools and the paragraphs made from them. Filler never states a library fact (no
grade of an area, no figure of a force's facts, no recommendation), so the only answers to a
question are where the writers put them; it does hold numbers and names that look like facts.
"""
from __future__ import annotations

import random

STAFF = ("officers", "supervisors", "call handlers", "detectives", "frontline officers",
         "investigators", "sergeants", "neighbourhood officers", "staff in the control room",
         "specialist officers", "response officers", "custody staff")
PARTNERS = ("children’s social care", "the local authority", "health partners", "schools",
            "the youth offending service", "the safeguarding partnership",
            "independent domestic violence advisers", "the NSPCC", "education providers",
            "the ambulance service")
GOOD = ("officers taking time to speak to children alone", "thorough risk assessments",
        "prompt referrals to partner agencies", "clear and well-recorded decisions",
        "persistent efforts to trace missing children", "sensitive work with families",
        "effective joint working with social workers", "good use of body-worn video")
BAD = ("officers did not speak to the children present",
       "no referral was made to children’s social care",
       "the risk to the child had been assessed as too low",
       "an investigation had been left without any action for several weeks",
       "a child was interviewed without an appropriate adult",
       "information from partners was not recorded on police systems",
       "supervisors had not reviewed the case for more than a month")
STORIES = ("a 14-year-old girl had been reported missing three times in one week",
           "officers attended a domestic abuse incident at which two young children were present",
           "a 15-year-old boy was found in another county carrying drugs and cash",
           "a school raised concerns about bruising on a seven-year-old child",
           "a mother called the police because her partner had threatened her in front of "
           "their baby", "a 13-year-old girl disclosed that an adult had sent her indecent "
           "messages", "a 16-year-old was arrested late at night and held in custody",
           "neighbours reported that three children had been left alone overnight")

TEMPLATES = (
    "We found that {staff} generally understood {process}, but practice was inconsistent.",
    "In {k} of the cases we examined, {staff} had not recorded enough detail about "
    "{process}.",
    "{Partner} told us that relationships with the force had improved.",
    "Supervisors did not always review {process} within the expected time.",
    "The force has invested in {process}, and this is beginning to make a difference.",
    "Leaders recognise that more needs to be done to improve {process}.",
    "We saw some good examples of {good}.",
    "However, we also found cases in which {bad}.",
    "This means that opportunities to safeguard children may be missed.",
    "The force’s policy on {process} is clear and up to date.",
    "Not all {staff} we spoke to were aware of {process}.",
    "We were told that workloads were high and that this affected {process}.",
    "Senior leaders have made protecting vulnerable people a priority.",
    "There is a well-established governance structure for {process}.",
    "Performance information about {process} is reviewed at a monthly meeting chaired by a "
    "chief officer.",
    "In one case, {story}.",
    "We examined a case in which {story}.",
    "{Staff} we interviewed were committed and caring.",
    "The force should do more to understand the reasons for this.",
    "{Partner} described the force as a committed and reliable partner.",
    "We found little evidence that {staff} considered the wider risks to other children in "
    "the household.",
    "Most {staff} had received some training in {process}, although for many it had been "
    "some time ago.",
    "The quality of {process} varied between the force’s policing areas.",
    "In the best cases, {good} meant that children were protected quickly.",
    "Some {staff} told us they lacked confidence in {process}.",
    "We reviewed {k} records relating to {process} and found that most were of a reasonable "
    "standard.",
    "The force has produced guidance on {process}, but it is not well known.",
    "We were encouraged by the force’s plans to review {process}.",
    "Its approach to {process} has changed since it was last inspected.",
    "{Partner} were positive about how the force shares information.",
    "Too often, decisions about {process} were not recorded.",
    "This is an area in which the force has made progress.",
    "The force’s own audits had identified similar concerns about {process}.",
    "It was not always clear who was responsible for {process}.",
    "Demand has risen by about {pct} percent over the last three years.",
    "Over the period we looked at, around {pct} percent of cases involved {process}.",
    "We spoke to {staff}, {partner2} and senior leaders during our fieldwork.",
    "The force accepts that {process} needs to improve.",
)

OPENERS = (
    "This section of the report sets out our findings about {topic}.",
    "In this part of the inspection we looked at {topic}.",
    "We assessed how well the force deals with {topic}.",
)

METHODOLOGY = (
    "Our inspection consisted of three main parts: an examination of documents provided by "
    "the force, an audit of case files, and interviews and focus groups with officers, staff "
    "and partner agencies.",
    "Before the inspection we asked the force to provide a range of documents, including "
    "policies, performance information and minutes of meetings.",
    "Case files were selected at random from records of incidents and crimes involving "
    "children during the six months before our fieldwork.",
    "Each case was assessed against a standard set of questions and given a grading of good, "
    "requires improvement or inadequate.",
    "A case was graded good when the police action protected the child and the quality of "
    "the investigation was high.",
    "Where we found cases in which children were at immediate risk, we referred them to the "
    "force for action.",
    "We are grateful to the children, young people and families who spoke to us, and to the "
    "partner agencies who contributed to the inspection.",
    "The findings in this report are based on the evidence we collected during our "
    "fieldwork and do not reflect any changes the force may have made since.",
)

GLOSSARY = (
    ("CSE", "child sexual exploitation"),
    ("CCE", "child criminal exploitation"),
    ("MASH", "multi-agency safeguarding hub"),
    ("MAPPA", "multi-agency public protection arrangements"),
    ("NRM", "national referral mechanism"),
    ("PPN", "public protection notice"),
    ("RSO", "registered sex offender"),
    ("THRIVE", "threat, harm, risk, investigation, vulnerability and engagement"),
    ("ABE", "achieving best evidence"),
    ("BWV", "body-worn video"),
    ("IDVA", "independent domestic violence adviser"),
    ("VPU", "vulnerable persons unit"),
)


def sentence(rng: random.Random, vocab: tuple[str, ...]) -> str:
    text = rng.choice(TEMPLATES)
    partner = rng.choice(PARTNERS)
    staff = rng.choice(STAFF)
    values = dict(staff=staff, Staff=staff[0].upper() + staff[1:], partner=partner,
                  Partner=partner[0].upper() + partner[1:], partner2=rng.choice(PARTNERS),
                  process=rng.choice(vocab), good=rng.choice(GOOD), bad=rng.choice(BAD),
                  story=rng.choice(STORIES), k=rng.randint(3, 40), pct=rng.randint(5, 45))
    return text.format(**values)


def paragraph(rng: random.Random, vocab: tuple[str, ...], low: int = 3, high: int = 6) -> str:
    """Several filler sentences, no two the same."""
    out: list[str] = []
    for _ in range(rng.randint(low, high)):
        s = sentence(rng, vocab)
        if s not in out:
            out.append(s)
    return " ".join(out)


def opener(rng: random.Random, topic: str) -> str:
    return rng.choice(OPENERS).format(topic=topic)
