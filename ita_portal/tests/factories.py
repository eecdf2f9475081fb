import factory

from ita_portal.models import Organisation, OrgUnit, User
from ita_portal.scoping import Role


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"องค์การบริหารส่วนตำบลทดสอบ{n}")
    short_name = factory.Sequence(lambda n: f"อบต.ทดสอบ{n}")
    district = "วาปีปทุม"
    province = "มหาสารคาม"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"กองทดสอบ{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.STAFF
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("pass-1234")
