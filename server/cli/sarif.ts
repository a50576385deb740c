import { explainText, rulePage } from '../../rules/engine/ruleDocs';
import type { Finding, Fix, Rule, Severity } from '../../rules/engine/types';
import { cellNumber, portablePath, type FileFindings } from './fileFindings';

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

function region(finding: Finding): object {
  return {
    startLine: finding.start.line + 1,
    startColumn: finding.start.character + 1,
    endLine: finding.end.line + 1,
    endColumn: finding.end.character + 1,
  };
}

/**
 * A finding in a `.py` file points at its region. In a notebook, lines of a cell are not lines
 * of the `.ipynb` JSON: the result points at the file, names the cell as a logical location
 * (`cell 3`, 1-based counting every cell, as the text output does) and gives the region
 * within the cell as a property. Its fixes are left out: SARIF replacements are offsets in
 * the file, and `mltraps --fix` applies them to the cells.
 */
function sarifResult(displayPath: string, finding: Finding, ruleIndex: ReadonlyMap<string, number>): object {
  const artifactLocation = { uri: encodeURI(portablePath(displayPath)) };
  const cell = cellNumber(finding);
  const common = {
    ruleId: finding.ruleId,
    ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
    level: SARIF_LEVEL[finding.severity],
    message: { text: finding.message },
  };
  if (cell === undefined) {
    return {
      ...common,
      ...(finding.fixes.length > 0 ? { fixes: finding.fixes.map((fix) => sarifFix(displayPath, fix)) } : {}),
      locations: [{ physicalLocation: { artifactLocation, region: region(finding) } }],
    };
  }
  return {
    ...common,
    locations: [
      {
        physicalLocation: { artifactLocation },
        logicalLocations: [{ name: `cell ${cell}`, fullyQualifiedName: `${portablePath(displayPath)}:cell ${cell}`, kind: 'notebookCell' }],
        properties: { cell, cellRegion: region(finding) },
      },
    ],
    properties: { fixes: finding.fixes.map((fix) => ({ title: fix.title, safety: fix.safety })) },
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
        results: files.flatMap(({ displayPath, findings }) => findings.map((finding) => sarifResult(displayPath, finding, ruleIndex))),
      },
    ],
  };
}
