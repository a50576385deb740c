import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { ruleCatalogue, rulePage, rulePageFileName, ruleTable } from '../rules/engine/ruleDocs';
import type { Rule } from '../rules/engine/types';
import { configurationReference } from '../server/configuration/reference';

/**
 * `npm run docs`: writes docs/rules/<id>-<name>.md for every rule, docs/rules/index.json (the
 * catalogue the editor's quick pick reads), the README's rule table and its configuration reference,
 * all generated from the rule files' docs. test/docs.test.ts fails when they are stale.
 */

export const ROOT = path.join(__dirname, '..');
export const RULE_PAGES_FOLDER = path.join(ROOT, 'docs', 'rules');
export const README = path.join(ROOT, 'README.md');
/** The rule list the VS Code client reads for its quick pick (it does not bundle the engine). */
export const RULE_CATALOGUE = path.join(RULE_PAGES_FOLDER, 'index.json');
export const TABLE_START = '<!-- rules:start -->';
export const TABLE_END = '<!-- rules:end -->';

/** File name -> content of every rule page. */
export function generatedRulePages(rules: readonly Rule[] = allRules): Map<string, string> {
  return new Map(rules.map((rule) => [rulePageFileName(rule), rulePage(rule)]));
}

export const CONFIGURATION_START = '<!-- configuration:start -->';
export const CONFIGURATION_END = '<!-- configuration:end -->';

/** `text` with what lies between the two markers replaced by `content`. */
function replaceBetween(text: string, startMarker: string, endMarker: string, content: string): string {
  const start = text.indexOf(startMarker);
  const end = text.indexOf(endMarker);
  if (start === -1 || end === -1 || end < start) throw new Error(`README.md lacks the ${startMarker} / ${endMarker} markers`);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return `${text.slice(0, start + startMarker.length)}${eol}${content.split('\n').join(eol)}${eol}${text.slice(end)}`;
}

/** The README with its generated parts (the rule table, the configuration reference) replaced by the current ones. */
export function readmeWithGeneratedSections(readme: string, rules: readonly Rule[] = allRules): string {
  const withTable = replaceBetween(readme, TABLE_START, TABLE_END, ruleTable(rules));
  return replaceBetween(withTable, CONFIGURATION_START, CONFIGURATION_END, configurationReference());
}

function writeIfChanged(file: string, content: string): boolean {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === content) return false;
  fs.writeFileSync(file, content);
  return true;
}

export function generateDocs(): string[] {
  const changed: string[] = [];
  fs.mkdirSync(RULE_PAGES_FOLDER, { recursive: true });
  const pages = generatedRulePages();
  for (const [fileName, content] of pages) {
    const file = path.join(RULE_PAGES_FOLDER, fileName);
    if (writeIfChanged(file, content)) changed.push(path.relative(ROOT, file));
  }
  // A page whose rule was renamed or removed would otherwise linger.
  for (const fileName of fs.readdirSync(RULE_PAGES_FOLDER)) {
    if (fileName.endsWith('.md') && !pages.has(fileName)) {
      fs.rmSync(path.join(RULE_PAGES_FOLDER, fileName));
      changed.push(`${path.relative(ROOT, path.join(RULE_PAGES_FOLDER, fileName))} (removed)`);
    }
  }
  if (writeIfChanged(RULE_CATALOGUE, ruleCatalogue(allRules))) changed.push(path.relative(ROOT, RULE_CATALOGUE));
  if (writeIfChanged(README, readmeWithGeneratedSections(fs.readFileSync(README, 'utf8')))) changed.push('README.md');
  return changed;
}

if (require.main === module) {
  const changed = generateDocs();
  console.log(changed.length > 0 ? `Updated ${changed.join(', ')}` : 'Docs are up to date.');
}
