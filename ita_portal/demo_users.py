"""Demo logins for the sample organisations (development and demonstrations only)."""

from __future__ import annotations

from . import changes
from .models import Organisation, OrgUnit, Province, User
from .scoping import Role
from .services import user_save

# A public demo password: the command that sets it refuses to run with DEBUG off.
DEMO_PASSWORD = "ita-demo-2567"

# username, first name, role, organisation slug, unit name (unit staff), supervised province
# (each organisation's staff login also runs its members, "ดูแลผู้ใช้ของหน่วยงาน": MEMBER_MANAGERS)
DEMO_USERS = [
    ("admin", "ผู้ดูแลระบบ", Role.ADMIN, None, None, ""),
    ("banmo", "เจ้าหน้าที่ อบต.บ้านหม้อ", Role.STAFF, "ban-mo", None, ""),
    ("huaruea", "เจ้าหน้าที่ อบต.หัวเรือ", Role.STAFF, "hua-ruea", None, ""),
    ("bothong", "เจ้าหน้าที่ อบต.บ่อทอง", Role.STAFF, "bo-thong", None, ""),
    ("janlan", "เจ้าหน้าที่ อบต.จานลาน", Role.STAFF, "jan-lan", None, ""),
    ("janlan-exec", "นายก อบต.จานลาน", Role.EXECUTIVE, "jan-lan", None, ""),
    ("janlan-unit", "งานนิติการ อบต.จานลาน", Role.UNIT_STAFF, "jan-lan", "งานนิติการ", ""),
    ("supervisor-mk", "ผู้กำกับดูแล จ.มหาสารคาม", Role.SUPERVISOR, None, None, "มหาสารคาม"),
    ("province-mk", "ผู้ดูแลระดับจังหวัด จ.มหาสารคาม", Role.PROVINCE_ADMIN, None, None, "มหาสารคาม"),
]

MEMBER_MANAGERS = {"banmo", "huaruea", "bothong", "janlan"}


@changes.write
def demo_users_ensure(*, actor) -> list[User]:
    """Create the demo users, or put existing ones back on their demo role and organisation; `actor`
    (None: the command, no person) is named on their history rows."""
    users = []
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for username, first_name, role, slug, unit_name, province in DEMO_USERS:
        organisation = organisations.get(slug) if slug else None
        if slug and organisation is None:
            continue  # its demo organisation is not loaded
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username)
        user.first_name = first_name
        user.role = role
        user.organisation = organisation
        user.unit = (
            OrgUnit.objects.filter(organisation=organisation, name=unit_name).first() if unit_name else None
        )
        # The scope is the reference to the official list (ita_portal.geo), the name follows it.
        user.supervised_province_ref = Province.objects.filter(name_th=province).first() if province else None
        user.supervised_district_ref = None
        user.can_manage_members = username in MEMBER_MANAGERS
        user.is_staff = user.is_superuser = role == Role.ADMIN
        if created:  # a second run keeps a password the person has changed since
            user.set_password(DEMO_PASSWORD)
        user.full_clean()
        users.append(user_save(user=user, actor=actor, reason="บัญชีทดลอง"))
    return users
