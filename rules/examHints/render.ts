import { findRule } from '../index';
import { domainWithWeight, referencesParagraph, referencesText } from '../engine/docLabels';
import type { ApiCard } from './apiCard';

/** The link to a rule's page, when the caller has one (the server ships docs/rules/). */
export type RuleLink = (ruleId: string) => string | undefined;

/** Inline code that survives backticks in the text. */
function inlineCode(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence === '``' ? ' ' : ''}${text}${fence === '``' ? ' ' : ''}${fence}`;
}

function ruleLabel(ruleId: string): string {
  const rule = findRule(ruleId);
  return rule ? `${rule.meta.id} ${rule.meta.name}` : ruleId;
}

function domainLine(card: ApiCard): string | undefined {
  if (!card.domain && !card.legacy) return undefined;
  const domain = card.domain ? domainWithWeight(card.domain) : '';
  const legacy = card.legacy ? `legacy: ${card.legacy}` : '';
  return [domain, legacy].filter((part) => part !== '').join(' · ');
}

/** `*Model Deployment (12 % of the exam)* · **legacy:** replacement`, as a rule's hover says it. */
function markdownLabels(card: ApiCard): string {
  const domain = card.domain ? `*${domainWithWeight(card.domain)}*` : '';
  const legacy = card.legacy ? `**legacy:** ${card.legacy}` : '';
  return [domain, legacy].filter((part) => part !== '').join(' · ');
}

/** The hover: title, what it does, the exam fact, the look-alike, an example and the related rules. */
export function apiCardMarkdown(card: ApiCard, ruleLink?: RuleLink): string {
  const rules = card.relatedRules.map((id) => {
    const href = ruleLink?.(id);
    return href ? `[${ruleLabel(id)}](${href})` : inlineCode(ruleLabel(id));
  });
  return [
    `**${inlineCode(card.title)}**`,
    ...(card.domain || card.legacy ? ['', markdownLabels(card)] : []),
    '',
    card.what,
    '',
    `**Exam fact:** ${card.examFact}`,
    ...(card.studyMaterial ? ['', `**Study material:** ${card.studyMaterial}`] : []),
    ...(card.confusedWith ? ['', `**Confused with:** ${card.confusedWith}`] : []),
    ...(card.example ? ['', '```python', card.example.trimEnd(), '```'] : []),
    ...(rules.length > 0 ? ['', `**Rules:** ${rules.join(', ')}`] : []),
    ...referencesParagraph(card.references),
  ].join('\n');
}

/** Plain text for the terminal (`mltraps explain mapInPandas`). */
export function apiCardText(card: ApiCard): string {
  const indent = (code: string) => code.trimEnd().split('\n').map((line) => (line ? `    ${line}` : '')).join('\n');
  return [
    `${card.key}: ${card.title}`,
    ...(domainLine(card) ? [domainLine(card)!] : []),
    '',
    `What:          ${card.what}`,
    `Exam fact:     ${card.examFact}`,
    ...(card.studyMaterial ? [`Study material: ${card.studyMaterial}`] : []),
    ...(card.confusedWith ? [`Confused with: ${card.confusedWith}`] : []),
    ...(card.example ? ['', 'Example:', indent(card.example)] : []),
    ...(card.relatedRules.length > 0 ? ['', `Rules: ${card.relatedRules.map(ruleLabel).join(', ')} (mltraps explain <id>)`] : []),
    ...referencesText(card.references),
    '',
  ].join('\n');
}

/** `mltraps explain` with no argument: the keys it accepts, with each card's title. */
export function apiCardListing(cards: readonly ApiCard[]): string {
  const width = Math.max(0, ...cards.map((card) => card.key.length));
  return cards.map((card) => `${card.key.padEnd(width)}  ${card.title}\n`).join('');
}
