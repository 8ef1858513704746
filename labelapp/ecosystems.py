"""The EU's 14 industrial ecosystems (the 2021 update of the EU industrial strategy):
the controlled list an organisation's profile chooses from, and peers are grouped by."""

from __future__ import annotations

from labelapp.text import N_

# Ids are stored; the names are English, shown as _(name).
ECOSYSTEMS: dict[str, str] = {
    "aerospace-defence": N_("Aerospace and defence"),
    "agri-food": N_("Agri-food"),
    "construction": N_("Construction"),
    "cultural-creative": N_("Cultural and creative industries"),
    "digital": N_("Digital"),
    "electronics": N_("Electronics"),
    "energy-intensive": N_("Energy-intensive industries"),
    "renewable-energy": N_("Renewable energy"),
    "health": N_("Health"),
    "mobility-transport-automotive": N_("Mobility, transport and automotive"),
    "proximity-social-economy": N_("Proximity, social economy and civil security"),
    "retail": N_("Retail"),
    "textile": N_("Textile"),
    "tourism": N_("Tourism"),
}
MAX_SECONDARY = 2


def secondary_list(stored: str) -> list[str]:
    """The secondary ecosystems as stored (comma-separated ids), in their order."""
    return [part for part in stored.split(",") if part]
