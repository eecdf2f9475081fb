import factory

from ita_portal.models import Organisation, OrgUnit, User
from ita_portal.scoping import Role
from ita_portal.services import organisation_derived_set, user_derived_set


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"องค์การบริหารส่วนตำบลทดสอบ{n}")
    short_name = factory.Sequence(lambda n: f"อบต.ทดสอบ{n}")
    district = "วาปีปทุม"
    province = "มหาสารคาม"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The place references follow the names, as the services' named step does (save() is plain).
        organisation = model_class(*args, **kwargs)
        organisation_derived_set(organisation)
        organisation.save()
        return organisation


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

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = model_class(*args, **kwargs)
        user_derived_set(user)
        user.save()
        return user
