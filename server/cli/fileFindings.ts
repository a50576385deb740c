import type { Finding } from '../../rules/engine/types';

/** The findings of one linted file, under the path the output shows. */
export interface FileFindings {
  displayPath: string;
  findings: Finding[];
}

/** SARIF and most tools want forward slashes, whatever the platform. */
export function portablePath(displayPath: string): string {
  return displayPath.split('\\').join('/');
}

/** A fix exists (safe, applied by --fix; or unsafe, applied by --fix --unsafe-fixes). */
export function isFixable(finding: Finding): boolean {
  return finding.fixes.length > 0;
}

export function hasSafeFix(finding: Finding): boolean {
  return finding.fixes.some((fix) => fix.safety === 'safe');
}
