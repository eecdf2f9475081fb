import factory

from ita_portal.tests.factories import OrganisationFactory
from measures.models import Measure, Progress


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    organisation = factory.SubFactory(OrganisationFactory)
    fiscal_year = 2567
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"มาตรการเผยแพร่ข้อมูลสาธารณะ {n}")


class ProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Progress

    measure = factory.SubFactory(MeasureFactory)
    round = "half"
    done = "ดำเนินการประชาสัมพันธ์ผ่านเว็บไซต์แล้ว"
    status = "in_progress"
