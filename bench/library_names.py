"""Data for the development library: the forces it covers, the names people are given, the
places, courses and operation names a force's facts are built from.

Owns only lists. Choosing from them (seeded) is library_world's job; wording is library_words'.
Every person is fictional: first names and surnames are combined at random, never copied from a
real office holder.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ForceInfo:
    """A force as the library names it: official name, the short forms people type, its area."""

    name: str
    short: tuple[str, ...]  # forms used in questions ("Staffs", "the Met", "GMP")
    area: str  # the police area, as in "Police and Crime Commissioner for Kent"
    pcc_role: str = "Police and Crime Commissioner for {area}"
    chief_role: str = "Chief Constable"


_PFCC = "Police, Fire and Crime Commissioner for {area}"

FORCES: tuple[ForceInfo, ...] = (
    ForceInfo("Avon and Somerset Constabulary", ("Avon and Somerset", "Avon & Somerset"),
              "Avon and Somerset"),
    ForceInfo("Bedfordshire Police", ("Bedfordshire", "Beds"), "Bedfordshire"),
    ForceInfo("Cambridgeshire Constabulary", ("Cambridgeshire", "Cambs"), "Cambridgeshire"),
    ForceInfo("Cheshire Constabulary", ("Cheshire",), "Cheshire"),
    ForceInfo("Derbyshire Constabulary", ("Derbyshire",), "Derbyshire"),
    ForceInfo("Devon and Cornwall Police", ("Devon and Cornwall", "Devon & Cornwall"),
              "Devon and Cornwall and the Isles of Scilly"),
    ForceInfo("Dorset Police", ("Dorset",), "Dorset"),
    ForceInfo("Durham Constabulary", ("Durham",), "Durham", _PFCC),
    ForceInfo("Dyfed-Powys Police", ("Dyfed-Powys", "Dyfed Powys"), "Dyfed-Powys"),
    ForceInfo("Essex Police", ("Essex",), "Essex", _PFCC),
    ForceInfo("Gloucestershire Constabulary", ("Gloucestershire", "Glos"), "Gloucestershire"),
    ForceInfo("Greater Manchester Police", ("GMP", "Greater Manchester"), "Greater Manchester",
              "Deputy Mayor for Policing, Crime, Criminal Justice and Fire"),
    ForceInfo("Gwent Police", ("Gwent",), "Gwent"),
    ForceInfo("Hampshire and Isle of Wight Constabulary", ("Hampshire", "Hants"),
              "Hampshire and the Isle of Wight"),
    ForceInfo("Hertfordshire Constabulary", ("Hertfordshire", "Herts"), "Hertfordshire"),
    ForceInfo("Humberside Police", ("Humberside",), "Humberside"),
    ForceInfo("Kent Police", ("Kent",), "Kent"),
    ForceInfo("Lancashire Constabulary", ("Lancashire", "Lancs"), "Lancashire"),
    ForceInfo("Leicestershire Police", ("Leicestershire", "Leics"), "Leicester, Leicestershire "
              "and Rutland"),
    ForceInfo("Lincolnshire Police", ("Lincolnshire", "Lincs"), "Lincolnshire"),
    ForceInfo("Merseyside Police", ("Merseyside",), "Merseyside"),
    ForceInfo("Metropolitan Police Service", ("the Met", "Met Police", "MPS"), "London",
              "Deputy Mayor for Policing and Crime", "Commissioner"),
    ForceInfo("Norfolk Constabulary", ("Norfolk",), "Norfolk"),
    ForceInfo("North Wales Police", ("North Wales",), "North Wales"),
    ForceInfo("North Yorkshire Police", ("North Yorkshire", "North Yorks"), "North Yorkshire",
              _PFCC),
    ForceInfo("Northamptonshire Police", ("Northamptonshire", "Northants"), "Northamptonshire",
              _PFCC),
    ForceInfo("Northumbria Police", ("Northumbria",), "Northumbria"),
    ForceInfo("Nottinghamshire Police", ("Nottinghamshire", "Notts"), "Nottinghamshire"),
    ForceInfo("South Wales Police", ("South Wales",), "South Wales"),
    ForceInfo("South Yorkshire Police", ("South Yorkshire", "South Yorks"), "South Yorkshire"),
    ForceInfo("Staffordshire Police", ("Staffordshire", "Staffs"), "Staffordshire", _PFCC),
    ForceInfo("Suffolk Constabulary", ("Suffolk",), "Suffolk"),
    ForceInfo("Surrey Police", ("Surrey",), "Surrey"),
    ForceInfo("Sussex Police", ("Sussex",), "Sussex"),
    ForceInfo("Thames Valley Police", ("Thames Valley",), "Thames Valley"),
    ForceInfo("Warwickshire Police", ("Warwickshire", "Warks"), "Warwickshire"),
    ForceInfo("West Mercia Police", ("West Mercia",), "West Mercia"),
    ForceInfo("West Midlands Police", ("West Midlands", "WMP", "West Mids"), "the West Midlands"),
    ForceInfo("West Yorkshire Police", ("West Yorkshire", "West Yorks"), "West Yorkshire",
              "Deputy Mayor for Policing and Crime"),
    ForceInfo("Wiltshire Police", ("Wiltshire", "Wilts"), "Wiltshire"),
)

SMALL_FORCES = ("Wiltshire Police", "Kent Police", "Staffordshire Police",
                "Gloucestershire Constabulary")

# Real forces the full library leaves out, so questions about them have no answer in it.
ABSENT_FORCES = ("Cumbria Constabulary", "Cleveland Police", "City of London Police",
                 "Police Scotland", "Police Service of Northern Ireland")

FIRST_NAMES = (
    "Aisha", "Alan", "Alison", "Amara", "Andrew", "Angela", "Anita", "Ben", "Bethan", "Bridget",
    "Callum", "Carys", "Catherine", "Chloe", "Claire", "Colin", "Craig", "Daniel", "Darren",
    "Deborah", "Declan", "Dev", "Eleanor", "Emeka", "Fiona", "Gareth", "Gemma", "Graham",
    "Hannah", "Harjit", "Helen", "Ian", "Imran", "Jacqueline", "James", "Janet", "Jasmine",
    "Joanne", "Jonathan", "Julian", "Karen", "Kwame", "Laura", "Leanne", "Lewis", "Lindsay",
    "Malcolm", "Marcus", "Martin", "Megan", "Michelle", "Mohammed", "Nadia", "Neil", "Nicola",
    "Olusegun", "Owen", "Patrick", "Paul", "Priya", "Rachel", "Rhys", "Richard", "Rosalind",
    "Ruth", "Sally", "Samir", "Sarah", "Sean", "Simon", "Siobhan", "Sophie", "Stephen", "Steven",
    "Tariq", "Theresa", "Thomas", "Tom", "Vanessa", "Victoria", "Wendell", "Yasmin", "Zoe",
)

SURNAMES = (
    "Abbott", "Achebe", "Ainsworth", "Akhtar", "Aldridge", "Ashdown", "Bancroft", "Barraclough",
    "Bellamy", "Blackwood", "Bradshaw", "Brennan", "Calloway", "Carrick", "Chaudhry", "Cheung",
    "Colquhoun", "Cornish", "Crowther", "Dalziel", "Davenport", "Delaney", "Draycott", "Duffield",
    "Eastwood", "Ellery", "Everington", "Fairbairn", "Farrant", "Fenwick", "Fitzgerald",
    "Gallagher", "Garside", "Gillespie", "Goddard", "Greenhalgh", "Hadley", "Halloran",
    "Hargreaves", "Hartigan", "Hollis", "Hussain", "Iqbal", "Jagger", "Kavanagh", "Kendrick",
    "Kirkbride", "Lambourne", "Lathbury", "Llewellyn", "Lockwood", "Lomax", "Macaulay",
    "Malhotra", "Marchetti", "Mensah", "Merriman", "Montague", "Mortimer", "Nakamura", "Needham",
    "Nwosu", "Oakley", "Okafor", "Ormerod", "Osei", "Pemberton", "Penhaligon", "Prideaux",
    "Quarmby", "Radcliffe", "Rahman", "Ramsden", "Redfern", "Ridgeway", "Rowntree", "Sandhu",
    "Sefton", "Shackleton", "Sherwood", "Sinclair", "Stanhope", "Tattersall", "Thackeray",
    "Thornber", "Trevelyan", "Underwood", "Varga", "Wainwright", "Walsh", "Wetherall",
    "Whitcombe", "Winstanley", "Yeoman",
)

OUTLETS = ("Evening Post", "Gazette", "Echo", "Chronicle", "Herald", "Advertiser", "Courier",
           "Mercury", "Star", "News")

COURSES = (
    ("Domestic Abuse Matters", "DA Matters"),
    ("Child Exploitation Awareness", "child exploitation awareness"),
    ("Achieving Best Evidence", "ABE"),
    ("Child-Centred Policing", "child-centred policing"),
    ("Vulnerability Awareness", "vulnerability awareness"),
)

CODENAMES = ("Kestrel", "Juniper", "Harbour", "Lantern", "Bluebell", "Sentinel", "Compass",
             "Anchor", "Horizon", "Kingfisher", "Mosaic", "Beacon", "Fulcrum", "Ember", "Larch",
             "Meridian", "Orchard", "Quarry", "Rowan", "Tamar", "Willow", "Yarrow", "Sable",
             "Heron", "Granite", "Falcon", "Cedar", "Aspen", "Bramble", "Drumlin")

LEAD_ROLES = (("Detective Chief Superintendent", "head of public protection"),
              ("Assistant Chief Constable", "lead for crime and vulnerability"),
              ("Detective Superintendent", "head of safeguarding"),
              ("Temporary Assistant Chief Constable", "lead for public protection"))

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve")
