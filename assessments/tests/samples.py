"""Figures of the sample documents, shared by the tests."""

# อบต.บ่อทอง 2566, indicator table of sample 002: IIT 98.24, EIT 94.20, OIT 90.00, overall 93.73 (ผ่านดี).
BO_THONG_2566 = {
    1: "99.63",
    2: "95.76",
    3: "99.27",
    4: "98.72",
    5: "97.80",
    6: "93.54",
    7: "95.52",
    8: "93.55",
    9: "100",
    10: "80",
}
