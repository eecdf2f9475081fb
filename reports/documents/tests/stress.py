"""Stress organisations for the printed-page check (issue 10): what real data can hold that the samples
happen not to — very long unit names, a 200-character Thai "word", 60 measures, periods in every wording
the samples use, and the memo with the longest names and positions. Built through the services, as a
clerk would enter them."""

from __future__ import annotations

import datetime as dt

from assessments.models import AnalysisIssue, AnalysisIssueQuestion, Framework, Recommendation
from assessments.services import assessment_create
from ita_portal.models import Organisation, OrgUnit
from measures.services import measure_create, progress_record

LONG = (
    "เจ้าหน้าที่ผู้รับผิดชอบดำเนินการประชาสัมพันธ์ช่องทางการติดต่อสื่อสารของหน่วยงานให้ประชาชนรับทราบอย่างทั่วถึง "
    "ผ่านเว็บไซต์ เฟซบุ๊ก ไลน์ และป้ายประกาศ พร้อมทั้งรายงานผลการดำเนินงานต่อผู้บริหารเป็นประจำทุกเดือน "
    "เพื่อให้การปฏิบัติงานเป็นไปตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสที่กำหนดไว้อย่างมีประสิทธิภาพ ฯลฯ ต่าง ๆ"
)
# 200 characters with no space and no dictionary word boundary a typist could use: it must break somewhere.
WORD_200 = ("กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ" * 5)[:200]
# Every wording of a period the samples print.
PERIODS = [
    "ต.ค. ๖๕ ถึง ก.ย. ๖๖",
    "ปีงบประมาณ พ.ศ. ๒๕๖๖",
    "ตลอดปีงบประมาณ พ.ศ. ๒๕๖๖",
    "๑ ต.ค. ๒๕๖๖ – ๓๐ ก.ย. ๒๕๖๗",
    "๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗",  # sample 002, part 2
    "ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖",
    "ตุลาคม ๒๕๖๕ – กันยายน ๒๕๖๖",
    "ภายในเดือนมีนาคม ๒๕๖๖",
    "",
]
LONG_UNITS = [
    "กองการศึกษา ศาสนาและวัฒนธรรม",
    "งานส่งเสริมการเกษตรและสวัสดิการสังคมและพัฒนาชุมชน",
    "งานนิติการและงานรับเรื่องราวร้องทุกข์ร้องเรียนการทุจริตและประพฤติมิชอบ",
]


def stress_organisation(slug: str = "stress") -> Organisation:
    org = Organisation.objects.create(
        slug=slug,
        name="องค์การบริหารส่วนตำบลหนองบัวแดงเหนือพัฒนาเจริญสุขสันต์",
        short_name="อบต.หนองบัวแดงเหนือพัฒนาเจริญสุขสันต์",
        district="เฉลิมพระเกียรติสมเด็จพระศรีนครินทร์",
        province="พระนครศรีอยุธยา",
        letter_code="อย ๗๑๙๐๑",
        head_name="ว่าที่ร้อยตรีหญิงประภาพรรณ ศรีสุวรรณวงศ์ไพบูลย์",
        head_position="หัวหน้าสำนักปลัดองค์การบริหารส่วนตำบลหนองบัวแดงเหนือพัฒนาเจริญสุขสันต์",
        clerk_name="นายเฉลิมพงษ์ศักดิ์ วงศ์ประเสริฐสุขเจริญ",
        clerk_position="ปลัดองค์การบริหารส่วนตำบลหนองบัวแดงเหนือพัฒนาเจริญสุขสันต์",
        mayor_name="นายสมเกียรติศักดิ์ ประเสริฐวงศ์สกุลไทย",
        mayor_position="นายกองค์การบริหารส่วนตำบลหนองบัวแดงเหนือพัฒนาเจริญสุขสันต์",
    )
    office = OrgUnit.objects.create(organisation=org, name="สำนักปลัด")
    units = [office] + [
        OrgUnit.objects.create(organisation=org, name=name, parent=office if i else None)
        for i, name in enumerate(LONG_UNITS)
    ]
    scores = {n: f"{80 + n * 1.5:.2f}" for n in range(1, 11)}
    last = assessment_create(organisation=org, fiscal_year=2565, indicator_scores=scores, actor=None)
    this = assessment_create(
        organisation=org,
        fiscal_year=2566,
        indicator_scores={n: f"{min(100, float(v) + (n % 3) - 1):.2f}" for n, v in scores.items()},
        actor=None,
    )
    fw = last.framework
    for i, q in enumerate(fw.questions.select_related("indicator").exclude(answer="item")[:6]):
        rec = Recommendation.objects.create(
            assessment=last,
            question=q,
            indicator=q.indicator,
            score="85.50",
            kind="strength" if i % 2 == 0 else "weakness",
            issue="ประเด็น " + LONG[:120],
            advice="หน่วยงานควร" + LONG,
            order=i,
        )
        rec.assigned_units.set(units[1:])
    issue = AnalysisIssue.objects.create(
        assessment=this,
        number=1,
        title="ประเด็นการวิเคราะห์ " + LONG[:60],
        analysis=LONG + "\n\n" + WORD_200,
        limitation=LONG,
    )
    for k, q in enumerate(Framework.objects.get(fiscal_year=2566).questions.exclude(answer="item")[:5]):
        AnalysisIssueQuestion.objects.create(
            issue=issue, question=q, score="97.50", remark="รักษาระดับ" if k else WORD_200[:60], order=k
        )
    oit = fw.tools.get(code="OIT")
    indicator = fw.indicators.get(number=9)
    for n in range(1, 61):
        m = measure_create(
            organisation=org,
            fiscal_year=2566,
            title=(WORD_200 if n == 1 else f"มาตรการที่ {n} " + LONG[: 40 + n]),
            issue="ประเด็นที่ต้องพัฒนา " + LONG[:80],
            tool=oit,
            indicators=[indicator],
            steps=[LONG[:100], LONG[100:200], "รายงานผู้บริหาร"],
            units=[units[n % len(units)], units[(n + 1) % len(units)]],
            period_text=PERIODS[n % len(PERIODS)],
            reporting=LONG[:150],
            reporting_deadline=dt.date(2023, 3, 31),
            suggestion=LONG[:100],
            actor=None,
        )
        for k, (round_, day) in enumerate(
            [("half", dt.date(2022, 12, 15)), ("annual", dt.date(2023, 9, 25))]
        ):
            progress_record(
                measure=m,
                round=round_,
                done=f"ครั้งที่ {k + 1} " + LONG[: 60 + n],
                status="done",
                reported_on=day,
                completed_on=day,
                actor=None,
            )
    for n in range(1, 4):
        measure_create(
            organisation=org,
            fiscal_year=2567,
            title="วิธีการ " + LONG[:100],
            steps=[LONG[:80], LONG[80:160]],
            units=units[1:],
            analysis_issues=[issue],
            period_text=PERIODS[n],
            number=n,
            actor=None,
        )
    return org
