import factory

from assessments.models import Assessment, Framework
from ita_portal.tests.factories import OrganisationFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    organisation = factory.SubFactory(OrganisationFactory)
    framework = factory.LazyFunction(lambda: Framework.objects.get(fiscal_year=2566))
