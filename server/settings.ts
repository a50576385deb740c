import type { Connection } from 'vscode-languageserver';
import { findRule } from '../rules';
import type { RuleSetting } from '../rules/engine/linter';
import { SEVERITIES } from '../rules/engine/types';

/** The `mltraps.*` settings, validated. */
export interface ServerSettings {
  enable: boolean;
  /** By rule id (names and lower-case ids in the user's settings are mapped to ids). */
  rules: Record<string, RuleSetting>;
  /** Undefined when the user did not set it: the configuration file's, else the default, applies. */
  crossValidatorModelLimit?: number;
  /** Model counts written after CrossValidator calls. */
  inlayHints: boolean;
  /** API cards ("exam hints") on hover over a use of an API. */
  examHints: boolean;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  rules: {},
  inlayHints: true,
  examHints: true,
};

const RULE_SETTINGS: readonly string[] = ['off', ...SEVERITIES];

/** How long a `workspace/configuration` request may take before the defaults apply. */
export const CONFIGURATION_TIMEOUT_MS = 2000;

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value).unref());
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whatever the client sent (possibly nothing, possibly nonsense) as settings; bad values fall back to defaults. */
export function readSettings(raw: unknown): ServerSettings {
  if (!isRecord(raw)) return DEFAULT_SETTINGS;
  const rules: Record<string, RuleSetting> = {};
  if (isRecord(raw.rules)) {
    for (const [key, value] of Object.entries(raw.rules)) {
      if (typeof value !== 'string' || !RULE_SETTINGS.includes(value)) continue;
      rules[findRule(key)?.meta.id ?? key] = value as RuleSetting;
    }
  }
  const limit = raw.crossValidatorModelLimit;
  return {
    enable: typeof raw.enable === 'boolean' ? raw.enable : DEFAULT_SETTINGS.enable,
    rules,
    ...(typeof limit === 'number' && Number.isFinite(limit) && limit >= 0 ? { crossValidatorModelLimit: limit } : {}),
    inlayHints: typeof raw.inlayHints === 'boolean' ? raw.inlayHints : DEFAULT_SETTINGS.inlayHints,
    examHints: typeof raw.examHints === 'boolean' ? raw.examHints : DEFAULT_SETTINGS.examHints,
  };
}

/**
 * Settings per document from `workspace/configuration` (section "mltraps", scoped to the
 * document so folder settings apply), cached until the client says they changed. Clients
 * without that request (some Neovim set-ups) push settings in didChangeConfiguration, or
 * get the defaults.
 */
export class SettingsStore {
  private readonly byUri = new Map<string, Promise<ServerSettings>>();
  private pushed: ServerSettings = DEFAULT_SETTINGS;
  /** Bumped on every change, so cached lint results made with older settings are not reused. */
  generation = 0;

  constructor(
    private readonly connection: Connection,
    private readonly canRequestConfiguration: boolean,
  ) {}

  forDocument(uri: string): Promise<ServerSettings> {
    if (!this.canRequestConfiguration) return Promise.resolve(this.pushed);
    let settings = this.byUri.get(uri);
    if (!settings) {
      const answer = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'mltraps' }).then(readSettings, () => DEFAULT_SETTINGS);
      // A client that never answers must not stop every diagnostic: after a short wait the
      // defaults apply (until the settings change, when the client is asked again).
      settings = Promise.race([answer, delay(CONFIGURATION_TIMEOUT_MS, DEFAULT_SETTINGS)]);
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** didChangeConfiguration: `settings` is what the client pushed (may be null with the pull model). */
  changed(settings: unknown): void {
    this.invalidate();
    this.byUri.clear();
    if (isRecord(settings) && 'mltraps' in settings) this.pushed = readSettings(settings.mltraps);
  }

  /** Something the settings combine with changed (a configuration file): lint results made before are stale. */
  invalidate(): void {
    this.generation++;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}
