"""The reports app: the top layer of the portal, the one app that may read every other app (ita_portal,
assessments and measures never import it). Cut by concern into sub-packages, each owning its urls,
views and tests (the templates stay under the project's top-level templates/reports/):

    documents/   the official documents: builders per document, their preview, text and layout views
                 and urls, the Garuda emblem, the inline-style CSP hashes, the invitation code sheet,
                 and pdf/, the only renderer (WeasyPrint), which the other sub-packages call
    dashboards/  the home and organisation pages and the dashboards: builders, the version-keyed cache,
                 SVG charts, CSV/XLSX exports, the first-run checklist
    demo/        the demo loader and the national data generator (their commands refuse to run unless
                 DEBUG or --force)

The models (ReportText, SiteEmblem), their migrations and admin stay here at the top of the app;
reports/management/commands/ holds the thin command wrappers, where Django finds them.
"""
