"""What demo members write to each other: short alumni messages in Norwegian and English, by
topic (job tips, meeting at an event, course questions, reunions, mentoring), combined from
templates. A conversation draws its details ({place}, {day}, {employer}, ...) once, so its
messages agree with each other.

Demo texts are data, not interface wording: they are not translated.
"""

# Placeholders: {name} the reader's first name ("alle"/"everyone" in a group), {place}, {day},
# {time}, {employer}, {course}, {year}, {event}.
DETAILS = {
    "place": ["Drammen", "Bø", "Porsgrunn", "Kongsberg", "Tønsberg", "Notodden", "Hønefoss",
              "Rauland", "Oslo", "Skien"],
    "day": {"nb": ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
            "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]},
    "time": ["12", "14", "16", "17", "18", "19"],
    "employer": ["Equinor", "DNB", "Kongsberg Gruppen", "Sykehuset i Vestfold", "Drammen kommune",
                 "Skagerak Energi", "Telenor", "PwC", "Sopra Steria", "Vestfold fylkeskommune",
                 "Norconsult", "Statens vegvesen"],
    "course": ["metodekurset", "statistikken", "bacheloroppgaven", "masteroppgaven",
               "praksisperioden", "prosjektledelse", "regnskapsfaget", "programmeringen"],
    "year": ["2012", "2014", "2015", "2016", "2018", "2019", "2020"],
    "event": {"nb": ["alumnikvelden", "karrieredagen", "frokostseminaret", "fagdagen",
                     "jubileumsfesten"],
              "en": ["the alumni evening", "the career day", "the breakfast seminar",
                     "the research day", "the anniversary party"]},
}  # fmt: skip

TOPICS = {
    "job": {
        "nb": {
            "open": [
                "Hei {name}! Så at {employer} søker folk i {place}. Tenkte på deg med en gang.",
                "Hei {name}, kjenner du noen som vil jobbe hos {employer}? Vi har en ledig jobb.",
                "Hei! Har du hørt noe om stillingen hos {employer}? Vurderer å søke.",
            ],
            "reply": [
                "Så hyggelig at du tenkte på meg! Hvem er kontaktpersonen?",
                "Takk for tipset! Søknadsfristen er vel om to uker?",
                "Jeg har en tidligere kollega der, jeg kan spørre henne.",
                "Kan du sende meg lenken til utlysningen?",
                "Jeg kan godt være referanse hvis du vil.",
                "De ser etter noen med erfaring fra prosjektledelse, tror jeg.",
                "Intervjuet gikk fint, tror jeg. Får svar neste uke.",
                "Jeg søkte i går! Krysser fingrene.",
                "Lønnsnivået der er visst ganske bra.",
                "Send meg gjerne CV-en, så ser jeg over den.",
            ],
        },
        "en": {
            "open": [
                "Hi {name}! {employer} is hiring in {place}, thought of you right away.",
                "Hi {name}, do you know anyone who would like to work at {employer}?",
                "Hey! Have you heard anything about the opening at {employer}?",
            ],
            "reply": [
                "Thanks for thinking of me! Who is the contact person?",
                "Great tip, thanks! The deadline is in two weeks, right?",
                "Could you send me the link to the job ad?",
                "Happy to be a reference if you need one.",
                "I think they want someone with project management experience.",
                "Applied yesterday, fingers crossed!",
                "Send me your CV and I will have a look.",
            ],
        },
    },
    "event": {
        "nb": {
            "open": [
                "Hei {name}! Skal du på {event} i {place} på {day}?",
                "Hei {name}, blir du med på {event}? Kunne vært fint å ses igjen.",
                "Så at du var påmeldt {event}. Skal vi ta en kaffe før det starter?",
            ],
            "reply": [
                "Ja, jeg har meldt meg på! Kommer med toget.",
                "Kaffe før høres perfekt ut. Kl. {time}?",
                "Jeg kommer litt sent, men jeg er der til {time}.",
                "Vet du om det blir servert mat?",
                "Tar du med deg noen fra jobben?",
                "Det var veldig hyggelig sist, gleder meg.",
                "Vi møtes ved inngangen, da.",
                "Har du sett programmet? Foredraget om bærekraft ser spennende ut.",
                "Jeg kan kjøre, det er plass til to til i bilen.",
            ],
        },
        "en": {
            "open": [
                "Hi {name}! Are you going to {event} in {place} on {day}?",
                "Hi {name}, coming to {event}? Would be great to catch up.",
            ],
            "reply": [
                "Yes, signed up already! Taking the train.",
                "Coffee before sounds perfect. {time}:00?",
                "I'll be a bit late, but I'll be there by {time}.",
                "Do you know if there will be food?",
                "It was really nice last time, looking forward to it.",
                "Let's meet at the entrance then.",
            ],
        },
    },
    "course": {
        "nb": {
            "open": [
                "Hei {name}! Husker du hvilken bok vi brukte i {course}?",
                "Hei {name}, jeg skal undervise i {course} selv nå. Har du notatene dine ennå?",
                "Hei! Tar videreutdanning og sliter med {course}. Har du tid til et spørsmål?",
            ],
            "reply": [
                "Ha ha, den boka står fortsatt i hylla mi!",
                "Jeg tror jeg har notatene et sted, skal lete i kveld.",
                "Selvfølgelig, bare spør!",
                "Foreleseren vår er fortsatt ved USN, du kan spørre henne.",
                "Det var det vanskeligste faget hele studiet, synes jeg.",
                "Jeg fant en god videoserie om det, sender lenke.",
                "Lykke til med eksamen!",
                "Kan vi ta en telefon i morgen i stedet? Lettere å forklare.",
            ],
        },
        "en": {
            "open": [
                "Hi {name}! Do you remember which book we used in the methods course?",
                "Hi {name}, I'm doing further studies now. Got time for a question?",
            ],
            "reply": [
                "Ha, that book is still on my shelf!",
                "I think I still have my notes somewhere, will look tonight.",
                "Of course, go ahead and ask!",
                "Found a good video series on it, I'll send the link.",
                "Good luck with the exam!",
                "Can we do a call tomorrow instead? Easier to explain.",
            ],
        },
    },
    "reunion": {
        "nb": {
            "open": [
                "Hei {name}! Snart ti år siden vi ble ferdige i {year}. Skal vi lage et treff?",
                "Hei {name}, noen av oss planlegger kulltreff i {place}. Er du med?",
            ],
            "reply": [
                "Så gøy! Jeg er med. Hvilken helg tenker dere?",
                "Vi kan spørre om å låne kantina på campus.",
                "Jeg kan lage en liste over hvem vi har kontakt med.",
                "Første helg i juni passer best for meg.",
                "Hva med en enkel grillfest? Det er lettere å få til.",
                "Har noen kontakt med de som flyttet til utlandet?",
                "Jeg booker lokale hvis dere ordner mat.",
                "Så mange har svart ja allerede!",
            ],
        },
        "en": {
            "open": [
                "Hi {name}! Ten years since we graduated in {year}. Shall we plan a reunion?",
                "Hi {name}, some of us are planning a class reunion in {place}. Are you in?",
            ],
            "reply": [
                "Love it! Count me in. Which weekend?",
                "We could ask to use the canteen on campus.",
                "I can make a list of everyone we're still in touch with.",
                "The first weekend in June works best for me.",
                "I'll book a venue if you sort out the food.",
            ],
        },
    },
    "mentoring": {
        "nb": {
            "open": [
                "Hei {name}! Jeg så at du er åpen for mentoroppdrag. Kan jeg spørre deg om råd?",
                "Hei {name}, takk for praten sist! Jeg har tenkt mer på det vi snakket om.",
            ],
            "reply": [
                "Selvfølgelig, det hjelper jeg gjerne med.",
                "Hva lurer du mest på akkurat nå?",
                "Jeg ville startet med å snakke med lederen din om det.",
                "Det høres ut som et godt neste steg.",
                "Skal vi ta en lunsj i {place} på {day}?",
                "Jeg sender deg et par artikler som hjalp meg.",
                "Du har mer erfaring enn du tror, altså.",
            ],
        },
        "en": {
            "open": [
                "Hi {name}! I saw you are open to mentoring. Could I ask your advice?",
                "Hi {name}, thanks for the chat last time! I've been thinking about it.",
            ],
            "reply": [
                "Of course, happy to help.",
                "What are you wondering about most right now?",
                "I'd start by talking to your manager about it.",
                "Shall we have lunch in {place} on {day}?",
                "You have more experience than you think.",
            ],
        },
    },
}
TOPIC_WEIGHTS = {"job": 30, "event": 25, "course": 15, "reunion": 15, "mentoring": 15}

# Said in any conversation, between the topic's messages.
CHAT = {
    "nb": ["Takk!", "Så bra!", "Høres bra ut.", "Ja, enig.", "Skal sjekke og komme tilbake.",
           "Hvordan går det ellers?", "Bare bra her, mye å gjøre på jobb.", "Ha ha, typisk!",
           "Det stemmer.", "Perfekt 👍", "Beklager sent svar, har vært på hytta.",
           "Hils familien!", "Jeg ringer deg i morgen.", "Supert, da gjør vi det sånn."],
    "en": ["Thanks!", "Great!", "Sounds good.", "Agreed.", "I'll check and get back to you.",
           "How are things otherwise?", "All good here, busy at work.", "Ha, typical!",
           "Perfect 👍", "Sorry for the late reply!", "I'll call you tomorrow."],
}  # fmt: skip
CLOSE = {
    "nb": ["Snakkes!", "Ha en fin helg!", "Takk for praten!", "Vi ses!", "Kjempebra, takk igjen!"],
    "en": ["Talk soon!", "Have a nice weekend!", "Thanks for the chat!", "See you!"],
}
# Sent again before the other has answered: what the reader has not seen yet.
NUDGE = {
    "nb": ["Hei igjen! Fikk du sett på dette?", "Glemte å si: det haster ikke.",
           "Bare gi en lyd når du har tid.", "PS: {place} passer fint for meg."],
    "en": ["Hi again! Did you get a chance to look at this?", "Forgot to say: no rush.",
           "Just let me know when you have time."],
}  # fmt: skip

GROUP_TITLES = {
    "nb": ["Kulltreff {year}", "Alumninettverket i {place}", "Masteroppgave-gjengen",
           "Samkjøring til {event}", "Mentorgruppe høst", "Quiz-laget", "Jobbtips {place}",
           "Lunsjgjengen i {place}"],
    "en": ["Class of {year}", "Alumni network {place}", "Thesis group", "Mentoring circle",
           "Lunch crew {place}"],
}  # fmt: skip
GROUP_OPEN = {
    "nb": ["Hei alle sammen! Lager en tråd så vi kan planlegge her.",
           "Hei! Fint å samle alle på ett sted. Hvem kan {day}?",
           "Hei alle! Noen som skal på {event}?"],
    "en": ["Hi all! Starting a thread so we can plan here.",
           "Hi everyone! Who can make it on {day}?"],
}  # fmt: skip
GROUP_NAME = {"nb": "alle", "en": "everyone"}
