"""Markdown output: documents a communication team can paste into a page."""

from __future__ import annotations

from collections.abc import Iterable

from sosinfo import results
from sosinfo.kb import model
from sosinfo.quantities import bar, format_value, year_label
from sosinfo.results import VerificationReport
from sosinfo.text import printable


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def table(headers: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return lines + [""]


def sources_line(sources: Iterable[model.Source]) -> list[str]:
    items = [f"{s.titre} ({s.editeur}, {s.date})" for s in sources]
    return [f"*Sources : {' ; '.join(items)}*", ""] if items else []


def render_markdown(result: object) -> str:
    return "\n".join(_lines(result)).rstrip("\n") + "\n"


def _lines(result: object) -> list[str]:
    match result:
        case results.FaqList(entries=entries):
            out = ["# Les questions de la FAQ du Groupe SOS", ""]
            for e in entries:
                out.append(f"{e.numero}. {e.question}")
                out += [f"   - *{s.question}*" for s in e.sous_questions]
            return out + [""]
        case results.FaqAnswer():
            return faq_answer(result.entry, result.related, result.sources, level=1)
        case results.FigureTable():
            return figures(result)
        case results.Governance(root=root, sources=sources):
            return ["# Gouvernance du Groupe SOS", "", *governance(root, 0), "", *sources_line(sources)]
        case results.Values(values=items, sources=sources):
            out = ["# Les valeurs du Groupe SOS", ""]
            for item in items:
                out += [f"## {item.value.nom}", "", f"*{item.value.resume}*", ""]
                out += [f"- {p}" for p in item.value.points] + [""]
                if item.testimonials:
                    out.append(
                        "Témoignages : " + " ; ".join(f"{t.personne} ({t.fonction}, {t.entite})" for t in item.testimonials)
                    )
                    out.append("")
            return out + sources_line(sources)
        case results.Testimonials():
            return testimonials(result)
        case results.Founder(person=p, sources=sources):
            out = [f"# {p.nom}", "", f"Né en {p.naissance.annee} à {p.naissance.lieu}.", "", "## Fonctions", ""]
            out += [f"- {r.intitule}" for r in p.fonctions] + ["", "## Parcours", ""]
            out += table(["Quand", "Étape", "Sources"], [[s.periode, s.texte, ", ".join(s.sources)] for s in p.parcours])
            out += ["## Portrait", ""] + [f"- {line}" for line in p.portrait] + [""]
            return out + sources_line(sources)
        case results.Timeline(events=events, sources=sources):
            rows = [
                [e.date or year_label(e.annee, e.precision), f"**{e.titre}** — {e.texte}", ", ".join(e.sources)] for e in events
            ]
            return ["# Chronologie", "", *table(["Date", "Événement", "Sources"], rows), *sources_line(sources)]
        case results.Sectors():
            return sectors(result)
        case results.Advocacy(positions=positions, methods=methods, federations=federations, sources=sources):
            out = ["# Plaidoyers du Groupe SOS", "", "## Prises de position", ""]
            out += [f"- **{p.theme}** : {p.texte}" for p in positions] + ["", "## D'où viennent les plaidoyers", ""]
            out += [f"- **{m.nom}** : {m.texte}" for m in methods] + ["", "## Fédérations et réseaux", ""]
            out += [f"- {f.sigle}" + (f" — {f.note}" if f.note else "") for f in federations] + [""]
            return out + sources_line(sources)
        case results.ContactCard(contact=c, sources=sources):
            rows = [
                ["Adresse", c.adresse],
                ["Téléphone", c.telephone],
                ["Courriel", c.email],
                ["Site", c.site],
                ["Réseaux", f"{', '.join(c.reseaux)} ({c.reseaux_note})"],
            ]
            return [f"# {c.nom} — « {c.devise} »", "", *table(["", ""], rows), *sources_line(sources)]
        case results.SourceList(sources=uses):
            out = ["# Les sources de sosinfo", ""]
            for use in uses:
                s = use.source
                out += [f"## {s.titre}", "", f"- Identifiant : `{s.id}`", f"- Éditeur : {s.editeur}", f"- Nature : {s.nature}"]
                out += [
                    f"- Date : {s.date} ({s.precision}) — {s.justification}",
                    f"- Couvre : {s.couverture}",
                    f"- Cité par {use.citations} entrées",
                    "- Apports :",
                ]
                out += [f"  - {a}" for a in s.apports] + [""]
            return out
        case results.ConflictList(conflicts=conflicts):
            out = ["# Désaccords entre les sources", ""]
            for conflict in conflicts:
                out += [f"## {conflict.sujet}", ""]
                out += table(
                    ["Source", "Année", "Ce qu'elle dit"],
                    [[p.source, "non daté" if p.annee is None else str(p.annee), p.affirmation] for p in conflict.positions],
                )
                out += [f"*{conflict.explication}*", ""]
            return out
        case results.Approaches(approaches=items, sources=sources):
            out = ["# Le groupe vu par ses sources", ""]
            for approach in items:
                when = "" if approach.annee is None else f", {approach.annee}"
                out += [
                    f"## {approach.titre}",
                    "",
                    *[f"- {p}" for p in approach.points],
                    "",
                    f"*Source : {approach.source}{when}*",
                    "",
                ]
            return out + sources_line(sources)
        case results.Export():
            return export(result)
        case results.SearchResults(query=query, hits=hits, answer=answer):
            out = [f"# Recherche : {printable(query, 80)}", ""]
            if answer:
                out += [f"> **Réponse :** {answer}", ""]
            for rank, hit in enumerate(hits, start=1):
                excerpt = hit.excerpt
                for start, end in reversed(hit.highlights):
                    excerpt = excerpt[:start] + "**" + excerpt[start:end] + "**" + excerpt[end:]
                out += [f"{rank}. **{hit.title}** ({hit.type}) — {excerpt} — `{hit.command}`"]
            return out + [""]
        case VerificationReport(directory=directory, problems=problems, counts=counts):
            if not problems:
                return [f"# Base valide : `{directory}`", "", *[f"- {name} : {count}" for name, count in counts.items()], ""]
            return [f"# {len(problems)} problème(s) dans `{directory}`", "", *[f"- {p}" for p in problems], ""]
    raise TypeError(f"pas de rendu Markdown pour {type(result).__name__}")  # pragma: no cover


def faq_answer(entry: model.FaqEntry, related: list[model.FaqEntry], sources: list[model.Source], level: int) -> list[str]:
    h = "#" * level
    out = [f"{h} {entry.numero}. {entry.question}", ""]
    out += [f"*{s.question}*  " for s in entry.sous_questions]
    if entry.sous_questions:
        out.append("")
    for block in entry.reponse:
        if block.titre:
            out += [f"{h}# {block.titre}", ""]
        if block.texte:
            out += [block.texte, ""]
        if block.points:
            out += [f"- {p}" for p in block.points] + [""]
    if related:
        out += ["Voir aussi : " + " ; ".join(f"{r.numero}. {r.question}" for r in related), ""]
    return out + sources_line(sources)


def figures(result: results.FigureTable) -> list[str]:
    title = result.indicator.libelle if result.indicator else "Les chiffres du Groupe SOS"
    if result.year is not None:
        title += f" — {result.year}"
    out = [f"# {title}", ""]
    rows = [
        [
            r.indicator.libelle,
            format_value(r.figure.valeur, r.indicator.unite, r.figure.qualificatif) + (" ⚠" if r.figure.conflit else ""),
            year_label(r.figure.annee, r.figure.precision),
            r.figure.source,
            r.figure.terme_source or "",
        ]
        for r in result.rows
    ]
    out += table(["Indicateur", "Valeur", "Année", "Source", "Terme de la source"], rows)
    if result.chart and result.rows:
        largest = max(abs(float(r.figure.valeur)) for r in result.rows)
        out.append("```text")
        for r in result.rows:
            label = f"{year_label(r.figure.annee, r.figure.precision)} · {r.figure.source}"
            shown = format_value(r.figure.valeur, r.indicator.unite, r.figure.qualificatif)
            out.append(f"{label:<32} {bar(abs(float(r.figure.valeur)), largest, 30):<30} {shown}")
        out += ["```", ""]
    if result.conflicts:
        out += ["**⚠ Les sources ne concordent pas :**", ""]
        out += [f"- **{c.sujet}** — {c.explication}" for c in result.conflicts] + [""]
    return out + sources_line({r.source.id: r.source for r in result.rows}.values())


def governance(node: model.GovernanceNode, depth: int) -> list[str]:
    indent = "  " * depth
    size = f" ({node.effectif} membres)" if node.effectif and node.effectif > 1 else ""
    line = f"{indent}- **{node.nom}**{size} — {node.role}"
    if node.composition:
        line += f" *Composition : {node.composition}*"
    return [line] + [line for child in node.enfants for line in governance(child, depth + 1)]


def testimonials(result: results.Testimonials) -> list[str]:
    out = ["# Témoignages", ""]
    for t in result.testimonials:
        value = result.values.get(t.valeur)
        where = f", {t.lieu}" if t.lieu else ""
        out += [f"## {t.personne} — {t.fonction}, {t.entite}{where}", "", f"*{t.resume}*", ""]
        out += [f"- {p}" for p in t.points] + [""]
        link = "nommée par la personne" if t.lien_valeur == "explicite" else "rapprochement fait par sosinfo"
        out += [f"Valeur illustrée : **{value.nom if value else t.valeur}** ({link})", ""]
    return out + sources_line(result.sources)


def sectors(result: results.Sectors) -> list[str]:
    out = ["# Métiers et secteurs du Groupe SOS", "", "## Les associations-fondatrices", ""]
    out += table(
        ["Association", "Gestion", "Activités"], [[a.nom, a.mode_gestion, ", ".join(a.activites)] for a in result.associations]
    )
    out += ["## Formes d'activité", ""]
    out += table(["Forme", "Gestion", "Bénéfices"], [[f.nom, f.gestion, f.benefices] for f in result.forms])
    out += ["## Classements", ""]
    out += table(
        ["Domaine", "Rang", "Position"], [[r.domaine, "1er" if r.rang == 1 else f"{r.rang}e", r.libelle] for r in result.rankings]
    )
    out += ["## Découpages successifs", ""] + [f"- {b.libelle} : {', '.join(b.elements)}" for b in result.breakdowns] + [""]
    return out + sources_line(result.sources)


def export(result: results.Export) -> list[str]:
    """The whole knowledge base as one Markdown document."""
    out = ["# Le Groupe SOS en faits sourcés", "", "*Document produit par sosinfo à partir de cinq sources publiques.*", ""]
    for answer in result.faq:
        out += faq_answer(answer.entry, answer.related, answer.sources, level=2)
    for section in result.sections():
        out += ["#" + line if line.startswith("#") else line for line in _lines(section)]
    return out
