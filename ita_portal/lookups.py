"""`field__in=[…]` with an integer outside the column's range matches nothing instead of crashing.

Django 5.2 does this for exact, gt, gte, lt and lte on integer fields (`IntegerFieldOverflow`) but not for
`in`: on SQLite a 31-digit id posted in a list of check boxes (a `ModelMultipleChoiceField`, which asks
`pk__in`) raised OverflowError, a 500 on every form with such a list. Values out of range are dropped (no row
can have them); with none left the lookup is empty, so the form says the choice is not valid.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
