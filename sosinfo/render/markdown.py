"""Markdown output: documents a communication team can paste into a page.

Every string from the knowledge base goes through :func:`md`: made safe (no control or bidi
characters), typeset, and escaped, so that data is never markup: no raw HTML (« <script> »
stays text), no link or emphasis of its own. The only links written are ``http(s)`` and
``mailto`` ones that sosinfo builds itself (:func:`link`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import assert_never

from sosinfo import kinds, results
from sosinfo.errors import count_problems
from sosinfo.kb import model
from sosinfo.kb.model import management_label, source_dating
from sosinfo.quantities import (
    axis_bars,
    format_value,
    rank_label,
    year_label,
)
from sosinfo.render import (
    LINKED_BY_SOSINFO,
    NO_RANKING,
    RANKINGS_TITLE,
    approach_cited,
    associations_title,
    conflict_marks,
    export_origin,
    figures_title,
    forms_title,
    headcount,
    source_address,
    timeline_title,
)
from sosinfo.results import Result, VerificationReport
from sosinfo.text import display, lower_first, printable, safe, typeset_spans

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
_LINE_BREAK = re.compile("[\n\r\v\f\x85\u2028\u2029]+")  # in data, a line break would start a heading, a list, a rule
_SAFE_LINK = re.compile(r"^(https?://[^\s<>()\[\]`]+|mailto:[^\s<>()\[\]`]+)$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^\s@<>()\[\]`]+@[^\s@<>()\[\]`]+\.[a-z]{2,}$", re.IGNORECASE)


def md(text: str) -> str:
    """Data as Markdown text: safe, typeset, every character that could become markup escaped, on one
    line (after a line break, « --- », « - », « 1. » or four spaces would give data structure of its own)."""
    return _SPECIAL.sub(r"\\\1", display(_LINE_BREAK.sub(" ", text)).replace("&", "&amp;"))


def code(text: str) -> str:
    """A code span (an id, a command): no backtick inside, no control character."""
    return "`" + safe(text).replace("`", "'").replace("\n", " ") + "`"


def link(target: str, shown: str | None = None) -> str:
    """A link only to http(s) or mailto (an address becomes mailto); anything else stays text."""
    address = target.strip()
    if _EMAIL.match(address):
        address = "mailto:" + address
    if _SAFE_LINK.match(address):
        return f"[{md(shown or target)}](<{address}>)"
    return md(target)


def cell(text: str) -> str:
    """Markdown (already escaped) safe inside a table cell: one line."""
    return text.replace("\n", " ")


def table(headers: list[str], rows: Iterable[list[str]]) -> list[str]:
    """A table whose cells are already Markdown (escaped with :func:`md`)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return lines + [""]


def sources_line(sources: Iterable[model.Source]) -> list[str]:
    items = [f"{md(s.titre)} ({md(s.editeur)}, {md(s.date)})" for s in sources]
    return [f"*Sources : {' ; '.join(items)}*", ""] if items else []


def where(passages: Iterable[model.Passage], sources: Iterable[model.Source]) -> str:
    """Where statements stand in their sources, for a reader to go and check: source, section, detail (Markdown)."""
    labels = {(source.id, section.id): section.titre for source in sources for section in source.sections}
    return " ; ".join(
        md(f"{p.source}, {labels.get((p.source, p.section), p.section)}" + (f", {p.detail}" if p.detail else ""))
        for p in passages
    )


def passage_line(passages: list[model.Passage], sources: Iterable[model.Source]) -> list[str]:
    return [f"*Passage{'s' if len(passages) > 1 else ''} : {where(passages, sources)}*", ""] if passages else []


def point_passage(passages: list[model.Passage], around: list[model.Passage], sources: Iterable[model.Source]) -> str:
    """A point's passage after it: only its detail when the passage line of its record names the same part."""
    if not passages:
        return ""
    parts = {(p.source, p.section) for p in around}
    if all(p.detail and (p.source, p.section) in parts for p in passages):
        return f" *({md(' ; '.join(p.detail or '' for p in passages))})*"
    return f" *(Passage : {where(passages, sources)})*"


def schema_document(command: str, schema: str) -> str:
    """A command's JSON Schema as a Markdown page: a title, then the schema in a code block."""
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", schema)), default=0) + 1)
    return f"# Schéma JSON de {code('sosinfo ' + command + ' --format json')}\n\n{fence}json\n{schema.rstrip()}\n{fence}\n"


def render_markdown(result: Result) -> str:
    return "\n".join(_lines(result)).rstrip("\n") + "\n"


def _inert(result: results.SearchResults) -> results.SearchResults:
    """Search hits without markup of their own; one character for one, so highlight spans still hold."""
    neutral = str.maketrans({"<": "‹", ">": "›", "[": "⁅", "]": "⁆", "`": "'", "*": "∗", "_": " "})

    def clean(text: str) -> str:
        return safe(text).translate(neutral)

    hits = []
    for hit in result.hits:
        excerpt, spans = typeset_spans(clean(hit.excerpt), list(hit.highlights))
        hits.append(replace(hit, title=clean(hit.title), excerpt=excerpt, highlights=spans, command=clean(hit.command)))
    return replace(result, query=clean(result.query), hits=hits)


def _lines(result: Result) -> list[str]:
    if isinstance(result, results.SearchResults):
        result = _inert(result)
    match result:
        case results.FaqList(entries=entries):
            out = ["# Les questions de la FAQ du Groupe SOS", ""]
            for e in entries:
                out.append(f"{e.numero}. {md(e.question)}")
                out += [f"   - *{md(s.question)}*" for s in e.sous_questions]
            return out + [""]
        case results.FaqAnswer():
            return faq_answer(result.entry, result.related, result.sources, level=1)
        case results.FigureTable():
            return figures(result)
        case results.Governance(root=root, sources=sources):
            return ["# Gouvernance du Groupe SOS", "", *governance(root, 0, sources), "", *sources_line(sources)]
        case results.Values():
            return _values(result)
        case results.Testimonials():
            return testimonials(result)
        case results.Founder():
            return _founder(result)
        case results.Timeline(events=events, sources=sources):
            rows = [
                [e.date or year_label(e.annee, e.precision), f"**{md(e.titre)}** — {md(e.texte)}", where(e.passages, sources)]
                for e in events
            ]
            title = timeline_title(result)
            return [f"# {md(title)}", "", *table(["Date", "Événement", "Passages"], rows), *sources_line(sources)]
        case results.Sectors():
            return sectors(result)
        case results.Advocacy():
            return _advocacy(result)
        case results.ContactCard(contact=c, sources=sources):
            rows = [
                ["Adresse", md(c.adresse)],
                ["Téléphone", md(c.telephone)],
                ["Courriel", link(c.email)],
                ["Site", link(c.site)],
                ["Réseaux", f"{md(', '.join(c.reseaux))} ({md(c.reseaux_note)})"],
                ["Passages", where(c.passages, sources)],
            ]
            return [f"# {md(c.nom)} — « {md(c.devise)} »", "", *table(["", ""], rows), *sources_line(sources)]
        case results.SourceList():
            return _source_list(result)
        case results.ConflictList():
            return _conflict_list(result)
        case results.Approaches():
            return _approaches(result)
        case results.Export():
            return export(result)
        case results.SearchResults():
            return _search(result)
        case VerificationReport():
            return _verification(result)
        case _:
            assert_never(result)


def _values(result: results.Values) -> list[str]:
    items, sources = result.values, result.sources
    out = ["# Les valeurs du Groupe SOS", ""]
    for item in items:
        out += [f"## {md(item.value.nom)}", "", f"*{md(item.value.resume)}*", ""]
        out += [f"- {md(p)}" for p in item.value.points] + [""]
        out += passage_line(item.value.passages, sources)
        if item.testimonials:
            out.append(
                "Témoignages : "
                + " ; ".join(
                    f"{md(t.personne)} ({md(t.fonction)}, {md(t.entite)}"
                    + ("" if t.lien_valeur == "explicite" else f" ; {LINKED_BY_SOSINFO}")
                    + ")"
                    for t in item.testimonials
                )
            )
            out.append("")
    return out + sources_line(sources)


def _founder(result: results.Founder) -> list[str]:
    p, sources = result.person, result.sources
    birth = where(p.naissance.passages, sources)
    out = [f"# {md(p.nom)}", "", f"Né en {p.naissance.annee} à {md(p.naissance.lieu)} ({birth}).", "", "## Fonctions", ""]
    out += [f"- {md(r.intitule)} — *{where(r.passages, sources)}*" for r in p.fonctions] + ["", "## Parcours", ""]
    steps = [[md(s.periode), md(s.texte), where(s.passages, sources)] for s in p.parcours]
    out += table(["Quand", "Étape", "Passages"], steps)
    out += ["## Portrait", ""] + [f"- {md(line)}" for line in p.portrait] + [""]
    out += passage_line(p.passages, sources)
    return out + sources_line(sources)


def _advocacy(result: results.Advocacy) -> list[str]:
    positions, methods, federations, sources = result.positions, result.methods, result.federations, result.sources
    out = ["# Plaidoyers du Groupe SOS", "", "## Prises de position", ""]
    out += [f"- **{md(p.theme)}** : {md(p.texte)} *({where(p.passages, sources)})*" for p in positions]
    out += ["", "## D'où viennent les plaidoyers", ""]
    out += [f"- **{md(m.nom)}** : {md(m.texte)} *({where(m.passages, sources)})*" for m in methods]
    out += ["", "## Fédérations et réseaux", ""]
    out += [
        f"- {md(f.sigle)}" + (f" — {md(f.note)}" if f.note else "") + f" *({where(f.passages, sources)})*"
        for f in federations
    ]
    out += [""]
    return out + sources_line(sources)


def _source_list(result: results.SourceList) -> list[str]:
    uses = result.sources
    out = ["# Les sources de sosinfo", ""]
    for use in uses:
        s = use.source
        out += [f"## {md(s.titre)}", "", f"- Identifiant : {code(s.id)}", f"- Éditeur : {md(s.editeur)}"]
        out += [
            f"- Nature : {md(lower_first(s.nature))}",
            f"- Date : {md(s.date)} ({source_dating(s.precision)}). {md(s.justification)}",
            *([f"- Publication : {md(lower_first(s.publication))}"] if s.publication else []),
            f"- {md(source_address(s))}",
            f"- Couvre : {md(lower_first(s.couverture))}",
            f"- Cité par {use.citations} entrées",
            "- Apports :",
        ]
        out += [f"  - {md(a)}" for a in s.apports]
        out += ["- Parties (`identifiant` : ce qu'on y cherche) :"]
        for part in s.sections:
            dated = f" — {year_label(part.annee, part.precision)}" if part.precision else ""
            out.append(f"  - {code(part.id)} : {md(part.titre)}{dated}")
        out += [""]
    return out


def _conflict_list(result: results.ConflictList) -> list[str]:
    conflicts, known = result.conflicts, result.sources
    out = ["# Désaccords entre les sources", ""]
    marks = conflict_marks(result)
    for conflict in conflicts:
        out += [f"## {marks[conflict.id]} {md(conflict.sujet)}", ""]
        out += table(
            ["Source", "Année", "Ce qu'elle dit", "Passage"],
            [
                [md(p.source), year_label(p.annee, "exacte"), md(p.affirmation), where(p.passages, known.values())]
                for p in conflict.positions
            ],
        )
        out += [f"*{md(conflict.explication)}*", ""]
    return out


def _approaches(result: results.Approaches) -> list[str]:
    items, sources = result.approaches, result.sources
    out = ["# Le groupe vu par ses sources", ""]
    for approach in items:
        out += [
            f"## {md(approach.titre)}",
            "",
            *[f"- {md(p)}" for p in approach.points],
            "",
            f"*{md(approach_cited(approach))} — passages : {where(approach.passages, sources)}*",
            "",
        ]
    return out + sources_line(sources)


def _search(result: results.SearchResults) -> list[str]:
    query, hits, answer = result.query, result.hits, result.answer
    out = [f"# Recherche : {printable(query, 80)}", ""]
    if answer:
        out += [f"> **Réponse :** {md(answer)}", ""]
    for rank, hit in enumerate(hits, start=1):
        excerpt = hit.excerpt
        for start, end in reversed(hit.highlights):
            excerpt = excerpt[:start] + "**" + excerpt[start:end] + "**" + excerpt[end:]
        out += [f"{rank}. **{md(hit.title)}** ({md(kinds.label(hit.type))}) — {excerpt} — `{hit.command}`"]
    return out + [""]


def _verification(result: VerificationReport) -> list[str]:
    directory, problems, counts = result.directory, result.problems, result.counts
    if not problems:
        return [
            f"# Base valide : {code(directory)}",
            "",
            *[f"- {md(name)} : {count}" for name, count in counts.items()],
            "",
        ]
    return [f"# {count_problems(problems)} dans {code(directory)}", "", *[f"- {md(str(p))}" for p in problems], ""]


def faq_answer(
    entry: model.FaqEntry,
    related: list[model.FaqEntry],
    sources: list[model.Source],
    level: int,
    anchors: dict[int, str] | None = None,
) -> list[str]:
    """One answer; with ``anchors`` (question number -> anchor in the same document), « Voir aussi » links to them."""
    h = "#" * level
    out = [f"{h} {entry.numero}. {md(entry.question)}", ""]
    out += [f"*{md(s.question)}*  " for s in entry.sous_questions]
    if entry.sous_questions:
        out.append("")
    for block in entry.reponse:
        if block.titre:
            out += [f"{h}# {md(block.titre)}", ""]
        if block.texte:
            out += [md(block.texte), ""]
        if block.points:
            out += [f"- {md(p)}" for p in block.points] + [""]
        out += passage_line(block.passages, sources)
    if related:

        def shown(r: model.FaqEntry) -> str:
            label = f"{r.numero}. {md(r.question)}"
            return f"[{label}](#{anchors[r.numero]})" if anchors and r.numero in anchors else label

        out += ["Voir aussi : " + " ; ".join(shown(r) for r in related), ""]
    return out + sources_line(sources)


def figures(result: results.FigureTable) -> list[str]:
    marks = conflict_marks(result)
    out = [f"# {md(figures_title(result))}", ""]
    rows = [
        [
            md(r.indicator.libelle),
            md(format_value(r.figure.valeur, r.indicator.unite, r.figure.qualificatif))
            + (f" {marks[r.figure.conflit]}" if r.figure.conflit in marks else ""),
            year_label(r.figure.annee, r.figure.precision),
            md(r.figure.source),
            md(r.figure.terme_source or ""),
            where(r.figure.passages, [r.source]) + (f" ; calcul : {md(r.figure.calcul)}" if r.figure.calcul else ""),
        ]
        for r in result.rows
    ]
    out += table(["Indicateur", "Valeur", "Année", "Source", "Terme de la source", "Passage"], rows)
    if result.chart and result.rows:
        labels = [safe(f"{year_label(r.figure.annee, r.figure.precision)} · {r.figure.source}") for r in result.rows]
        shown = [
            display(format_value(r.figure.valeur, r.indicator.unite, r.figure.qualificatif, with_unit=True)) for r in result.rows
        ]
        bars = axis_bars([float(r.figure.valeur) for r in result.rows], 30)
        width = max(len(label) for label in labels)
        out.append("```text")
        out += [f"{label:<{width}}  {drawn}  {value}".rstrip() for label, drawn, value in zip(labels, bars, shown, strict=True)]
        out += ["```", ""]
    if result.conflicts:
        out += ["**⚠ Les sources ne concordent pas :**", ""]
        out += [f"- {marks[c.id]} **{md(c.sujet)}** — {md(c.explication)}" for c in result.conflicts] + [""]
    return out + sources_line({r.source.id: r.source for r in result.rows}.values())


def governance(node: model.GovernanceNode, depth: int, sources: Iterable[model.Source] = ()) -> list[str]:
    indent = "  " * depth
    size = f" ({headcount(node)})" if node.effectif and node.effectif > 1 else ""
    line = f"{indent}- **{md(node.nom)}**{size} — {md(node.role)}"
    if node.composition:
        line += f" *Composition : {md(lower_first(node.composition))}*"
    line += f" *(Passage : {where(node.passages, sources)})*"
    return [line] + [line for child in node.enfants for line in governance(child, depth + 1, sources)]


def testimonials(result: results.Testimonials) -> list[str]:
    out = ["# Témoignages", ""]
    for t in result.testimonials:
        value = result.values.get(t.valeur)
        place = f", {md(t.lieu)}" if t.lieu else ""
        out += [f"## {md(t.personne)} — {md(t.fonction)}, {md(t.entite)}{place}", "", f"*{md(t.resume)}*", ""]
        out += [f"- {md(point.texte)}{point_passage(point.passages, t.passages, result.sources)}" for point in t.points] + [""]
        out += passage_line(t.passages, result.sources)
        link_kind = "nommée par la personne" if t.lien_valeur == "explicite" else LINKED_BY_SOSINFO
        out += [f"Valeur illustrée : **« {md(value.nom if value else t.valeur)} »** ({link_kind})", ""]
    return out + sources_line(result.sources)


def sectors(result: results.Sectors) -> list[str]:
    """The parts that have something to show; a trade asked for says it has no ranking (« aucun »)."""
    out = ["# Métiers et secteurs du Groupe SOS", ""]
    src = result.sources
    if result.associations:
        out += [f"## {associations_title(len(result.associations))}", ""]
        out += table(
            ["Association", "Gestion", "Activités", "Passage"],
            [
                [md(a.nom), md(management_label(a.mode_gestion)), md(", ".join(a.activites)), where(a.passages, src)]
                for a in result.associations
            ],
        )
    if result.forms:
        out += [f"## {forms_title(len(result.forms))}", ""]
        forms = [[md(f.nom), md(f.gestion), md(f.benefices), where(f.passages, src)] for f in result.forms]
        out += table(["Forme", "Gestion", "Bénéfices", "Passage"], forms)
    if result.rankings:
        out += [f"## {RANKINGS_TITLE}", ""]
        out += table(
            ["Domaine", "Rang", "Position", "Passage"],
            [[md(r.domaine), rank_label(r.rang), md(r.libelle), where(r.passages, src)] for r in result.rankings],
        )
    elif result.narrowed:
        out += [f"*{md(NO_RANKING)}*", ""]
    if result.breakdowns:
        out += ["## Découpages successifs", ""]
        out += [f"- {md(b.libelle)} : {md(', '.join(b.elements))} *({where(b.passages, src)})*" for b in result.breakdowns]
        out += [""]
    return out + sources_line(result.sources)


def export(result: results.Export) -> list[str]:
    """The whole knowledge base as one Markdown document: a table of contents, ``## FAQ`` with each
    question as ``###``, then one ``##`` section per command, ``## Contact`` among them; « Voir aussi »
    links to the questions inside the document.

    Anchors are those GitHub, GitLab and most Markdown tools give headings (:func:`anchor`): the
    document is built once to find them, then again with its links.
    """
    head = [
        "# Le Groupe SOS en faits sourcés",
        "",
        f"*{export_origin(len(result.knowledge.sources))}*",
        "",
        f"## {CONTENTS}",
        "",
    ]
    first = head + _export_body(result, {})
    slugs = anchors(first)
    questions = {answer.entry.numero: slugs[_question_heading(answer.entry, 3)] for answer in result.faq}
    body = _export_body(result, questions)
    contents = []
    listed = {_question_heading(answer.entry, 3) for answer in result.faq}
    for line in body:
        level = len(line) - len(line.lstrip("#"))
        if level in (2, 3) and line[level : level + 1] == " " and (level == 2 or line in listed):
            contents.append(f"{'  ' * (level - 2)}- [{line[level + 1 :]}](#{slugs[line]})")
    return head + contents + [""] + body


CONTENTS = "Sommaire"


def _question_heading(entry: model.FaqEntry, level: int) -> str:
    return f"{'#' * level} {entry.numero}. {md(entry.question)}"


def _export_body(result: results.Export, questions: dict[int, str]) -> list[str]:
    out = ["## FAQ", ""]
    for answer in result.faq:
        out += faq_answer(answer.entry, answer.related, answer.sources, level=3, anchors=questions)
    for section in result.sections():
        lines = _lines(section)
        if isinstance(section, results.ContactCard):  # under its own name, as a reader looks for it
            c = section.contact
            lines = ["# Contact", "", f"**{md(c.nom)}** — « {md(c.devise)} »", ""] + lines[1:]
        out += ["#" + line if line.startswith("#") else line for line in lines]
    return out


def anchor(heading: str) -> str:
    """The anchor of a heading's Markdown text, as GitHub makes it: its text (escapes undone) in lower
    case, without anything but letters, digits, « _ », « - » and spaces, the spaces made hyphens."""
    text = re.sub(r"\\(.)", r"\1", heading).replace("&amp;", "&").lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(lines: list[str]) -> dict[str, str]:
    """Heading line -> its anchor in the document (a repeated one gets « -1 », « -2 »…); code blocks skipped."""
    found: dict[str, str] = {}
    seen: dict[str, int] = {}
    fenced = False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        match = None if fenced else re.match(r"(#{1,6}) (.+)$", line)
        if match is None:
            continue
        base = anchor(match.group(2))
        number = seen.get(base, 0)
        seen[base] = number + 1
        found.setdefault(line, base if number == 0 else f"{base}-{number}")
    return found
