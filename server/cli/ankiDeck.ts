import type { ApiCard } from '../../rules/examHints';
import { domainWithWeight } from '../../rules/engine/docLabels';
import type { Reference, Rule } from '../../rules/engine/types';

/**
 * `mltraps cards --format anki`: every API card and rule as one note of a tab-separated deck
 * that Anki's File > Import reads (manual: "Importing > Text files"). The header lines set the
 * separator and allow HTML; each note is `front<TAB>back`. Fields are HTML: text is escaped
 * (`<`, `>`, `&`), line breaks become `<br>` (code keeps them inside `<pre>`), and a field that
 * still holds a tab, a line break or a double quote is enclosed in double quotes with its
 * quotes doubled, which is how Anki reads a separator or a newline inside a field.
 */

export const ANKI_HEADER = ['#separator:tab', '#html:true', '#columns:Front\tBack', '#tags:mltraps'];

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline `code` in the card texts, shown as <code>. */
function prose(text: string): string {
  return html(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\n/g, '<br>');
}

function code(text: string): string {
  return `<pre>${html(text.trimEnd())}</pre>`;
}

function references(list: readonly Reference[] | undefined): string[] {
  if (!list || list.length === 0) return [];
  return [`<b>References:</b> ${list.map((reference) => `<a href="${html(reference.url)}">${html(reference.title)}</a>`).join(' · ')}`];
}

function labelLine(domain: string | undefined, legacy: string | undefined): string[] {
  return [
    ...(domain ? [`<i>${html(domain)}</i>`] : []),
    ...(legacy ? [`<b>Legacy:</b> ${prose(legacy)}`] : []),
  ];
}

/** A field as Anki's text import reads it: quoted when it holds the separator, a line break or a quote. */
export function ankiField(text: string): string {
  return /[\t\n\r"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function ankiNote(front: string, back: string): string {
  return `${ankiField(front)}\t${ankiField(back)}`;
}

/** Front: the API's signature and exam domain. Back: what it does, the exam fact, corrections, an example. */
export function apiCardNote(card: ApiCard): string {
  const front = [`<code>${html(card.title)}</code>`, ...(card.domain ? [`<i>${html(domainWithWeight(card.domain))}</i>`] : [])].join('<br>');
  const back = [
    prose(card.what),
    `<b>Exam fact:</b> ${prose(card.examFact)}`,
    ...(card.studyMaterial ? [`<b>Study material:</b> ${prose(card.studyMaterial)}`] : []),
    ...(card.confusedWith ? [`<b>Confused with:</b> ${prose(card.confusedWith)}`] : []),
    ...labelLine(undefined, card.legacy),
    ...(card.example ? [code(card.example)] : []),
    ...(card.relatedRules.length > 0 ? [`<b>Rules:</b> ${card.relatedRules.join(', ')}`] : []),
    ...references(card.references),
  ].join('<br><br>');
  return ankiNote(front, back);
}

/** Front: the trap as code, "what is wrong here?". Back: the rule, trap, reality, exam fact and the correct pattern. */
export function ruleNote(rule: Rule): string {
  const { meta, docs } = rule;
  const front = [`<b>${html(meta.id)}</b>: what is wrong here?`, code(docs.example), `<i>${html(domainWithWeight(meta.domain))}</i>`].join('<br>');
  const back = [
    `<b>${html(meta.id)} ${html(meta.name)}</b>: ${prose(meta.title)}`,
    `<b>Trap:</b> ${prose(docs.trap)}`,
    `<b>Reality:</b> ${prose(docs.reality)}`,
    `<b>Exam fact:</b> ${prose(docs.examFact)}`,
    ...(docs.studyMaterial ? [`<b>Study material:</b> ${prose(docs.studyMaterial)}`] : []),
    ...labelLine(undefined, meta.legacy),
    `<b>Use instead:</b>${code(docs.useInstead)}`,
    ...references(docs.references),
  ].join('<br><br>');
  return ankiNote(front, back);
}

/** The whole deck: header lines, then one note per rule and per API card. */
export function ankiDeck(rules: readonly Rule[], cards: readonly ApiCard[]): string {
  return [...ANKI_HEADER, ...rules.map(ruleNote), ...cards.map(apiCardNote)].map((line) => `${line}\n`).join('');
}
