import type { SourceDocument } from './sourceDocument';

/**
 * Suppression comments:
 * - `# noqa: MLT101, MLT102` (Ruff's convention) or a bare `# noqa` on the flagged line;
 * - `# mltraps: ignore[MLT101]` (ids or names, comma lists) or `# mltraps: ignore` on the line;
 * - `# mltraps: ignore-file` (optionally `[MLT101]`) in the comment block at the top of the file.
 */
export interface Suppressions {
  isSuppressed(ruleId: string, ruleName: string, startLine: number, endLine: number): boolean;
}

const NOQA = /#\s*noqa(?::\s*([A-Za-z0-9_,\s-]+))?/i;
const IGNORE = /#\s*mltraps:\s*ignore(?!-file)(?:\[([^\]]*)\])?/;
const IGNORE_FILE = /^\s*#\s*mltraps:\s*ignore-file(?:\[([^\]]*)\])?/;
/** The words every line suppression holds. */
const CANDIDATE = /noqa|mltraps/gi;

/** ALL means every rule. */
const ALL = '*';

function codeList(list: string | undefined): string[] {
  if (list === undefined) return [ALL];
  const codes = list.split(/[\s,]+/).filter(Boolean);
  return codes.length > 0 ? codes : [ALL];
}

export function readSuppressions(document: SourceDocument): Suppressions {
  const byLine = new Map<number, string[]>();
  const fileWide: string[] = [];
  let inHeader = true;
  const text = document.text;
  // The user's own text, piece by piece: code that %run or a star import brought in neither
  // holds nor ends the user's header (an `ignore-file` in a setup notebook is about the setup
  // notebook), and its lines are not read one by one (a 45 KB setup run by every lesson).
  for (const segment of document.unrecorded.program.segments) {
    for (let line = document.positionAt(segment.start).line; inHeader && line < document.lineCount; line++) {
      const start = document.lineStarts[line];
      if (start >= segment.end) break;
      if (start < segment.start) continue;
      const lineText = text.slice(start, document.lineEnd(line));
      const trimmed = lineText.trim();
      if (trimmed !== '' && !trimmed.startsWith('#')) inHeader = false;
      else {
        const fileMatch = IGNORE_FILE.exec(lineText);
        if (fileMatch) fileWide.push(...codeList(fileMatch[1]));
      }
    }
    if (!inHeader) break;
  }
  // Only a line that says `noqa` or `mltraps` can hold a line suppression: the text is searched
  // for those words (a notebook export has a comment on every other line; a keystroke lints it all).
  CANDIDATE.lastIndex = 0;
  let lastLine = -1;
  for (let match = CANDIDATE.exec(text); match; match = CANDIDATE.exec(text)) {
    const line = document.positionAt(match.index).line;
    if (line === lastLine) continue;
    lastLine = line;
    const lineText = text.slice(document.lineStarts[line], document.lineEnd(line));
    const codes: string[] = [];
    const noqa = NOQA.exec(lineText);
    if (noqa) codes.push(...codeList(noqa[1]?.trim() || undefined));
    const ignore = IGNORE.exec(lineText);
    if (ignore) codes.push(...codeList(ignore[1]));
    if (codes.length > 0) byLine.set(line, codes);
  }
  const matches = (codes: string[] | undefined, id: string, name: string) =>
    !!codes && codes.some((code) => code === ALL || code.toUpperCase() === id || code === name);
  return {
    isSuppressed(ruleId, ruleName, startLine, endLine) {
      if (matches(fileWide, ruleId, ruleName)) return true;
      return matches(byLine.get(startLine), ruleId, ruleName) || matches(byLine.get(endLine), ruleId, ruleName);
    },
  };
}
