"""What a field or section label is: "Purpose", "Pros / Cons", "Key insight". A label heads
a field or a section of a note; it names no concept. Pure."""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """The words of a list written as one string."""
    return frozenset(text.split())


# Callout words and the labels of note templates: they head a field, they name no concept.
LABELS = word_set(
    "note notes warning tip tips important caution deprecated deprecation notice todo fixme "
    "update edit ps nb info danger example examples source sources date purpose intuition "
    "idea ideas motivation summary tl;dr tldr eg e.g ie i.e etc vs cf takeaway takeaways "
    "overview context background dos don'ts donts "
    "description explanation definition meaning what why how when who where problem solution "
    "result results conclusion conclusions usage use pros cons advantages disadvantages "
    "limitations limitation status type task tasks author authors paper papers link links "
    "reference references related see code implementation complexity formula formulas math "
    "question questions answer answers ans q a key insight insights remark remarks caveat caveats "
    "goal goals owner priority deadline due tags tag category categories topic topics "
    "level difficulty rating version year venue url repo github arxiv "
    "hypothesis setup findings lesson lessons review comment comments "
    "agenda attendees decision decisions action actions followup follow-up next contact "
    "defaults default settings config configuration params "
    "notation verdict rationale reminder exam aha heads-up fyi "
    "details detail misc other general introduction intro recap thoughts thought "
    "further reading resources ex eg. e.g. example: tl;dr: pro con challenges challenge "
    "drawbacks drawback evolution history uses applications application benefits benefit "
    "mnemonic mnemonics alternative alternatives bonus definitions terminology fundamentals "
    "concepts concept implication implications illustration illustrations equation equations "
    "assumption assumptions characteristics characteristic properties objectives process "
    "steps types kinds instructor lecturer speaker narrator teacher professor presenter "
    "interviewer advantage disadvantage content contents experiments derivation derivations proof "
    "abstract analogy analogies importance punchline payoff picture tradeoff tradeoffs trade-off "
    "trade-offs consequence consequences scenario focus audience future distinction finding "
    "principle contribution contributions claim claims "
    "difference differences approach recommendation recommendations impact reality enhancement "
    "strengths strength weaknesses weakness mitigations mitigation interpretation effect effects "
    "objective objectives optional required recommended prerequisite prerequisites "
    "pre-requisite pre-requisites lab labs exercise exercises assignment assignments homework "
    "quiz quizzes readings ingredients reminders discussion scope fact facts aim aims gist"
) | word_set(  # the same labels in notes written in German, Spanish and French
    "achtung beachte hinweis hinweise tipp tipps wichtig vorsicht nachteil nachteile vorteil "
    "vorteile ziel ziele empfehlung empfehlungen fazit idee frage fragen antwort antworten "
    "inhalt beispiel beispiele zusammenfassung quelle quellen autor autoren datum ergebnis "
    "ergebnisse anmerkung anmerkungen notiz notizen faustregel grundregel überblick übersicht "
    "einleitung nota notas ejemplo ejemplos resumen fuente fuentes autores fecha ventaja "
    "ventajas desventaja desventajas objetivo objetivos pregunta preguntas respuesta "
    "respuestas advertencia consejo consejos conclusión conclusiones resultado resultados "
    "remarque remarques exemple exemples résumé auteur auteurs avantages inconvénient "
    "inconvénients objectif objectifs réponse conseil conseils résultat résultats"
)
# Words that open a label phrase: "Key insight", "Main result", "Open questions".
LABEL_MODIFIERS = word_set(
    "key main big open next further related side final general other more my quick short "
    "long extra fun personal central core intuitive formal informal technical practical "
    "mathematical basic rough brief high-level first second third fourth fifth striking "
    "initial naive better proposed improved traditional standard classic "
    "original new typical overall correct worked concrete toy running paper experiment "
    "experimental"
)
# Phrases that read as labels too, whole.
LABEL_PHRASES = frozenset(
    [
        "deprecation notice",
        "important note",
        "key idea",
        "key ideas",
        "main idea",
        "big idea",
        "key takeaway",
        "key takeaways",
        "key points",
        "key point",
        "in short",
        "in practice",
        "use case",
        "use cases",
        "when to use",
        "how it works",
        "what it is",
        "why it matters",
        "open questions",
        "next steps",
        "see also",
        "further reading",
        "my take",
        "my notes",
        "side note",
        "fun fact",
        "note to self",
        "rule of thumb",
        "trade-off",
        "tradeoffs",
        "trade-offs",
        "main result",
        "main results",
        "bottom line",
        "one-liner",
        "one liner",
        "the gist",
        "code example",
        "code examples",
        "related issues",
        "related notes",
        "key features",
        "key feature",
        "high level",
    ]
)


_EXAMPLE_OF = word_set(
    "algorithm algorithms model models code usage use uses case cases output outputs input "
    "inputs prompt prompts query queries problem problems dataset datasets application "
    "applications scenario scenarios question questions implementation"
)


_CALLOUT_HEADS = word_set("tip tips warning warnings caveat caveats reminder takeaway gotcha")


def is_label(term: str) -> bool:
    """A field or section label: a label word ("Purpose", "Pros / Cons"), a known label
    phrase, or a label word after a label modifier ("Key insight", "Main results")."""
    text = term.lower().strip().rstrip(":")
    if len(text) <= 6 and "." in text:
        text = text.replace(".", "")  # "P.S", "N.B.", "e.g"
    if text in LABEL_PHRASES:
        return True
    words = text.replace("/", " ").replace("&", " ").split()
    if not words:
        return False
    if words[0] in ("example", "examples") and len(words) == 2 and words[1] in _EXAMPLE_OF:
        return True  # "Example Algorithm", "Example Models" (not "Example ordering")
    if LABELS.issuperset(words) and (len(words) == 1 or "/" in text or "&" in text):
        return True
    if len(words) == 2 and words[1] in _CALLOUT_HEADS:
        return True  # "Performance Tip", "Security caveat": a callout about something
    # "Key insight", "Main results"; "Key RL principle", "Main design goal"
    if 2 <= len(words) <= 3 and words[0] in LABEL_MODIFIERS and words[-1] in LABELS:
        return True
    # "Limitations of RNNs", "Key differences from t-SNE": a label about something
    at = 1 if words[0] in LABEL_MODIFIERS else 0
    return (
        len(words) >= at + 3
        and words[at] in LABELS
        and words[at] not in _OF_NAMES
        and words[at + 1] in _ABOUT
    )


# what a label is about: "Limitations of RNNs", "Trade-off with complexity"
_ABOUT = frozenset(["of", "from", "between", "over", "to", "for", "with", "in", "on", "vs", "vs."])
# label words that name a concept with "of": "Principle of compositionality", "Proof of work"
_OF_NAMES = frozenset(["principle", "proof", "use", "bonus", "type", "kind", "level", "code"])


# A first heading that stands for the note's own subject: "## Definition" or "# What is it?"
# over "- A specific form of fine-tuning that ..." in "Instruction Tuning.md". The text under
# it is the note's opening. ("## Definitions" heads a glossary; "## Overview" often a summary
# of a page, and is not one of them.)
_OPENS_SUBJECT = frozenset(
    (
        "definition",
        "what is it",
        "what is this",
        "what are they",
        "what it is",
        "meaning",
        "introduction",
        "intro",
        "description",
        "overview",
        "summary",
        "tl;dr",
        "tldr",
        "in short",
        "in brief",
        "gist",
        "concept",
        "the idea",
        "core idea",
        "key idea",
        "main idea",
        "basic idea",
        "定义",  # definition
        "简介",  # introduction
        "介绍",
        "概念",  # concept
        "用途",  # purpose
        "是什么",  # what is it
    )
)


def opens_subject(heading: str) -> bool:
    """A heading that asks or labels what the note's subject is ("Definition", "What is
    it?")."""
    return " ".join(heading.lower().strip().rstrip("?:.？：").split()) in _OPENS_SUBJECT
