"""Generate a synthetic national data set for benchmarks: 7,850 organisations in 77 provinces, five
fiscal years of assessments (indicator and question scores) and 8 measures per organisation per year
with steps, units, linked indicators and progress.

Meant for a separate database (DATABASE_URL=postgres://…/ita_national), never for real data. Rows go
in with bulk_create, which skips save(), so the figures save() would store (Assessment total/level/
passed, Measure status/due_date) are computed here with the same pure rules.
"""

from __future__ import annotations

import json
import random
import time
from decimal import Decimal

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from assessments import scoring
from assessments.models import AnswerKind, Assessment, Framework, IndicatorScore, QuestionScore
from assessments.services import framework_load
from ita_portal import fiscal, geo
from ita_portal.models import Organisation, OrganisationKind, OrgUnit
from measures.models import Measure, MeasureStep, Progress, Status

PROVINCES = (
    "กรุงเทพมหานคร กระบี่ กาญจนบุรี กาฬสินธุ์ กำแพงเพชร ขอนแก่น จันทบุรี ฉะเชิงเทรา ชลบุรี ชัยนาท ชัยภูมิ ชุมพร "
    "เชียงราย เชียงใหม่ ตรัง ตราด ตาก นครนายก นครปฐม นครพนม นครราชสีมา นครศรีธรรมราช นครสวรรค์ นนทบุรี นราธิวาส "
    "น่าน บึงกาฬ บุรีรัมย์ ปทุมธานี ประจวบคีรีขันธ์ ปราจีนบุรี ปัตตานี พระนครศรีอยุธยา พะเยา พังงา พัทลุง พิจิตร "
    "พิษณุโลก เพชรบุรี เพชรบูรณ์ แพร่ ภูเก็ต มหาสารคาม มุกดาหาร แม่ฮ่องสอน ยโสธร ยะลา ร้อยเอ็ด ระนอง ระยอง ราชบุรี "
    "ลพบุรี ลำปาง ลำพูน เลย ศรีสะเกษ สกลนคร สงขลา สตูล สมุทรปราการ สมุทรสงคราม สมุทรสาคร สระแก้ว สระบุรี สิงห์บุรี "
    "สุโขทัย สุพรรณบุรี สุราษฎร์ธานี สุรินทร์ หนองคาย หนองบัวลำภู อ่างทอง อำนาจเจริญ อุดรธานี อุตรดิตถ์ อุทัยธานี "
    "อุบลราชธานี"
).split()
# Syllables for place names; leading vowels (เ แ โ ไ) included so Thai collation is exercised.
HEADS = (
    "หนอง บ้าน โคก นา ดอน ห้วย เวียง ไผ่ แม่ ท่า สระ บึง ทุ่ง เขา ป่า โนน เชียง แสน ศรี กุด ลำ วัง เกาะ ไร่ โพธิ์ ขาม".split()
)
TAILS = (
    "ใหญ่ น้อย แก้ว ทอง คำ งาม หลวง เหนือ ใต้ กลาง ยาง ขาม ม่วง บัว เจริญ สว่าง ศรี แดง ขาว เงิน ไทร โพธิ์ สูง พัฒนา".split()
)
KIND_WEIGHTS = [
    (OrganisationKind.SAO, 0.69),
    (OrganisationKind.SUBDISTRICT_MUNICIPALITY, 0.28),
    (OrganisationKind.TOWN_MUNICIPALITY, 0.025),
    (OrganisationKind.CITY_MUNICIPALITY, 0.005),
]
KIND_PREFIX = {
    OrganisationKind.SAO: ("องค์การบริหารส่วนตำบล", "อบต."),
    OrganisationKind.SUBDISTRICT_MUNICIPALITY: ("เทศบาลตำบล", "ทต."),
    OrganisationKind.TOWN_MUNICIPALITY: ("เทศบาลเมือง", "ทม."),
    OrganisationKind.CITY_MUNICIPALITY: ("เทศบาลนคร", "ทน."),
    OrganisationKind.PAO: ("องค์การบริหารส่วนจังหวัด", "อบจ."),
}
UNITS = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม"]
MEASURES = [
    "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
    "มาตรการป้องกันการรับสินบน",
    "มาตรการส่งเสริมความโปร่งใสในการจัดซื้อจัดจ้าง",
    "มาตรการจัดการเรื่องร้องเรียนการทุจริต",
    "มาตรการป้องกันผลประโยชน์ทับซ้อน",
    "มาตรการส่งเสริมการใช้ทรัพย์สินของราชการอย่างถูกต้อง",
    "มาตรการปรับปรุงคุณภาพการให้บริการประชาชน",
    "มาตรการเสริมสร้างวัฒนธรรมองค์กรต่อต้านการทุจริต",
]
STATUSES = [Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED]
STEPS = ["แต่งตั้งคณะทำงาน", "ดำเนินการตามแผนและเผยแพร่บนเว็บไซต์", "รายงานผลต่อผู้บริหาร"]
BATCH = 5000
CHUNK = 400  # organisations per batch: bounded memory, progress visible


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return str(value)


class Sink:
    """Rows of one model with explicit primary keys, written in bulk: COPY on PostgreSQL (about ten times
    faster than INSERT for millions of rows), bulk_create in batches elsewhere. Columns not supplied get
    their field default (auto_now fields: now), as save() would set them."""

    def __init__(self, model, fields: tuple[str, ...]):
        self.model, self.fields, self.rows = model, fields, []
        now = timezone.now()
        self.concrete = [f for f in model._meta.concrete_fields]
        self.constants = {}
        for f in self.concrete:
            if f.attname in fields or f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.constants[f.attname] = now
            elif f.has_default():
                self.constants[f.attname] = f.get_default()
            elif f.null:
                self.constants[f.attname] = None
            else:
                self.constants[f.attname] = ""

    def reserve(self, n: int) -> int:
        """First of `n` consecutive primary keys nobody else will use."""
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
                first = cursor.fetchone()[0]
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, first + n - 1])
                return first
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
            first = cursor.fetchone()[0]
        self._next_sqlite = first + n
        return first

    def add(self, *values) -> None:
        self.rows.append(values)

    def flush(self) -> int:
        rows, self.rows = self.rows, []
        if not rows:
            return 0
        if connection.vendor == "postgresql":
            import io

            names = ("id", *self.fields, *self.constants)
            columns = ", ".join(
                f'"{self.model._meta.get_field(n if n != "id" else "id").column}"' for n in names
            )
            tail = "\t".join(_copy_text(v) for v in self.constants.values())
            lines = io.StringIO()
            for row in rows:
                lines.write("\t".join(map(_copy_text, row)))
                if tail:
                    lines.write("\t" + tail)
                lines.write("\n")
            lines.seek(0)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(f'COPY "{self.model._meta.db_table}" ({columns}) FROM STDIN', lines)
        else:
            names = ("id", *self.fields)
            self.model.objects.bulk_create(
                [self.model(**dict(zip(names, row, strict=True)), **self.constants) for row in rows],
                batch_size=BATCH,
            )
        return len(rows)


LOADED = (
    OrgUnit,
    Assessment,
    IndicatorScore,
    QuestionScore,
    Measure,
    Measure.indicators.through,
    Measure.units.through,
    MeasureStep,
    Progress,
)


def drop_foreign_keys(models) -> list[tuple[str, str, str]]:
    """Drop the foreign keys of `models`' tables and return them for restore_foreign_keys().

    Why: PostgreSQL checks a foreign key with a trigger per inserted (or deleted) row, run at commit;
    for the ~6 million rows of the national set that was ~90 of ~200 seconds. Added back, each
    constraint is checked in one join over the whole table (PostgreSQL manual, "Populating a
    Database"). Call both inside one transaction: a failed run rolls the constraints back in."""
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what is pending is checked now, not lost
        cursor.execute(
            "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        constraints = cursor.fetchall()
        for table, name, _ in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    return constraints


def restore_foreign_keys(constraints: list[tuple[str, str, str]]) -> None:
    """Add the constraints back; PostgreSQL validates every existing row (an error rolls back the run)."""
    with connection.cursor() as cursor:
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class NationalGenerator:
    """One run of the generator; `stdout` and `style` are the calling command's (progress and timings)."""

    def __init__(self, *, stdout, style):
        self.stdout, self.style = stdout, style

    def run(self, *, organisations, provinces, province, first_year, years, measures, seed, flush) -> None:
        if not 1 <= provinces <= len(PROVINCES):
            raise CommandError(f"--provinces ต้องอยู่ระหว่าง 1 ถึง {len(PROVINCES)}")
        self.only_province = province or ""
        if self.only_province and self.only_province not in PROVINCES:
            raise CommandError(f"ไม่พบจังหวัด {self.only_province} ในรายชื่อจังหวัดทางการ")
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.timings: list[tuple[str, float]] = []
        self.counts: dict[str, int] = {}
        started = time.perf_counter()

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Synthetic data: losing the last commit in a crash costs nothing, waiting for fsync does.
                cursor.execute("SET synchronous_commit TO OFF")
            # One transaction, so dropped foreign keys cannot outlive a failed run.
            with transaction.atomic():
                with self._timed("drop foreign keys"):
                    constraints = drop_foreign_keys(LOADED)
                self._load(flush, organisations, provinces, first_year, years, measures, started)
                with self._timed("check foreign keys"):
                    restore_foreign_keys(constraints)
                commit_started = time.perf_counter()
            self.timings.append(("commit", time.perf_counter() - commit_started))
            with self._timed("analyze"), connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            self._load(flush, organisations, provinces, first_year, years, measures, started)

        total = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"สร้างข้อมูลระดับประเทศเสร็จใน {total:.1f} วินาที ({connection.vendor})")
        )
        merged: dict[str, float] = {}
        for name, seconds in self.timings:
            merged[name] = merged.get(name, 0) + seconds
        for name, seconds in merged.items():
            self.stdout.write(f"  {name:<16} {seconds:7.1f} s")
        for name, n in self.counts.items():
            self.stdout.write(f"  {name:<16} {n:>10,} แถว")

    def _load(self, flush, organisations, provinces, first_year, years, measures, started) -> None:
        existing = Organisation.objects.filter(slug__startswith="nat-")
        if existing.exists():
            if not flush:
                raise CommandError("มีข้อมูลสังเคราะห์อยู่แล้ว ใช้ --flush เพื่อลบแล้วสร้างใหม่")
            with self._timed("flush"):
                self._flush(existing)
        assessed_years = list(range(first_year, first_year + years))
        with self._timed("frameworks"):
            self.frameworks = self._frameworks(assessed_years)
        with self._timed("organisations"):
            chosen = [self.only_province] if self.only_province else PROVINCES[:provinces]
            orgs = self._organisations(organisations, chosen)
        with self._timed("units"):
            units = self._units(orgs)
        for start in range(0, len(orgs), CHUNK):
            chunk = orgs[start : start + CHUNK]
            with transaction.atomic():
                scores = self._assessments(chunk, assessed_years)
                self._measures(chunk, units, scores, [y + 1 for y in assessed_years], measures)
            done = min(start + CHUNK, len(orgs))
            self.stdout.write(f"  {done}/{len(orgs)} หน่วยงาน  {time.perf_counter() - started:6.1f} s")

    # ------------------------------------------------------------ helpers

    class _Timer:
        def __init__(self, owner, name):
            self.owner, self.name = owner, name

        def __enter__(self):
            self.start = time.perf_counter()

        def __exit__(self, *exc):
            self.owner.timings.append((self.name, time.perf_counter() - self.start))

    def _timed(self, name):
        return self._Timer(self, name)

    def _insert(self, name, model, objects):
        """bulk_create in batches; returns the objects (with primary keys where the database returns them)."""
        with self._timed(name):
            created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.counts[name] = self.counts.get(name, 0) + len(objects)
        return created

    def _flush(self, existing):
        ids = list(existing.values_list("pk", flat=True))
        # Children first, in bulk, so cascades do not walk millions of rows one signal at a time.
        Progress.objects.filter(measure__organisation_id__in=ids)._raw_delete(connection.alias)
        MeasureStep.objects.filter(measure__organisation_id__in=ids)._raw_delete(connection.alias)
        Measure.units.through.objects.filter(measure__organisation_id__in=ids)._raw_delete(connection.alias)
        Measure.indicators.through.objects.filter(measure__organisation_id__in=ids)._raw_delete(
            connection.alias
        )
        Measure.objects.filter(organisation_id__in=ids)._raw_delete(connection.alias)
        QuestionScore.objects.filter(assessment__organisation_id__in=ids)._raw_delete(connection.alias)
        IndicatorScore.objects.filter(assessment__organisation_id__in=ids)._raw_delete(connection.alias)
        Assessment.objects.filter(organisation_id__in=ids)._raw_delete(connection.alias)
        OrgUnit.objects.filter(organisation_id__in=ids)._raw_delete(connection.alias)
        Organisation.objects.filter(pk__in=ids)._raw_delete(connection.alias)

    def _frameworks(self, wanted: list[int]) -> dict[int, dict]:
        """Each wanted year's framework; a year with no fixture gets a copy of the nearest one (as data)."""
        fixtures = {
            int(p.stem[2:]): p for p in (settings.BASE_DIR / "fixtures" / "frameworks").glob("fy*.json")
        }
        present = set(Framework.objects.values_list("fiscal_year", flat=True))
        for year in wanted:
            if year in present:
                continue
            nearest = (
                fixtures[year]
                if year in fixtures
                else fixtures[min(fixtures, key=lambda y: (abs(y - year), -y))]
            )
            data = json.loads(nearest.read_text(encoding="utf-8"))
            if data["fiscal_year"] != year:
                data["notes"] = f"สำเนาของกรอบปี {data['fiscal_year']} สำหรับข้อมูลสังเคราะห์ (generate_national)"
                data["fiscal_year"] = year
            framework_load(data=data, actor=None, reason="ระบบ: คำสั่ง generate_national ไม่มีผู้ใช้")
        out = {}
        for framework in (
            Framework.objects.filter(fiscal_year__in=wanted).with_rules().prefetch_related("questions")
        ):
            indicators = {i.number: i for i in framework.indicators.all()}
            number_of = {i.pk: n for n, i in indicators.items()}
            out[framework.fiscal_year] = {
                "framework": framework,
                "scheme": framework.scheme(),
                "indicators": indicators,
                "questions": [(q.pk, number_of[q.indicator_id], q.answer) for q in framework.questions.all()],
            }
        return out

    def _organisations(self, count: int, provinces: list[str]) -> list[Organisation]:
        rng = self.rng
        # The official districts (ita_portal.geo), so supervisors' scope (references) finds them.
        province_rows, district_rows = geo.official_rows()
        province_code = {name: code for code, name in province_rows}
        district_code = {(pcode, name): code for code, pcode, name in district_rows}
        districts = {}
        for province in provinces:
            official = [name for code, pcode, name in district_rows if pcode == province_code[province]]
            capital = next((n for n in official if n == f"เมือง{province}"), official[0])
            rest = [n for n in official if n != capital]
            districts[province] = [capital, *rng.sample(rest, min(len(rest), rng.randint(4, 17)))]
        kinds, weights = zip(*KIND_WEIGHTS, strict=True)
        objects, used = [], set()
        for n in range(count):
            if n < len(provinces):
                province, kind, district = provinces[n], OrganisationKind.PAO, districts[provinces[n]][0]
                place = province
            else:
                province = provinces[n % len(provinces)]
                district = rng.choice(districts[province])
                kind = rng.choices(kinds, weights)[0]
                place = rng.choice(HEADS) + rng.choice(TAILS)
                while (province, district, place) in used:
                    place = rng.choice(HEADS) + rng.choice(TAILS) + rng.choice(TAILS)
                used.add((province, district, place))
            long, short = KIND_PREFIX[kind]
            objects.append(
                Organisation(
                    slug=f"nat-{n + 1:05d}",
                    name=f"{long}{place}",
                    short_name=f"{short}{place}",
                    kind=kind,
                    province=province,
                    district=district,
                    province_ref_id=province_code[province],
                    district_ref_id=district_code[(province_code[province], district)],
                    use_thai_digits=rng.random() < 0.5,
                )
            )
        self._insert("organisations", Organisation, objects)
        # Re-read: SQLite and PostgreSQL both return keys, but created_at defaults are set either way.
        return list(Organisation.objects.filter(slug__startswith="nat-").order_by("pk"))

    def _units(self, orgs) -> dict[int, list[int]]:
        self._insert(
            "units",
            OrgUnit,
            [
                OrgUnit(organisation=o, name=name, order=i)
                for o in orgs
                for i, name in enumerate(UNITS, start=1)
            ],
        )
        units: dict[int, list[int]] = {}
        for org_id, pk in (
            OrgUnit.objects.filter(organisation__in=orgs)
            .order_by("order")
            .values_list("organisation_id", "pk")
        ):
            units.setdefault(org_id, []).append(pk)
        return units

    def _write(self, name: str, sink: Sink) -> None:
        with self._timed(name):
            n = sink.flush()
        self.counts[name] = self.counts.get(name, 0) + n

    def _assessments(self, orgs, years) -> dict[tuple[int, int], dict[int, Decimal]]:
        """Assessments with stored summaries, indicator and question scores; returns the indicator
        scores by (organisation, year) so measures can target the weak indicators."""
        rng, scores_by = self.rng, {}
        assessments = Sink(Assessment, ("organisation_id", "framework_id", "total", "level", "passed"))
        indicator_scores = Sink(IndicatorScore, ("assessment_id", "indicator_id", "score"))
        question_scores = Sink(QuestionScore, ("assessment_id", "question_id", "score", "passed"))
        planned = []
        with self._timed("generate"):
            for org in orgs:
                base = rng.gauss(86, 7)
                for k, year in enumerate(years):
                    if rng.random() < 0.03:  # a few organisations miss a year
                        continue
                    level = base + 1.2 * k + rng.gauss(0, 3)
                    values = {
                        # OIT (9, 10) swings more: its items pass or fail
                        number: round(
                            min(100.0, max(20.0, rng.gauss(level + 3, 14 if number >= 9 else 6))), 2
                        )
                        for number in self.frameworks[year]["indicators"]
                    }
                    planned.append((org.pk, year, values))
            next_assessment = assessments.reserve(len(planned))
            n_questions = sum(len(self.frameworks[y]["questions"]) for _, y, _ in planned)
            next_indicator = indicator_scores.reserve(10 * len(planned))
            next_question = question_scores.reserve(n_questions)
            for org_id, year, values in planned:
                fw = self.frameworks[year]
                decimals = {n: Decimal(f"{v:.2f}") for n, v in values.items()}
                result = scoring.compute(fw["scheme"], decimals)  # what Assessment.refresh_summary() stores
                band = result.level
                passed = band.passed if band else (result.total >= fw["scheme"].pass_mark)
                assessment_id = next_assessment
                next_assessment += 1
                assessments.add(
                    assessment_id,
                    org_id,
                    fw["framework"].pk,
                    result.total,
                    band.label if band else "",
                    passed,
                )
                scores_by[(org_id, year)] = decimals
                for number, value in values.items():
                    indicator_scores.add(
                        next_indicator, assessment_id, fw["indicators"][number].pk, f"{value:.2f}"
                    )
                    next_indicator += 1
                for question_id, number, answer in fw["questions"]:
                    mean = values[number]
                    if answer == AnswerKind.ITEM:
                        question_scores.add(
                            next_question, assessment_id, question_id, None, rng.random() * 100 < mean
                        )
                    else:
                        value = min(100.0, max(0.0, rng.gauss(mean, 6)))
                        question_scores.add(next_question, assessment_id, question_id, f"{value:.2f}", None)
                    next_question += 1
        self._write("assessments", assessments)
        self._write("indicator_scores", indicator_scores)
        self._write("question_scores", question_scores)
        return scores_by

    def _measures(self, orgs, units, scores_by, years, per_year) -> None:
        rng, today = self.rng, self.today
        measures = Sink(
            Measure,
            (
                "organisation_id",
                "fiscal_year",
                "number",
                "title",
                "issue",
                "period_start",
                "period_end",
                "due_date",
                "status",
            ),
        )
        IndicatorLink, UnitLink = Measure.indicators.through, Measure.units.through
        indicator_links = Sink(IndicatorLink, ("measure_id", "indicator_id"))
        unit_links = Sink(UnitLink, ("measure_id", "orgunit_id"))
        steps = Sink(MeasureStep, ("measure_id", "order", "text"))
        progress = Sink(Progress, ("measure_id", "round", "reported_on", "status", "done", "completed_on"))
        count = len(orgs) * len(years) * per_year
        next_measure = measures.reserve(count)
        next_link, next_unit = indicator_links.reserve(2 * count), unit_links.reserve(2 * count)
        next_step, next_progress = steps.reserve(len(STEPS) * count), progress.reserve(2 * count)
        done_text = "ดำเนินการตามขั้นตอนที่กำหนดและเผยแพร่ผลบนเว็บไซต์ของหน่วยงาน"
        with self._timed("generate"):
            for org in orgs:
                org_units = units[org.pk]
                for year in years:
                    source_year = year - 1  # measures of year N answer the assessment of N-1
                    fw = self.frameworks.get(source_year) or self.frameworks[year]
                    values = scores_by.get((org.pk, source_year), {})
                    weak = sorted(values, key=values.get)[:4] or [1]
                    months = fiscal.fiscal_months(year)
                    half_end = fiscal.round_bounds(year, fiscal.Round.HALF)[1]
                    for number in range(1, per_year + 1):
                        start_i = rng.randrange(0, 9)
                        end_i = min(11, start_i + rng.randrange(1, 6))
                        start, due = months[start_i], fiscal.month_end(months[end_i])
                        if due < today:
                            status = rng.choices(STATUSES, [0.82, 0.13, 0.05])[0]
                        elif start <= today:
                            status = rng.choices(STATUSES, [0.15, 0.6, 0.25])[0]
                        else:
                            status = Status.NOT_STARTED
                        measure_id = next_measure
                        next_measure += 1
                        measures.add(
                            measure_id,
                            org.pk,
                            year,
                            number,
                            MEASURES[(number - 1) % len(MEASURES)],
                            "ยกระดับผลการประเมินตัวชี้วัดที่ได้คะแนนต่ำ",
                            start,
                            months[end_i],
                            due,
                            status.value,
                        )
                        # Mostly the weakest indicators; the weakest one is sometimes left without a measure.
                        chosen = {rng.choice(weak[1:] or weak)} | ({weak[0]} if rng.random() < 0.7 else set())
                        for n in chosen:
                            indicator_links.add(next_link, measure_id, fw["indicators"][n].pk)
                            next_link += 1
                        for unit_id in rng.sample(org_units, rng.choice((1, 1, 2))):
                            unit_links.add(next_unit, measure_id, unit_id)
                            next_unit += 1
                        for order, text in enumerate(STEPS, start=1):
                            steps.add(next_step, measure_id, order, text)
                            next_step += 1
                        if status == Status.NOT_STARTED:
                            continue
                        # The latest entry carries the measure's status (measures.derived.latest_status).
                        first = max(start, min(half_end, due, today))
                        if status == Status.DONE or rng.random() < 0.3:
                            entries = [
                                ("half", first, Status.IN_PROGRESS),
                                ("annual", min(due, today), status),
                            ]
                        else:
                            entries = [("half", first, status)]
                        for round_, reported_on, entry_status in entries:
                            progress.add(
                                next_progress,
                                measure_id,
                                round_,
                                reported_on,
                                entry_status.value,
                                done_text,
                                reported_on if entry_status == Status.DONE else None,
                            )
                            next_progress += 1
        self._write("measures", measures)
        self._write("measure_indicators", indicator_links)
        self._write("measure_units", unit_links)
        self._write("measure_steps", steps)
        self._write("progress", progress)
