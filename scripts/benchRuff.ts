import type * as RuffWasm from '@astral-sh/ruff-wasm-nodejs';

/**
 * Ruff compiled to WebAssembly (`@astral-sh/ruff-wasm-nodejs`, a devDependency pinned to an
 * exact version), for `npm run bench` to set mltraps' lines per CPU-second beside Ruff's on the
 * same texts in the same process (issue 12: on a whole repository, at least Ruff's wasm speed).
 * The package is loaded lazily and only here: when it cannot be (not installed, a wasm that
 * fails to instantiate), the bench prints why and goes on.
 */

/** One of Ruff's rule selections, built once and run on one text at a time. */
export interface RuffConfiguration {
  /** What it selects, in words, for the printed figures. */
  label: string;
  /**
   * Ruff's diagnostics of `text` (their number). Turning them into JS objects is part of the
   * cost, as for any caller of the package; a text Ruff throws on counts as -1.
   */
  check(text: string): number;
}

export interface LoadedRuff {
  version: string;
  configurations: RuffConfiguration[];
}

/**
 * The selections measured:
 * - Ruff's default rule set (`Workspace.defaultSettings()`, which since Ruff 0.16 selects some
 *   400 rules: the "hundreds of rules" of issue 12);
 * - `select = ["ALL"]`: every stable rule (preview rules stay off, as Ruff's default);
 * - `select = ["E4", "E7", "E9", "F"]`: Ruff's default before 0.16 (pyflakes and the
 *   pycodestyle errors), the smallest set a Ruff user is likely to run.
 */
export function loadRuff(): LoadedRuff | { error: string } {
  let ruff: typeof RuffWasm;
  try {
    // Required here, not imported at the top: the bench goes on without it.
    ruff = require('@astral-sh/ruff-wasm-nodejs') as typeof RuffWasm;
  } catch (error) {
    return { error: `@astral-sh/ruff-wasm-nodejs could not be loaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): npm ci installs it` };
  }
  try {
    const encoding = ruff.PositionEncoding.Utf16;
    const defaults: unknown = ruff.Workspace.defaultSettings();
    const configuration = (label: string, settings: unknown): RuffConfiguration => {
      const workspace = new ruff.Workspace(settings, encoding);
      return {
        label,
        check: (text) => {
          try {
            return (workspace.check(text) as unknown[]).length;
          } catch {
            return -1;
          }
        },
      };
    };
    const defaultCount = selectedRuleCount(defaults);
    return {
      version: ruff.Workspace.version(),
      configurations: [
        configuration(`Ruff default rules${defaultCount === undefined ? '' : ` (${defaultCount})`}`, defaults),
        configuration('Ruff select ALL', { lint: { select: ['ALL'] } }),
        configuration('Ruff E4,E7,E9,F', { lint: { select: ['E4', 'E7', 'E9', 'F'] } }),
      ],
    };
  } catch (error) {
    return { error: `Ruff's wasm did not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

/** How many rules the default settings select: `lint.select` of the Map the package returns. */
function selectedRuleCount(settings: unknown): number | undefined {
  const lint = settings instanceof Map ? settings.get('lint') : undefined;
  const select: unknown = lint instanceof Map ? lint.get('select') : undefined;
  return Array.isArray(select) ? select.length : undefined;
}
