"""'Positions and demands': what each side said it wanted, grouped by agreement and party."""

from __future__ import annotations

from collections import defaultdict

from kgbuild.report.model import Model


def view(model: Model) -> list[dict]:
    by_agreement = defaultdict(lambda: defaultdict(list))
    for row in model.data["positions"]:
        by_agreement[row["agreement"] or ""][row["party"]].append(row)
    order = {a.label: i for i, a in enumerate(model.agreements)}
    blocks = []
    for label in sorted(by_agreement, key=lambda k: (order.get(k, 99), k)):
        agreement = model.agreement_by_label.get(label)
        sides = []
        for party in sorted(by_agreement[label]):
            positions = defaultdict(list)
            for row in by_agreement[label][party]:
                positions[(row["kind"], row["position"])].append(row)
            sides.append({"party": party, "party_id": model.entity_id(party),
                          "positions": [{"demand": kind == "Demand", "position": position,
                                         "rows": rows}
                                        for (kind, position), rows in positions.items()]})
        blocks.append({"agreement_id": agreement.entity.id if agreement else "",
                       "title": label or "Agreement not stated", "sides": sides})
    return blocks
