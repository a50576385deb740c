import { EXAM_DOMAIN_WEIGHTS, type ExamDomain, type Reference } from './types';

/**
 * The pieces of text that rule pages, hover cards, `mltraps explain` and API cards share, so a
 * rule and a card say their domain and references the same way.
 */

/** `Model Development (44 % of the exam)` */
export function domainWithWeight(domain: ExamDomain): string {
  return `${domain} (${EXAM_DOMAIN_WEIGHTS[domain]} % of the exam)`;
}

/** `Model Development (44 %)`: the domain with its weight, for tables and one-line listings. */
export function domainWithShortWeight(domain: ExamDomain): string {
  return `${domain} (${EXAM_DOMAIN_WEIGHTS[domain]} %)`;
}

/** A hover's closing paragraph: `**References:** [title](url) · [title](url)`, or nothing. */
export function referencesParagraph(references: readonly Reference[] | undefined): string[] {
  if (!references || references.length === 0) return [];
  return ['', `**References:** ${references.map((reference) => `[${reference.title}](${reference.url})`).join(' · ')}`];
}

/** A page's References section as a bullet list, or nothing. */
export function referencesSection(references: readonly Reference[] | undefined): string[] {
  if (!references || references.length === 0) return [];
  return ['', '## References', ...references.map((reference) => `- [${reference.title}](${reference.url})`)];
}

/** The terminal's references: `  title: url` lines under a heading, or nothing. */
export function referencesText(references: readonly Reference[] | undefined): string[] {
  if (!references || references.length === 0) return [];
  return ['', 'References:', ...references.map((reference) => `  ${reference.title}: ${reference.url}`)];
}
