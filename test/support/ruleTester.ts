import * as assert from 'node:assert/strict';
import { applyEdits } from '../../rules/engine/edits';
import type { Finding, Rule } from '../../rules/engine/types';
import { dedent, testLinter } from './linter';

/**
 * ESLint's RuleTester, for mltraps: a rule's behaviour as a table.
 * - flagged: code and the findings of this rule it must produce (1-based line and column);
 * - silent: look-alike code that must produce no finding of this rule;
 * - fixes: code, the fix to apply (title substring, default the first), and the exact text
 *   after the fix; the fixed text must lint clean for this rule.
 * Code is dedented, so tables can be indented in the test file.
 */
export interface ExpectedFinding {
  line: number;
  column: number;
  /** A part of the message that must appear. */
  message?: string;
  /** A part of the message that must not appear (a sentence said only where it holds). */
  notInMessage?: string;
  severity?: Finding['severity'];
}

export interface FlaggedCase {
  name: string;
  code: string;
  findings: ExpectedFinding[];
  /** File name the code is linted as (default `notebook.py`). */
  fileName?: string;
}

export interface SilentCase {
  name: string;
  code: string;
  fileName?: string;
}

export interface FixCase {
  name: string;
  code: string;
  output: string;
  fixTitle?: string;
  /** Expect the chosen fix to be safe (default) or unsafe. */
  safety?: 'safe' | 'unsafe';
  fileName?: string;
}

export interface RuleTable {
  flagged: FlaggedCase[];
  silent: SilentCase[];
  fixes: FixCase[];
}

export async function findingsOf(rule: Rule, code: string, fileName = 'notebook.py'): Promise<Finding[]> {
  const linter = await testLinter();
  return linter.lintText(`file:///test/${fileName}`, code, { select: [rule.meta.id] }).findings;
}

/** Every code sample of every rule table loaded so far (test/engine/triggerSoundness.test.ts reads them all). */
export const ruleTableSamples: Array<{ name: string; code: string; fileName: string }> = [];

export function describeRule(rule: Rule, table: RuleTable): void {
  const { id } = rule.meta;
  for (const testCase of [...table.flagged, ...table.silent, ...table.fixes]) {
    ruleTableSamples.push({ name: `${id} ${testCase.name}`, code: dedent(testCase.code), fileName: testCase.fileName ?? 'notebook.py' });
  }
  for (const testCase of table.fixes) ruleTableSamples.push({ name: `${id} ${testCase.name} (fixed)`, code: dedent(testCase.output), fileName: testCase.fileName ?? 'notebook.py' });
  describe(`${id} ${rule.meta.name}`, () => {
    describe('flags', () => {
      for (const testCase of table.flagged) {
        it(testCase.name, async () => {
          const findings = await findingsOf(rule, dedent(testCase.code), testCase.fileName);
          const actual = findings.map((finding) => ({ line: finding.start.line + 1, column: finding.start.character + 1 }));
          assert.deepEqual(actual, testCase.findings.map(({ line, column }) => ({ line, column })), `findings of ${id}: ${JSON.stringify(findings.map((f) => f.message))}`);
          testCase.findings.forEach((expected, index) => {
            if (expected.message) assert.ok(findings[index].message.includes(expected.message), `message "${findings[index].message}" lacks "${expected.message}"`);
            if (expected.notInMessage) assert.ok(!findings[index].message.includes(expected.notInMessage), `message "${findings[index].message}" says "${expected.notInMessage}"`);
            if (expected.severity) assert.equal(findings[index].severity, expected.severity);
          });
        });
      }
    });
    describe('stays silent', () => {
      for (const testCase of table.silent) {
        it(testCase.name, async () => {
          const findings = await findingsOf(rule, dedent(testCase.code), testCase.fileName);
          assert.deepEqual(findings.map((finding) => `${finding.start.line + 1}:${finding.start.character + 1} ${finding.message}`), []);
        });
      }
    });
    describe('fixes', () => {
      for (const testCase of table.fixes) {
        it(testCase.name, async () => {
          const code = dedent(testCase.code);
          const findings = await findingsOf(rule, code, testCase.fileName);
          const fix = findings
            .flatMap((finding) => finding.fixes)
            .find((candidate) => !testCase.fixTitle || candidate.title.includes(testCase.fixTitle));
          assert.ok(fix, `no fix${testCase.fixTitle ? ` titled "${testCase.fixTitle}"` : ''} among ${findings.length} findings`);
          assert.equal(fix.safety, testCase.safety ?? 'safe', `safety of "${fix.title}"`);
          const fixed = applyEdits(code, fix.edits);
          assert.equal(fixed, dedent(testCase.output));
          const after = await findingsOf(rule, fixed, testCase.fileName);
          assert.equal(after.length, findings.length - 1, `the fixed text still has the finding: ${JSON.stringify(after.map((f) => f.message))}`);
        });
      }
    });
  });
}
