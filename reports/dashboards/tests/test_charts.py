"""SVG charts: well-formed, Thai or Arabic digits, and readable without colour."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from reports.dashboards import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(str(svg))


def test_trend_line_digits_and_markers():
    points = [
        {"year": 2565, "total": Decimal("94.94"), "level": "A"},
        {"year": 2566, "total": Decimal("84.14"), "level": "ต้องปรับปรุง"},
    ]
    thai = charts.trend_line(points, pass_mark=Decimal(85), thai=True)
    root = parse(thai)
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "๙๔.๙๔" in texts and "๒๕๖๖" in texts and "เกณฑ์ผ่าน ๘๕.๐๐" in texts
    assert "94.94" in str(charts.trend_line(points, pass_mark=Decimal(85), thai=False))
    markers = [r for r in root.iter(f"{SVG}rect") if r.get("width") == "10"]
    # passed = filled, below the mark = hollow: told apart without colour
    assert {m.get("fill") for m in markers} == {"#1565c0", "#ffffff"}
    assert root.find(f"{SVG}title").text == "คะแนนรวมรายปี"


def test_indicator_bars_mark_failures_with_a_symbol_not_only_colour():
    rows = [
        {"number": 1, "this": Decimal("99.63"), "last": Decimal("98")},
        {"number": 10, "this": Decimal("80"), "last": None},
    ]
    svg = str(charts.indicator_bars(rows, pass_mark=Decimal(85), thai=False, uid="t"))
    parse(svg)
    assert "80.00 ▼" in svg and "99.63" in svg and "stroke-dasharray" in svg
    assert "url(#t-diag)" in svg  # last year hatched


def test_status_bar_uses_patterns_and_counts():
    segments = [
        {"key": "done", "label": "แล้วเสร็จ", "count": 3},
        {"key": "overdue", "label": "เกินกำหนด", "count": 2},
        {"key": "not_started", "label": "ยังไม่ดำเนินการ", "count": 0},
        {"key": "in_progress", "label": "อยู่ระหว่างดำเนินการ", "count": 1},
    ]
    svg = str(charts.status_bar(segments, thai=True, uid="s"))
    parse(svg)
    assert "เกินกำหนด ๒" in svg and "url(#s-cross)" in svg and "url(#s-diag)" in svg
    empty = str(charts.status_bar([{**s, "count": 0} for s in segments], thai=False))
    assert "ไม่มีมาตรการ" in empty


def test_charts_are_self_contained():
    svg = str(
        charts.level_bars(
            [
                {"label": "ผ่าน", "count": 2, "passed": True, "share": "66.7%"},
                {"label": "ต้องปรับปรุง", "count": 1, "passed": False, "share": "33.3%"},
            ],
            thai=False,
        )
    )
    parse(svg)
    assert "<script" not in svg and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "2 (66.7%)" in svg
