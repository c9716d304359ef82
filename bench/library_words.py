"""How each kind of fact is said, by each kind of author: the inspectorate, the force, the police
and crime commissioner, the local press and a thematic report.

Owns the wording pools and `say`, which picks one wording and returns the sentence with the
clause that holds the fact (marked « » in the pools). That clause is the ground-truth phrase: it
always contains the fact's value exactly as questions' "facts" give it.
"""
from __future__ import annotations

import random

INSP, FORCE, PCC, PRESS, THEME = "inspectorate", "force", "pcc", "press", "thematic"

WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "figure:trained": {
        INSP: ("By the time of our inspection, «{n} officers and staff had completed {detail} "
               "training».",
               "«{detail} training has been given to {n} frontline officers and staff», and the "
               "force plans to extend it.",
               "We were told that «{n} officers had been trained in {detail}».",
               "The force told us that «the number of officers trained in {detail} had reached "
               "{n}».",
               "«Some {n} officers and staff have attended the {detail} course», which the force "
               "commissioned in response to rising demand."),
        FORCE: ("«We have trained {n} officers and staff in {detail}», and more sessions are "
                "planned.",
                "«{n} of our officers and staff have now completed {detail}».",
                "Our training offer has grown: «{detail} has now been delivered to {n} "
                "colleagues»."),
        PCC: ("I am pleased that «{n} officers have now been through {detail} training».",
              "Thanks to this investment, «{n} officers have been trained in {detail}»."),
        PRESS: ("The force said «{n} officers had been trained in {detail}».",
                "According to the force, «{n} officers and staff have so far attended {detail} "
                "sessions».",
                "«{detail} training has reached {n} officers», a spokesperson said."),
    },
    "figure:missing": {
        INSP: ("«The force received {n} reports of missing children in the year to {detail}».",
               "In the year to {detail}, «there were {n} episodes of children going missing».",
               "«Children were reported missing {n} times in the twelve months to {detail}»."),
        FORCE: ("«We dealt with {n} reports of missing children in the year to {detail}».",
                "In the year to {detail}, «our officers responded to {n} reports of a missing "
                "child»."),
        PRESS: ("«{n} missing child reports were made to the force in the year to {detail}».",
                "Figures in the report show «the force was told of {n} missing children in the "
                "year to {detail}»."),
    },
    "figure:devices": {
        INSP: ("At the time of our inspection, «{n} devices were waiting for digital forensic "
               "examination».",
               "«The digital forensics unit had a backlog of {n} devices».",
               "«There were {n} devices awaiting examination», some of which had waited months."),
        FORCE: ("When the inspectors visited, «{n} devices were awaiting examination».",
                "«Our backlog stood at {n} devices» at the time of the inspection."),
        PRESS: ("Inspectors found «a backlog of {n} phones, computers and other devices».",
                "«{n} seized devices were queuing for forensic checks», the report said."),
    },
    "figure:caseload": {
        INSP: ("«Each offender manager was responsible for an average of {n} registered sex "
               "offenders».",
               "We found that «the average caseload of an offender manager was {n}».",
               "«Offender managers each held, on average, {n} cases», which is high."),
        FORCE: ("«Our offender managers each managed an average of {n} offenders» when the "
                "inspectors visited.",),
        PRESS: ("«Officers who monitor sex offenders had an average of {n} cases each», "
                "inspectors said.",),
    },
    "figure:referrals": {
        INSP: ("«The force makes around {n} referrals a month to the multi-agency safeguarding "
               "hub».",
               "«About {n} police referrals reach the multi-agency safeguarding hub each month».",
               "We were told that «the safeguarding hub receives some {n} referrals from the "
               "police every month»."),
        FORCE: ("«We send about {n} referrals a month to our multi-agency safeguarding hub».",),
        PRESS: ("«Police make about {n} referrals to the safeguarding hub every month».",),
    },
    "figure:protection": {
        INSP: ("«Officers used police protection powers {n} times in {detail}».",
               "In {detail}, «the force took children into police protection on {n} occasions».",
               "Force data shows that «police protection was used {n} times during {detail}»."),
        FORCE: ("«Our officers used police protection powers {n} times in {detail}».",),
        PRESS: ("«Police protection powers were used {n} times in {detail}», the report said.",),
    },
    "figure:custody": {
        INSP: ("«In {detail}, {n} children were held in police custody overnight».",
               "Custody records showed that «{n} children were detained overnight in {detail}».",
               "«{n} children spent a night in the force’s custody suites in {detail}»."),
        FORCE: ("«{n} children were kept in our custody suites overnight in {detail}».",),
        PRESS: ("«{n} children spent the night in police cells in {detail}», inspectors found.",),
    },
    "figure:investigators": {
        INSP: ("«The force has recruited {n} additional investigators for its child abuse "
               "teams».",
               "Since the inspection was announced, «{n} extra detectives have joined the child "
               "abuse investigation teams»."),
        FORCE: ("«We have recruited {n} more detectives into our child abuse investigation "
                "teams».",
                "«{n} additional investigators now work in our child abuse teams»."),
        PCC: ("My budget this year «has paid for {n} extra investigators» in child protection.",),
        PRESS: ("«The force has taken on {n} more child abuse investigators».",),
    },
    "grade": {
        INSP: ("«We graded the force’s {area} as {grade}».",
               "«Our grade for {area} is {grade}».",
               "«We judged {area} to be {grade}».",
               "«The force’s performance in {area} was {grade}»."),
        FORCE: ("«The inspectorate graded our {area} as {grade}».",
                "«Our {area} was judged to be {grade}».",
                "«HMICFRS rated us {grade} for {area}»."),
        PCC: ("«The force was rated {grade} for {area}».",
              "I note «the grade of {grade} for {area}»."),
        PRESS: ("«The force was rated {grade} for {area}».",
                "«It was judged {grade} on {area}».",
                "«Its {area} was graded {grade}»."),
    },
    "cases": {
        INSP: ("As part of the inspection, «we examined {n} cases».",
               "«Our case audit covered {n} child protection cases».",
               "«Inspectors audited {n} cases in total».",
               "«In all, we reviewed {n} case files» from across the force."),
        FORCE: ("«The inspectors reviewed {n} of our cases».",),
        PRESS: ("«Inspectors looked at {n} cases»,",
                "«{n} cases were examined in detail»."),
    },
    "inadequate": {
        INSP: ("«We assessed {k} of the {n} cases as inadequate».",
               "«{k} of the {n} cases we examined were inadequate».",
               "Of the cases we audited, «we found {k} of {n} to be inadequate»."),
        PRESS: ("«{k} of {n} cases were rated inadequate».",),
    },
    "recs": {
        INSP: ("«We have made {n} recommendations».",
               "«This report contains {n} recommendations».",
               "«We make {n} recommendations to the force»."),
        FORCE: ("«We accept all {n} recommendations».",
                "«The report made {n} recommendations», each of which we accept."),
        PCC: ("«I will hold the chief constable to account for the {n} recommendations».",),
        PRESS: ("«The inspectorate made {n} recommendations».",
                "«{n} recommendations for improvement were made»."),
    },
    "fieldwork": {
        INSP: ("«We inspected the force in {when}».",
               "«Our fieldwork took place in {when}».",
               "«We carried out this inspection in {when}».",
               "«Inspectors visited the force in {when}»."),
        FORCE: ("«The inspection took place in {when}».",
                "«HMICFRS inspected us in {when}»."),
        PCC: ("«The inspection took place in {when}».",),
        PRESS: ("«Inspectors visited the force in {when}».",
                "«The inspection was carried out in {when}»."),
    },
    "published": {
        INSP: ("«Our original report was published on {date}».",
               "«We published our report on {date}»."),
        FORCE: ("«HMICFRS published its report on {date}».",
                "This plan answers «the inspection report published on {date}»."),
        PCC: ("«The report was published on {date}».",),
        PRESS: ("«The report was published on {date}».",
                "«In a report published on {date}», inspectors said the force must improve."),
    },
    "reinspection": {
        INSP: ("«We returned to the force in {when}».",
               "«Our re-inspection fieldwork took place in {when}».",
               "«We revisited {force} in {when}».",
               "«Inspectors went back to the force in {when}»."),
    },
    "hmi": {
        INSP: ("«{name} {title}»",),
        FORCE: ("We welcome the report by «{title} {name}».",),
        PRESS: ("«{title} {name} said»:",
                "«{name}, {title}, said»:"),
    },
    "chief": {
        INSP: ("«I am grateful to {rank} {name}» and to the officers and staff of {force}.",),
        FORCE: ("«{rank} {name} said»:", "«{name}, our {lower_rank}, said»:"),
        PCC: ("«I have met {rank} {name}» to discuss the findings.",
              "«I will be meeting {rank} {name}» to agree a plan."),
        PRESS: ("«{rank} {name} said»:",
                "«{name}, the force’s {lower_rank}, said»:"),
    },
    "lead": {
        INSP: ("We spoke to «the {role}, {rank} {name}».",
               "«{rank} {name}, the force’s {role}», described the changes."),
        FORCE: ("«{rank} {name}, our {role}», said:",
                "«{rank} {name}, {role}, is leading this work»."),
        PRESS: ("«{rank} {name}, {role}», said:",),
    },
    "pcc": {
        PCC: ("«{role} {name}» said:",
              "«{name}, the {role}», said:"),
        FORCE: ("We will report progress to «the {role}, {name}».",),
        PRESS: ("«{role} {name} said» the report made difficult reading.",),
    },
    "achieved": {
        INSP: ("«The force has achieved {k} of its {n} recommendations».",
               "«{k} of the {n} recommendations have been achieved».",
               "We found that «{k} of the {n} recommendations had been achieved»."),
    },
    "status": {
        INSP: ("«We found this {kind} has been {status}».",
               "«Our assessment is that this {kind} has been {status}».",
               "«This {kind} has been {status}».",
               "«Status: {status}»",
               "«Progress against this {kind}: {status}»"),
    },
    "theme:online": {
        THEME: ("In {force}, «the average wait for a device to be examined was {n} days».",
                "«{force} told us that devices waited an average of {n} days for examination».",
                "«Devices seized by {force} waited {n} days on average»."),
    },
    "theme:custody": {
        THEME: ("«{force} recorded {n} strip searches of children» in the year before our "
                "fieldwork.",
                "In the year before our fieldwork, «officers in {force} strip-searched children "
                "{n} times».",
                "«{force} strip-searched {n} children» in the twelve months we looked at."),
    },
    "theme:missing": {
        THEME: ("«{force} had identified {n} children who had gone missing three or more "
                "times».",
                "«In {force}, {n} children were recorded as repeatedly missing».",
                "«{n} children in the {force} area had been missing at least three times»."),
    },
}

ACTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "operation": {
        INSP: ("«The force had launched {name}, which targets child exploitation».",),
        FORCE: ("«We launched {name} to tackle the exploitation of children».",
                "«{name}, our response to child exploitation, is now under way»."),
        PCC: ("«I have funded {name}», the force’s crackdown on child exploitation.",),
        PRESS: ("«{name}, a crackdown on child exploitation», has been launched.",),
    },
    "team": {
        INSP: ("«A dedicated missing children unit, {name}, has been set up».",),
        FORCE: ("«We have set up {name} to find and protect missing children».",),
        PCC: ("«I have supported the creation of {name}» for missing children.",),
        PRESS: ("«A new unit called {name} will focus on missing children».",),
    },
    "tool": {
        INSP: ("«The force had introduced a call triage tool called {name}».",),
        FORCE: ("«A new risk triage tool known as {name} is now used in the control room».",),
        PRESS: ("«Call handlers now use a risk tool called {name}».",),
    },
    "hub": {
        INSP: ("«Police and social workers now share an office at {name}».",),
        FORCE: ("«We opened {name}, where police and social workers sit together».",),
        PCC: ("«I was proud to open {name}» with our partners.",),
        PRESS: ("«Police and social workers now work side by side at {name}».",),
    },
    "programme": {
        INSP: ("«Supervisors had attended a development programme called {name}».",),
        FORCE: ("«All sergeants now attend {name}, a development programme for supervisors».",),
        PRESS: ("«Sergeants are being put through a course called {name}».",),
    },
}
ACTION_NAMES = {"operation": "Operation {code}", "team": "the {code} team",
                "tool": "{code}", "hub": "the {code} hub", "programme": "{code}"}


def action_fact(kind: str, name: str) -> str:
    """What an answer about the action must repeat: its name without a leading article."""
    return name.removeprefix("the ")


def has(fact: str, author: str) -> bool:
    pool = ACTIONS if fact.startswith("action:") else WORDS
    return author in pool.get(fact.removeprefix("action:") if pool is ACTIONS else fact, {})


def say(rng: random.Random, fact: str, author: str, **slots) -> tuple[str, str]:
    """(sentence, phrase): one wording of `fact` by `author`, and its clause holding the fact."""
    if fact.startswith("action:"):
        template = rng.choice(ACTIONS[fact.removeprefix("action:")][author])
    else:
        template = rng.choice(WORDS[fact][author])
    text = template.format(**slots)
    start, end = text.index("«"), text.index("»")
    phrase = text[start + 1:end]
    sentence = text.replace("«", "").replace("»", "")
    return sentence[0].upper() + sentence[1:], phrase[0].upper() + phrase[1:] \
        if start == 0 else phrase


def number(n: int) -> str:
    """A figure as reports print it: thousands separated by commas."""
    return f"{n:,}"
