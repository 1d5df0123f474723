"""The demo members' vocabulary: years, degrees, places, industries, employers, positions, skills,
interests and privacy fields, with the weights they are drawn by. The longer lists are written as
compact tables (`table`) so they read like the lists they are.
"""

from ..models import Visibility


def table(text: str) -> dict:
    """A vocabulary table: 'key: item; item' per line; an indented line continues the last key."""
    rows, key = {}, None
    for line in text.strip("\n").splitlines():
        if not line.startswith(" "):
            key, line = line.split(":", 1)
        rows.setdefault(key, []).extend(item.strip() for item in line.split(";") if item.strip())
    return rows


def weights(items) -> dict:
    """'Drammen=10' items as {'Drammen': 10}."""
    return {name: float(weight) for name, weight in (item.split("=") for item in items)}


FIRST_YEAR, LAST_YEAR = 1995, 2026
# Student numbers: members from 100000 on, in order (at most two each), graduates who have not
# joined 700000 + i, the named demo members 9000xx.
MAX_MEMBERS = 300_000
DOMAINS = ["example.no"] * 7 + ["example.com"] * 3
DEGREES = {
    "bachelor": "Bachelorgrad",
    "master": "Mastergrad",
    "one_year": "Årsstudium",
    "continuing": "Erfaringsbasert mastergrad",
    "phd": "Philosophiae doctor (ph.d.)",
}
FIRST_DEGREE = {"bachelor": 10, "master": 4, "one_year": 2, "continuing": 1, "phd": 0.3}
LATER_DEGREE = {"master": 6, "one_year": 2, "continuing": 2, "phd": 1}
FACULTY_WEIGHTS = {"HH": 27, "HS": 28, "HIU": 25, "TNM": 20}
# The pilot faculty gets the longest queue of claims, so its coordinator has work to show.
CLAIM_FACULTY_WEIGHTS = {"HH": 45, "HS": 20, "HIU": 15, "TNM": 20}

_PLACES = table("""
HH: Bø=2; Drammen=3; Ringerike=2; Vestfold=3
HS: Drammen=3; Porsgrunn=3; Vestfold=3; Kongsberg=1
HIU: Bø=2; Drammen=2; Notodden=2; Porsgrunn=1; Rauland=1; Vestfold=2
TNM: Bø=2; Kongsberg=3; Porsgrunn=3; Vestfold=2
region: Drammen=10; Tønsberg=7; Skien=7; Porsgrunn=6; Kongsberg=6; Sandefjord=5; Larvik=4;
  Horten=4; Hønefoss=4; Notodden=3; Lier=3; Bø i Telemark=2; Holmestrand=2; Kragerø=1; Rjukan=1
norway: Oslo=8; Bærum=2; Asker=2; Bergen=2; Trondheim=2; Stavanger=2; Kristiansand=2; Tromsø=1
abroad: Stockholm=SE; Göteborg=SE; København=DK; London=GB; Aberdeen=GB; Berlin=DE;
  Rotterdam=NL; Houston=US; Singapore=SG
""")
CAMPUS_WEIGHTS = {code: weights(_PLACES[code]) for code in FACULTY_WEIGHTS}
REGION_CITIES = weights(_PLACES["region"])
NORWAY_CITIES = weights(_PLACES["norway"])
ABROAD = [tuple(item.split("=")) for item in _PLACES["abroad"]]
# Programmes taught at one campus, and the industry most of their graduates go into.
PROGRAMME_CAMPUS = {"BFK": "Rauland", "BNA": "Vestfold", "BID": "Bø", "BNF": "Bø", "BRL": "Bø"}
PROGRAMME_CAMPUS |= {"MMN": "Vestfold", "MSE": "Kongsberg"}
PROGRAMME_INDUSTRY = {"BRR": "accounting", "MRR": "accounting", "BRL": "hospitality"}
PROGRAMME_INDUSTRY |= {"BNA": "maritime", "BID": "sport", "BFK": "arts", "BIT": "it"}
INDUSTRY_WEIGHTS = {
    code: weights(items)
    for code, items in table("""
HH: banking=4; accounting=4; consulting=3; retail=3; public=3; hospitality=2; it=2; energy=1; ngo=1
HS: health=8; social=5; public=3; ngo=1; education=1
HIU: education=8; sport=2; arts=2; public=2; ngo=1; hospitality=1
TNM: manufacturing=4; it=4; energy=3; maritime=2; construction=2; consulting=2; transport=1;
  public=1
""").items()
}

# About 80 employers by industry; "name @ city" when the employer is in one place.
EMPLOYERS = {
    industry: [tuple(item.split(" @ ")) if " @ " in item else (item, None) for item in items]
    for industry, items in table("""
banking: DNB; SpareBank 1 Sør-Norge; Sparebanken Øst @ Drammen; Skagerrak Sparebank @ Porsgrunn;
  SpareBank 1 Ringerike Hadeland @ Hønefoss; Gjensidige @ Oslo; Storebrand @ Oslo; Nordea @ Oslo
accounting: PwC; EY; KPMG; Deloitte; BDO; Azets
consulting: Sopra Steria; Capgemini; Bouvet; Norconsult; Multiconsult; Accenture @ Oslo
it: Telenor @ Bærum; Visma; Tietoevry; Atea; Kongsberg Digital @ Kongsberg; Knowit
energy: Equinor; Skagerak Energi @ Porsgrunn; Statkraft @ Oslo; Glitre Nett @ Drammen;
  Lede; Aker BP
manufacturing: Kongsberg Gruppen @ Kongsberg; Kongsberg Automotive @ Kongsberg;
  TechnipFMC @ Kongsberg; Yara @ Porsgrunn; Hydro @ Porsgrunn; Jotun @ Sandefjord
maritime: Kongsberg Maritime @ Horten; DNV @ Bærum; Wilhelmsen @ Bærum; Color Line @ Larvik;
  Fjord Line; Kystverket
health: Sykehuset i Vestfold @ Tønsberg; Sykehuset Telemark @ Skien; Vestre Viken @ Drammen;
  Oslo universitetssykehus @ Oslo; Lovisenberg Diakonale Sykehus @ Oslo; Aleris
social: NAV; Bufetat; Stendi; Barne-, ungdoms- og familiedirektoratet @ Oslo
public: Drammen kommune @ Drammen; Kongsberg kommune @ Kongsberg; Porsgrunn kommune @ Porsgrunn;
  Skien kommune @ Skien; Tønsberg kommune @ Tønsberg; Sandefjord kommune @ Sandefjord;
  Ringerike kommune @ Hønefoss; Notodden kommune @ Notodden; Midt-Telemark kommune @ Bø i Telemark;
  Vestfold fylkeskommune @ Tønsberg; Telemark fylkeskommune @ Skien;
  Buskerud fylkeskommune @ Drammen; Skatteetaten; Statens vegvesen;
  Statsforvalteren i Vestfold og Telemark @ Tønsberg
education: Universitetet i Sørøst-Norge; Universitetet i Oslo @ Oslo;
  Drammen videregående skole @ Drammen; Skien videregående skole @ Skien;
  Greveskogen videregående skole @ Tønsberg; Kongsberg videregående skole @ Kongsberg;
  Espira; Kanvas
sport: Norges idrettsforbund @ Oslo; Olympiatoppen @ Oslo; SATS; Strømsgodset IF @ Drammen;
  Odds Ballklubb @ Skien
hospitality: Visit Telemark; Thon Hotels; Scandic Hotels; Bø Sommarland @ Bø i Telemark;
  Gaustablikk Høyfjellshotell @ Rjukan
retail: NorgesGruppen; Coop Norge; Rema 1000; Elkjøp; XXL; Kid Interiør @ Lier
arts: NRK; Drammens Tidende @ Drammen; Varden @ Skien; Tønsbergs Blad @ Tønsberg;
  Telemark Museum @ Skien
transport: Posten Bring; Vy; Avinor; Larvik Havn @ Larvik; Sandefjord lufthavn Torp @ Sandefjord
construction: Veidekke; AF Gruppen; Skanska; Statsbygg
ngo: Røde Kors; Kirkens Bymisjon; Redd Barna @ Oslo; Norsk Folkehjelp @ Oslo
""").items()
}
POSITIONS = table("""
banking: Rådgiver; Kunderådgiver; Bedriftsrådgiver; Finansanalytiker; Banksjef
accounting: Revisor; Senior revisor; Statsautorisert revisor; Regnskapsfører; Skatterådgiver
consulting: Konsulent; Seniorkonsulent; Prosjektleder; Manager; Partner
it: Systemutvikler; IT-konsulent; Produkteier; Løsningsarkitekt; Dataanalytiker
energy: Ingeniør; Prosjektingeniør; Driftsingeniør; Analytiker; HMS-rådgiver
manufacturing: Maskiningeniør; Systemingeniør; Elektroingeniør; Produksjonsleder; Kvalitetsingeniør
maritime: Styrmann; Overstyrmann; Kaptein; Skipsinspektør; Maritim rådgiver
health: Sykepleier; Intensivsykepleier; Helsesykepleier; Fagutviklingssykepleier; Avdelingsleder
social: Barnevernspedagog; Vernepleier; Sosionom; Miljøterapeut; Saksbehandler
public: Rådgiver; Seniorrådgiver; Saksbehandler; Enhetsleder; Økonomisjef
education: Lærer; Lektor; Barnehagelærer; Rektor; Universitetslektor; Stipendiat
sport: Trener; Idrettskonsulent; Personlig trener; Daglig leder
hospitality: Hotelldirektør; Salgssjef; Markedssjef; Destinasjonsutvikler
retail: Butikksjef; Kategorisjef; Innkjøpssjef; Regionsjef
arts: Journalist; Redaktør; Kommunikasjonsrådgiver; Formidler
transport: Logistikkleder; Planlegger; Driftsleder; Innkjøper
construction: Prosjektleder; Byggeleder; Anleggsleder; Kalkulatør
ngo: Rådgiver; Prosjektkoordinator; Frivillighetskoordinator; Daglig leder
""")
SKILLS = table("""
banking: Finansiell analyse; Kredittvurdering; Kundebehandling; Risikostyring
accounting: Revisjon; Regnskap; IFRS; Skatterett; Excel
consulting: Endringsledelse; Prosessforbedring; Forretningsutvikling; Power BI
it: Python; Java; Skytjenester; Smidig utvikling; Databaser; Maskinlæring
energy: Fornybar energi; Kraftsystemer; HMS; Prosjektstyring
manufacturing: CAD; Automasjon; Lean; Systems engineering; Kvalitetsledelse
maritime: Navigasjon; Sikkerhetsstyring; Skipsdrift; Maritim logistikk
health: Klinisk sykepleie; Legemiddelhåndtering; Veiledning; Folkehelse
social: Barnevern; Motiverende intervju; Miljøterapi; Saksbehandling
public: Offentlige anskaffelser; Forvaltningsrett; Saksbehandling; Budsjettering
education: Pedagogikk; Klasseledelse; Veiledning; Digitale læremidler
sport: Treningslære; Coaching; Idrettsledelse
hospitality: Destinasjonsutvikling; Markedsføring; Salg; Arrangementsledelse
retail: Salg; Kategoristyring; Innkjøp; Markedsføring
arts: Skriving; Formidling; Foto; Sosiale medier
transport: Logistikk; Innkjøp; Lean
construction: Prosjektstyring; BIM; HMS; Kalkulasjon
ngo: Frivillighetsledelse; Prosjektstyring; Kommunikasjon
general: Prosjektledelse; Kommunikasjon; Ledelse; Excel; Engelsk; Tysk; Økonomistyring
""")
# The editors' vocabulary, offered to every member, and a few interests members added themselves.
_INTERESTS = table("""
curated: Bærekraft; Digitalisering; Entreprenørskap; Etter- og videreutdanning; Folkehelse;
  Forskning; Friluftsliv; Frivillighet; Idrett; Innovasjon; Internasjonalt arbeid; Karriere;
  Kultur; Kunstig intelligens; Ledelse; Likestilling og mangfold; Markedsføring; Maritim næring;
  Mentorordninger; Nettverksbygging; Offentlig sektor; Personlig økonomi; Prosjektledelse;
  Psykisk helse; Reiseliv; Samfunnsansvar; Skole og barnehage; Teknologi; Økonomi og finans;
  Energi og klima
free: Fluefiske; Vinterbading; Korsang; Langrenn; Brettspill; Seiling; Fotografering; Strikking
""")
CURATED_INTERESTS, FREE_INTERESTS = _INTERESTS["curated"], _INTERESTS["free"]
VISIBILITIES = list(Visibility)
OTHER_LANGUAGES = ["sv", "da", "de", "fr", "es", "pl", "lt", "ar", "so", "uk", "zh"]
WORK_FIELDS = ["work_visibility", "industry_visibility", "location_visibility"]
PERSONAL_FIELDS = ["bio_visibility", "skills_visibility", "interests_visibility"]
PERSONAL_FIELDS += ["links_visibility", "languages_visibility"]
CLAIM_MESSAGES = [
    "",
    "Jeg studerte ved Høgskolen i Buskerud og Vestfold før sammenslåingen.",
    "Jeg har byttet e-postadresse siden jeg var student.",
    "Vitnemålet står på mitt tidligere etternavn.",
    "Jeg tok studiet på deltid ved siden av jobb.",
]
