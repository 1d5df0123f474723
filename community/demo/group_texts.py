"""What the demo groups are and what their members write: about thirty groups of every kind with
Norwegian names, descriptions and topics (the pilot faculty, HH, has the most), discussion
threads and replies by theme, and the fields and places the thousands of groups at scale are
named from.

Demo texts are data, not interface wording: they are not translated.
"""

# One post per line reads best; the posts are longer than a code line.
# ruff: noqa: E501

from dataclasses import dataclass, field


@dataclass(frozen=True)
class GroupSpec:
    name: str
    kind: str  # open, request, invite, hidden
    theme: str  # key of THREADS and REPLIES
    description: str
    topics: list
    faculty: str = ""  # faculty code
    region: str = ""
    industry: str = ""
    size: str = "medium"  # small, medium, large: how many members (SIZES)
    activity: str = "lively"  # lively, steady, quiet, archived: when its members last wrote
    kari: str = ""  # owner, moderator, member, requested, invited
    extra: dict = field(default_factory=dict)


# Members a group gets (at most the verified members there are) and threads it has, by size.
SIZES = {
    "small": ((4, 9), (1, 4)),
    "medium": ((10, 35), (3, 9)),
    "large": ((35, 90), (8, 16)),
}
# How long ago the latest post in a group was written, in days (from, to).
ACTIVITY_DAYS = {
    "lively": (0, 10),
    "steady": (10, 120),
    "quiet": (150, 330),
    "archived": (400, 700),
}

GROUPS = [
    # Handelshøyskolen USN, the pilot
    GroupSpec(
        "Regnskap og revisjon", "open", "economy",
        "For alumni som jobber med regnskap, revisjon og rapportering. Vi deler erfaringer med "
        "nye standarder, verktøy og hverdagen i bransjen, og tipser hverandre om kurs og jobber.",
        ["Regnskap", "Revisjon", "Økonomi og finans"],
        faculty="HH", industry="accounting", size="large", kari="moderator",
    ),
    GroupSpec(
        "Økonomistyring i kommunene", "request", "public",
        "Et faglig nettverk for økonomer i kommuner og fylkeskommuner: budsjettprosesser, "
        "rapportering til politikerne, innkjøp og effektivisering. Vi tar opp nye medlemmer som "
        "jobber i eller med offentlig sektor.",
        ["Offentlig sektor", "Økonomi og finans", "Budsjettering"],
        faculty="HH", industry="public", kari="requested",
    ),
    GroupSpec(
        "Gründere fra USN", "open", "startup",
        "For deg som har startet, vil starte eller jobber i en oppstartsbedrift. Del erfaringer om "
        "finansiering, kunder, ansettelser og alt det ingen lærte oss på studiet.",
        ["Entreprenørskap", "Innovasjon"],
        faculty="HH", size="large", kari="member",
    ),
    GroupSpec(
        "Bank og finans i Buskerud", "open", "economy",
        "Alumni i banker, forsikring og finansforetak i Drammensregionen og Buskerud. Vi møtes "
        "et par ganger i året og diskuterer rente, regulering og rekruttering her inne.",
        ["Økonomi og finans", "Nettverksbygging"],
        faculty="HH", region="buskerud", industry="banking", kari="owner",
    ),
    GroupSpec(
        "Ledere i Vestfold", "request", "leadership",
        "Et nettverk for ledere med utdanning fra USN som jobber i Vestfold. Fortrolige "
        "diskusjoner om ledelse, omstilling og personalansvar, derfor tar vi opp medlemmer etter "
        "forespørsel.",
        ["Ledelse", "Nettverksbygging"],
        faculty="HH", region="vestfold", size="medium", activity="steady",
    ),
    GroupSpec(
        "Markedsføring og merkevare", "open", "marketing",
        "Markedsførere, kommunikasjonsfolk og salgsledere fra USN. Kampanjer som virket (og de "
        "som ikke gjorde det), verktøy, analyse og karriere.",
        ["Markedsføring", "Digitalisering"],
        faculty="HH", industry="retail",
    ),
    GroupSpec(
        "Alumni fra Executive MBA", "invite", "leadership",
        "Lukket gruppe for alumni fra erfaringsbasert master i økonomi og ledelse. Medlemmene "
        "inviterer sine kullkamerater.",
        ["Ledelse", "Etter- og videreutdanning"],
        faculty="HH", size="small", activity="steady",
    ),
    GroupSpec(
        "Økonomiledere i sparebankene", "hidden", "economy",
        "Uformelt, lukket forum for økonomiledere i sparebanker på Østlandet. Bare for inviterte.",
        ["Økonomi og finans", "Ledelse"],
        faculty="HH", region="buskerud", industry="banking", size="small", kari="invited",
    ),
    GroupSpec(
        "Reiseliv og opplevelser i Telemark", "open", "tourism",
        "Alumni fra reiselivsstudiene i Bø og alle andre som lever av turisme i Telemark: "
        "destinasjonsutvikling, sesongarbeid, markedsføring og samarbeid mellom bedriftene.",
        ["Reiseliv", "Kultur"],
        faculty="HH", region="telemark", industry="hospitality",
    ),
    GroupSpec(
        "Bærekraftig økonomi", "open", "economy",
        "Hvordan rapporterer og styrer virksomheter på bærekraft? Vi diskuterer taksonomien, "
        "klimaregnskap og hva det betyr for økonomifunksjonen.",
        ["Bærekraft", "Samfunnsansvar", "Økonomi og finans"],
        faculty="HH", kari="member",
    ),
    GroupSpec(
        "Skatt og avgift", "open", "economy",
        "Spørsmål og svar om skatt, merverdiavgift og regelendringer, for alumni som jobber med "
        "det til daglig.",
        ["Regnskap", "Offentlig sektor"],
        faculty="HH", industry="accounting", size="small", activity="quiet",
    ),
    # Helse- og sosialvitenskap
    GroupSpec(
        "Sykepleiere i Vestfold", "open", "health",
        "For sykepleiere utdannet ved USN som jobber i Vestfold, på sykehus, i kommunene eller "
        "andre steder. Faglige tips, turnus og videreutdanning.",
        ["Folkehelse", "Etter- og videreutdanning"],
        faculty="HS", region="vestfold", industry="health", size="large",
    ),
    GroupSpec(
        "Psykisk helse i praksis", "request", "health",
        "Et faglig fellesskap for alumni som jobber med psykisk helse og rus. Vi deler erfaringer "
        "og forskning, og tar opp nye medlemmer etter forespørsel for å holde diskusjonene trygge.",
        ["Psykisk helse", "Folkehelse"],
        faculty="HS", industry="health",
    ),
    GroupSpec(
        "Barnevernsnettverket", "request", "social",
        "Barnevernspedagoger og sosionomer fra USN: faglige dilemmaer, nye retningslinjer og "
        "hvordan vi holder ut i et krevende yrke.",
        ["Barnevern", "Psykisk helse"],
        faculty="HS", industry="social", activity="steady",
    ),
    GroupSpec(
        "Folkehelse og forebygging", "open", "health",
        "Folkehelsearbeid i kommuner, frivillige organisasjoner og arbeidsliv.",
        ["Folkehelse", "Samfunnsansvar"],
        faculty="HS", size="small",
    ),
    GroupSpec(
        "Optometrister fra Kongsberg", "open", "health",
        "Alumni fra optometriutdanningen på Kongsberg. Fag, bransjenytt og jobbmuligheter.",
        ["Folkehelse", "Teknologi"],
        faculty="HS", region="buskerud", industry="health", size="small", activity="steady",
    ),
    # Humaniora, idretts- og utdanningsvitenskap
    GroupSpec(
        "Lærere i Telemark", "open", "school",
        "Lærere i grunnskole og videregående i Telemark som har studert ved USN. Undervisningsopplegg, "
        "vurdering, klasseledelse og nye læreplaner.",
        ["Skole og barnehage", "Etter- og videreutdanning"],
        faculty="HIU", region="telemark", industry="education", size="large",
    ),
    GroupSpec(
        "Friluftsliv og naturguiding", "open", "outdoors",
        "For alle som har gått friluftslivsstudiene i Bø, og andre som lever av eller for naturen.",
        ["Friluftsliv", "Idrett", "Reiseliv"],
        faculty="HIU", region="telemark", industry="sport",
    ),
    GroupSpec(
        "Folkemusikk og kultur fra Rauland", "open", "culture",
        "Alumni fra folkemusikk og tradisjonskunst i Rauland: konserter, prosjekter og kurs.",
        ["Kultur"],
        faculty="HIU", region="telemark", industry="arts", size="small", activity="steady",
    ),
    GroupSpec(
        "Barnehagelærere i Buskerud", "open", "school",
        "Barnehagelærere og styrere i Buskerud: pedagogikk, ledelse og bemanning.",
        ["Skole og barnehage"],
        faculty="HIU", region="buskerud", industry="education",
    ),
    GroupSpec(
        "Idrett og trenerutvikling", "request", "outdoors",
        "Trenere og idrettsfolk fra USN som vil utvikle seg og andre. Vi tar opp medlemmer som "
        "trener eller leder i idretten.",
        ["Idrett", "Ledelse"],
        faculty="HIU", industry="sport", size="small", activity="quiet",
    ),
    # Teknologi, naturvitenskap og maritime fag
    GroupSpec(
        "Maritim næring og skipsfart", "open", "maritime",
        "Nautikere, maritime ledere og alle som jobber i maritim næring. Teknologi, sikkerhet, "
        "grønn skipsfart og karriere til sjøs og på land.",
        ["Maritim næring", "Energi og klima"],
        faculty="TNM", region="vestfold", industry="maritime", size="large",
    ),
    GroupSpec(
        "Kunstig intelligens i praksis", "open", "tech",
        "Hvordan bruker vi KI på jobben? Verktøy, erfaringer, personvern og etikk, for utviklere "
        "og alle andre som er nysgjerrige.",
        ["Kunstig intelligens", "Teknologi", "Digitalisering"],
        faculty="TNM", industry="it", size="large", kari="member",
    ),
    GroupSpec(
        "Prosessindustrien i Grenland", "open", "tech",
        "Ingeniører og operatører fra USN i prosessindustrien i Grenland: drift, HMS og "
        "det grønne skiftet.",
        ["Energi og klima", "Teknologi"],
        faculty="TNM", region="telemark", industry="manufacturing",
    ),
    GroupSpec(
        "Systems engineering på Kongsberg", "request", "tech",
        "Alumni fra systems engineering som jobber i teknologiklyngen på Kongsberg. Vi tar opp "
        "medlemmer som jobber med fagområdet.",
        ["Teknologi", "Prosjektledelse"],
        faculty="TNM", region="buskerud", industry="manufacturing", activity="steady",
    ),
    GroupSpec(
        "Energi og klima", "open", "tech",
        "Fornybar energi, kraftmarkedet, klimatiltak og jobbene som kommer.",
        ["Energi og klima", "Bærekraft"],
        faculty="TNM", industry="energy",
    ),
    GroupSpec(
        "Kvinner i teknologi", "open", "tech",
        "Et nettverk for kvinner med teknologiutdanning fra USN: mentorer, rollemodeller og "
        "erfaringer fra arbeidslivet.",
        ["Likestilling og mangfold", "Teknologi", "Mentorordninger"],
        faculty="TNM", size="medium",
    ),
    # Across the faculties
    GroupSpec(
        "USN-alumni i Oslo", "open", "network",
        "For alle som har studert ved USN og nå bor eller jobber i Oslo. Afterwork, tips om jobber "
        "og boliger, og gode samtaler om gamle dager.",
        ["Nettverksbygging", "Karriere"],
        region="oslo", size="large",
    ),
    GroupSpec(
        "USN-alumni i utlandet", "open", "network",
        "Alumni som bor og jobber utenfor Norge. Hvordan er arbeidslivet der du er, og hvordan "
        "holder du kontakten med Norge?",
        ["Internasjonalt arbeid", "Nettverksbygging"],
        region="abroad", size="small", activity="steady",
    ),
    GroupSpec(
        "Mentorer og mentees", "request", "mentoring",
        "For deg som er eller vil bli mentor eller mentee i alumnimentorordningen. Vi deler råd om "
        "gode samtaler, mål og oppfølging.",
        ["Mentorordninger", "Karriere"],
        kari="member",
    ),
    GroupSpec(
        "Prosjektledere i offentlig sektor", "invite", "public",
        "Et lite nettverk for prosjektledere i stat og kommune. Medlemmene inviterer kolleger.",
        ["Prosjektledelse", "Offentlig sektor"],
        size="small",
    ),
    GroupSpec(
        "Styret for alumnidagen 2026", "hidden", "network",
        "Arbeidsgruppe for planleggingen av alumnidagen 2026. Bare for de inviterte.",
        ["Frivillighet", "Nettverksbygging"],
        size="small",
    ),
    GroupSpec(
        "Kullet fra Bø 2008", "open", "network",
        "Vi som begynte i Bø høsten 2008. Gruppa ble brukt til planleggingen av 10-årsjubileet.",
        ["Nettverksbygging"],
        region="telemark", size="small", activity="archived",
    ),
]  # fmt: skip

# The busiest group at scale: open, for the pilot faculty, with tens of thousands of posts.
BUSIEST = GroupSpec(
    "Økonomi, ledelse og arbeidsliv – alumniforum", "open", "economy",
    "Det store åpne forumet for alumni fra Handelshøyskolen USN og alle andre som er opptatt av "
    "økonomi, ledelse og arbeidsliv. Still spørsmål, del artikler og erfaringer, og finn folk "
    "som jobber med det samme som deg.",
    ["Økonomi og finans", "Ledelse", "Karriere", "Nettverksbygging"],
    faculty="HH", industry="consulting", kari="member",
)  # fmt: skip

# Threads by theme: (title, opening post). Replies come from REPLIES[theme] and GENERAL_REPLIES.
THREADS = {
    "economy": [
        ("Erfaringer med nytt regnskapssystem?", "Vi skal bytte regnskapssystem til nyttår. Er det noen her som har gått over til skybasert løsning nylig? Hva burde vi tenkt på før vi startet?"),
        ("Bærekraftsrapportering – hvor begynner man?", "Vi blir omfattet av de nye kravene om bærekraftsrapportering om to år. Hvordan har dere organisert arbeidet, og hvem eier det hos dere?"),
        ("Tips til gode kurs i IFRS", "Jeg trenger å friske opp IFRS-kunnskapene. Kjenner noen til gode kurs, gjerne på nett eller som etter- og videreutdanning ved USN?"),
        ("Hvordan presentere budsjettet for styret", "Jeg skal presentere budsjettet for styret for første gang. Har dere tips til hvordan man gjør tallene forståelige for folk som ikke er økonomer?"),
        ("Rentekurven og lånekundene", "Hvordan merker dere renteendringene i kundemassen? Vi ser at flere vil binde renten enn før."),
        ("Ledig stilling: controller i Drammen", "Vi søker en controller med et par års erfaring. Send meg en melding hvis du er interessert eller kjenner noen. Søknadsfrist om tre uker."),
        ("Automatisering av fakturamottak", "Har noen fått fakturamottaket helautomatisk? Vi ligger på rundt 70 prosent og lurer på hva som skal til for å komme videre."),
        ("Månedsavslutning på tre dager", "Vi har et mål om å lukke måneden på tre arbeidsdager. Hvor lang tid bruker dere, og hva var det som hjalp mest?"),
        ("Revisorer: hvordan er arbeidsmengden i år?", "Sesongen nærmer seg. Er det bare oss, eller er det mer å gjøre enn noen gang?"),
        ("Anbefalt lesning om økonomistyring", "Jeg setter sammen en leseliste for nyansatte. Hvilke bøker eller artikler om økonomistyring har betydd mest for dere?"),
    ],
    "public": [
        ("Budsjettprosessen i kommunen – hvordan gjør dere det?", "Vi vurderer å gå over til rammebudsjettering. Hvilke erfaringer har dere, og hvordan får dere med enhetslederne?"),
        ("Rapportering til politikerne", "Tertialrapportene våre blir lange og lite lest. Har noen funnet en form som politikerne faktisk bruker?"),
        ("Innkjøp under terskelverdi", "Hvordan praktiserer dere konkurranse på små innkjøp? Vi ønsker en enkel, men ryddig rutine."),
        ("Erfaringer med gevinstrealisering", "Vi har mange digitaliseringsprosjekter, men sliter med å vise gevinstene. Hvordan måler dere dem?"),
        ("Samarbeid mellom kommuner", "Vi utreder et interkommunalt samarbeid om lønn og regnskap. Noen som har gjort det og vil dele hvordan det gikk?"),
        ("Nye krav til økonomireglement", "Har dere revidert økonomireglementet etter endringene i kommuneloven? Del gjerne hvordan dere la opp arbeidet."),
    ],
    "startup": [
        ("Første ansettelse – hvordan fant dere riktig person?", "Vi er tre gründere og skal ansette den første utvikleren. Hvor annonserte dere, og hva ville dere gjort annerledes?"),
        ("Innovasjon Norge eller investorer?", "Vi står foran første kapitalrunde. Hvilke erfaringer har dere med tilskudd fra Innovasjon Norge kontra private investorer?"),
        ("Prising av en ny tjeneste", "Hvordan kom dere fram til prisen på tjenesten deres? Vi er redde for å prise oss for lavt."),
        ("Styre i en liten bedrift", "Når fikk dere et ordentlig styre, og hvordan fant dere folk med riktig kompetanse?"),
        ("Kontorfellesskap i Drammen eller Porsgrunn?", "Vi leter etter kontorplass i et gründermiljø. Noen anbefalinger?"),
        ("Hva skulle dere ønske dere lærte på studiet?", "Jeg holder gjesteforelesning for studentene neste måned. Hva skulle dere ønske noen hadde fortalt dere før dere startet for dere selv?"),
    ],
    "leadership": [
        ("Medarbeidersamtaler som faktisk betyr noe", "Hvordan legger dere opp medarbeidersamtalene? Jeg opplever at de blir en formalitet, og vil gjerne gjøre dem nyttigere."),
        ("Ledelse på avstand", "Halve teamet mitt jobber hjemmefra tre dager i uka. Hva gjør dere for å holde sammen et team som sjelden er samlet?"),
        ("Fra kollega til leder", "Jeg har nettopp blitt leder for mine tidligere kolleger. Noen råd om overgangen?"),
        ("Omstilling uten å miste de beste", "Vi skal gjennom en omorganisering. Hvordan kommuniserer dere tidlig nok uten å skape uro?"),
        ("Lederutvikling – hva har virket for dere?", "Vi vurderer et lederutviklingsprogram for mellomledere. Hvilke program eller kurs har dere hatt nytte av?"),
        ("Sykefravær og tilrettelegging", "Hvordan jobber dere med å få ned sykefraværet uten at det oppleves som press?"),
    ],
    "marketing": [
        ("Måling av merkevarekjennskap", "Hvordan måler dere kjennskap og omdømme uten å bruke en formue på undersøkelser?"),
        ("KI-verktøy i markedsavdelingen", "Hvilke KI-verktøy bruker dere til tekst og bilder, og hvordan sikrer dere kvaliteten?"),
        ("Nyhetsbrev som blir lest", "Åpningsraten på nyhetsbrevet vårt faller. Hva har fungert for dere?"),
        ("Lokal markedsføring for små bedrifter", "Jeg hjelper et par små bedrifter i Vestfold med markedsføringen. Hvilke kanaler gir mest for pengene lokalt?"),
    ],
    "tourism": [
        ("Sesongarbeidere – hvordan får dere dem tilbake?", "Vi sliter med å få de samme folkene tilbake neste sesong. Hva gjør dere for å beholde dem?"),
        ("Samarbeid om pakketurer i Telemark", "Er det noen som vil samarbeide om pakker med overnatting, aktivitet og mat neste sommer?"),
        ("Bærekraftig reisemål-merket", "Har noen her vært med på å sertifisere et reisemål? Hvor mye arbeid var det?"),
        ("Vinterturisme uten snøgaranti", "Hvordan planlegger dere vintersesongen når snøen blir mer usikker?"),
    ],
    "health": [
        ("Videreutdanning i intensivsykepleie", "Jeg vurderer videreutdanning ved siden av jobb. Hvordan fikk dere det til å gå i hop med turnus?"),
        ("Turnusordninger som fungerer", "Hos oss prøver vi ut langvakter i helgene. Hvilke erfaringer har dere med ulike turnusordninger?"),
        ("Nyutdannet og alene på vakt", "Jeg ble utdannet i vår og har allerede hatt flere vakter som eneste sykepleier. Hvordan tar arbeidsplassene deres imot nyutdannede?"),
        ("Velferdsteknologi i hjemmetjenesten", "Vi har innført digitalt tilsyn. Hvordan har det gått hos dere, og hva sier brukerne?"),
        ("Ledige stillinger i Vestfold", "Sykehuset har flere ledige stillinger på medisinsk avdeling. Ta kontakt om du vil vite mer om arbeidsmiljøet."),
        ("Faglig oppdatering uten tid", "Hvordan holder dere dere faglig oppdatert i en travel hverdag? Podkaster, tidsskrift, kurs?"),
    ],
    "social": [
        ("Tunge saker og egen helse", "Hvordan tar dere vare på dere selv etter krevende saker? Har arbeidsplassen deres gode ordninger for veiledning?"),
        ("Nye retningslinjer for undersøkelser", "Hvordan har dere tatt i bruk de nye retningslinjene i praksis? Noe som er uklart?"),
        ("Samarbeid med skolene", "Hvordan har dere organisert samarbeidet med skole og helsestasjon? Vi ønsker faste møtepunkter."),
        ("Veiledning av studenter i praksis", "Vi tar imot studenter fra USN i vår. Tips til en god praksisperiode, sett fra begge sider?"),
    ],
    "school": [
        ("Vurdering for læring i praksis", "Hvordan gir dere underveisvurdering som elevene faktisk bruker? Del gjerne konkrete opplegg."),
        ("Mobilfri skole – erfaringer?", "Vi innfører mobilfri skole fra høsten. Hvordan har det gått hos dere, og hvordan tok foreldrene det?"),
        ("Klasseledelse i store klasser", "Jeg har 28 elever i 9. klasse. Hvilke grep har hjulpet dere mest med arbeidsroen?"),
        ("Videreutdanning for lærere", "Søknadsfristen for videreutdanning nærmer seg. Hvilke studietilbud ved USN kan dere anbefale?"),
        ("Uteskole hele året", "Vi vil ha mer undervisning ute, også om vinteren. Noen som har gode opplegg å dele?"),
        ("Bemanning i barnehagen", "Hvordan løser dere bemanningen i tidlige og sene timer uten at det går ut over kvaliteten?"),
    ],
    "outdoors": [
        ("Turforslag i Telemark i høst", "Hvilke turer anbefaler dere i Telemark i høstferien? Gjerne med overnatting i hytte."),
        ("Guidesertifisering", "Hvilke sertifiseringer har dere tatt som guider, og hvilke blir etterspurt av arbeidsgiverne?"),
        ("Friluftsliv med skoleklasser", "Hvordan planlegger dere turer med store grupper og varierende erfaring?"),
        ("Trenerutdanning ved siden av jobb", "Er det noen som har tatt trenerløypa ved siden av full jobb? Hvordan fikk dere tid?"),
    ],
    "culture": [
        ("Konsert i Rauland i sommer", "Vi planlegger en alumnikonsert i Rauland i juli. Hvem vil være med å spille?"),
        ("Søknader om kulturmidler", "Hvilke ordninger for kulturmidler har dere lykkes med, og hva er viktig i søknaden?"),
        ("Formidling av tradisjonskunst til barn", "Noen som har gode opplegg for å formidle folkemusikk og tradisjonskunst i skolen?"),
    ],
    "maritime": [
        ("Grønn skipsfart i praksis", "Hvilke tiltak for lavere utslipp ser dere om bord og på land? Batteri, ammoniakk, hydrogen?"),
        ("Fra sjø til land", "Jeg vurderer å gå i land etter ti år til sjøs. Hvordan opplevde dere overgangen?"),
        ("Simulatortrening", "Hvordan bruker rederiene simulator i opplæringen nå? Savner dere noe fra studietiden?"),
        ("Sertifikater og forlengelse", "Noen som har tips til kurs for å forlenge sertifikatene i Vestfold-området?"),
    ],
    "tech": [
        ("Hvilke KI-verktøy bruker dere på jobben?", "Vi har fått lov til å bruke KI-assistenter i utviklingen. Hvilke verktøy bruker dere, og hvilke retningslinjer har dere?"),
        ("Personvern og språkmodeller", "Hvordan sikrer dere at persondata ikke havner i eksterne språkmodeller?"),
        ("Jobbskifte til fornybar energi", "Jeg jobber i olje og gass og vurderer å gå over til fornybar. Noen som har gjort det samme?"),
        ("Systems engineering i små prosjekter", "Hvordan tilpasser dere metodikken til små prosjekter uten at det blir byråkratisk?"),
        ("Sikkerhet i industrielle styresystemer", "Hvordan jobber dere med digital sikkerhet i produksjonsanleggene?"),
        ("Kompetanse dere savner hos nyutdannede", "Hva skulle dere ønske at nyutdannede ingeniører kunne mer om når de begynner hos dere?"),
        ("Hybrid arbeid i teknologibedrifter", "Hvor mange dager på kontoret er normen hos dere nå?"),
    ],
    "network": [
        ("Afterwork neste torsdag?", "Hvem er med på en uformell afterwork neste torsdag? Foreslår et sted sentralt, rett etter jobb."),
        ("Hvor er dere nå?", "Det hadde vært gøy å høre hvor alle har havnet. Skriv gjerne et par ord om hva du jobber med nå."),
        ("Bolig og jobb – tips til nye i byen", "En venn flytter hit for å begynne i ny jobb. Noen tips om bydeler og hvordan man blir kjent?"),
        ("Jubileum neste år", "Skal vi lage et jubileumstreff neste år? Hvem vil være med i en arbeidsgruppe?"),
        ("Bilder fra treffet", "Takk for sist, alle sammen! Jeg har bilder fra treffet, skal jeg dele en lenke her?"),
    ],
    "mentoring": [
        ("Første møte med menteen", "Jeg har fått min første mentee. Hvordan legger dere opp den første samtalen?"),
        ("Mål for mentorperioden", "Hvordan hjelper dere menteen med å sette mål som er konkrete nok?"),
        ("Hvor ofte møtes dere?", "Hvor ofte møter dere menteen, og digitalt eller fysisk?"),
    ],
}  # fmt: skip

REPLIES = {
    "economy": [
        "Vi byttet i fjor. Bruk god tid på kontoplanen før dere migrerer, det sparer mye arbeid senere.",
        "Hos oss eier økonomidirektøren bærekraftsrapporteringen, men med en egen prosjektleder.",
        "USN har et kurs i økonomistyring som etter- og videreutdanning. Jeg tok det i fjor og kan anbefale det.",
        "Ett tall per side og en tydelig historie, det er mitt beste råd for styrepresentasjoner.",
        "Vi ser det samme: flere vil binde, særlig blant førstegangskjøpere.",
        "Vi bruker fem dager nå, men målet er tre innen neste sommer. Periodiseringene er flaskehalsen.",
        "Avstemminger underveis i måneden var det som hjalp mest hos oss.",
        "Jeg sender deg en melding, har en tidligere kollega som kan være interessert.",
        "Leveranseavtalen med leverandøren var viktigere enn selve systemet, viste det seg.",
        "Kan anbefale å snakke med revisor tidlig i prosessen.",
    ],
    "public": [
        "Vi gikk over til rammebudsjettering for to år siden. Det krevde mye opplæring av enhetslederne, men det har betalt seg.",
        "Vi lagde en kortversjon på to sider med de viktigste avvikene. Den blir lest.",
        "Vi har en enkel mal for innhenting av tre tilbud under terskelverdi, jeg kan dele den.",
        "Gevinstene må beskrives før prosjektet starter, ellers er det nesten umulig å måle dem etterpå.",
        "Vi har samarbeid om lønn med to nabokommuner. Det tok tid å bli enige om rutinene, men nå fungerer det godt.",
    ],
    "startup": [
        "Vi fant den første utvikleren gjennom nettverket, ikke gjennom annonser. Spør alle du kjenner.",
        "Tilskudd først, investorer når dere har kunder. Da får dere bedre vilkår.",
        "Vi doblet prisen etter et halvt år og mistet ingen kunder.",
        "Få inn minst ett styremedlem som har drevet bedrift før. Det er gull verdt.",
        "Kunnskapsparken i Drammen har et godt gründermiljø, verdt et besøk.",
        "Jeg skulle ønske noen hadde lært meg å selge.",
    ],
    "leadership": [
        "Jeg har begynt å sende ut tre spørsmål en uke før samtalen. Da kommer begge forberedt.",
        "Vi har en fast dag i uka der alle er på kontoret. Det har hjulpet mye.",
        "Vær tydelig på at rollen har endret seg, men ikke bli en annen person.",
        "Åpenhet tidlig, også om det du ikke vet ennå. Ryktene er verre enn sannheten.",
        "Vi hadde stor nytte av et program med ledere fra andre bransjer. Perspektivene utenfra var nyttige.",
        "Tett dialog med bedriftshelsetjenesten har hjulpet oss.",
    ],
    "marketing": [
        "En enkel kvartalsvis undersøkelse blant kundene våre gir oss nok til å se utviklingen.",
        "Vi bruker KI til første utkast, men et menneske skriver alltid den endelige teksten.",
        "Kortere nyhetsbrev og tydeligere emnefelt økte åpningsraten hos oss.",
        "Lokalavisen og Facebook-grupper fungerer fortsatt overraskende godt for små bedrifter.",
    ],
    "tourism": [
        "Vi tilbyr bonus for dem som kommer tilbake neste sesong, og det hjelper.",
        "Jeg er interessert i et samarbeid! Sender deg en melding.",
        "Sertifiseringen tok et år, men den har gitt oss nye kunder.",
        "Vi satser mer på aktiviteter som ikke trenger snø: vandring, kultur og mat.",
    ],
    "health": [
        "Jeg tok videreutdanningen på deltid over to år. Det gikk fordi lederen min var fleksibel med turnus.",
        "Langvakter i helgene har gitt færre helger på jobb, men de er tunge. Blandede erfaringer.",
        "Vi har fadderordning for nyutdannede de første tre månedene. Spør etter det når du søker jobb.",
        "Brukerne er positive, men det krever god opplæring av de ansatte.",
        "Podkaster på vei til jobb er det som fungerer for meg.",
        "Ta kontakt med fagutviklingssykepleieren på avdelingen, de har ofte gode tips.",
    ],
    "social": [
        "Vi har fast veiledning annenhver uke, og det er det viktigste tiltaket for meg.",
        "Vi har laget sjekklister for de nye retningslinjene. Ta kontakt om du vil se dem.",
        "Faste møter med skolen en gang i måneden har gjort samarbeidet mye bedre.",
        "Gi studentene ansvar for egne saker tidlig, med tett oppfølging.",
    ],
    "school": [
        "Vi bruker exit-lapper på slutten av timen. Enkelt, og elevene får raskt tilbakemelding.",
        "Mobilfri skole har gitt bedre friminutt hos oss. Foreldrene var positive.",
        "Faste rutiner i starten av timen har hjulpet mest på arbeidsroen.",
        "Jeg tok videreutdanning i matematikk ved USN og kan anbefale det.",
        "Vi har uteskole hver onsdag hele året. Gode klær og varm drikke er hemmeligheten.",
    ],
    "outdoors": [
        "Lifjell er fin i høstfargene, og det er flere hytter der.",
        "Grunnkurs i førstehjelp i friluft blir etterspurt av nesten alle arbeidsgivere.",
        "Del gruppa i mindre lag med hver sin voksen, så går det meste fint.",
        "Jeg tok trenerløypa på kveldstid over to år. Det gikk, men krevde god planlegging hjemme.",
    ],
    "culture": [
        "Jeg er med! Har med fela.",
        "Husk å beskrive hvem som får glede av prosjektet. Det teller mye i søknaden.",
        "Vi har hatt gode erfaringer med å la barna prøve instrumentene selv.",
    ],
    "maritime": [
        "Vi har batterihybrid på to fartøy, og besparelsene er større enn ventet.",
        "Overgangen var lettere enn jeg trodde. Sjøerfaringen er ettertraktet på land.",
        "Simulatoren brukes mye mer nå enn da vi studerte.",
        "Kurssenteret i Horten har gode tilbud, sjekk nettsiden deres.",
    ],
    "tech": [
        "Vi bruker KI-assistent i editoren, men all kode går gjennom vanlig kodegjennomgang.",
        "Vi har egne avtaler med leverandøren om at data ikke brukes til trening, og vi har en intern modell for sensitive saker.",
        "Jeg gikk fra olje til havvind for to år siden, og mye av kompetansen var direkte overførbar.",
        "Skaler ned dokumentasjonen, men behold kravsporingen. Det er den som redder deg.",
        "Segmentering av nettverket er første steg. Vi fikk god hjelp av en ekstern revisjon.",
        "Kommunikasjon og prosjektforståelse savner vi oftere enn teknisk kunnskap.",
        "To dager på kontoret er normen hos oss, men mange kommer oftere.",
    ],
    "network": [
        "Jeg er med!",
        "Jobber som rådgiver i kommunen nå, trives godt. Hyggelig å se at så mange fortsatt er her.",
        "Gode tips: bli med i et lag eller en forening, så blir man fort kjent.",
        "Jeg kan være med i arbeidsgruppa.",
        "Ja, del gjerne bildene!",
    ],
    "mentoring": [
        "Jeg starter alltid med at vi blir kjent, og lar menteen fortelle hva hen ønsker å få ut av det.",
        "Ett mål per halvår, og små steg mellom hver samtale.",
        "Vi møtes en gang i måneden, annenhver gang digitalt.",
    ],
}  # fmt: skip

GENERAL_REPLIES = [
    "Takk for at du tok opp dette!",
    "Godt spørsmål, jeg lurer på det samme.",
    "Enig med det som er sagt over.",
    "Veldig nyttig tråd, takk alle sammen.",
    "Vi har hatt akkurat den samme diskusjonen på jobben. Interessant å høre hvordan andre gjør det.",
    "Send meg gjerne en melding, så kan vi snakke mer om det.",
    "Jeg kan dele erfaringene våre på neste treff.",
    "Det kommer an på størrelsen på virksomheten, tror jeg.",
    "Noen som har en god artikkel om dette? Del gjerne lenken.",
    "Dette burde vi ta opp på et fagmøte for hele gruppa.",
    "Det er lettere sagt enn gjort, men det er verdt å prøve.",
    "Vi prøvde det i fjor, og det fungerte bedre enn forventet.",
    "Jeg har sett det samme. Det har endret seg mye de siste årene.",
    "Interessant! Kan du si litt mer om hvordan dere gjorde det i praksis?",
    "Jeg tar gjerne en kaffe og en prat om dette hvis noen er i nærheten av Drammen.",
]

# The thousands of groups at scale: "<field> i <place>" and "Kullet <programme> <year>".
SCALE_FIELDS = {
    "economy": ["Regnskap", "Revisjon", "Økonomistyring", "Controlling", "Bank og finans",
                "Forsikring", "Skatt", "Innkjøp", "Eiendom"],
    "leadership": ["Ledelse", "HR og personal", "Organisasjonsutvikling", "Styrearbeid",
                   "Endringsledelse"],
    "marketing": ["Markedsføring", "Salg", "Kommunikasjon", "Netthandel"],
    "startup": ["Gründere", "Innovasjon", "Småbedrifter"],
    "public": ["Kommuneøkonomi", "Offentlig forvaltning", "Samfunnsplanlegging"],
    "tourism": ["Reiseliv", "Hotell og restaurant", "Opplevelsesnæring"],
    "health": ["Sykepleie", "Vernepleie", "Folkehelse", "Optometri", "Radiografi",
               "Helseledelse"],
    "social": ["Barnevern", "Sosialt arbeid", "NAV-ansatte"],
    "school": ["Grunnskolelærere", "Barnehagelærere", "Lektorer", "Spesialpedagogikk"],
    "outdoors": ["Idrett", "Friluftsliv", "Trenere"],
    "culture": ["Kultur og media", "Folkemusikk", "Journalistikk"],
    "maritime": ["Maritim næring", "Nautikk", "Havbruk"],
    "tech": ["IT-utviklere", "Dataingeniører", "Elkraft", "Maskiningeniører", "Bygg og anlegg",
             "Prosessteknologi", "Kunstig intelligens", "Cybersikkerhet", "Energi",
             "Systems engineering", "Miljøteknologi"],
    "network": ["Alumni", "Nettverket for nyutdannede", "Pendlere"],
}  # fmt: skip
SCALE_PLACES = [
    ("Drammen", "buskerud"), ("Kongsberg", "buskerud"), ("Hønefoss", "buskerud"),
    ("Tønsberg", "vestfold"), ("Sandefjord", "vestfold"), ("Larvik", "vestfold"),
    ("Horten", "vestfold"), ("Porsgrunn", "telemark"), ("Skien", "telemark"),
    ("Notodden", "telemark"), ("Bø", "telemark"), ("Kragerø", "telemark"), ("Oslo", "oslo"),
    ("Asker og Bærum", "akershus"), ("Lillestrøm", "akershus"), ("Fredrikstad", "ostfold"),
    ("Kristiansand", "agder"), ("Arendal", "agder"), ("Bergen", "vestland"),
    ("Stavanger", "rogaland"), ("Trondheim", "trondelag"), ("Tromsø", "troms"),
    ("Hamar", "innlandet"), ("Ålesund", "more-og-romsdal"), ("Bodø", "nordland"),
    ("utlandet", "abroad"), ("hele landet", "online"),
]  # fmt: skip
THEME_FACULTY = {
    "economy": "HH", "leadership": "HH", "marketing": "HH", "startup": "HH", "public": "HH",
    "tourism": "HH", "health": "HS", "social": "HS", "school": "HIU", "outdoors": "HIU",
    "culture": "HIU", "maritime": "TNM", "tech": "TNM", "network": "",
}  # fmt: skip
THEME_TOPICS = {
    "economy": ["Økonomi og finans"], "leadership": ["Ledelse"], "marketing": ["Markedsføring"],
    "startup": ["Entreprenørskap", "Innovasjon"], "public": ["Offentlig sektor"],
    "tourism": ["Reiseliv"], "health": ["Folkehelse"], "social": ["Psykisk helse"],
    "school": ["Skole og barnehage"], "outdoors": ["Idrett", "Friluftsliv"], "culture": ["Kultur"],
    "maritime": ["Maritim næring"], "tech": ["Teknologi"], "network": ["Nettverksbygging"],
}  # fmt: skip
THEME_INDUSTRY = {
    "economy": "accounting", "leadership": "consulting", "marketing": "retail",
    "startup": "other", "public": "public", "tourism": "hospitality", "health": "health",
    "social": "social", "school": "education", "outdoors": "sport", "culture": "arts",
    "maritime": "maritime", "tech": "it", "network": "",
}  # fmt: skip
