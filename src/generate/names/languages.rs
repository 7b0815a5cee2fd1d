//! The name parts of the eleven languages, one per generated country in turn: syllables for
//! places, given and family names, templates for public bodies, company forms and job titles.

use super::Language;

/// Every language, one per generated country in turn.
pub const LANGUAGES: &[Language] = &[
    // Spanish.
    Language {
        heads: &[
            "Val", "Mon", "Cas", "Vi", "Al", "Ri", "San", "Fuen", "Pe", "To", "Bel", "Or",
        ],
        tails: &[
            "deña", "tillo", "ares", "ón", "ía", "rrós", "dañuela", "orca", "ejo", "iñas",
        ],
        given: &[
            "José", "María", "Begoña", "Íñigo", "Lucía", "Álvaro", "Nuria", "Jesús", "Ángela",
        ],
        family: &[
            "García",
            "Fernández",
            "Núñez",
            "Peña",
            "Ibáñez",
            "Gómez",
            "Muñoz",
            "Sáenz",
        ],
        bodies: &[
            ("Universidad de {}", "university"),
            ("Ayuntamiento de {}", "government"),
            ("Agencia de Desarrollo de {}", "agency"),
            ("Centro Tecnológico de {}", "research_centre"),
            ("Cámara de Comercio de {}", "chamber"),
            ("Hospital Universitario de {}", "hospital"),
            ("Clúster de Innovación de {}", "cluster"),
        ],
        company_forms: &["S.L.", "S.A.", "S.Coop."],
        roles: &[
            "directora general",
            "consejero",
            "rector",
            "jefa de proyecto",
        ],
    },
    // French.
    Language {
        heads: &[
            "Bel", "Mont", "Vau", "Château", "Beau", "Sainte-", "Ro", "Lé", "Cha", "Fon",
        ],
        tails: &[
            "ville", "mont", "lière", "çon", "rac", "-sur-Mer", "zières", "nay", "gène",
        ],
        given: &[
            "François",
            "Hélène",
            "Zoé",
            "Jérôme",
            "Cécile",
            "Loïc",
            "Anaïs",
            "Benoît",
        ],
        family: &[
            "Lefèvre",
            "Dupré",
            "Mercier",
            "Gauthier",
            "Bérard",
            "Lemaître",
            "Rousseau",
        ],
        bodies: &[
            ("Université de {}", "university"),
            ("Mairie de {}", "government"),
            ("Agence régionale de {}", "agency"),
            ("Institut de recherche de {}", "research_centre"),
            ("Chambre de commerce de {}", "chamber"),
            ("Pôle de compétitivité de {}", "cluster"),
        ],
        company_forms: &["SAS", "SARL", "SA"],
        roles: &["directrice", "président", "chargée de mission", "maire"],
    },
    // German.
    Language {
        heads: &[
            "Alt", "Neu", "Ober", "Bad ", "Groß", "Klein", "Sankt ", "Wald", "Rhein", "Hoh",
        ],
        tails: &[
            "dorf", "bach", "heim", "hausen", "stätt", "brück", "feld", "münde", "burg",
        ],
        given: &[
            "Jürgen", "Jörg", "Bärbel", "Günter", "Käthe", "Lukas", "Sönke", "Uta",
        ],
        family: &[
            "Müller",
            "Schäfer",
            "Groß",
            "Weiß",
            "Köhler",
            "Bäcker",
            "Schröder",
        ],
        bodies: &[
            ("Universität {}", "university"),
            ("Stadt {}", "government"),
            ("Technische Hochschule {}", "university"),
            ("Wirtschaftsförderung {}", "agency"),
            ("Forschungszentrum {}", "research_centre"),
            ("Industrie- und Handelskammer {}", "chamber"),
        ],
        company_forms: &["GmbH", "AG", "GmbH & Co. KG"],
        roles: &[
            "Geschäftsführerin",
            "Bürgermeister",
            "Projektleiterin",
            "Präsident",
        ],
    },
    // Polish.
    Language {
        heads: &[
            "Kra", "Łę", "Biał", "Nowy ", "Zie", "Gór", "Wro", "Śród", "Sta", "Przy",
        ],
        tails: &[
            "śnów", "czyca", "owice", "ystok", "ów", "sko", "ławiec", "nica", "żyn",
        ],
        given: &[
            "Łukasz",
            "Małgorzata",
            "Wojciech",
            "Agnieszka",
            "Paweł",
            "Żaneta",
            "Michał",
        ],
        family: &[
            "Wiśniewski",
            "Łęcka",
            "Kowalczyk",
            "Wójcik",
            "Zieliński",
            "Gołębiowska",
        ],
        bodies: &[
            ("Uniwersytet w {}", "university"),
            ("Urząd Miasta {}", "government"),
            ("Politechnika w {}", "university"),
            ("Agencja Rozwoju Regionalnego w {}", "agency"),
            ("Instytut Badawczy w {}", "research_centre"),
        ],
        company_forms: &["Sp. z o.o.", "S.A."],
        roles: &["dyrektor", "prezes", "kierowniczka projektu", "burmistrz"],
    },
    // Portuguese.
    Language {
        heads: &[
            "Vila ", "São ", "Porto ", "Sa", "Bra", "Gui", "Fa", "Lou", "Cas", "Fei",
        ],
        tails: &[
            "marães", "gança", "rém", "ção", "lhões", "ria", "telo", "deiras", "nhão",
        ],
        given: &[
            "João",
            "Conceição",
            "Gonçalo",
            "Inês",
            "Sebastião",
            "Leonor",
            "Tomás",
        ],
        family: &[
            "Gonçalves",
            "Simões",
            "Magalhães",
            "Araújo",
            "Conceição",
            "Brandão",
        ],
        bodies: &[
            ("Universidade de {}", "university"),
            ("Câmara Municipal de {}", "government"),
            ("Instituto Politécnico de {}", "university"),
            ("Agência de Inovação de {}", "agency"),
            ("Centro de Investigação de {}", "research_centre"),
        ],
        company_forms: &["Lda.", "S.A."],
        roles: &["diretora", "presidente", "coordenador", "vereadora"],
    },
    // Italian.
    Language {
        heads: &[
            "Monte", "Castel", "Val", "Borgo ", "San ", "Villa", "Roc", "Pie", "Lu", "Tor",
        ],
        tails: &[
            "franco", "nuovo", "lina", "rano", "ceto", "vecchio", "gnano", "tà", "rino",
        ],
        given: &[
            "Niccolò", "Giulia", "Lucrezia", "Matteo", "Chiara", "Nicolò", "Federica",
        ],
        family: &[
            "Rossi", "Bianchi", "Esposito", "Colombo", "Ricci", "De Luca", "Fabbri",
        ],
        bodies: &[
            ("Università di {}", "university"),
            ("Comune di {}", "government"),
            ("Politecnico di {}", "university"),
            ("Agenzia per lo Sviluppo di {}", "agency"),
            ("Camera di Commercio di {}", "chamber"),
        ],
        company_forms: &["S.r.l.", "S.p.A."],
        roles: &[
            "direttrice",
            "assessore",
            "sindaco",
            "responsabile di progetto",
        ],
    },
    // Danish.
    Language {
        heads: &[
            "Øster", "Nør", "Sønder", "Hel", "Frede", "Ås", "Kø", "Vejr", "Skæl", "Ring",
        ],
        tails: &[
            "by", "bæk", "løse", "havn", "sund", "rød", "holm", "stedt", "køping",
        ],
        given: &[
            "Søren", "Mette", "Bjørn", "Åse", "Jens", "Sørine", "Frederik",
        ],
        family: &[
            "Sørensen",
            "Østergaard",
            "Kjær",
            "Møller",
            "Bæk",
            "Løkke",
            "Nørgaard",
        ],
        bodies: &[
            ("{} Universitet", "university"),
            ("{} Kommune", "government"),
            ("Erhvervshus {}", "agency"),
            ("Teknologisk Center {}", "research_centre"),
        ],
        company_forms: &["ApS", "A/S"],
        roles: &["direktør", "borgmester", "projektleder", "formand"],
    },
    // Czech.
    Language {
        heads: &[
            "Nové ", "Hra", "Kři", "Tře", "Pra", "Žď", "Čes", "Ústí ", "Bře", "Lito",
        ],
        tails: &[
            "dec", "vice", "bíč", "šín", "myšl", "ár", "ov", "ník", "něves", "ěšov",
        ],
        given: &[
            "Jiří", "Zdeněk", "Květa", "Lenka", "Radek", "Bohumila", "Tomáš",
        ],
        family: &[
            "Dvořák",
            "Novotná",
            "Černý",
            "Procházka",
            "Kučera",
            "Růžičková",
            "Šťastný",
        ],
        bodies: &[
            ("Univerzita {}", "university"),
            ("Město {}", "government"),
            ("Vysoké učení technické {}", "university"),
            ("Regionální rozvojová agentura {}", "agency"),
        ],
        company_forms: &["s.r.o.", "a.s."],
        roles: &["ředitelka", "starosta", "vedoucí projektu", "rektor"],
    },
    // Hungarian.
    Language {
        heads: &[
            "Szé", "Győ", "Ke", "Hód", "Nyír", "Bé", "Sző", "Ér", "Mo", "Tö",
        ],
        tails: &[
            "kesfehérvár",
            "r",
            "csemét",
            "mezővásárhely",
            "egyháza",
            "kés",
            "lőrinc",
            "hács",
        ],
        given: &[
            "Gergő", "Zsófia", "Ödön", "Réka", "Bálint", "Enikő", "Levente",
        ],
        family: &[
            "Kovács", "Szőke", "Tóth", "Fülöp", "Győri", "Balogh", "Szűcs",
        ],
        bodies: &[
            ("{} Egyetem", "university"),
            ("{} Önkormányzata", "government"),
            ("{} Fejlesztési Ügynökség", "agency"),
            ("{} Kutatóközpont", "research_centre"),
        ],
        company_forms: &["Kft.", "Zrt."],
        roles: &["igazgató", "polgármester", "projektvezető", "elnök"],
    },
    // Romanian.
    Language {
        heads: &[
            "Târ", "Bră", "Câm", "Pia", "Sigh", "Tur", "Mă", "Ia", "Făl", "Bis",
        ],
        tails: &[
            "gu Mureș",
            "ila",
            "pina",
            "tra Neamț",
            "ișoara",
            "ceni",
            "șoara",
            "ticeni",
            "ău",
        ],
        given: &[
            "Ștefan",
            "Ioana",
            "Mădălina",
            "Răzvan",
            "Irina",
            "Tudor",
            "Anișoara",
        ],
        family: &[
            "Popescu",
            "Țurcanu",
            "Ionescu",
            "Mureșan",
            "Dumitrescu",
            "Stănescu",
        ],
        bodies: &[
            ("Universitatea din {}", "university"),
            ("Primăria {}", "government"),
            ("Agenția de Dezvoltare {}", "agency"),
            ("Institutul de Cercetare {}", "research_centre"),
        ],
        company_forms: &["SRL", "SA"],
        roles: &["directoare", "primar", "manager de proiect", "rector"],
    },
    // Greek, in Latin letters.
    Language {
        heads: &[
            "Ka", "Thes", "Ko", "Ly", "Pel", "Xan", "Ar", "Ne", "Eri", "Tri",
        ],
        tails: &[
            "lamáta", "salía", "mótini", "kári", "la", "thi", "gos", "ápoli", "kala",
        ],
        given: &[
            "Dimítris",
            "Eléni",
            "Geórgios",
            "María",
            "Nikólaos",
            "Sofía",
            "Ioánna",
        ],
        family: &[
            "Papadópoulos",
            "Georgíou",
            "Nikoláou",
            "Vlachopoúlou",
            "Oikonómou",
        ],
        bodies: &[
            ("Panepistímio {}", "university"),
            ("Dímos {}", "government"),
            ("Anaptyxiakí Etaireía {}", "agency"),
        ],
        company_forms: &["A.E.", "I.K.E."],
        roles: &["diefthýntria", "dímarchos", "syntonistís", "próedros"],
    },
];
