import { explainText, rulePage } from '../../rules/engine/ruleDocs';
import type { Finding, Fix, Rule, Severity } from '../../rules/engine/types';
import { cellNumber, portablePath, type FileFindings, type NotebookFileText } from './fileFindings';
import { notebookFixReplacement, type FileReplacement } from './notebookFixRegion';

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

/**
 * A file's path as the URI reference SARIF wants: encodeURI leaves `#` and `?`, which would
 * start a fragment or a query (`notebook #2.ipynb` would name `notebook `).
 */
function artifactUri(displayPath: string): string {
  return encodeURI(portablePath(displayPath)).replace(/[?#]/g, (character) => encodeURIComponent(character));
}

/** A fix as SARIF wants it; its safety stays in a property (SARIF has no such notion). */
function sarifFix(displayPath: string, fix: Fix, replacements: readonly FileReplacement[]): object {
  return {
    description: { text: fix.title },
    artifactChanges: [
      {
        artifactLocation: { uri: artifactUri(displayPath) },
        replacements: replacements.map((replacement) => ({
          deletedRegion: { charOffset: replacement.offset, charLength: replacement.length },
          insertedContent: { text: replacement.inserted },
        })),
      },
    ],
    properties: { safety: fix.safety },
  };
}

/** In a `.py` file the fix's edits are offsets in the file already. */
function fileFix(displayPath: string, fix: Fix): object {
  return sarifFix(
    displayPath,
    fix,
    fix.edits.map((edit) => ({ offset: edit.start, length: edit.end - edit.start, inserted: edit.newText })),
  );
}

/** In a notebook they are offsets in a cell: SARIF gets the span of the `.ipynb` text that --fix would rewrite. */
function notebookFix(displayPath: string, file: NotebookFileText, fix: Fix): object | undefined {
  const replacement = notebookFixReplacement(file, fix);
  return replacement && sarifFix(displayPath, fix, [replacement]);
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
 * within the cell as a property; its fixes replace the span of the `.ipynb` text that
 * `mltraps --fix` rewrites (character offsets in the file, as SARIF wants them).
 */
function sarifResult(file: FileFindings, finding: Finding, ruleIndex: ReadonlyMap<string, number>): object {
  const { displayPath } = file;
  const artifactLocation = { uri: artifactUri(displayPath) };
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
      ...(finding.fixes.length > 0 ? { fixes: finding.fixes.map((fix) => fileFix(displayPath, fix)) } : {}),
      locations: [{ physicalLocation: { artifactLocation, region: region(finding) } }],
    };
  }
  const notebookFile = file.notebookFile;
  const fixes = notebookFile ? finding.fixes.flatMap((fix) => notebookFix(displayPath, notebookFile, fix) ?? []) : [];
  return {
    ...common,
    ...(fixes.length > 0 ? { fixes } : {}),
    locations: [
      {
        physicalLocation: { artifactLocation },
        logicalLocations: [{ name: `cell ${cell}`, fullyQualifiedName: `${portablePath(displayPath)}:cell ${cell}`, kind: 'notebookCell' }],
        properties: { cell, cellRegion: region(finding) },
      },
    ],
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
        results: files.flatMap((file) => file.findings.map((finding) => sarifResult(file, finding, ruleIndex))),
      },
    ],
  };
}
