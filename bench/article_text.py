"""A realistic long Markdown article, the same for a given seed: bench/editor.py's document.

``article(seed, size)`` writes about ``size`` characters of a finance-guide article as the
platform's editors write them, half in English and half in French: YAML front matter, a title,
sections and subsections, paragraphs with emphasis, inline code and links (inline and by
reference), tight bullet, numbered and task lists, tables with alignment, fenced code (Python,
shell, JSON), quotes from experts and a horizontal rule now and then. No footnotes and no
``[TOC]``: the block renderer would render such a document whole (studio/domain/markdown.py).
"""

from __future__ import annotations

import random

EN_TEXT = (
    "cash flow is the lifeblood of a small business and a line of credit smooths the seasons "
    "when customers pay late the owner must choose between suppliers and payroll so a clear "
    "forecast of receipts and payments week by week gives room to negotiate terms early banks "
    "look at the margin the stock turnover and the debt ratio before they lend while an "
    "accountant checks that every invoice matches a delivery note and that value added tax is "
    "declared on time the treasury plan covers twelve months and is revised each quarter with "
    "the actual figures a reserve of three months of fixed costs protects against a bad season "
    "factoring turns unpaid invoices into cash at a price that depends on the risk of the buyer"
)
FR_TEXT = (
    "la trésorerie est le nerf de la guerre pour une petite entreprise et une ligne de crédit "
    "lisse les saisons quand les clients paient en retard le dirigeant doit choisir entre ses "
    "fournisseurs et la paie donc une prévision claire des encaissements et des décaissements "
    "semaine après semaine donne le temps de négocier les délais les banques regardent la marge "
    "la rotation des stocks et le taux d'endettement avant de prêter tandis que l'expert-comptable "
    "vérifie que chaque facture correspond à un bon de livraison et que la TVA est déclarée à "
    "temps le plan de trésorerie couvre douze mois et il est révisé chaque trimestre avec les "
    "chiffres réels une réserve de trois mois de charges fixes protège d'une mauvaise saison "
    "l'affacturage transforme les factures impayées en liquidités à un prix qui dépend du risque"
)
EN_WORDS = EN_TEXT.split()
FR_WORDS = FR_TEXT.split()
EN_HEADINGS = [
    "Forecasting receipts",
    "Negotiating with suppliers",
    "Working capital",
    "When the bank says no",
    "Invoices and reminders",
    "Seasonal stock",
    "Payroll and social charges",
    "Choosing a credit line",
    "Factoring in practice",
    "A reserve for bad seasons",
]
FR_HEADINGS = [
    "Prévoir les encaissements",
    "Négocier avec les fournisseurs",
    "Le besoin en fonds de roulement",
    "Quand la banque refuse",
    "Factures et relances",
    "Les stocks saisonniers",
    "La paie et les charges sociales",
    "Choisir une ligne de crédit",
    "L'affacturage en pratique",
    "Une réserve pour les mauvaises saisons",
]
SITES = [
    "https://www.economie.gouv.fr/entreprises",
    "https://www.bpifrance.fr/nos-solutions",
    "https://www.gov.uk/business-finance-support",
    "https://www.sba.gov/funding-programs/loans",
    "https://www.banque-france.fr/statistiques/credit",
    "https://example.org/guides/cash-flow",
]
REFERENCES = {
    "bdf": "https://www.banque-france.fr/fr/statistiques",
    "sba": "https://www.sba.gov/business-guide/manage-your-business/manage-your-finances",
    "insee": "https://www.insee.fr/fr/statistiques",
    "ons": "https://www.ons.gov.uk/businessindustryandtrade",
}
CODE = {
    "python": [
        "def monthly_balance(receipts, payments, opening=0.0):",
        '    """The closing balance of each month, from the opening one."""',
        "    balance = opening",
        "    out = []",
        "    for month, (cash_in, cash_out) in enumerate(zip(receipts, payments), start=1):",
        "        balance += cash_in - cash_out",
        "        out.append((month, round(balance, 2)))",
        "    return out",
        "",
        "# Mois où la trésorerie passe sous zéro",
        "alerts = [m for m, b in monthly_balance(r, p, 12_500) if b < 0]",
    ],
    "bash": [
        "# export the ledger and count unpaid invoices",
        "studio export --ledger 2027 > ledger.csv",
        "grep -c ';unpaid;' ledger.csv",
        "awk -F';' '$5 > 30 { late += $4 } END { print late }' ledger.csv",
    ],
    "json": [
        "{",
        '  "month": "2027-03",',
        '  "receipts": 48200.50,',
        '  "payments": 51730.00,',
        '  "credit_line": {"limit": 20000, "used": 3529.50},',
        '  "note": "TVA trimestrielle payée le 20"',
        "}",
    ],
}
QUOTES = [
    ("A forecast you never revise is a wish, not a plan.", "Margaret Hale, CFO"),
    ("La trésorerie ne ment jamais : le résultat, parfois.", "Jean Dupuis, expert-comptable"),
    ("Talk to your bank before you need it, not the week you do.", "Priya Nair, lender"),
]


def _sentence(rng: random.Random, words: list[str], lo: int = 8, hi: int = 22) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(lo, hi))]
    # Inline marks on some words: emphasis, strong, code, a link.
    for i in range(len(chosen)):
        roll = rng.random()
        if roll < 0.04:
            chosen[i] = f"*{chosen[i]}*"
        elif roll < 0.07:
            chosen[i] = f"**{chosen[i]}**"
        elif roll < 0.085:
            chosen[i] = f"`{chosen[i]}`"
        elif roll < 0.10:
            chosen[i] = f"[{chosen[i]}]({rng.choice(SITES)})"
        elif roll < 0.105:
            chosen[i] = f"[{chosen[i]}][{rng.choice(list(REFERENCES))}]"
    text = " ".join(chosen)
    ends = [".", ".", ".", ";", " ?" if words is FR_WORDS else "?"]
    return text[0].upper() + text[1:] + rng.choice(ends)


def _paragraph(rng: random.Random, words: list[str]) -> str:
    return " ".join(_sentence(rng, words) for _ in range(rng.randint(2, 6)))


def _list(rng: random.Random, words: list[str]) -> str:
    kind = rng.choice(["-", "*", "1.", "task"])
    lines = []
    for n in range(1, rng.randint(3, 7) + 1):
        item = _sentence(rng, words, 4, 12)
        if kind == "1.":
            lines.append(f"{n}. {item}")
        elif kind == "task":
            lines.append(f"- [{'x' if rng.random() < 0.5 else ' '}] {item}")
        else:
            lines.append(f"{kind} {item}")
            if rng.random() < 0.2:
                lines.append(f"    - {_sentence(rng, words, 3, 8)}")
    return "\n".join(lines)


def _table(rng: random.Random, french: bool) -> str:
    head = (
        ["Mois", "Encaissements", "Décaissements", "Solde"]
        if french
        else ["Month", "Receipts", "Payments", "Balance"]
    )
    lines = ["| " + " | ".join(head) + " |", "|:-----|------:|------:|------:|"]
    balance = rng.randint(5_000, 20_000)
    for month in range(1, rng.randint(4, 12) + 1):
        cash_in, cash_out = rng.randint(20_000, 60_000), rng.randint(20_000, 60_000)
        balance += cash_in - cash_out
        lines.append(f"| 2027-{month:02d} | {cash_in:,} € | {cash_out:,} € | **{balance:,} €** |")
    return "\n".join(lines)


def _code(rng: random.Random) -> str:
    language = rng.choice(list(CODE))
    return "```" + language + "\n" + "\n".join(CODE[language]) + "\n```"


def _quote(rng: random.Random) -> str:
    said, who = rng.choice(QUOTES)
    return f"> {said}\n> — *{who}*"


def article(seed: int = 2026, size: int = 150_000) -> str:
    """About ``size`` characters of Markdown (a little more: the last section is finished)."""
    rng = random.Random(seed)
    parts = [
        "---\n"
        "title: Treasury for small firms / La trésorerie des petites entreprises\n"
        "tags: [cash flow, trésorerie, credit]\n"
        "summary: A bilingual guide to cash flow for small businesses.\n"
        "language: en\n"
        "---",
        "# Treasury for small firms — La trésorerie des petites entreprises",
    ]
    length = sum(len(p) + 2 for p in parts)
    section = 0
    while length < size:
        french = section % 2 == 1
        words = FR_WORDS if french else EN_WORDS
        names = FR_HEADINGS if french else EN_HEADINGS
        body = [f"## {names[section % len(names)]} ({section + 1})"]
        for sub in range(rng.randint(2, 4)):
            body.append(f"### {rng.choice(names)} — {section + 1}.{sub + 1}")
            for _ in range(rng.randint(2, 5)):
                roll = rng.random()
                body.append(_paragraph(rng, words))
                if roll < 0.25:
                    body.append(_list(rng, words))
                elif roll < 0.35:
                    body.append(_table(rng, french))
                elif roll < 0.45:
                    body.append(_code(rng))
                elif roll < 0.50:
                    body.append(_quote(rng))
        if section % 5 == 4:
            body.append("---")
        section += 1
        parts.extend(body)
        length += sum(len(p) + 2 for p in body)
    parts.append("\n".join(f"[{key}]: {url}" for key, url in REFERENCES.items()))
    return "\n\n".join(parts) + "\n"
