"""MS Project XML (MSPDI) import."""

import pytest
from projects_testkit import dt

from vextrus.modules.projects.domain.cpm import schedule
from vextrus.modules.projects.domain.mspdi import MspdiError, load_mspdi
from vextrus.modules.projects.domain.network import ActivityType, ConstraintType, RelType

XML = """<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Name>Tower B</Name>
  <StartDate>2026-01-03T08:00:00</StartDate>
  <CalendarUID>1</CalendarUID>
  <Calendars>
    <Calendar><UID>1</UID><Name>Site</Name><IsBaseCalendar>1</IsBaseCalendar>
      <WeekDays>
        <WeekDay><DayType>6</DayType><DayWorking>0</DayWorking></WeekDay>
        {}
        <WeekDay><DayType>0</DayType><DayWorking>0</DayWorking>
          <TimePeriod><FromDate>2026-01-06T00:00:00</FromDate><ToDate>2026-01-06T23:59:00</ToDate></TimePeriod>
        </WeekDay>
      </WeekDays>
    </Calendar>
  </Calendars>
  <Tasks>
    <Task><UID>0</UID><ID>0</ID><Name>Tower B</Name><Summary>1</Summary></Task>
    <Task><UID>1</UID><ID>1</ID><Name>Excavation</Name><WBS>1.1</WBS><Duration>PT16H0M0S</Duration></Task>
    <Task><UID>2</UID><ID>2</ID><Name>Blinding</Name><WBS>1.2</WBS><Duration>PT8H0M0S</Duration>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>3</Type><LinkLag>2400</LinkLag><LagFormat>5</LagFormat></PredecessorLink>
    </Task>
    <Task><UID>3</UID><ID>3</ID><Name>Handover</Name><WBS>1.3</WBS><Duration>PT0H0M0S</Duration><Milestone>1</Milestone>
      <ConstraintType>4</ConstraintType><ConstraintDate>2026-01-05T08:00:00</ConstraintDate>
      <PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink>
    </Task>
  </Tasks>
</Project>
""".format("".join(
    f"<WeekDay><DayType>{d}</DayType><DayWorking>1</DayWorking><WorkingTimes>"
    "<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>"
    "<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>"
    "</WorkingTimes></WeekDay>" for d in (1, 2, 3, 4, 5, 7)))


def test_import_and_schedule():
    p = load_mspdi(XML)
    net = p.network
    assert [a.code for a in net.activities] == ["1.1", "1.2", "1.3"]
    assert net.activities[2].type is ActivityType.FINISH_MILESTONE  # zero duration: dated at its predecessor's finish
    assert net.activities[2].constraint.type is ConstraintType.START_ON_OR_AFTER
    rel = net.relationships[0]
    assert (rel.type, rel.lag_hours) == (RelType.SS, 4)  # 2400 tenths of a minute = 4 h
    r = schedule(net, p.options)
    # Excavation Sat-Sun; Blinding SS+4h -> Sat 13:00, 8 h -> Sun 12:00;
    # Handover (a finish milestone) after Sun 12:00 but not before Mon 08:00 (constraint): the same
    # working instant as Sun 17:00, where P6 dates a finish milestone.
    assert r["1.2"].early_start == dt(3, 13) and r["1.2"].early_finish == dt(4, 12)
    assert r["1.3"].early_finish == dt(4, 17)
    assert not net.calendars["1"].is_working_day(dt(6, 0).date())


def test_entities_are_refused():
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><Project>&a;</Project>'
    with pytest.raises(MspdiError, match="DOCTYPE"):
        load_mspdi(bomb)


def test_a_link_from_a_task_not_in_the_file_is_left_out_with_a_warning():
    p = load_mspdi(XML.replace("<PredecessorUID>2</PredecessorUID>", "<PredecessorUID>9</PredecessorUID>"))
    assert len(p.network.relationships) == 1 and any("UID 9" in w for w in p.warnings)


def test_a_finish_milestone_after_a_task_sits_at_its_finish():
    p = load_mspdi(XML.replace("<ConstraintType>4</ConstraintType><ConstraintDate>2026-01-05T08:00:00</ConstraintDate>",
                               ""))
    r = schedule(p.network, p.options)
    assert r["1.3"].early_start == r["1.3"].early_finish == r["1.2"].early_finish == dt(4, 12)


# P6's MSPDI export writes the Activity ID to a task field chosen in its template ("Export Activity
# ID to Microsoft Project task field"), declared as an extended attribute aliased "Activity ID".
P6_IDS = XML.replace("<CalendarUID>1</CalendarUID>", """<CalendarUID>1</CalendarUID>
  <ExtendedAttributes><ExtendedAttribute><FieldID>188743731</FieldID><FieldName>Text1</FieldName>
    <Alias>Activity ID</Alias></ExtendedAttribute></ExtendedAttributes>""")
for uid, code in (("1", "EX-1000"), ("2", "EX-1010"), ("3", "MS-9000")):
    P6_IDS = P6_IDS.replace(f"<UID>{uid}</UID><ID>{uid}</ID>", f"<UID>{uid}</UID><ID>{uid}</ID><ExtendedAttribute>"
                            f"<FieldID>188743731</FieldID><Value>{code}</Value></ExtendedAttribute>")


def test_p6_activity_ids_carried_in_mspdi_are_the_activity_codes():
    p = load_mspdi(P6_IDS)
    assert [a.code for a in p.network.activities] == ["EX-1000", "EX-1010", "MS-9000"]
    assert [(r.predecessor, r.successor) for r in p.network.relationships] == [("EX-1000", "EX-1010"),
                                                                                ("EX-1010", "MS-9000")]
    assert p.uids["EX-1000"] == "1"
    # without the alias the codes stay the WBS numbers
    assert [a.code for a in load_mspdi(P6_IDS.replace("Activity ID", "Supplier")).network.activities] == \
        ["1.1", "1.2", "1.3"]


def test_fs_and_ff_between_the_same_pair_are_both_kept():
    two = XML.replace("<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink>",
                      "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink>"
                      "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>0</Type></PredecessorLink>"
                      "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>0</Type></PredecessorLink>")
    p = load_mspdi(two)
    assert sorted(r.type.value for r in p.network.relationships if r.successor == "1.3") == ["FF", "FS"]
    assert any("repeated FF" in w for w in p.warnings)
