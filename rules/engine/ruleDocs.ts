import { domainWithShortWeight, domainWithWeight, referencesParagraph, referencesSection, referencesText } from './docLabels';
import type { Rule } from './types';

/**
 * Everything users read about a rule is generated here from the rule file's `docs`: the hover
 * card, the rule page (docs/rules/), `mltraps explain` and the README table. One source, so
 * they never drift apart.
 */

export function rulePageFileName(rule: Rule): string {
  return `${rule.meta.id}-${rule.meta.name}.md`;
}

function fixLine(rule: Rule): string {
  return rule.docs.fixSafety ? `${rule.docs.fix} ${rule.docs.fixSafety}` : rule.docs.fix;
}

/** `Model Development (44 % of the exam)` */
function domainLabel(rule: Rule): string {
  return domainWithWeight(rule.meta.domain);
}

/** The "exam hint" shown when hovering a finding. */
/**
 * How much of a rule's Reality a hover shows: its first sentences, about this many characters.
 * The rest (which shapes the rule reads, what it leaves alone) is on the rule page; whole,
 * a card ran to 4,500 characters in a popup.
 */
const HOVER_REALITY_LENGTH = 700;

/** The sentences of `text` that start within `length` characters, and a pointer to the rest. */
function firstSentences(text: string, length: number, id: string): string {
  if (text.length <= length + 200) return text;
  // A sentence ends at a period, before a capital letter, a quote, a bracket or a backtick.
  const ends = [...text.matchAll(/\.\s+(?=[A-Z"`(])/g)].map((match) => match.index + 1);
  const cut = ends.filter((end) => end <= length).pop() ?? ends.find((end) => end > length);
  if (cut === undefined || cut >= text.length - 1) return text;
  return `${text.slice(0, cut)} *(More in \`mltraps explain ${id}\` and on the rule page.)*`;
}

export function hoverCard(rule: Rule): string {
  const { meta, docs } = rule;
  return [
    `**${meta.id} ${meta.name}** (${meta.severity}) — ${meta.title}`,
    '',
    `*${domainLabel(rule)}*${meta.legacy ? ` · **legacy:** ${meta.legacy}` : ''}`,
    '',
    `**Exam fact:** ${docs.examFact}`,
    '',
    `**Trap:** ${docs.trap}`,
    '',
    `**Reality:** ${firstSentences(docs.reality, HOVER_REALITY_LENGTH, meta.id)}`,
    ...(docs.studyMaterial ? ['', `**Study material:** ${docs.studyMaterial}`] : []),
    '',
    '**Correct pattern:**',
    '```python',
    docs.useInstead.trimEnd(),
    '```',
    '',
    `**Fix:** ${fixLine(rule)}`,
    ...referencesParagraph(docs.references),
  ].join('\n');
}

/** The rule's page (docs/rules/<id>-<name>.md). */
export function rulePage(rule: Rule): string {
  const { meta, docs } = rule;
  return [
    `# ${meta.id} ${meta.name}`,
    '',
    `${meta.title}`,
    '',
    `Exam domain: ${domainLabel(rule)}. Area: ${meta.area}. Default severity: ${meta.severity}.`,
    ...(meta.legacy ? ['', `**Legacy:** ${meta.legacy}.`] : []),
    '',
    `Exam fact: ${docs.examFact}`,
    '',
    '## Trap',
    docs.trap,
    '',
    '## Reality',
    docs.reality,
    ...(docs.studyMaterial ? ['', docs.studyMaterial] : []),
    '',
    '## Example',
    '```python',
    docs.example.trimEnd(),
    '```',
    '',
    '## Use instead',
    '```python',
    docs.useInstead.trimEnd(),
    '```',
    '',
    '## Fix',
    docs.fix,
    ...(docs.fixSafety ? ['', '## Fix safety', docs.fixSafety] : []),
    '',
    '## Suppress',
    `\`# noqa: ${meta.id}\` or \`# mltraps: ignore[${meta.id}]\` on the line; \`"mltraps.rules": { "${meta.id}": "off" }\` in settings.`,
    ...referencesSection(docs.references),
    '',
  ].join('\n');
}

/** Plain text for the terminal (`mltraps explain MLT101`). */
export function explainText(rule: Rule): string {
  const { meta, docs } = rule;
  const indent = (code: string) => code.trimEnd().split('\n').map((line) => `    ${line}`).join('\n');
  return [
    `${meta.id} ${meta.name} (${meta.severity}; ${domainLabel(rule)}; ${meta.area})`,
    meta.title,
    ...(meta.legacy ? [`Legacy: ${meta.legacy}.`] : []),
    '',
    `Exam fact: ${docs.examFact}`,
    `Trap:    ${docs.trap}`,
    `Reality: ${docs.reality}`,
    ...(docs.studyMaterial ? [docs.studyMaterial] : []),
    '',
    'Example (the trap):',
    indent(docs.example),
    '',
    'Use instead:',
    indent(docs.useInstead),
    '',
    `Fix: ${fixLine(rule)}`,
    ...referencesText(docs.references),
    '',
  ].join('\n');
}

/** The README's rule table: exam domain with its weight, and the legacy label with what replaced the API. */
export function ruleTable(rules: readonly Rule[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = rules.map((rule) => {
    const hasFix = !/^none\b/i.test(rule.docs.fix);
    const legacy = rule.meta.legacy ? `legacy: ${cell(rule.meta.legacy)}` : '—';
    return `| ${rule.meta.id} | \`${rule.meta.name}\` | ${rule.meta.severity} | ${domainWithShortWeight(rule.meta.domain)} | ${legacy} | ${cell(rule.meta.title)} | ${hasFix ? 'yes' : '—'} |`;
  });
  return ['| id | name | severity | exam domain | legacy | trap | quick fix |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** One entry of docs/rules/index.json: what the editor's rule quick pick shows, without loading the engine. */
export interface RuleCatalogueEntry {
  id: string;
  name: string;
  title: string;
  area: string;
  domain: string;
  legacy?: string;
  severity: string;
  page: string;
}

export function ruleCatalogue(rules: readonly Rule[]): string {
  const entries: RuleCatalogueEntry[] = rules.map((rule) => ({
    id: rule.meta.id,
    name: rule.meta.name,
    title: rule.meta.title,
    area: rule.meta.area,
    domain: rule.meta.domain,
    ...(rule.meta.legacy ? { legacy: rule.meta.legacy } : {}),
    severity: rule.meta.severity,
    page: rulePageFileName(rule),
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}
