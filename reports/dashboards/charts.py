"""Server-rendered SVG charts for the dashboards and their one-page PDF.

No JavaScript and nothing from a CDN: each function returns an inline `<svg>` (a SafeString) that the
browser and WeasyPrint draw the same way. Labels are Thai; numbers use Thai or Arabic digits as the
organisation chose (`thai`). Every series is told apart by shape, hatching and a printed value as well
as by colour, so a black-and-white printout still reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ita_portal.thai import digits, score

FONT = "Sarabun, Tahoma, sans-serif"
INK = "#1f2d3d"
MUTED = "#6c757d"
# Status styles: (fill, pattern) — the pattern carries the meaning when printed without colour.
STATUS_STYLE = {
    "done": ("#2e7d32", None),
    "in_progress": ("#1565c0", "diag"),
    "not_started": ("#ffffff", "dots"),
    "overdue": ("#c62828", "cross"),
}


def _num(value, thai: bool) -> str:
    return digits(str(value), thai)


def _patterns(uid: str) -> str:
    """Hatching shared by a chart; ids are prefixed so several charts can live on one page."""
    return (
        "<defs>"
        f'<pattern id="{uid}-diag" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="2.5"/></pattern>'
        f'<pattern id="{uid}-cross" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="currentColor"/><path d="M0 0L6 6M6 0L0 6" stroke="#ffffff" stroke-width="1.2"/></pattern>'
        f'<pattern id="{uid}-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        '<rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="0.9" fill="#555"/></pattern>'
        "</defs>"
    )


def _fill(uid: str, colour: str, pattern: str | None) -> str:
    if pattern is None:
        return f'fill="{colour}"'
    # currentColor inside the pattern takes the colour of the element that uses it.
    return f'fill="url(#{uid}-{pattern})" color="{colour}"'


def _svg(uid: str, width: int, height: int, title: str, body: str) -> SafeString:
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{uid}" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{uid}-t" '
        f'font-family="{FONT}" font-size="12" fill="{INK}">'
        f'<title id="{uid}-t">{escape(title)}</title>{_patterns(uid)}{body}</svg>'
    )


def trend_line(
    points: Sequence[dict],
    *,
    pass_mark: Decimal,
    thai: bool,
    uid: str = "trend",
    width: int = 560,
    height: int = 210,
) -> SafeString:
    """Overall score per fiscal year: a line with square markers, each value and level printed,
    and the pass mark as a dashed line. `points`: [{"year", "total", "level"}], oldest first."""
    left, right, top, bottom = 40, 16, 26, 34
    values = [p["total"] for p in points if p["total"] is not None]
    low = min([Decimal(60), pass_mark - 10, *values]) // 10 * 10
    plot_w, plot_h = width - left - right, height - top - bottom

    def y(v: Decimal) -> float:
        return top + plot_h * float(100 - v) / float(100 - low)

    step = plot_w / max(len(points), 1)
    xs = [left + step * (i + 0.5) for i in range(len(points))]
    parts = []
    for tick in range(int(low), 101, 10):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(Decimal(tick)):.1f}" y2="{y(Decimal(tick)):.1f}" stroke="#e3e6ea"/>'
            f'<text x="{left - 6}" y="{y(Decimal(tick)) + 4:.1f}" text-anchor="end" fill="{MUTED}" font-size="11">{_num(tick, thai)}</text>'
        )
    py = y(pass_mark)
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{py:.1f}" y2="{py:.1f}" stroke="{INK}" stroke-dasharray="6 4"/>'
        f'<text x="{width - right}" y="{py - 4:.1f}" text-anchor="end" font-size="11">เกณฑ์ผ่าน {escape(score(pass_mark, thai))}</text>'
    )
    line = [(x, y(p["total"])) for x, p in zip(xs, points, strict=True) if p["total"] is not None]
    if len(line) > 1:
        path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f} {yy:.1f}" for i, (x, yy) in enumerate(line))
        parts.append(f'<path d="{path}" fill="none" stroke="#1565c0" stroke-width="2.5"/>')
    for x, p in zip(xs, points, strict=True):
        parts.append(
            f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle">{_num(p["year"], thai)}</text>'
        )
        if p["total"] is None:
            parts.append(
                f'<text x="{x:.1f}" y="{top + plot_h / 2:.1f}" text-anchor="middle" fill="{MUTED}">ไม่มีผล</text>'
            )
            continue
        yy = y(p["total"])
        below = p["total"] < pass_mark
        # Filled square = passed the mark, hollow = below it: readable without colour.
        parts.append(
            f'<rect x="{x - 5:.1f}" y="{yy - 5:.1f}" width="10" height="10" '
            f'fill="{"#ffffff" if below else "#1565c0"}" stroke="{"#c62828" if below else "#1565c0"}" stroke-width="2"/>'
            f'<text x="{x:.1f}" y="{yy - 10:.1f}" text-anchor="middle" font-weight="700">{escape(score(p["total"], thai))}</text>'
        )
        if p.get("level"):
            parts.append(
                f'<text x="{x:.1f}" y="{height - 1}" text-anchor="middle" font-size="10" fill="{MUTED}">{escape(p["level"])}</text>'
            )
    return _svg(uid, width, height, "คะแนนรวมรายปี", "".join(parts))


def indicator_bars(
    rows: Sequence[dict],
    *,
    pass_mark: Decimal,
    thai: bool,
    uid: str = "ind",
    width: int = 560,
    this_label: str = "ปีนี้",
    last_label: str | None = "ปีก่อน",
) -> SafeString:
    """Horizontal bars per indicator: this year solid, last year hatched and thinner, values printed,
    the pass mark dashed. `rows`: [{"number", "this", "last"}]; `last_label=None` draws one series."""
    left, right, top = 34, 46, 28
    band = 30 if last_label else 20
    height = top + band * len(rows) + 8
    plot_w = width - left - right

    def x(v: Decimal) -> float:
        return left + plot_w * float(v) / 100

    parts = [
        f'<rect x="{left}" y="4" width="14" height="10" fill="#1565c0"/>'
        f'<text x="{left + 18}" y="13">{escape(this_label)}</text>'
    ]
    if last_label:
        parts.append(
            f'<rect x="{left + 90}" y="4" width="14" height="10" {_fill(uid, "#6c757d", "diag")} stroke="#6c757d"/>'
            f'<text x="{left + 108}" y="13">{escape(last_label)}</text>'
        )
    px = x(pass_mark)
    parts.append(
        f'<text x="{px:.1f}" y="{top - 4}" text-anchor="middle" font-size="11">เกณฑ์ {escape(score(pass_mark, thai).split(".")[0])}</text>'
    )
    for i, row in enumerate(rows):
        y0 = top + band * i
        parts.append(
            f'<text x="{left - 6}" y="{y0 + 13}" text-anchor="end" font-weight="600">{_num(row["number"], thai)}</text>'
        )
        this = row.get("this")
        if this is not None:
            below = this < pass_mark
            parts.append(
                f'<rect x="{left}" y="{y0 + 3}" width="{x(this) - left:.1f}" height="13" '
                f'fill="{"#c62828" if below else "#1565c0"}"/>'
                f'<text x="{x(this) + 4:.1f}" y="{y0 + 14}" font-weight="{700 if below else 400}">'
                f"{escape(score(this, thai))}{' ▼' if below else ''}</text>"
            )
        else:
            parts.append(f'<text x="{left + 4}" y="{y0 + 14}" fill="{MUTED}">ไม่มีคะแนน</text>')
        last = row.get("last")
        if last_label and last is not None:
            parts.append(
                f'<rect x="{left}" y="{y0 + 18}" width="{x(last) - left:.1f}" height="8" {_fill(uid, "#6c757d", "diag")}/>'
                f'<text x="{x(last) + 4:.1f}" y="{y0 + 26}" font-size="10" fill="{MUTED}">{escape(score(last, thai))}</text>'
            )
    parts.append(
        f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{top - 2}" y2="{height - 4}" stroke="{INK}" stroke-dasharray="5 3"/>'
    )
    return _svg(uid, width, height, "คะแนนรายตัวชี้วัด", "".join(parts))


def status_bar(segments: Sequence[dict], *, thai: bool, uid: str = "status", width: int = 560) -> SafeString:
    """One 100 % bar of measures by status, each segment hatched its own way, with a counted legend.
    `segments`: [{"key", "label", "count"}] with keys from STATUS_STYLE."""
    total = sum(s["count"] for s in segments)
    height = 30 + 20 * ((len(segments) + 1) // 2) + 6
    parts = []
    x0, bar_w = 0.0, width - 2
    for s in segments:
        if not s["count"]:
            continue
        w = bar_w * s["count"] / total
        colour, pattern = STATUS_STYLE[s["key"]]
        parts.append(
            f'<rect x="{1 + x0:.1f}" y="1" width="{w:.1f}" height="22" {_fill(uid, colour, pattern)} stroke="{INK}" stroke-width="1"/>'
        )
        if w > 26:
            parts.append(
                f'<text x="{1 + x0 + w / 2:.1f}" y="16" text-anchor="middle" font-weight="700" '
                f'paint-order="stroke" stroke="#ffffff" stroke-width="3">{_num(s["count"], thai)}</text>'
            )
        x0 += w
    if not total:
        parts.append(f'<rect x="1" y="1" width="{bar_w}" height="22" fill="#ffffff" stroke="{MUTED}"/>')
        parts.append(f'<text x="{width / 2}" y="16" text-anchor="middle" fill="{MUTED}">ไม่มีมาตรการ</text>')
    for i, s in enumerate(segments):
        col, line = i % 2, i // 2
        lx, ly = 1 + col * (width / 2), 32 + line * 20
        colour, pattern = STATUS_STYLE[s["key"]]
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="14" height="12" {_fill(uid, colour, pattern)} stroke="{INK}"/>'
            f'<text x="{lx + 20:.1f}" y="{ly + 11}">{escape(s["label"])} {_num(s["count"], thai)}</text>'
        )
    return _svg(uid, width, height, "มาตรการตามสถานะ", "".join(parts))


def level_bars(rows: Sequence[dict], *, thai: bool, uid: str = "levels", width: int = 560) -> SafeString:
    """Count of organisations per level: vertical bars, passing levels solid, failing ones cross-hatched,
    count and share printed above each bar. `rows`: [{"label", "count", "passed", "share"}]."""
    height, top, bottom = 200, 24, 40
    peak = max([r["count"] for r in rows] + [1])
    slot = (width - 8) / max(len(rows), 1)
    plot_h = height - top - bottom
    parts = [f'<line x1="4" x2="{width - 4}" y1="{height - bottom}" y2="{height - bottom}" stroke="{INK}"/>']
    for i, r in enumerate(rows):
        h = plot_h * r["count"] / peak
        x = 4 + slot * i + slot * 0.2
        w = slot * 0.6
        fill = _fill(uid, "#1565c0", None) if r["passed"] else _fill(uid, "#c62828", "cross")
        parts.append(
            f'<rect x="{x:.1f}" y="{height - bottom - h:.1f}" width="{w:.1f}" height="{h:.1f}" {fill} stroke="{INK}"/>'
            f'<text x="{x + w / 2:.1f}" y="{height - bottom - h - 6:.1f}" text-anchor="middle" font-weight="700">'
            f"{_num(r['count'], thai)} ({escape(r['share'])})</text>"
            f'<text x="{x + w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(r["label"])}</text>'
        )
    return _svg(uid, width, height, "จำนวนหน่วยงานตามระดับผล", "".join(parts))
