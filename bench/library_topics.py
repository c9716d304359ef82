"""Data for the development library: the areas an inspection report is written in, and the
topics its recommendations and causes of concern are about, each with what a force says it did
and what a later inspection found.

Owns only data. A topic's `core` is the clause of its recommendation that questions and ground
truth quote; its `keyword` is the part of `core` a correct answer must repeat.
"""
from __future__ import annotations

from dataclasses import dataclass

GRADES = ("good", "adequate", "requires improvement", "inadequate")
STATUSES = ("achieved", "partially achieved", "not achieved")


@dataclass(frozen=True)
class Area:
    title: str
    graded: bool
    vocab: tuple[str, ...]  # processes the filler talks about in this area


AREAS = (
    Area("Leadership and management", False,
         ("its governance arrangements", "its performance framework", "its training programme",
          "the public protection strategy", "the quality assurance of case files")),
    Area("Initial contact", True,
         ("call grading", "the THRIVE risk assessment", "the attendance policy",
          "the recording of incidents", "the use of body-worn video")),
    Area("Assessment and help", True,
         ("the missing persons procedure", "return home interviews",
          "the multi-agency safeguarding hub", "the referral process",
          "the exploitation screening tool")),
    Area("Investigation", True,
         ("investigation plans", "the allocation of crimes", "the digital forensics process",
          "joint investigations with social workers", "the supervision of case files")),
    Area("Decision-making", True,
         ("strategy discussions", "the use of police protection powers",
          "information sharing with partners", "child protection conferences",
          "the recording of decisions")),
    Area("Trusted adult", False,
         ("listening to children", "the recording of the voice of the child",
          "the use of intermediaries", "support for victims", "the use of trusted adults")),
    Area("Managing those who pose a risk", False,
         ("risk assessments of offenders", "home visits", "the management of online offenders",
          "multi-agency public protection arrangements", "the use of civil orders")),
    Area("Police detention", False,
         ("the detention of children", "requests for secure accommodation",
          "the use of appropriate adults", "the custody review process", "strip searches")),
)


@dataclass(frozen=True)
class Topic:
    key: str
    area: str  # title of the Area it sits under
    sub: str  # the sub-heading in the report
    core: str  # the recommendation's first clause, after "should"
    rest: str
    keyword: str  # part of core a correct answer contains
    ask: tuple[str, ...]  # how people name the topic in questions
    cause: str  # a cause of concern, after the force's name
    responses: tuple[str, ...]  # what the force says it did (one clause each)
    findings: tuple[str, str, str]  # what a re-inspection found: achieved, partial, not


TOPICS = (
    Topic("missing", "Assessment and help", "Missing children",
          "make sure that every report of a missing child is risk-assessed by a supervisor",
          "and that information from return home interviews is used to identify exploitation",
          "risk-assessed by a supervisor",
          ("missing children", "kids going missing", "missing child reports"),
          "does not consistently identify the risks faced by children who go missing from home",
          ("a sergeant now reviews every missing child report within the first hour",
           "we have introduced supervisory review of all missing child reports",
           "our missing person coordinators now check the risk assessment of every missing child"),
          ("every missing child report we examined had been reviewed by a supervisor",
           "supervisors reviewed most missing child reports, but not always promptly",
           "supervisors had reviewed only a minority of the missing child reports we examined")),
    Topic("exploitation", "Assessment and help", "Child exploitation",
          "improve how it identifies and records the criminal and sexual exploitation of children",
          "including by making referrals through the national referral mechanism",
          "criminal and sexual exploitation",
          ("child exploitation", "CSE and CCE", "exploitation of children"),
          "does not always recognise when children are being exploited",
          ("we have appointed child exploitation coordinators in each policing district",
           "an exploitation flag is now added to the record of every child at risk",
           "every referral to the national referral mechanism is now tracked by a named officer"),
          ("officers now routinely recognised and recorded the exploitation of children",
           "recognition of exploitation had improved, but recording remained inconsistent",
           "officers still did not recognise exploitation in many of the cases we examined")),
    Topic("calls", "Initial contact", "Call handling",
          "make sure that call handlers identify and record whether children are present at "
          "domestic abuse incidents", "and pass this information to attending officers",
          "call handlers",
          ("call handling", "the control room", "999 calls involving children"),
          "does not always identify children at risk when it first receives a call for help",
          ("the control room script now asks every caller whether children live at the address",
           "we have retrained all of our contact staff in identifying vulnerability",
           "a structured risk tool now prompts questions about children on every call"),
          ("call handlers consistently asked about and recorded the presence of children",
           "call handlers asked about children in most, but not all, of the calls we heard",
           "call handlers still did not routinely ask whether children were present")),
    Topic("attendance", "Initial contact", "Attendance",
          "reduce the delays in attending incidents where children may be at risk",
          "and monitor delayed attendance through its daily management meetings",
          "delays in attending",
          ("response times", "delays getting to incidents", "attendance times"),
          "too often takes too long to attend incidents involving vulnerable children",
          ("delayed attendance is now reviewed at the daily management meeting",
           "we have increased the number of response officers on late shifts",
           "a duty inspector now reviews every incident involving children that is attended late"),
          ("attendance at incidents involving children was timely in almost every case",
           "attendance times had improved, although some incidents were still attended late",
           "the delays in attending incidents involving children had not reduced")),
    Topic("voice", "Trusted adult", "The voice of the child",
          "make sure that officers record the views, feelings and behaviour of children in "
          "every case", "so that what children say informs the decisions it makes",
          "views, feelings and behaviour",
          ("the voice of the child", "what children say", "listening to children"),
          "does not consistently listen to children or record what they say",
          ("a voice of the child section is now mandatory on every child protection record",
           "officers now write down what each child tells them at every incident",
           "we have issued guidance on using body-worn video to capture what children say"),
          ("officers recorded what children said and how they behaved in nearly every case",
           "the voice of the child was recorded more often, but not yet consistently",
           "officers still rarely recorded what children told them")),
    Topic("referrals", "Assessment and help", "Referrals to partners",
          "work with its safeguarding partners to reduce the delays in sharing referrals",
          "and make sure that every referral it makes is of good quality",
          "safeguarding partners",
          ("referrals to social care", "sharing information with partners", "MASH referrals"),
          "is slow to share information about children at risk with other agencies",
          ("all referrals are now sent to the multi-agency safeguarding hub within 24 hours",
           "we have added police researchers to the multi-agency safeguarding hub",
           "a new referral form agreed with the local authority is now in use"),
          ("referrals were now shared with partners quickly and were of good quality",
           "referrals were shared more quickly, but their quality still varied",
           "referrals were still delayed, sometimes by several days")),
    Topic("strategy", "Decision-making", "Strategy meetings",
          "make sure that officers of the right rank attend strategy meetings",
          "and that the decisions made are recorded on police systems",
          "strategy meetings",
          ("strategy meetings", "strategy discussions", "multi-agency strategy meetings"),
          "does not always take part effectively in multi-agency strategy meetings",
          ("a detective sergeant now attends every strategy meeting",
           "strategy meeting decisions are now recorded on our case management system",
           "we have agreed a joint strategy meeting protocol with the local authority"),
          ("officers of the right rank attended every strategy meeting we examined",
           "attendance at strategy meetings had improved, but decisions were not always recorded",
           "officers of the right rank still did not attend many strategy meetings")),
    Topic("protection", "Decision-making", "Police protection powers",
          "review its use of police protection powers so that they are used only when necessary",
          "and make sure that designated officers are independent of the investigation",
          "police protection powers",
          ("police protection powers", "PPOs", "taking children into police protection"),
          "uses police protection powers when other options would better protect children",
          ("every use of police protection powers is now reviewed by an inspector",
           "we have trained a pool of inspectors to act as designated officers",
           "a monthly audit of police protection cases is now carried out"),
          ("police protection powers were now used only when they were needed",
           "the use of police protection powers was better overseen, but not always necessary",
           "police protection powers were still used when other options were available")),
    Topic("supervision", "Investigation", "Quality of investigations",
          "improve the supervision of child abuse investigations",
          "so that each has a clear plan that is reviewed regularly",
          "supervision of child abuse investigations",
          ("investigation quality", "supervision of investigations", "how it investigates "
           "child abuse"),
          "does not investigate child abuse to a consistently good standard",
          ("every child abuse investigation now has a documented supervisory review",
           "we have introduced an investigation plan template for all child abuse cases",
           "detective inspectors now audit a sample of child abuse investigations each month"),
          ("investigations were well supervised and had clear plans",
           "supervision had improved, but some investigations still lacked a clear plan",
           "many investigations were still not supervised effectively")),
    Topic("digital", "Investigation", "Digital forensics",
          "reduce the backlog of devices waiting for digital forensic examination",
          "and make sure that devices in child abuse cases are prioritised",
          "backlog of devices",
          ("the digital forensics backlog", "phone and computer examinations",
           "devices waiting to be examined"),
          "has too many devices waiting for examination, which delays investigations",
          ("we have invested in additional digital forensic examiners",
           "devices in child abuse cases are now triaged within 48 hours",
           "self-service kiosks now let officers download phones at local stations"),
          ("the backlog of devices had been cleared",
           "the backlog of devices had fallen, but waits were still too long",
           "the backlog of devices had grown since our inspection")),
    Topic("online", "Investigation", "Online child abuse",
          "make sure that every referral about online child sexual abuse is risk-assessed "
          "promptly", "and that the highest-risk cases are acted on without delay",
          "online child sexual abuse",
          ("online abuse", "online CSA referrals", "indecent images referrals"),
          "does not assess the risk in referrals about online abuse quickly enough",
          ("all online abuse referrals are now risk-assessed on the day they arrive",
           "we have doubled the size of the team that handles online abuse referrals",
           "we now use the national risk tool for every online child abuse referral"),
          ("online abuse referrals were now risk-assessed promptly",
           "most online abuse referrals were risk-assessed promptly, but some waited weeks",
           "online abuse referrals were still waiting too long for a risk assessment")),
    Topic("rso", "Managing those who pose a risk", "Registered sex offenders",
          "make sure that offender managers complete risk assessments of registered sex "
          "offenders on time", "and that home visits are unannounced where appropriate",
          "registered sex offenders",
          ("sex offender management", "RSOs", "managing registered sex offenders"),
          "does not manage the risk posed by registered sex offenders well enough",
          ("overdue risk assessments of registered sex offenders have been cleared",
           "we have recruited more offender managers to reduce caseloads",
           "unannounced home visits are now planned for every high-risk offender"),
          ("risk assessments of offenders were up to date",
           "fewer risk assessments were overdue, but some home visits were still announced",
           "many risk assessments of offenders were still overdue")),
    Topic("custody", "Police detention", "Children in custody",
          "make sure that children are not held in police custody overnight unless there is "
          "no alternative", "and that it requests secure accommodation when needed",
          "held in police custody overnight",
          ("kids in custody", "children detained overnight", "juveniles in the cells"),
          "holds children in police custody for too long",
          ("custody sergeants now tell an inspector about any child held after midnight",
           "we have agreed a protocol with the local authority for secure accommodation",
           "a custody lead for children now reviews every detention of a child"),
          ("children were rarely held overnight, and only when there was no alternative",
           "fewer children were held overnight, but requests for accommodation were still late",
           "children were still regularly held in custody overnight")),
    Topic("training", "Leadership and management", "Training",
          "provide training on child exploitation and neglect to all frontline officers",
          "and check that the training improves practice",
          "exploitation and neglect",
          ("training", "what officers are taught", "training on neglect"),
          "has not given its officers the training they need to protect children",
          ("every frontline officer has now completed training on neglect",
           "we have added child exploitation to the annual training programme",
           "supervisors now attend a one-day course on protecting children"),
          ("frontline officers had been trained and understood exploitation and neglect",
           "most officers had been trained, but the force had not checked its effect",
           "many frontline officers had still not been trained")),
    Topic("data", "Leadership and management", "Performance information",
          "improve the information it holds about child protection",
          "so that its leaders understand demand and the quality of its service",
          "information it holds about child protection",
          ("performance data", "management information", "what leaders know about demand"),
          "does not have the information it needs to understand how well it protects children",
          ("a child protection performance dashboard is now reviewed monthly by chief officers",
           "we have appointed an analyst to the public protection command",
           "quarterly audits of child protection cases now report to the chief officer group"),
          ("leaders now had good information about demand and the quality of the service",
           "the force had better data, but leaders did not yet use it fully",
           "leaders still lacked reliable information about child protection")),
)

TOPIC_BY_KEY = {t.key: t for t in TOPICS}

# Audit categories of the case-audit table and the figure kinds a force's facts are drawn from.
AUDIT_CATEGORIES = ("Missing children", "Child sexual exploitation", "Online abuse",
                    "Domestic abuse incidents", "Police protection", "Children in custody",
                    "Referrals to partners")
