"""The demo's kit: snippets and article templates a bank's editors would keep (with variables).

``(title, kind, language, tags, approved, proposed_by, body)``: an approved item was approved by
``admin``; the others wait as an editor's proposal.
"""

from __future__ import annotations

KIT: tuple[tuple[str, str, str, tuple[str, ...], bool, str, str], ...] = (
    (
        "Risk warning (investments)",
        "snippet",
        "en",
        ("compliance", "legal"),
        True,
        "admin",
        "> **Capital at risk.** The value of investments can go down as well as up, and you may "
        "get back less than you invested. Past performance is not a reliable indicator of future "
        "results. This article is for information only and is not investment advice.\n",
    ),
    (
        "Avertissement sur les risques",
        "snippet",
        "fr",
        ("conformité", "juridique"),
        True,
        "admin",
        "> **Capital non garanti.** La valeur d'un investissement peut baisser comme monter et "
        "vous pourriez récupérer moins que votre mise initiale. Les performances passées ne "
        "préjugent pas des performances futures. Cet article ne constitue pas un conseil en "
        "investissement.\n",
    ),
    (
        "Welcome a new member",
        "snippet",
        "en",
        ("community",),
        True,
        "admin",
        "Welcome to the community, {member_name}! 👋 You joined the **{group}** group: "
        "introduce yourself in the forum and have a look at the upcoming webinars.\n",
    ),
    (
        "Contact the support team",
        "snippet",
        "en",
        ("support",),
        True,
        "admin",
        "Questions about your account? Our support team answers on business days from 8:00 to "
        "18:00 (Paris time) at [support](https://example.com/support).\n",
    ),
    (
        "Webinar announcement",
        "template",
        "en",
        ("webinar", "events"),
        True,
        "admin",
        "# {title}\n\n"
        "Join **{speaker}** on **{webinar_date}** for a live session on {topic}.\n\n"
        "## What you will learn\n\n- \n- \n- \n\n"
        "## Practical details\n\n"
        "| | |\n|---|---|\n| When | {webinar_date} |\n| Length | 45 minutes + questions |\n"
        "| Where | Online (the link is sent after registration) |\n\n"
        "_Written by {author} on {date}._\n",
    ),
    (
        "Compte rendu de webinaire",
        "template",
        "fr",
        ("webinaire",),
        True,
        "admin",
        "# {title}\n\n"
        "Le {webinar_date}, **{speaker}** a présenté {topic} à {attendees} participants.\n\n"
        "## Ce qu'il faut retenir\n\n1. \n2. \n3. \n\n"
        "## Pour aller plus loin\n\nLa rediffusion est disponible dans votre espace membre.\n",
    ),
    (
        "Product update",
        "template",
        "en",
        ("product",),
        True,
        "admin",
        "# {title}\n\n{summary}\n\n"
        "## What changes for you\n\n"
        "From **{effective_date}**, \n\n"
        "## Do you need to do anything?\n\nNo: the change applies automatically.\n\n"
        "## Questions\n\nWrite to us in the forum's *{forum_section}* section.\n",
    ),
    (
        "Market commentary (draft format)",
        "template",
        "en",
        ("markets",),
        False,
        "editor",
        "# {title}\n\n**In short:** \n\n"
        "## What happened\n\n## Why it matters for {audience}\n\n"
        "## What we are watching next\n\n"
        "_Figures as of {date}. Code samples use `{{braces}}` as written._\n",
    ),
)
