"""The invented cluster organisations and texts of ``labelapp demo`` (decision 26): data
only; ``demo_data`` takes them through the services."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cluster:
    """An invented cluster organisation, named in its own language."""

    name: str
    country: str
    region: str
    ecosystem: str
    sectors: str
    manager: str  # the name of its manager
    secondary: str  # other ecosystems, comma-separated

    @property
    def language(self) -> str:
        """The language of its certificates: its region's, if the app has it."""
        return _LANGUAGE_OF.get(self.region, _LANGUAGE_OF.get(self.country, "en"))


# Twelve countries, seven of them with five organisations or more, and six main
# ecosystems with five or more, so that peer groups by country and by ecosystem can be
# shown. Columns: country | name | region | main+other ecosystems | sectors | manager.
_TABLE = """
DE | Netzwerk Fahrzeugtechnik Südwestfalen | Nordrhein-Westfalen | mobility+renewables | automotive suppliers, metalworking | Jürgen Weißmüller
DE | Gesundheitsregion Oberfranken | Bayern | health+digital | medical devices, care, e-health | Sabine Köhler
DE | Digitalcluster Lüneburger Heide | Niedersachsen | digital | software, cloud services, IT security | Björn Schäfer
DE | Ernährungsnetzwerk Münsterland | Nordrhein-Westfalen | agri-food | meat and dairy processing, food machinery | Annegret Vöhringer
DE | Windenergie-Verbund Schleswig-Holstein Küste | Schleswig-Holstein | renewables+construction | offshore wind, grid integration | Sönke Jürgensen
DE | Chemie- und Kunststoffnetzwerk Saale-Unstrut | Sachsen-Anhalt | energy-intensive | chemicals, plastics, recycling | Grit Möbius
DE | Luftfahrtnetzwerk Bodensee-Oberschwaben | Baden-Württemberg | aerospace | aircraft components, avionics | Günther Straßer
DE | Textilnetzwerk Erzgebirge-Vogtland | Sachsen | textile | technical textiles, smart fabrics | Maren Flößner
FR | Cluster Mobilité Île-de-France | Île-de-France | mobility+renewables | electric and autonomous vehicles, charging | Élodie Marchand
FR | Pôle Santé Numérique Hauts-de-France | Hauts-de-France | health+digital | digital health, telemedicine | François Lefèvre
FR | Grappe Agroalimentaire Bretagne Sud | Bretagne | agri-food | seafood, dairy, food packaging | Gaëlle Le Goff
FR | Pôle Énergies Marines Pays de la Loire | Pays de la Loire | renewables | tidal and offshore energy, marine engineering | Loïc Guérin
FR | Réseau Aéronautique Garonne-Pyrénées | Occitanie | aerospace | aerostructures, space systems | Hélène Barthélémy
FR | Cluster Numérique Drôme-Ardèche | Auvergne-Rhône-Alpes | digital | software, data, digital services | Théo Mercier
FR | Pôle Textile Technique des Vosges | Grand Est | textile | technical textiles, nonwovens | Bérénice Koenig
FR | Cluster Écoconstruction Nouvelle-Aquitaine | Nouvelle-Aquitaine | construction+renewables | timber building, insulation, renovation | Maël Dupré
ES | Clúster de Automoción del Valle del Ebro | Aragón | mobility | vehicle assembly, components, logistics | José Martínez Peña
ES | Clúster Agroalimentario de Extremadura | Extremadura | agri-food | olive oil, ham, fruit processing | Begoña Sánchez Ibáñez
ES | Clúster de Energías Renovables de Castilla-La Mancha | Castilla-La Mancha | renewables | solar, wind, green hydrogen | Íñigo Gómez Díaz
ES | Clúster de Salud y Biotecnología de Andalucía Oriental | Andalucía | health | biotechnology, pharmaceuticals | María José Núñez
ES | Clúster TIC de Galicia Atlántica | Galicia | digital | software, telecoms, artificial intelligence | Xosé Antón Fernández
ES | Clúster de Turismo Sostenible de Canarias | Canarias | tourism | hotels, sustainable tourism services | Nayra Rodríguez Cabrera
IT | Rete della Motoristica di Modena e Reggio | Emilia-Romagna | mobility | engines, sports cars, components | Niccolò Benassi
IT | Distretto Agroalimentare di Qualità del Mantovano | Lombardia | agri-food | cheese, cured meats, food machinery | Federica Galbiati
IT | Distretto Aerospaziale della Puglia Jonica | Puglia | aerospace | aerostructures, drones, satellites | Antonio De Matteis
IT | Polo per la Salute e la Longevità della Toscana | Toscana | health | life sciences, medical devices | Chiara Bartolozzi
IT | Distretto Tessile dell'Alto Vicentino | Veneto | textile | wool, fashion, textile machinery | Giuseppe Dalla Valle
IT | Polo Digitale della Città di Sassari | Sardegna | digital | software, digital services, e-government | Gavino Mùrgia
PL | Klaster Łódzki Mobilności Elektrycznej | Łódzkie | mobility+renewables | electric buses, batteries, charging | Paweł Wiśniewski
PL | Śląski Klaster Energii Odnawialnej | Śląskie | renewables | photovoltaics, heat pumps, mine water heat | Katarzyna Żurawska
PL | Małopolski Klaster Technologii Informacyjnych | Małopolskie | digital | software, game development, fintech | Michał Kędzierski
PL | Wielkopolski Klaster Spożywczy | Wielkopolskie | agri-food | dairy, poultry, fruit processing | Agnieszka Błaszczyk
PL | Podkarpacki Związek Przemysłu Lotniczego | Podkarpackie | aerospace | aero engines, landing gear | Grzegorz Sołtys
PL | Pomorski Klaster Zielonego Budownictwa | Pomorskie | construction+renewables | modular timber housing, energy renovation | Małgorzata Dąbrowska
SE | Norrlands Skogs- och Massakluster | Västernorrland | energy-intensive+renewables | pulp, paper, wood-based materials | Åsa Lindström
SE | Västsvenska Fordonsklustret | Västra Götaland | mobility+digital | vehicle engineering, connected vehicles | Göran Öberg
SE | Skånes Livsmedelsnätverk | Skåne | agri-food | food processing, plant-based protein | Märta Håkansson
SE | Mälardalens Hälsoteknikkluster | Västmanland | health+digital | health technology, assistive devices | Jörgen Åberg
SE | Norrbottens Stålkluster för Grön Omställning | Norrbotten | energy-intensive+renewables | fossil-free steel, mining equipment | Linnéa Pålsson
CZ | Ústecký energetický klastr | Ústecký kraj | renewables | energy transition, hydrogen, district heating | Jiří Novotný
CZ | Moravskoslezský klastr elektromobility | Moravskoslezský kraj | mobility | electric vehicles, batteries, rail | Lucie Dvořáková
CZ | Jihomoravský klastr zdravotnických technologií | Jihomoravský kraj | health | medical devices, diagnostics | Tomáš Procházka
CZ | Klastr českých sklářů a keramiků | Liberecký kraj | energy-intensive | glass, ceramics, furnaces | Kateřina Šťastná
CZ | Pražský klastr kybernetické bezpečnosti | Praha | digital | cyber security, cloud, software | Ondřej Kučera
AT | Holzbau- und Bauinnovationsnetzwerk Kärnten | Kärnten | construction+renewables | timber construction, building technology | Wolfgang Pöschl
AT | Lebensmittelnetzwerk Mühlviertel | Oberösterreich | agri-food | organic food, dairy, brewing | Theresa Größbacher
AT | Gesundheitstechnologie-Netzwerk Tirol | Tirol | health | medical technology, sports medicine | Lukas Höfler
AT | Tourismus-Innovationsnetzwerk Salzkammergut | Salzburg | tourism+digital | alpine tourism, digital guest services | Veronika Gründler
DK | Vindenergiklyngen Sydjylland | Syddanmark | renewables | wind turbines, service and maintenance | Søren Kjærgaard
DK | Fødevareklyngen Nordjylland | Nordjylland | agri-food | fish processing, dairy, food ingredients | Mette Østergaard
DK | Sundhedsteknologisk Klynge Øresund | Hovedstaden | health+digital | health technology, welfare technology | Jens Bødker
DK | Robotklyngen Fyn Syd | Syddanmark | digital+electronics | robotics, automation software, drones | Trine Løvengreen
NL | Coöperatief Agrifoodnetwerk Gelderse Vallei | Gelderland | agri-food | animal feed, poultry, food research | Joëlle van den Berg
NL | Stichting Maritiem Cluster Zeeuwse Delta | Zeeland | mobility+renewables | shipbuilding, ports, dredging | Daniël de Vries
NL | Netwerk Hightech Systemen Zuidoost-Brabant | Noord-Brabant | digital+electronics | embedded software, photonics, machines | Maarten Hoogeveen
NL | Energienetwerk Noord-Nederland | Groningen | renewables | green hydrogen, energy storage | Noëlle Smit
BE | Pôle Matériaux et Procédés de Wallonie | Wallonie | energy-intensive | composites, metals, surface treatment | Amélie Dubois
BE | Vlaamse Cluster voor Duurzaam Bouwen | Vlaanderen | construction | circular construction, renovation | Koen Vermeulen
BE | Cluster Santé Liège-Meuse | Wallonie | health | biotechnology, medical imaging | Gaëtan Lemaître
BE | Logistiekcluster Antwerpen-Kempen | Vlaanderen | mobility | port logistics, inland shipping | Sofie Peeters
PT | Cluster Têxtil e Vestuário do Vale do Ave | Norte | textile | clothing, home textiles, technical textiles | João Gonçalves
PT | Associação Agroindustrial do Ribatejo | Centro | agri-food | tomato processing, wine, cork | Inês Conceição
PT | Cluster de Turismo e Hospitalidade do Algarve | Algarve | tourism | hotels, golf, nautical tourism | Tomás Simões
PT | Cluster das Tecnologias de Informação de Aveiro | Centro | digital | telecoms, software, electronics | Luísa Araújo
"""  # noqa: E501 (one cluster a line reads best)
# Short names of the ecosystems in the table (labelapp.ecosystems has the ids).
_ECOSYSTEM_IDS = {
    "mobility": "mobility-transport-automotive",
    "renewables": "renewable-energy",
    "aerospace": "aerospace-defence",
}


def _clusters(table: str) -> tuple[Cluster, ...]:
    clusters = []
    for line in table.strip().splitlines():
        country, name, region, ecosystems, sectors, manager = (p.strip() for p in line.split("|"))
        main, *other = (_ECOSYSTEM_IDS.get(e, e) for e in ecosystems.split("+"))
        clusters.append(Cluster(name, country, region, main, sectors, manager, ",".join(other)))
    return tuple(clusters)


CLUSTERS = _clusters(_TABLE)
# The label body's assessors and their countries (their lead reviews rotate; the next
# one, always from another country, confirms).
ASSESSORS = (
    ("Anaïs Delacroix", "FR"),
    ("Matthias Brückner", "DE"),
    ("Tiago Magalhães", "PT"),
    ("Ingrid Halvorsen", "NO"),
)
ASSESSOR_DOMAIN = "label.example.org"
# By country, or by region where a country speaks several languages.
_LANGUAGE_OF = {"DE": "de", "AT": "de", "FR": "fr", "Wallonie": "fr"}
# Members (firms + research) in each size band of the peer groups, and each band's share.
BANDS = ((18, 48), (55, 145), (160, 480), (520, 1400))
BAND_SHARES = (0.2, 0.35, 0.3, 0.15)
# A met number indicator's plausible top, so the figures read like a real cluster's; an
# indicator not named here goes up to three times its threshold.
TYPICAL_TOP = {
    "member-retention-rate": 98,
    "manager-experience": 25,
    "private-financing-share": 70,
    "secured-financing-years": 5,
    "financing-sources": 8,
    "services-offered": 30,
    "member-satisfaction-rate": 96,
    "twin-transition-services": 9,
    "events-per-year": 40,
    "joint-projects": 25,
    "active-member-share": 85,
    "international-activities": 14,
    "media-mentions": 120,
    "success-stories": 12,
    "external-recognition": 4,
}
JUSTIFICATIONS = (
    "Set out in our strategy 2024–2027, which the board reviews every year.",
    "The steering committee's minutes and the annual activity report show it.",
    "Measured in the yearly member survey; the trend is in the annual report.",
    "Described in the service catalogue and the current work plan.",
    "Shown in the management handbook and the staff development plan.",
)
STRENGTHS = (
    "A clear, documented approach that members know and use.",
    "Measured regularly, with three years of comparable results.",
    "Research and education members are well involved.",
)
IMPROVEMENTS = (
    "Set targets and compare the results with similar cluster organisations.",
    "Segment the results by member type and size.",
    "Review the approach every year and record what changed.",
)
# An improvement area's plan, what the managers report of it, and the assessor's verdict.
PLANS = (
    "Agree yearly targets with the board, measure them each quarter and compare them "
    "with three similar cluster organisations.",
    "Run the member survey every year, segmented by member type, and act on its results.",
    "Write down the approach, train the team in it and review it every year.",
)
ACHIEVED = (
    "Targets agreed in the board's minutes and measured each quarter; the comparison "
    "with three peer clusters is in the annual report.",
    "Two yearly surveys held, segmented by member type; the action plan answers them.",
    "The approach is in the management handbook; the team was trained and the first "
    "yearly review is recorded.",
)
VALIDATED = "Seen on site: the documents and the interviews confirm the improvement."
LOWERED = "The evidence supports one step lower: the approach is not yet deployed everywhere."
CHANGES_NOTE = (
    "Please make the justifications on the first page more specific: name the document "
    "that shows each answer."
)
