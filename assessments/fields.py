from django.core.validators import DecimalValidator
from django.db import models

from .validators import validate_score


class ScoreField(models.DecimalField):
    """A score 0.00–100.00. `validate_score` gives the Thai messages; Django's generic
    DecimalValidator (English-worded "Ensure that…") is left out in its favour."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("validators", [validate_score])
        super().__init__(*args, **kwargs)

    @property
    def validators(self):
        return [v for v in super().validators if not isinstance(v, DecimalValidator)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        return name, path, args, kwargs
