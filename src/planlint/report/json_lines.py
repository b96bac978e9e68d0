"""One JSON object per line and per finding (the finding objects of the JSON document)."""
from __future__ import annotations

import json

from planlint.report.json_report import finding_to_dict


def render(result, out, options) -> None:
    for f in result.findings:
        out.write(json.dumps(finding_to_dict(f), ensure_ascii=False) + "\n")
