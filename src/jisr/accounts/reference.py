"""Agencies Jisr knows by code, so a node or a partner gets its proper names when added."""

from __future__ import annotations

KNOWN_AGENCIES: dict[str, dict[str, str]] = {
    "MA-DGSN": {
        "name_ar": "المديرية العامة للأمن الوطني",
        "name_fr": "Direction générale de la Sûreté nationale",
        "name_en": "General Directorate for National Security",
        "country": "MA",
    },
    "FR-DGPN": {
        "name_ar": "المديرية العامة للشرطة الوطنية",
        "name_fr": "Direction générale de la Police nationale",
        "name_en": "General Directorate of the National Police",
        "country": "FR",
    },
}
