"""The demo's content: organisers, places and gatherings, as plain data.

Written the way the groups themselves would write it: warm, plain, specific
about what will happen, and never hurried. Nothing here says "only", "hurry"
or "spaces going fast" (DESIGN.md §2, no pressure), and every gathering says
how to leave.

Places are real public venues with their real addresses and coordinates, so
the "near me" search and the maps behave as they would for real users. The
organisers are fictional and use example.org addresses. Phone numbers are from
Ofcom's range reserved for drama (07700 900000-900999), so none rings a real
person.

Schedules are relative to the day the demo is seeded (see ``seed.py``), so the
demo always has a past, a this-week and a next-month.
"""

from __future__ import annotations

from calendar import FRIDAY, MONDAY, SATURDAY, SUNDAY, THURSDAY, TUESDAY, WEDNESDAY
from dataclasses import dataclass
from datetime import time
from typing import Final, TypeAlias

from planner.accounts.models import OrganiserStatus
from planner.events.comfort import Interaction, Noise
from planner.events.models import AttendanceMode, EventStatus, Lighting

TIMEZONE: Final = "Europe/London"
"""Every demo place keeps UK time, Edinburgh included."""

PAST_DAYS: Final = 20
"""How far back series reach: the last three weeks, so people can reflect on them."""

AHEAD_DAYS: Final = 55
"""How far ahead series reach: the coming eight weeks."""


@dataclass(frozen=True, slots=True)
class OrganiserSeed:
    """A group that posts gatherings."""

    key: str
    email: str
    display_name: str
    status: OrganiserStatus


@dataclass(frozen=True, slots=True)
class VenueSeed:
    """A real place, described for someone who has never been and is nervous about it."""

    key: str
    organiser: str
    name: str
    address: str
    city: str
    latitude: float
    longitude: float
    quiet_room_description: str
    exits_description: str
    transit_notes: str
    parking_notes: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Weekly:
    """Every week (or every ``every_weeks`` weeks) on ``weekday``, within a window of days."""

    weekday: int
    start: time
    first_day: int = 0
    last_day: int = AHEAD_DAYS
    every_weeks: int = 1


@dataclass(frozen=True, slots=True)
class Monthly:
    """The ``nth`` ``weekday`` of each month (``nth=-1``: the last one), within a window."""

    weekday: int
    nth: int
    start: time
    first_day: int = -PAST_DAYS
    last_day: int = AHEAD_DAYS


@dataclass(frozen=True, slots=True)
class Once:
    """A single gathering ``day`` days from the seeding day (negative: in the past)."""

    day: int
    start: time


Schedule: TypeAlias = Weekly | Monthly | Once


@dataclass(frozen=True, slots=True)
class EventTemplate:
    """A gathering, or a series of identical gatherings on a schedule."""

    organiser: str
    venue: str | None
    title: str
    summary: str
    description: str
    expect_steps: tuple[str, ...]
    schedule: Schedule
    minutes: int
    mode: AttendanceMode
    capacity: int
    noise: Noise
    lighting: Lighting
    interaction: Interaction
    exit_plan: str
    exit_contact: str
    break_notes: str = ""
    content_notes: str = ""
    scheduled_breaks: bool = False
    quiet_room: bool = False
    come_and_go: bool = False
    allies_welcome: bool = True
    online_url: str | None = None
    tags: tuple[str, ...] = ()
    status: EventStatus = EventStatus.PUBLISHED


# The first organiser's email is how seeding recognises a database that already
# has the demo, so keep it first and keep it stable.
ORGANISERS: Final[tuple[OrganiserSeed, ...]] = (
    # A peer-support charity with groups in Leeds and Manchester, and online.
    OrganiserSeed(
        "steady",
        "hello@steadysteps.example.org",
        "Steady Steps Peer Support",
        OrganiserStatus.VERIFIED,
    ),
    # A library friends group in Leeds.
    OrganiserSeed(
        "headrow",
        "friends@headrowlibrary.example.org",
        "Headrow Library Friends",
        OrganiserStatus.VERIFIED,
    ),
    # A quiet pop-up café collective in Bristol.
    OrganiserSeed(
        "kettle",
        "hello@slowkettle.example.org",
        "The Slow Kettle Quiet Café",
        OrganiserStatus.VERIFIED,
    ),
    # Confidence groups led by a clinical psychologist in Edinburgh.
    OrganiserSeed(
        "firm",
        "groups@firmfooting.example.org",
        "Firm Footing Confidence Groups",
        OrganiserStatus.VERIFIED,
    ),
    # A new neighbourhood group, still waiting for a moderator to verify it,
    # so its gatherings stay drafts.
    OrganiserSeed(
        "oakwood",
        "neighbours@oakwoodneighbours.example.org",
        "Oakwood Neighbours",
        OrganiserStatus.PENDING,
    ),
)


VENUES: Final[tuple[VenueSeed, ...]] = (
    # Leeds
    VenueSeed(
        key="leeds-central-library",
        organiser="headrow",
        name="Leeds Central Library",
        address="Municipal Buildings, Calverley Street, Leeds LS1 3AB",
        city="Leeds",
        latitude=53.8003,
        longitude=-1.5487,
        quiet_room_description=(
            "We book the small meeting room next door to ours. The door stays ajar with a "
            "'quiet room' sign on it; inside there are two soft chairs, a jug of water and "
            "nobody who will ask you anything."
        ),
        exits_description=(
            "The nearest way out is the main entrance on Calverley Street, straight down the "
            "corridor from our room. You can also leave through the Tiled Hall café, which "
            "links to the Art Gallery. Both are signed and neither goes past the group."
        ),
        transit_notes=(
            "About 10 minutes' walk from Leeds station, up Park Row. Many buses stop on "
            "The Headrow, a minute away."
        ),
        parking_notes=(
            "No car park at the library. Blue Badge bays on Calverley Street and nearby "
            "streets; the Woodhouse Lane multi-storey is about 5 minutes' walk."
        ),
        tags=("step-free", "accessible-toilet", "seating", "hearing-loop"),
    ),
    VenueSeed(
        key="leeds-city-museum",
        organiser="headrow",
        name="Leeds City Museum",
        address="Millennium Square, Leeds LS2 8BH",
        city="Leeds",
        latitude=53.8012,
        longitude=-1.5456,
        quiet_room_description=(
            "During our early hours the café on the lower ground floor is closed to the public "
            "and kept as a quiet space, with the lights low and chairs by the window."
        ),
        exits_description=(
            "Two ways out: the main doors at the front (steps with a handrail, or the ramp to "
            "the left), and the automatic doors through the café on the lower ground floor. "
            "A lift on the left of the ground floor reaches every floor."
        ),
        transit_notes=(
            "About 10 minutes' walk from Leeds station and 15 from the bus station. The "
            "square slopes gently down towards the city centre."
        ),
        parking_notes=(
            "Blue Badge bays on Rossington Street and Vernon Street, either side of the "
            "museum. The Merrion Centre car park is 5-10 minutes' walk."
        ),
        tags=("step-free", "accessible-toilet", "seating", "hearing-loop", "service-animals"),
    ),
    VenueSeed(
        key="kirkstall-abbey",
        organiser="steady",
        name="Kirkstall Abbey grounds",
        address="Abbey Road, Kirkstall, Leeds LS5 3EH",
        city="Leeds",
        latitude=53.8204,
        longitude=-1.6069,
        quiet_room_description=(
            "No indoor quiet room. The benches along the river path, away from the ruins, are "
            "calm and a host can sit with you there if you like."
        ),
        exits_description=(
            "The grounds are open parkland. The main gate on Abbey Road is by the visitor "
            "centre; a second gate leads to the riverside path. You can step away from the "
            "group at any point."
        ),
        transit_notes=(
            "Buses from Leeds city centre along Kirkstall Road stop outside the abbey "
            "(about 15 minutes). Kirkstall Forge station is roughly 20 minutes' walk."
        ),
        parking_notes=(
            "Pay and display car park next to the abbey off Abbey Road, with Blue Badge "
            "spaces nearest the visitor centre."
        ),
        tags=("outdoors", "accessible-toilet", "service-animals"),
    ),
    VenueSeed(
        key="roundhay-park",
        organiser="oakwood",
        name="Roundhay Park (meet at the Mansion)",
        address="The Mansion, Mansion Lane, Roundhay, Leeds LS8 2HH",
        city="Leeds",
        latitude=53.8385,
        longitude=-1.4990,
        quiet_room_description=(
            "No quiet room in the park itself. The Mansion's entrance hall is warm, indoors "
            "and usually calm; you are welcome to wait there."
        ),
        exits_description=(
            "We start in front of the Mansion. Mansion Lane leads back to Princes Avenue and "
            "the buses; the lake paths are wide and you can turn back whenever you like."
        ),
        transit_notes=(
            "Buses from Leeds city centre stop on Princes Avenue by the park; the Mansion is "
            "about 10 minutes' walk up Mansion Lane."
        ),
        parking_notes="Free car park beside the Mansion, with Blue Badge spaces.",
        tags=("outdoors", "accessible-toilet", "service-animals"),
    ),
    # Manchester
    VenueSeed(
        key="manchester-central-library",
        organiser="steady",
        name="Manchester Central Library",
        address="St Peter's Square, Manchester M2 5PD",
        city="Manchester",
        latitude=53.4782,
        longitude=-2.2446,
        quiet_room_description=(
            "We book a second, smaller room on the same floor. It has low lighting, a sofa, "
            "fidget things and tissues. Go in whenever you need to; nobody will follow you "
            "unless you ask."
        ),
        exits_description=(
            "Main doors onto St Peter's Square, and a level exit onto Library Walk towards the "
            "Town Hall. Lifts and stairs are both by our room."
        ),
        transit_notes=(
            "St Peter's Square tram stop is right outside. Oxford Road station is about "
            "10 minutes' walk, Piccadilly about 15."
        ),
        parking_notes=(
            "No car park at the library. Several multi-storey car parks are a few minutes' "
            "walk away, and there are Blue Badge bays on the streets around the Town Hall."
        ),
        tags=(
            "step-free",
            "accessible-toilet",
            "gender-neutral-toilet",
            "seating",
            "hearing-loop",
        ),
    ),
    VenueSeed(
        key="manchester-museum",
        organiser="steady",
        name="Manchester Museum",
        address="Oxford Road, Manchester M13 9PL",
        city="Manchester",
        latitude=53.4664,
        longitude=-2.2341,
        quiet_room_description=(
            "During our quiet hour a gallery on the ground floor is set aside as a rest space, "
            "with chairs and the lights kept low."
        ),
        exits_description=(
            "The main entrance on Oxford Road is the way in and out. Staff at the door can "
            "show you the lifts; every gallery has a clearly signed way back down."
        ),
        transit_notes=(
            "Almost every bus along Oxford Road stops outside. Oxford Road station is about "
            "15 minutes' walk."
        ),
        parking_notes=(
            "Pay and display parking on nearby side streets; a few Blue Badge spaces near "
            "the entrance. Ask us and we will check what is free that morning."
        ),
        tags=("step-free", "accessible-toilet", "seating", "hearing-loop", "service-animals"),
    ),
    VenueSeed(
        key="platt-fields-park",
        organiser="steady",
        name="Platt Fields Park (meet at the boating lake)",
        address="Wilmslow Road, Fallowfield, Manchester M14 6LA",
        city="Manchester",
        latitude=53.4453,
        longitude=-2.2234,
        quiet_room_description=(
            "No indoor quiet room. There are benches on the far side of the lake where it is "
            "calmer, and a host can sit with you."
        ),
        exits_description=(
            "The park has gates on Wilmslow Road, Platt Lane and Old Hall Lane. We meet by the "
            "lake, two minutes from the Wilmslow Road gate and its bus stops."
        ),
        transit_notes=(
            "Frequent buses along Wilmslow Road from Manchester city centre stop by the park "
            "gates (about 20 minutes)."
        ),
        parking_notes="Some free on-street parking on nearby roads; it fills up at weekends.",
        tags=("outdoors", "service-animals"),
    ),
    VenueSeed(
        key="band-on-the-wall",
        organiser="steady",
        name="Band on the Wall",
        address="25 Swan Street, Manchester M4 5JZ",
        city="Manchester",
        latitude=53.4864,
        longitude=-2.2358,
        quiet_room_description=(
            "The small bar room off the foyer is kept as a quiet room on our nights: music "
            "off, door closed, soft chairs and free squash."
        ),
        exits_description=(
            "Main doors onto Swan Street, at the back of the room. A second signed exit by "
            "the stage leads to the side street. Seats near the back are kept free so you "
            "can slip out without crossing the room."
        ),
        transit_notes=(
            "Five minutes' walk from Shudehill tram stop and bus station; about 10 from "
            "Victoria station."
        ),
        parking_notes="Multi-storey car parks in the Northern Quarter, a few minutes' walk away.",
        tags=("step-free", "accessible-toilet", "gender-neutral-toilet"),
    ),
    VenueSeed(
        key="halle-st-peters",
        organiser="steady",
        name="Hallé St Peter's",
        address="40 Blossom Street, Ancoats, Manchester M4 6BF",
        city="Manchester",
        latitude=53.4850,
        longitude=-2.2287,
        quiet_room_description=(
            "A small rehearsal room upstairs is our quiet room: chairs, water, and the sound "
            "of the main hall only faintly."
        ),
        exits_description=(
            "Main doors onto Blossom Street at the back of the hall; a level side exit into "
            "the café. Chairs by both doors are kept for anyone who may want to leave early."
        ),
        transit_notes=(
            "About 10 minutes' walk from Piccadilly station and 5 from New Islington tram "
            "stop. Buses along Great Ancoats Street stop nearby."
        ),
        parking_notes="Pay and display on the surrounding streets; very little free parking.",
        tags=("step-free", "accessible-toilet", "seating", "hearing-loop"),
    ),
    # Bristol
    VenueSeed(
        key="bristol-central-library",
        organiser="kettle",
        name="Bristol Central Library",
        address="College Green, Bristol BS1 5TL",
        city="Bristol",
        latitude=51.4522,
        longitude=-2.6008,
        quiet_room_description=(
            "We use the small study room across the landing from our table. It is quiet, "
            "has a window onto the trees and a 'resting, please let me be' card on the door."
        ),
        exits_description=(
            "The front entrance has steps; the level way in and out is to the right of the "
            "building, up a ramp with rails to automatic doors through the café. Both are "
            "a short walk from our room by the lift."
        ),
        transit_notes=(
            "Lots of buses stop on College Green, right outside. Temple Meads station is "
            "about a mile away (the last part is uphill)."
        ),
        parking_notes=(
            "Six accessible parking bays behind City Hall; on-street pay and display on "
            "College Street and Deanery Road."
        ),
        tags=("step-free", "accessible-toilet", "seating", "hearing-loop"),
    ),
    VenueSeed(
        key="windmill-hill-city-farm",
        organiser="kettle",
        name="Windmill Hill City Farm",
        address="Philip Street, Bedminster, Bristol BS3 4EA",
        city="Bristol",
        latitude=51.4425,
        longitude=-2.5932,
        quiet_room_description=(
            "Indoors, the small room behind the café; outdoors, the bench by the herb "
            "garden. Both are away from the play area."
        ),
        exits_description=(
            "The main gate on Philip Street is by the café. The farm is on a slope and the "
            "paths can be muddy after rain; a host can walk you back to the gate at any time."
        ),
        transit_notes=(
            "About 10 minutes' walk from Bedminster station and 20 from Temple Meads. Buses "
            "along East Street stop a few minutes away."
        ),
        parking_notes="Very little parking at the farm; nearby on-street parking is limited.",
        tags=("outdoors", "accessible-toilet", "seating"),
    ),
    VenueSeed(
        key="bristol-museum",
        organiser="kettle",
        name="Bristol Museum & Art Gallery",
        address="Queen's Road, Bristol BS8 1RL",
        city="Bristol",
        latitude=51.4560,
        longitude=-2.6054,
        quiet_room_description=(
            "For our early openings a side gallery off the main hall is kept as a rest space "
            "with chairs and no visitors."
        ),
        exits_description=(
            "Main doors onto Queen's Road, beside the Wills Memorial Building. The lift is to "
            "the right of the entrance hall; staff at the doors know our group."
        ),
        transit_notes=(
            "Buses up Park Street and along Queen's Road stop outside. About 10 minutes' "
            "walk uphill from the Centre."
        ),
        parking_notes=(
            "No car park. Trenchard Street multi-storey is about 10 minutes' walk; a few "
            "Blue Badge bays on the nearby streets."
        ),
        tags=("step-free", "accessible-toilet", "seating", "hearing-loop", "service-animals"),
    ),
    # Edinburgh
    VenueSeed(
        key="edinburgh-central-library",
        organiser="firm",
        name="Edinburgh Central Library",
        address="7-9 George IV Bridge, Edinburgh EH1 1EG",
        city="Edinburgh",
        latitude=55.9483,
        longitude=-3.1925,
        quiet_room_description=(
            "We book the small room next to ours as a quiet room, with chairs, water and "
            "a box of tissues. Nobody will come in after you unless you ask them to."
        ),
        exits_description=(
            "The entrance on George IV Bridge is the way in and out; our room is a short walk "
            "from it by the lift. Staff on the front desk know our group."
        ),
        transit_notes=(
            "Many buses stop on George IV Bridge. Waverley station is about 10 minutes' "
            "walk, mostly uphill."
        ),
        parking_notes=(
            "Parking in the Old Town is hard to find; there are a few Blue Badge bays on "
            "nearby streets. Public transport is easier."
        ),
        tags=("step-free", "accessible-toilet", "seating", "hearing-loop"),
    ),
    VenueSeed(
        key="mcdonald-road-library",
        organiser="firm",
        name="McDonald Road Library",
        address="2 McDonald Road, Edinburgh EH7 4LU",
        city="Edinburgh",
        latitude=55.9612,
        longitude=-3.1822,
        quiet_room_description=(
            "The community room has a curtained corner with two armchairs. It counts as "
            "our quiet room: sit there whenever you like, for as long as you like."
        ),
        exits_description=(
            "One entrance, on McDonald Road, at the corner with Leith Walk. Our room is on "
            "the ground floor, a few steps from the door."
        ),
        transit_notes=(
            "The McDonald Road tram stop on Leith Walk is right outside. Many buses run "
            "along Leith Walk."
        ),
        parking_notes="Pay and display on McDonald Road and the side streets nearby.",
        tags=("step-free", "accessible-toilet", "seating", "hearing-loop"),
    ),
    VenueSeed(
        key="royal-botanic-garden",
        organiser="firm",
        name="Royal Botanic Garden Edinburgh (meet at the John Hope Gateway)",
        address="Arboretum Place, Edinburgh EH3 5NZ",
        city="Edinburgh",
        latitude=55.9653,
        longitude=-3.2093,
        quiet_room_description=(
            "No room as such. The garden has plenty of benches in quiet corners, and the "
            "John Hope Gateway building is warm and indoors if you need shelter."
        ),
        exits_description=(
            "We meet inside the John Hope Gateway, by the West Gate on Arboretum Place. The "
            "East Gate on Inverleith Row is the other way out. Both are signed along the paths."
        ),
        transit_notes=(
            "Buses stop near the East Gate on Inverleith Row and near the West Gate. About "
            "20 minutes' walk from Princes Street."
        ),
        parking_notes="Pay and display parking on Arboretum Place and Inverleith Place.",
        tags=("outdoors", "step-free", "accessible-toilet", "seating", "service-animals"),
    ),
    VenueSeed(
        key="national-museum-of-scotland",
        organiser="firm",
        name="National Museum of Scotland",
        address="Chambers Street, Edinburgh EH1 1JF",
        city="Edinburgh",
        latitude=55.9469,
        longitude=-3.1892,
        quiet_room_description=(
            "A small learning room off the Grand Gallery is kept for us as a quiet room, "
            "with the lights low and chairs set out."
        ),
        exits_description=(
            "The level entrance on Chambers Street is the way in and out. From the Grand "
            "Gallery it is straight ahead on the ground floor; staff can show you."
        ),
        transit_notes=(
            "Buses stop on George IV Bridge and South Bridge, both a couple of minutes away. "
            "Waverley station is about 10 minutes' walk."
        ),
        parking_notes="Very little parking nearby; a few Blue Badge bays on Chambers Street.",
        tags=(
            "step-free",
            "accessible-toilet",
            "gender-neutral-toilet",
            "seating",
            "hearing-loop",
            "service-animals",
        ),
    ),
)


_STEADY_CONTACT: Final = "Text or call Priya on 07700 900412 (she keeps her phone on silent)"
_HEADROW_CONTACT: Final = "Text Martin on 07700 900238"
_KETTLE_CONTACT: Final = "Text Ffion on 07700 900571"
_FIRM_CONTACT: Final = "Text Dr Ailsa Reid's group phone on 07700 900655"
_OAKWOOD_CONTACT: Final = "Text Dev on 07700 900719"
_NO_GOODBYE: Final = (
    "You can leave at any time without saying goodbye; nobody will follow you or ask why."
)


def _exit_plan(extra: str = "") -> str:
    """The promise every in-person gathering makes, plus what is particular to it."""
    return f"{_NO_GOODBYE} {extra}".strip()


EVENTS: Final[tuple[EventTemplate, ...]] = (
    # ---------------------------------------------------------------- Leeds
    EventTemplate(
        organiser="headrow",
        venue="leeds-central-library",
        title="Tuesday quiet crafting",
        summary=(
            "Bring something you are making, or try ours: knitting, colouring, simple "
            "embroidery. Two hours, come and go as you like, and nobody has to talk."
        ),
        description=(
            "A calm room, a big table and a box of materials. Some people knit, some colour "
            "in, some just sit with a cup of tea and watch for a while. All of that is fine.\n\n"
            "The radio stays off. If you'd like to chat, the person next to you probably "
            "would too; if you'd rather not, put the small green card by your place and "
            "people will leave you to it."
        ),
        expect_steps=(
            "Arrive any time from 10:00; a host in a green lanyard will say hello at the door "
            "of the meeting room on the first floor.",
            "Pick any seat. There's a tray of wool, pencils and patterns in the middle of the "
            "table if you didn't bring anything.",
            "Tea, coffee and squash are on the side table from 10:15; help yourself whenever "
            "you like.",
            "At about 11:00 a host may show one simple stitch for anyone who wants to learn it; "
            "you can watch from your seat or carry on with your own thing.",
            "We tidy up from 11:50 and the room closes at 12:00.",
        ),
        schedule=Weekly(TUESDAY, time(10, 0), first_day=-PAST_DAYS),
        minutes=120,
        mode=AttendanceMode.IN_PERSON,
        capacity=8,
        noise=Noise.QUIET,
        lighting=Lighting.SOFT,
        interaction=Interaction.OBSERVE,
        quiet_room=True,
        come_and_go=True,
        break_notes=(
            "No set breaks: it is a come-and-go session, so rest whenever you like. The quiet "
            "room next door is open the whole time."
        ),
        exit_plan=_exit_plan(
            "If you'd like help leaving, tell any host and they'll walk you to the main doors."
        ),
        exit_contact=_HEADROW_CONTACT,
        tags=("structured-activity", "no-music", "no-alcohol", "scent-free"),
    ),
    EventTemplate(
        organiser="headrow",
        venue="leeds-central-library",
        title="Library reading hour",
        summary=(
            "An hour of reading together in silence. Bring a book or borrow one of ours. "
            "Four places, nobody speaks, and you can stop reading whenever you like."
        ),
        description=(
            "Reading alone at home can feel lonely; reading in a busy room can feel like too "
            "much. This sits in between: four comfortable chairs, one host, an hour of quiet.\n\n"
            "Nobody will ask what you are reading. If you want to talk about a book, the host "
            "stays for ten minutes afterwards; that part is entirely optional."
        ),
        expect_steps=(
            "Arrive between 10:50 and 11:00; the host will be at the reading-room door with "
            "a small 'reading hour' sign.",
            "Choose a chair. A basket of short books and magazines sits on the low table.",
            "At 11:00 the host says 'let's read' and that is the last thing anyone says.",
            "At 11:55 the host quietly closes their book; that is the end.",
            "If you'd like, stay ten minutes to chat about books. Or just go.",
        ),
        schedule=Weekly(THURSDAY, time(11, 0), every_weeks=2),
        minutes=60,
        mode=AttendanceMode.IN_PERSON,
        capacity=4,
        noise=Noise.QUIET,
        lighting=Lighting.SOFT,
        interaction=Interaction.OBSERVE,
        break_notes="One hour, no breaks. Step out whenever you need to; your chair stays yours.",
        exit_plan=_exit_plan("The door is behind the chairs, so leaving doesn't disturb anyone."),
        exit_contact=_HEADROW_CONTACT,
        tags=("no-music", "written-communication", "scent-free"),
    ),
    EventTemplate(
        organiser="headrow",
        venue="leeds-city-museum",
        title="Museum early opening: quiet hour at Leeds City Museum",
        summary=(
            "See the museum before it opens to the public, with the lights low and no "
            "crowds. Wander on your own; a host is at the door and in the café."
        ),
        description=(
            "Once a month, the museum lets us in an hour early. The galleries are lit softly, "
            "the sounds in the interactive displays are turned off, and there is no tour: "
            "go where you like, at your own speed.\n\n"
            "The café on the lower ground floor stays closed to the public and is kept as a "
            "quiet space. At 11:00 the doors open to everyone, and you're welcome to stay on."
        ),
        expect_steps=(
            "Arrive between 9:50 and 10:05 at the café entrance on the lower ground floor; "
            "a host with a clipboard will tick your name off, no questions asked.",
            "Take a free floor plan; the quietest galleries are marked with a leaf.",
            "Explore on your own. Hosts in green lanyards stand at the lifts if you want "
            "directions or company.",
            "At 10:50 the lights come up a little and a host will say it's ten minutes to opening.",
            "At 11:00 the museum opens to everyone. Leave through the café or stay on.",
        ),
        schedule=Monthly(SATURDAY, 2, time(10, 0), first_day=0),
        minutes=60,
        mode=AttendanceMode.IN_PERSON,
        capacity=25,
        noise=Noise.QUIET,
        lighting=Lighting.DIM,
        interaction=Interaction.OBSERVE,
        quiet_room=True,
        break_notes="No set breaks. The café is a quiet room the whole hour.",
        exit_plan=_exit_plan("Either exit is fine; the café doors are the quieter ones."),
        exit_contact=_HEADROW_CONTACT,
        tags=("no-music", "agenda-shared"),
    ),
    EventTemplate(
        organiser="headrow",
        venue="leeds-central-library",
        title="Poetry listening evening",
        summary=(
            "Three local poets read short poems aloud. You listen; nobody in the audience "
            "is asked to read or to speak. Tea and biscuits in the interval."
        ),
        description=(
            "A gentle evening of poems about places, seasons and small everyday things. "
            "Each poet reads for about fifteen minutes, with a pause between them.\n\n"
            "The running order and the poems' themes are on a sheet at the door, so you "
            "know what is coming."
        ),
        expect_steps=(
            "Doors open at 18:00; a host at the meeting-room door hands you the running order.",
            "Sit anywhere. The chairs nearest the door are kept free for anyone who might "
            "leave early.",
            "At 18:10 the first poet reads for about 15 minutes.",
            "Interval at about 18:40: tea, biscuits and the quiet room next door.",
            "Two more readings, finishing by 19:30.",
        ),
        schedule=Once(-9, time(18, 0)),
        minutes=90,
        mode=AttendanceMode.IN_PERSON,
        capacity=15,
        noise=Noise.QUIET,
        lighting=Lighting.SOFT,
        interaction=Interaction.OBSERVE,
        scheduled_breaks=True,
        quiet_room=True,
        break_notes="A 15-minute interval at about 18:40.",
        content_notes=(
            "One poem touches on grief after losing a parent; it is marked on the running "
            "order so you can step out for it."
        ),
        exit_plan=_exit_plan("Leave between poems or during one; the door is at the back."),
        exit_contact=_HEADROW_CONTACT,
        tags=("agenda-shared", "no-alcohol", "no-music"),
    ),
    EventTemplate(
        organiser="steady",
        venue="kirkstall-abbey",
        title="Gentle walk at Kirkstall Abbey",
        summary=(
            "A slow, flat loop of the abbey grounds and the river path, about 2 km, with a "
            "bench stop halfway. Walk with the group or a little apart; both are fine."
        ),
        description=(
            "We walk at the pace of the slowest person, and we stop a lot. The route is "
            "the same every time, so after one walk you'll know exactly what to expect.\n\n"
            "Chat if you'd like to; plenty of people walk quietly. The hosts have done this "
            "walk many times and know the calmest spots."
        ),
        expect_steps=(
            "Meet at 10:30 on the bench outside the visitor centre; a host in a green "
            "waterproof will say hello.",
            "We set off at 10:40 along the wide path round the ruins.",
            "At about 11:15 we stop at the benches by the river for ten minutes. Flasks of "
            "tea come out.",
            "We walk back along the river path to the visitor centre.",
            "We finish by 12:00 at the same bench. Some people stay for a coffee at the "
            "visitor centre; no need to.",
        ),
        schedule=Weekly(SATURDAY, time(10, 30), first_day=-13, every_weeks=2),
        minutes=90,
        mode=AttendanceMode.IN_PERSON,
        capacity=12,
        noise=Noise.CONVERSATIONAL,
        lighting=Lighting.VARIABLE,
        interaction=Interaction.OPEN,
        scheduled_breaks=True,
        break_notes="A 10-minute bench stop at about 11:15.",
        exit_plan=_exit_plan(
            "The route never goes more than ten minutes from the Abbey Road gate and buses."
        ),
        exit_contact=_STEADY_CONTACT,
        tags=("peer-host", "no-alcohol"),
    ),
    EventTemplate(
        organiser="oakwood",
        venue="roundhay-park",
        title="Lantern walk round Waterloo Lake",
        summary=(
            "A slow walk round the lake at dusk with paper lanterns we make together "
            "beforehand. About 3 km on wide paths; warm drinks at the end."
        ),
        description=(
            "We meet at the Mansion, fold simple paper lanterns with battery tea lights, and "
            "walk round Waterloo Lake as it gets dark.\n\n"
            "This is our first one, so we are still working out the details and will share "
            "the final plan here before it is published."
        ),
        expect_steps=(
            "Meet at 16:00 in the Mansion's entrance hall; look for the table of paper.",
            "Lantern making until about 16:20.",
            "We walk round the lake, stopping at the far end.",
            "Back at the Mansion by 17:30 for hot chocolate.",
        ),
        schedule=Once(24, time(16, 0)),
        minutes=90,
        mode=AttendanceMode.IN_PERSON,
        capacity=25,
        noise=Noise.CONVERSATIONAL,
        lighting=Lighting.DIM,
        interaction=Interaction.OPEN,
        scheduled_breaks=True,
        break_notes="A short stop at the far end of the lake.",
        exit_plan=_exit_plan("The lake path loops back to the Mansion from either side."),
        exit_contact=_OAKWOOD_CONTACT,
        tags=("outdoors", "structured-activity"),
        status=EventStatus.DRAFT,
    ),
    EventTemplate(
        organiser="oakwood",
        venue="roundhay-park",
        title="Soup and a sit-down at the Mansion",
        summary=(
            "Homemade soup and bread with neighbours, indoors at the Mansion after a short "
            "optional stroll. Vegan and gluten-free soup always available."
        ),
        description=(
            "A simple lunch for anyone in Oakwood and Roundhay who'd like some company. "
            "There is an optional 20-minute stroll beforehand.\n\n"
            "Draft: we're still confirming the room with the Mansion."
        ),
        expect_steps=(
            "Meet at 12:30 in the Mansion's entrance hall.",
            "Optional stroll to the lake and back until 12:50.",
            "Soup and bread from 13:00; sit wherever you like.",
            "We finish at 14:00.",
        ),
        schedule=Once(38, time(12, 30)),
        minutes=90,
        mode=AttendanceMode.IN_PERSON,
        capacity=16,
        noise=Noise.CONVERSATIONAL,
        lighting=Lighting.BRIGHT,
        interaction=Interaction.OPEN,
        exit_plan=_exit_plan(),
        exit_contact=_OAKWOOD_CONTACT,
        tags=("no-alcohol",),
        status=EventStatus.DRAFT,
    ),
    # ----------------------------------------------------------- Manchester
    EventTemplate(
        organiser="steady",
        venue="manchester-museum",
        title="Museum early opening: quiet hour at Manchester Museum",
        summary=(
            "An hour in the museum before it opens: soft lights, no sound effects, no "
            "crowds. Explore alone or follow a host. Rest space on the ground floor."
        ),
        description=(
            "On the last Sunday of the month the museum opens its doors to us an hour "
            "early. Sound in the galleries is switched off and the lights are lowered.\n\n"
            "There's no tour and no talk. Hosts stand at the lifts and the stairs if you "
            "want directions, or just company while you look."
        ),
        expect_steps=(
            "Arrive between 8:50 and 9:05 at the main entrance on Oxford Road; a host at the "
            "door will say hello and hand you a map.",
            "The rest gallery on the ground floor is marked on the map; chairs and water "
            "are there all hour.",
            "Explore at your own pace. Nobody will ask you to join anything.",
            "At 9:50 a host walks through the galleries to say it's ten minutes to opening.",
            "At 10:00 the museum opens to the public. Stay on or head home.",
        ),
        schedule=Monthly(SUNDAY, -1, time(9, 0)),
        minutes=60,
        mode=AttendanceMode.IN_PERSON,
        capacity=30,
        noise=Noise.QUIET,
        lighting=Lighting.DIM,
        interaction=Interaction.OBSERVE,
        quiet_room=True,
        break_notes="No set breaks; the rest gallery is open the whole hour.",
        content_notes=(
            "Some galleries hold human remains and animal skeletons; they are marked on the "
            "map if you'd rather avoid them."
        ),
        exit_plan=_exit_plan(),
        exit_contact=_STEADY_CONTACT,
        tags=("no-music", "agenda-shared", "peer-host"),
    ),
    EventTemplate(
        organiser="steady",
        venue="halle-st-peters",
        title="Community choir: Sing Together",
        summary=(
            "A friendly, no-audition choir. We learn two or three songs by ear each time. "
            "Everyone sings together; nobody sings alone unless they want to."
        ),
        description=(
            "Singing in a group can feel like a big step: it is a big room with up to 45 "
            "people, and everyone sings. You don't need to read music or have sung before."
            "\n\n"
            "You are welcome to sit at the side and listen for the first few weeks. "
            "Lyric sheets are printed in large type and emailed beforehand."
        ),
        expect_steps=(
            "Doors open at 18:45; a host at the entrance will show you where the altos, "
            "sopranos and 'not sure yet' seats are.",
            "At 19:00 we warm up with gentle breathing and humming, all together.",
            "We learn the first song line by line, copying the leader.",
            "Break at 19:55: squash and biscuits, and the quiet room upstairs is open.",
            "Second half from 20:10: one new song and one we know.",
            "We finish at 21:00 with a song everyone knows.",
        ),
        schedule=Weekly(THURSDAY, time(19, 0), every_weeks=2),
        minutes=120,
        mode=AttendanceMode.IN_PERSON,
        capacity=45,
        noise=Noise.LIVELY,
        lighting=Lighting.BRIGHT,
        interaction=Interaction.PERFORMING,
        scheduled_breaks=True,
        quiet_room=True,
        break_notes="A 15-minute break at about 19:55.",
        exit_plan=_exit_plan(
            "Chairs by both doors are kept free so you can leave mid-song without fuss."
        ),
        exit_contact=_STEADY_CONTACT,
        tags=("agenda-shared", "no-alcohol", "structured-activity"),
    ),
    EventTemplate(
        organiser="steady",
        venue="band-on-the-wall",
        title="Open mic for first-timers",
        summary=(
            "A kind open mic: songs, poems, a story, or just saying your name into the mic. "
            "Sign up on the night, or simply come and listen from the back."
        ),
        description=(
            "Everyone on the list is doing this for the first or second time, and the "
            "audience knows it. Slots are five minutes; the host helps with the microphone "
            "and will stand beside you if you'd like.\n\n"
            "It is a music venue on a Friday night, so it gets loud and busy. Ear plugs "
            "are free at the door, and the back of the room is kept quieter."
        ),
        expect_steps=(
            "Doors open at 19:30; the host at the door hands out free ear plugs and the "
            "sign-up sheet (signing up is optional).",
            "Sit or stand anywhere. The seats at the back near the exit are kept free.",
            "First act at 19:45. Each slot is up to five minutes; the running order is on "
            "the board by the stage.",
            "Break at about 20:40, with the quiet room off the foyer open.",
            "Second half from 21:00, finishing by 22:00.",
        ),
        schedule=Monthly(FRIDAY, 1, time(19, 30), first_day=0),
        minutes=150,
        mode=AttendanceMode.IN_PERSON,
        capacity=80,
        noise=Noise.LOUD,
        lighting=Lighting.DIM,
        interaction=Interaction.PERFORMING,
        scheduled_breaks=True,
        quiet_room=True,
        come_and_go=True,
        break_notes="A 20-minute break at about 20:40; arrive late or leave early as you like.",
        content_notes=(
            "Performers choose their own material, so some songs or poems may touch on loss, "
            "loneliness or difficult relationships. Alcohol is served at the bar."
        ),
        exit_plan=_exit_plan("The exit by the back seats opens straight onto Swan Street."),
        exit_contact=_STEADY_CONTACT,
        tags=("peer-host",),
    ),
    EventTemplate(
        organiser="steady",
        venue="band-on-the-wall",
        title="Songs in the round: an acoustic gig night",
        summary=(
            "Three Manchester songwriters take turns playing their songs, sitting together "
            "on stage. A proper gig night out, with our hosts and a quiet room."
        ),
        description=(
            "A step towards nights out: a real gig, in a real venue, with a few extra "
            "supports. We hold a block of seats near the exit for Steady Steps members and "
            "their allies.\n\n"
            "It is loud and the lights are low. Free ear plugs at the door."
        ),
        expect_steps=(
            "Doors at 19:30; find a host in a green lanyard in the foyer and they'll walk "
            "you to our seats.",
            "Music starts at 20:00 and runs for about an hour.",
            "Interval at about 21:00; the quiet room off the foyer is open.",
            "Second set until about 22:15, then home.",
        ),
        schedule=Once(33, time(19, 30)),
        minutes=180,
        mode=AttendanceMode.IN_PERSON,
        capacity=150,
        noise=Noise.LOUD,
        lighting=Lighting.DIM,
        interaction=Interaction.OBSERVE,
        scheduled_breaks=True,
        quiet_room=True,
        break_notes="An interval of about 20 minutes at 21:00.",
        content_notes="Alcohol is served at the bar. Some lyrics contain strong language.",
        exit_plan=_exit_plan("Our seats are beside the exit onto Swan Street."),
        exit_contact=_STEADY_CONTACT,
    ),
    EventTemplate(
        organiser="steady",
        venue="halle-st-peters",
        title="Steady Steps community lunch",
        summary=(
            "A big shared lunch with hot food, music from the Steady Steps choir and plenty "
            "of places to sit apart. Arrive and leave when you like."
        ),
        description=(
            "Our biggest gathering of the year, and a busy one: up to 60 people, a buffet "
            "and the choir singing for twenty minutes in the middle.\n\n"
            "If the hall gets too much, the quiet room upstairs is open throughout, and there "
            "is a quieter table by the café door. Dietary needs: tell us when you say yes."
        ),
        expect_steps=(
            "Arrive any time from 12:30; hosts in green lanyards are at the door and by the "
            "buffet.",
            "Food is served from 12:45. Take a plate and sit anywhere.",
            "At about 13:30 the choir sings for 20 minutes. You are welcome to step out.",
            "Pudding and tea from 14:00.",
            "We start clearing up at 14:45 and finish at 15:00.",
        ),
        schedule=Once(19, time(12, 30)),
        minutes=150,
        mode=AttendanceMode.IN_PERSON,
        capacity=60,
        noise=Noise.LIVELY,
        lighting=Lighting.BRIGHT,
        interaction=Interaction.OPEN,
        quiet_room=True,
        come_and_go=True,
        break_notes="Come and go as you like; the quiet room is open the whole time.",
        exit_plan=_exit_plan("The side exit into the café is usually quieter than the front."),
        exit_contact=_STEADY_CONTACT,
        tags=("no-alcohol", "peer-host", "scent-free"),
    ),
    EventTemplate(
        organiser="steady",
        venue="platt-fields-park",
        title="Tree walk in Platt Fields",
        summary=(
            "A slow lap of the boating lake and the tree-lined paths, about 1.5 km, "
            "with a stop to look closely at the trees. Flat, wide paths."
        ),
        description=(
            "A short walk to notice the trees: bark, buds, leaves and whatever the season "
            "brings. We stop to pick up a leaf or two and, if people like, press them into a "
            "little book afterwards.\n\n"
            "Walk beside others or a few steps behind; both are normal here."
        ),
        expect_steps=(
            "Meet at 11:00 by the boating lake; a host in a green waterproof will say hello.",
            "We walk slowly round the lake and under the trees.",
            "A stop at about 11:30 on the benches by the lake.",
            "Back at the lake by 12:15.",
        ),
        schedule=Once(-12, time(11, 0)),
        minutes=75,
        mode=AttendanceMode.IN_PERSON,
        capacity=10,
        noise=Noise.CONVERSATIONAL,
        lighting=Lighting.VARIABLE,
        interaction=Interaction.OPEN,
        scheduled_breaks=True,
        break_notes="A bench stop at about 11:30.",
        exit_plan=_exit_plan("The Wilmslow Road gate and buses are two minutes from the lake."),
        exit_contact=_STEADY_CONTACT,
        tags=("peer-host", "outdoors"),
    ),
    EventTemplate(
        organiser="steady",
        venue="platt-fields-park",
        title="Sunday sketching by the lake",
        summary=(
            "Sit on a bench and draw the trees, ducks or boats. Pencils and clipboards "
            "provided. No skill needed, and nobody looks at your drawing unless you ask."
        ),
        description=(
            "An hour and a half of quiet drawing outdoors, with one host and a small group.\n\n"
            "Sorry: we've had to cancel this one because the lakeside path is closed for "
            "repairs. We'll post a new date soon."
        ),
        expect_steps=(
            "Meet at 11:00 by the boating lake.",
            "Pick up a clipboard and pencils, and choose a bench.",
            "Draw until 12:30. A host comes round with a flask of tea at 11:45.",
        ),
        schedule=Once(16, time(11, 0)),
        minutes=90,
        mode=AttendanceMode.IN_PERSON,
        capacity=8,
        noise=Noise.QUIET,
        lighting=Lighting.VARIABLE,
        interaction=Interaction.OBSERVE,
        exit_plan=_exit_plan(),
        exit_contact=_STEADY_CONTACT,
        tags=("outdoors", "structured-activity"),
        status=EventStatus.CANCELLED,
    ),
    EventTemplate(
        organiser="steady",
        venue="manchester-central-library",
        title="Peer support circle (Manchester, in person or online)",
        summary=(
            "A small, structured circle hosted by people with lived experience. We take "
            "turns, and passing is always fine. Join in the room or from home."
        ),
        description=(
            "Each week has a gentle theme, such as 'a small thing that went well'. We go round "
            "the circle once; you can speak, pass, or type in the chat if you're online.\n\n"
            "What is said in the circle stays in the circle. The hosts are trained peer "
            "supporters, not therapists, and they will point you to more support if you "
            "ask."
        ),
        expect_steps=(
            "Arrive from 17:50 at the meeting room on the second floor, or join the video "
            "call from 17:55 with your camera and microphone off if you like.",
            "At 18:00 a host reads the circle's three agreements and the theme.",
            "We go round once; say a few words, or 'pass'. Online, you can type instead.",
            "A 10-minute break at 18:40.",
            "A second, shorter round, then we finish at 19:30.",
        ),
        schedule=Weekly(MONDAY, time(18, 0), every_weeks=2),
        minutes=90,
        mode=AttendanceMode.HYBRID,
        capacity=12,
        noise=Noise.QUIET,
        lighting=Lighting.SOFT,
        interaction=Interaction.STRUCTURED,
        scheduled_breaks=True,
        quiet_room=True,
        online_url="https://meet.example.org/steady-steps-circle-manchester",
        break_notes="A 10-minute break at 18:40; the quiet room is open throughout.",
        content_notes=(
            "People may mention anxiety, isolation or difficult memories in general terms; "
            "the hosts gently stop detailed descriptions of traumatic events."
        ),
        exit_plan=_exit_plan(
            "Online, just leave the call; a host will send one kind message afterwards, never more."
        ),
        exit_contact=_STEADY_CONTACT,
        tags=("peer-host", "agenda-shared", "written-communication", "captions"),
    ),
    EventTemplate(
        organiser="steady",
        venue=None,
        title="Online art club",
        summary=(
            "Draw, paint or collage along to a simple weekly prompt, from home. Cameras "
            "optional. Share your picture at the end only if you want to."
        ),
        description=(
            "Each session has one prompt, such as 'something blue in your kitchen'. The "
            "host shows a few ideas, then we all make quietly with some gentle music.\n\n"
            "Any materials are fine: a biro and an envelope count. Captions are on, and the "
            "chat is always an option instead of speaking."
        ),
        expect_steps=(
            "Join the call from 18:25; cameras and microphones can stay off.",
            "At 18:30 the host shares the prompt on screen and in the chat.",
            "We make for about an hour. The host stays on with music playing softly.",
            "At 19:40 anyone who wants to can hold their picture up or post a photo in the chat.",
            "We finish at 20:00.",
        ),
        schedule=Weekly(MONDAY, time(18, 30), first_day=7, every_weeks=2),
        minutes=90,
        mode=AttendanceMode.ONLINE,
        capacity=20,
        noise=Noise.CONVERSATIONAL,
        lighting=Lighting.VARIABLE,
        interaction=Interaction.STRUCTURED,
        online_url="https://meet.example.org/steady-steps-art-club",
        exit_plan="Leave the call whenever you like; no goodbye needed.",
        exit_contact=_STEADY_CONTACT,
        tags=("captions", "written-communication", "structured-activity"),
    ),
    EventTemplate(
        organiser="steady",
        venue=None,
        title="Camera-off co-working hour",
        summary=(
            "An hour of getting small things done in good company, online. Say what you'll "
            "work on in the chat, mute, and get on with it. Cameras stay off."
        ),
        description=(
            "Answering a letter, tidying a drawer, reading a chapter: it is easier with "
            "others quietly doing their own thing at the same time.\n\n"
            "Nobody speaks. The host types a welcome and the plan, and checks in by chat at "
            "half past."
        ),
        expect_steps=(
            "Join from 18:55. Cameras and microphones stay off for everyone.",
            "At 19:00 the host types a welcome; write your small task in the chat if you "
            "want to (or don't).",
            "Work quietly for 25 minutes.",
            "At 19:30 a two-minute stretch break, announced in the chat.",
            "At 20:00 the host types 'well done, everyone' and the call ends.",
        ),
        schedule=Weekly(THURSDAY, time(19, 0), every_weeks=2),
        minutes=60,
        mode=AttendanceMode.ONLINE,
        capacity=8,
        noise=Noise.QUIET,
        lighting=Lighting.VARIABLE,
        interaction=Interaction.OBSERVE,
        scheduled_breaks=True,
        online_url="https://meet.example.org/steady-steps-coworking",
        break_notes="A two-minute stretch at 19:30.",
        exit_plan="Leave the call whenever you like; no goodbye needed.",
        exit_contact=_STEADY_CONTACT,
        tags=("written-communication", "agenda-shared"),
    ),
    EventTemplate(
        organiser="steady",
        venue=None,
        title="New here? A gentle welcome call",
        summary=(
            "A short online call for anyone thinking about coming to a Steady Steps group. "
            "Hear how our groups work and ask anything, by voice or in the chat."
        ),
        description=(
            "Two of our peer hosts talk for about fifteen minutes about what a first visit "
            "looks like, then answer questions.\n\n"
            "You can stay anonymous: change your name on the call to anything you like."
        ),
        expect_steps=(
            "Join from 17:55 with your camera and microphone off if you like.",
            "At 18:00 the hosts introduce themselves and how our groups run.",
            "From about 18:15, questions, by chat or voice.",
            "We finish at 18:45.",
        ),
        schedule=Once(5, time(18, 0)),
        minutes=45,
        mode=AttendanceMode.ONLINE,
        capacity=12,
        noise=Noise.QUIET,
        lighting=Lighting.VARIABLE,
        interaction=Interaction.OBSERVE,
        online_url="https://meet.example.org/steady-steps-welcome",
        exit_plan="Leave the call whenever you like; no goodbye needed.",
        exit_contact=_STEADY_CONTACT,
        tags=("captions", "written-communication", "peer-host"),
    ),
    # -------------------------------------------------------------- Bristol
    EventTemplate(
        organiser="kettle",
        venue="windmill-hill-city-farm",
        title="Quiet coffee at the farm",
        summary=(
            "Coffee and cake for six at a corner table in the farm café. Conversation "
            "cards on the table if you'd like something to talk about; silence is fine too."
        ),
        description=(
            "A small, steady table in a friendly café. The café staff know us and turn the "
            "music off in our corner.\n\n"
            "The first drink is on us. If you'd like to talk, pick a card from the pot "
            "('the best soup you ever had') and we go round; you can always pass."
        ),
        expect_steps=(
            "Come to the café at 14:00; our table is in the far corner with a small kettle "
            "sign on it.",
            "Order anything; say you're with the Slow Kettle and the first drink is free.",
            "At about 14:15 a host offers the pot of conversation cards. Take one or pass.",
            "We finish at 15:15. Some people walk round to see the goats afterwards.",
        ),
        schedule=Weekly(WEDNESDAY, time(14, 0), first_day=-13, every_weeks=2),
        minutes=75,
        mode=AttendanceMode.IN_PERSON,
        capacity=6,
        noise=Noise.CONVERSATIONAL,
        lighting=Lighting.SOFT,
        interaction=Interaction.STRUCTURED,
        exit_plan=_exit_plan("Our table is the nearest one to the garden door."),
        exit_contact=_KETTLE_CONTACT,
        tags=("no-music", "no-alcohol", "peer-host"),
    ),
    EventTemplate(
        organiser="kettle",
        venue="windmill-hill-city-farm",
        title="Allotment morning",
        summary=(
            "Help in the farm's community garden: weeding, sowing, watering. Work alongside "
            "others or on your own bed. Tools and gloves provided; come and go as you like."
        ),
        description=(
            "Gardening is good company without needing to talk. The grower gives a short "
            "list of jobs, and you choose one.\n\n"
            "Wear clothes that can get muddy. There are raised beds you can reach from a "
            "chair or wheelchair."
        ),
        expect_steps=(
            "Arrive any time from 10:00 at the garden gate by the café; a host will hand "
            "you gloves.",
            "The grower reads out today's jobs at 10:10 (also on the blackboard).",
            "Pick a job and a spot. Ask for help, or be left alone: both are fine.",
            "Tea break at 11:30 in the polytunnel.",
            "We put the tools away from 12:45 and finish at 13:00.",
        ),
        schedule=Monthly(SUNDAY, 1, time(10, 0)),
        minutes=180,
        mode=AttendanceMode.IN_PERSON,
        capacity=20,
        noise=Noise.CONVERSATIONAL,
        lighting=Lighting.VARIABLE,
        interaction=Interaction.OPEN,
        scheduled_breaks=True,
        come_and_go=True,
        break_notes="Tea break at 11:30, and rest whenever you like on the benches.",
        exit_plan=_exit_plan("Leave your gloves in the basket by the gate on your way out."),
        exit_contact=_KETTLE_CONTACT,
        tags=("structured-activity", "no-alcohol", "outdoors"),
    ),
    EventTemplate(
        organiser="kettle",
        venue="bristol-central-library",
        title="Board games afternoon",
        summary=(
            "Simple, friendly board and card games at small tables. The rules are "
            "explained slowly. Play, watch, or swap tables whenever you like."
        ),
        description=(
            "Games give people something to focus on besides each other. We keep to games "
            "that take 20 minutes or less and don't need loud shouting.\n\n"
            "One table is always 'watching welcome': sit and see how a game works before "
            "you try it."
        ),
        expect_steps=(
            "Arrive any time from 13:00 at the meeting room on the first floor; a host at "
            "the door will find you a table.",
            "A host explains each game at the start, slowly, and plays the first round with you.",
            "Tea, squash and biscuits at 14:30. The quiet study room is across the landing.",
            "Games carry on until 15:45; we pack away by 16:00.",
        ),
        schedule=Monthly(SATURDAY, 3, time(13, 0), first_day=0),
        minutes=180,
        mode=AttendanceMode.IN_PERSON,
        capacity=14,
        noise=Noise.CONVERSATIONAL,
        lighting=Lighting.BRIGHT,
        interaction=Interaction.STRUCTURED,
        scheduled_breaks=True,
        quiet_room=True,
        come_and_go=True,
        break_notes="Tea at 14:30; come and go as you like.",
        exit_plan=_exit_plan("The lift and the step-free exit are just outside the room."),
        exit_contact=_KETTLE_CONTACT,
        tags=("structured-activity", "no-alcohol", "agenda-shared"),
    ),
    EventTemplate(
        organiser="kettle",
        venue="bristol-museum",
        title="Museum early opening: Bristol Museum before the doors open",
        summary=(
            "An unhurried hour in the galleries before the public arrives. Soft lighting, "
            "no crowds, a rest space, and hosts if you want them."
        ),
        description=(
            "Once a month the museum opens early for us. The galleries are hushed, and you "
            "can look at the paintings and the natural history at your own pace.\n\n"
            "There is no guided part. Hosts wear green lanyards and stand in the main hall."
        ),
        expect_steps=(
            "Arrive between 8:50 and 9:05 at the main doors on Queen's Road; a host will "
            "check your name.",
            "Pick up a map with the quiet rest gallery marked.",
            "Wander as you like. Hosts stay in the main hall.",
            "At 9:50 a host will let you know the museum opens in ten minutes.",
            "At 10:00 the doors open to everyone; stay on or head off.",
        ),
        schedule=Monthly(SUNDAY, 2, time(9, 0), first_day=0),
        minutes=60,
        mode=AttendanceMode.IN_PERSON,
        capacity=30,
        noise=Noise.QUIET,
        lighting=Lighting.SOFT,
        interaction=Interaction.OBSERVE,
        quiet_room=True,
        break_notes="No set breaks; the rest gallery is open the whole hour.",
        exit_plan=_exit_plan(),
        exit_contact=_KETTLE_CONTACT,
        tags=("no-music",),
    ),
    EventTemplate(
        organiser="kettle",
        venue="bristol-central-library",
        title="Reading corner with the Slow Kettle",
        summary=(
            "Four armchairs, a pot of tea and an hour of reading in silence. Bring a book "
            "or borrow one from the library shelves."
        ),
        description=(
            "The quietest thing we run. Nobody speaks from the start to the end of the hour; "
            "the host pours the tea.\n\n"
            "Good for a first step, or for a day when you'd like company without talking."
        ),
        expect_steps=(
            "Arrive between 10:50 and 11:00 at the study room across from the lift on the "
            "first floor.",
            "Take an armchair; the host pours you a cup of tea.",
            "Read from 11:00 until 11:55.",
            "The host quietly stands up at 11:55 to say the hour is over.",
        ),
        schedule=Monthly(FRIDAY, 2, time(11, 0), first_day=0),
        minutes=60,
        mode=AttendanceMode.IN_PERSON,
        capacity=4,
        noise=Noise.QUIET,
        lighting=Lighting.SOFT,
        interaction=Interaction.OBSERVE,
        exit_plan=_exit_plan(),
        exit_contact=_KETTLE_CONTACT,
        tags=("no-music", "scent-free"),
    ),
    # ------------------------------------------------------------ Edinburgh
    EventTemplate(
        organiser="firm",
        venue="royal-botanic-garden",
        title="Slow looking at the Botanic Garden",
        summary=(
            "Four people, one clinician, one hour. We walk a short level route and stop "
            "to look closely at a few plants. Observing only; nobody has to talk."
        ),
        description=(
            "A mindful, gentle outing. Dr Reid picks three stops on a short level path and "
            "invites you to notice colours, textures and sounds.\n\n"
            "It is part of our first rung: being out in a public place, with a few people, "
            "and nothing asked of you."
        ),
        expect_steps=(
            "Meet at 11:00 inside the John Hope Gateway, by the big window; Dr Reid will "
            "have a small green flag.",
            "We walk about 300 metres to the first stop and spend ten minutes there.",
            "Two more stops, each with a bench.",
            "Back at the Gateway by 12:00. You can stay for a cup of tea or go straight home.",
        ),
        schedule=Weekly(FRIDAY, time(11, 0), first_day=-13, every_weeks=2),
        minutes=60,
        mode=AttendanceMode.IN_PERSON,
        capacity=4,
        noise=Noise.QUIET,
        lighting=Lighting.VARIABLE,
        interaction=Interaction.OBSERVE,
        exit_plan=_exit_plan(
            "Every stop is within five minutes of the Gateway; Dr Reid can walk you back."
        ),
        exit_contact=_FIRM_CONTACT,
        tags=("outdoors", "no-music"),
    ),
    EventTemplate(
        organiser="firm",
        venue="mcdonald-road-library",
        title="Firm Footing: six-week confidence course",
        summary=(
            "A small weekly course led by a clinical psychologist, on understanding "
            "anxiety and planning small steps back into everyday places. Join for any week."
        ),
        description=(
            "Each week has a short, clear talk, a worksheet and time to plan one small step "
            "for the week ahead. You never have to share your plan with the group.\n\n"
            "The course is practical, not therapy, and it isn't a substitute for care from "
            "your GP. Handouts are large print and emailed to you afterwards."
        ),
        expect_steps=(
            "Arrive from 13:50 at the community room on the ground floor; Dr Reid will be "
            "at the door.",
            "At 14:00 a 20-minute talk, with the slides also printed on your table.",
            "Ten minutes' break at 14:30; the curtained corner is there if you need it.",
            "Worksheet time: plan one small step, alone or with a partner if you choose.",
            "At 15:20 we go round with one word each about how we feel (or pass), and "
            "finish at 15:30.",
        ),
        schedule=Weekly(WEDNESDAY, time(14, 0), first_day=1, last_day=42),
        minutes=90,
        mode=AttendanceMode.IN_PERSON,
        capacity=8,
        noise=Noise.QUIET,
        lighting=Lighting.SOFT,
        interaction=Interaction.STRUCTURED,
        scheduled_breaks=True,
        quiet_room=True,
        break_notes="A 10-minute break at 14:30.",
        content_notes=(
            "We talk about anxiety, avoidance and panic in general terms; nobody is asked to "
            "describe what happened to them."
        ),
        exit_plan=_exit_plan(
            "If you leave feeling shaken, Dr Reid will text you once, only if you've said "
            "that's OK."
        ),
        exit_contact=_FIRM_CONTACT,
        tags=("agenda-shared", "structured-activity", "written-communication"),
    ),
    EventTemplate(
        organiser="firm",
        venue="edinburgh-central-library",
        title="Peer support circle (Edinburgh, in person or online)",
        summary=(
            "A small circle for people rebuilding confidence, with a clinician in the room. "
            "Take turns, pass whenever you like, join in the room or from home."
        ),
        description=(
            "We meet every other Tuesday around one gentle question, such as 'somewhere "
            "you felt safe this fortnight'.\n\n"
            "Online, you can use the chat instead of speaking. The room has a hearing loop, "
            "and captions are on for the call."
        ),
        expect_steps=(
            "Arrive from 17:50 at the meeting room on the second floor, or join the call "
            "from 17:55.",
            "At 18:00 the host reads the agreements and the question.",
            "One round; speak, write, or pass.",
            "Break at 18:40 with tea; the quiet room next door is open.",
            "A short closing round, finishing at 19:30.",
        ),
        schedule=Weekly(TUESDAY, time(18, 0), every_weeks=2),
        minutes=90,
        mode=AttendanceMode.HYBRID,
        capacity=12,
        noise=Noise.QUIET,
        lighting=Lighting.SOFT,
        interaction=Interaction.STRUCTURED,
        scheduled_breaks=True,
        quiet_room=True,
        online_url="https://meet.example.org/firm-footing-circle-edinburgh",
        break_notes="A 10-minute break at 18:40.",
        content_notes="People may talk about anxiety and loneliness in general terms.",
        exit_plan=_exit_plan("Online, just leave the call."),
        exit_contact=_FIRM_CONTACT,
        tags=("agenda-shared", "captions", "written-communication"),
    ),
    EventTemplate(
        organiser="firm",
        venue="national-museum-of-scotland",
        title="Quiet choral morning in the Grand Gallery",
        summary=(
            "Listen to a small choir sing six calm pieces in the Grand Gallery before the "
            "museum opens. Sit and listen; there is no singing along."
        ),
        description=(
            "A short, calm concert of familiar songs, sung gently by a chamber choir of "
            "eight voices. Chairs are spaced out, and there are seats near the exit.\n\n"
            "The programme is printed and on this page, so you know what comes next."
        ),
        expect_steps=(
            "Arrive between 8:45 and 9:00 at the Chambers Street entrance; a host will show "
            "you to the chairs.",
            "At 9:00 the choir sings six pieces, with a short pause between each.",
            "At about 9:40 the choir finishes; stay in your seat as long as you like.",
            "The museum opens to the public at 10:00.",
        ),
        schedule=Once(21, time(9, 0)),
        minutes=60,
        mode=AttendanceMode.IN_PERSON,
        capacity=30,
        noise=Noise.QUIET,
        lighting=Lighting.SOFT,
        interaction=Interaction.OBSERVE,
        quiet_room=True,
        content_notes="Some pieces are sacred music; a few lyrics mention loss and longing.",
        exit_plan=_exit_plan("The seats by the exit are kept for anyone who may leave early."),
        exit_contact=_FIRM_CONTACT,
        tags=("agenda-shared", "scent-free"),
    ),
)
