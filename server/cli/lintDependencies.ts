import { createHash } from 'node:crypto';
import type { Linter } from '../../rules/engine/linter';
import type { InclusionReader, ProgramSource } from '../../rules/engine/program';
import type { ProjectContext } from '../../rules/engine/types';
import { projectContextFor } from '../projectContext';
import { lintFile, type FileLintJob, type FileOutcome } from './lintFile';

/**
 * What a file's findings depend on besides its text and its settings: the code its `%run`
 * lines and project star imports brought in (or that nothing was found), and which imported
 * names are the project's own modules. Recorded while linting, replayed by the results cache:
 * an entry stays valid only while every answer is still the same.
 */
export interface LintDependencies {
  /** Each inclusion asked for (from which file), and the uri and hash of what was read, or null. */
  inclusions: Array<{ fromUri: string; kind: 'run' | 'star-import'; target: string; found: { uri: string; hash: string } | null }>;
  /** Each `isLocalModule` question and its answer. */
  localModules: Array<[string, boolean]>;
}

const sourceHashes = new WeakMap<ProgramSource, string>();

/** A hash of what an inclusion read (its uri, cells and kind). */
export function programSourceHash(source: ProgramSource): string {
  let hash = sourceHashes.get(source);
  if (hash === undefined) {
    hash = createHash('sha256').update(JSON.stringify([source.uri, source.notebook, source.databricks ?? false, source.cells])).digest('hex');
    sourceHashes.set(source, hash);
  }
  return hash;
}

function recordingReader(read: InclusionReader, dependencies: LintDependencies): InclusionReader {
  const seen = new Set<string>();
  return (fromUri, inclusion) => {
    const found = read(fromUri, inclusion);
    const key = JSON.stringify([fromUri, inclusion.kind, inclusion.target]);
    if (!seen.has(key)) {
      seen.add(key);
      dependencies.inclusions.push({ fromUri, kind: inclusion.kind, target: inclusion.target, found: found ? { uri: found.uri, hash: programSourceHash(found) } : null });
    }
    return found;
  };
}

function recordingProject(project: ProjectContext, dependencies: LintDependencies): ProjectContext {
  const answers = new Map<string, boolean>();
  return {
    isLocalModule(name) {
      let answer = answers.get(name);
      if (answer === undefined) {
        answer = project.isLocalModule(name);
        answers.set(name, answer);
        dependencies.localModules.push([name, answer]);
      }
      return answer;
    },
  };
}

/** Lints one file; with `record`, also says what else on disk the result depends on (for the cache). */
export function lintFileRecording(linter: Linter, job: FileLintJob, readInclusion: InclusionReader, record: boolean): { outcome: FileOutcome; dependencies?: LintDependencies } {
  const project = projectContextFor(job.absolutePath);
  if (!record) return { outcome: lintFile(linter, job, readInclusion, project) };
  const dependencies: LintDependencies = { inclusions: [], localModules: [] };
  const outcome = lintFile(linter, job, recordingReader(readInclusion, dependencies), recordingProject(project, dependencies));
  return { outcome, dependencies };
}

/** Whether every recorded answer is still the same on disk now. */
export function dependenciesHold(dependencies: LintDependencies, absolutePath: string, readInclusion: InclusionReader): boolean {
  for (const { fromUri, kind, target, found } of dependencies.inclusions) {
    let now: ProgramSource | undefined;
    try {
      now = readInclusion(fromUri, { kind, target, at: 0 });
    } catch {
      now = undefined;
    }
    if (!now !== !found) return false;
    if (now && found && (now.uri !== found.uri || programSourceHash(now) !== found.hash)) return false;
  }
  if (dependencies.localModules.length > 0) {
    const project = projectContextFor(absolutePath);
    for (const [name, answer] of dependencies.localModules) if (project.isLocalModule(name) !== answer) return false;
  }
  return true;
}
