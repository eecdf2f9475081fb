"""`manage.py generate_national`: the synthetic national data set (reports/demo/national.py)."""

from django.core.management.base import BaseCommand

from reports.demo import refuse_unless_debug
from reports.demo.national import NationalGenerator


class Command(BaseCommand):
    help = (
        "Generate a synthetic national data set (benchmarks only; use a separate database). "
        "Refuses to run with DEBUG off unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=7850)
        parser.add_argument("--provinces", type=int, default=77)
        parser.add_argument(
            "--province",
            default="",
            help="only this province (its Thai name), e.g. for the demo's supervisor",
        )
        parser.add_argument("--first-year", type=int, default=2565, help="first assessed fiscal year (B.E.)")
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--measures", type=int, default=8, help="measures per organisation per year")
        parser.add_argument("--seed", type=int, default=2567)
        parser.add_argument(
            "--flush", action="store_true", help="delete earlier synthetic organisations (slug nat-…) first"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="also when DEBUG is off (a benchmark database, never production)",
        )

    def handle(
        self,
        *args,
        force,
        organisations,
        provinces,
        province,
        first_year,
        years,
        measures,
        seed,
        flush,
        **options,
    ):
        refuse_unless_debug("generate_national", force=force)
        NationalGenerator(stdout=self.stdout, style=self.style).run(
            organisations=organisations,
            provinces=provinces,
            province=province,
            first_year=first_year,
            years=years,
            measures=measures,
            seed=seed,
            flush=flush,
        )
