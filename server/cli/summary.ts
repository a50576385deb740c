import { hasSafeFix, isFixable, type FileFindings } from './fileFindings';
import { plural } from '../../rules/engine/plural';


/** One line for stderr, after the findings: counts, and what --fix would do. */
export function summaryLine(files: readonly FileFindings[], linted: number, skipped = 0, otherLanguage = 0): string {
  const findings = files.flatMap((file) => file.findings);
  if (linted === 0 && skipped > 0 && skipped === otherLanguage) return `No Python to lint: ${plural(skipped, 'notebook')} in another language.`;
  if (linted === 0 && skipped > 0) return `Nothing linted: ${plural(skipped, 'file')} skipped.`;
  // Not "No findings in 0 files": a CI step pointed at the wrong folder must be able to tell.
  if (linted === 0) return 'No Python files (.py, .ipynb) found: nothing linted.';
  if (findings.length === 0) return `No findings in ${plural(linted, 'file')}.`;
  const withFindings = files.filter((file) => file.findings.length > 0).length;
  const safe = findings.filter(hasSafeFix).length;
  const unsafeOnly = findings.filter((finding) => isFixable(finding) && !hasSafeFix(finding)).length;
  const notes: string[] = [];
  if (safe > 0) notes.push(`${safe} fixable with --fix`);
  // "more" only after a count of safe fixes: alone it would read as more findings.
  if (unsafeOnly > 0) notes.push(`${unsafeOnly} ${safe > 0 ? 'more' : 'fixable'} with --fix --unsafe-fixes`);
  return `${plural(findings.length, 'finding')} in ${plural(withFindings, 'file')}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}.`;
}
