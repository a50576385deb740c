import { explainText, rulePage } from '../../rules/engine/ruleDocs';
import type { Fix, Rule, Severity } from '../../rules/engine/types';
import { portablePath, type FileFindings } from './fileFindings';

/**
 * SARIF 2.1.0 for code scanning (GitHub, Azure DevOps). helpUri must be an absolute URI, and
 * mltraps has no published site, so each rule carries its page as `help.markdown` instead.
 */
const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** A fix as SARIF wants it; its safety stays in a property (SARIF has no such notion). */
function sarifFix(displayPath: string, fix: Fix): object {
  return {
    description: { text: fix.title },
    artifactChanges: [
      {
        artifactLocation: { uri: encodeURI(portablePath(displayPath)) },
        replacements: fix.edits.map((edit) => ({
          deletedRegion: { charOffset: edit.start, charLength: edit.end - edit.start },
          insertedContent: { text: edit.newText },
        })),
      },
    ],
    properties: { safety: fix.safety },
  };
}

export function sarifLog(files: readonly FileFindings[], rules: readonly Rule[], version: string): object {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mltraps',
            version,
            rules: rules.map((rule) => ({
              id: rule.meta.id,
              name: rule.meta.name,
              shortDescription: { text: rule.meta.title },
              fullDescription: { text: `${rule.docs.trap} ${rule.docs.reality}` },
              help: { text: explainText(rule), markdown: rulePage(rule) },
              defaultConfiguration: { level: SARIF_LEVEL[rule.meta.severity] },
              properties: { area: rule.meta.area, domain: rule.meta.domain, ...(rule.meta.legacy ? { legacy: rule.meta.legacy } : {}) },
            })),
          },
        },
        // Columns count UTF-16 code units, as the engine and LSP do.
        columnKind: 'utf16CodeUnits',
        results: files.flatMap(({ displayPath, findings }) =>
          findings.map((finding) => ({
            ruleId: finding.ruleId,
            ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
            level: SARIF_LEVEL[finding.severity],
            message: { text: finding.message },
            ...(finding.fixes.length > 0 ? { fixes: finding.fixes.map((fix) => sarifFix(displayPath, fix)) } : {}),
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(portablePath(displayPath)) },
                  region: {
                    startLine: finding.start.line + 1,
                    startColumn: finding.start.character + 1,
                    endLine: finding.end.line + 1,
                    endColumn: finding.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}
