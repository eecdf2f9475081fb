import factory

from ita_portal.tests.factories import OrganisationFactory
from measures.models import Measure, Progress
from measures.services import measure_derived_set, measure_status_refresh


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    organisation = factory.SubFactory(OrganisationFactory)
    fiscal_year = 2567
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"มาตรการเผยแพร่ข้อมูลสาธารณะ {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The derived fields through the services' named steps (save() is plain).
        measure = model_class(*args, **kwargs)
        measure_derived_set(measure)
        measure.save()
        return measure


class ProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Progress

    measure = factory.SubFactory(MeasureFactory)
    round = "half"
    done = "ดำเนินการประชาสัมพันธ์ผ่านเว็บไซต์แล้ว"
    status = "in_progress"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        progress = super()._create(model_class, *args, **kwargs)
        measure_status_refresh(progress.measure_id)
        return progress
