import type { Connection } from 'vscode-languageserver';
import type { PythonParser } from '../rules/engine/parser';
import type { Rule } from '../rules/engine/types';
import { ConfigResolver } from './configuration/configResolver';
import { toDiagnostic } from './diagnostics';
import { DocumentLinter } from './documentLinter';
import { DocumentStore } from './documentStore';
import { SettingsStore } from './settings';

/**
 * What each piece of the warm-up lints: one rule's own documentation examples (the trap and the
 * correct pattern), as the two cells of a Databricks notebook.
 */
export function warmUpSamples(rules: readonly Rule[]): string[] {
  return rules.map((rule) => `# Databricks notebook source\n${rule.docs.example}\n\n# COMMAND ----------\n\n${rule.docs.useInstead}\n`);
}

/** When the next piece runs: setImmediate in the server, a queue in the tests. */
export type Scheduler = (piece: () => void) => void;

/** How long after `initialized` the warm-up starts: editors send didOpen for the documents already open at once, and those come first. */
export const WARM_UP_DELAY_MS = 200;

/**
 * A fresh server's first lint runs cold code: V8 has not compiled the rules' functions yet and
 * runs tree-sitter's WebAssembly in its baseline tier. The first 2,000-line notebook took
 * 160-240 ms to lint against 80-100 ms once one lint had run (scripts/keystrokeBench.ts
 * measures both ways). So while the server has nothing to do it lints the rules' own examples,
 * one rule at a time (25-40 ms each, cold), through a store and linter of its own that publish
 * nothing, read no file and ask the client nothing. It stops for good at the first piece that
 * finds `busy()`: a document the user opened is linted at once and warms the code itself.
 */
export class WarmUp {
  private readonly samples: string[];
  private next = 0;
  private stopped = false;

  constructor(
    private readonly parser: PythonParser,
    private readonly rules: readonly Rule[],
    private readonly busy: () => boolean,
    /** A rule that throws on its own example, or a lint that fails: a bug, for the server's log. */
    private readonly onError: (error: unknown, ruleId?: string) => void = () => {},
    private readonly schedule: Scheduler = setImmediate,
  ) {
    this.samples = warmUpSamples(rules);
  }

  /** Runs the pieces one per turn of the event loop until all ran or the server got work. */
  start(): void {
    this.schedule(() => void this.runNext());
  }

  /** How many samples were linted. */
  get linted(): number {
    return this.next;
  }

  private async runNext(): Promise<void> {
    if (this.stopped || this.next >= this.samples.length) return;
    if (this.busy()) {
      this.stopped = true;
      return;
    }
    const uri = `mltraps-warm-up://rules/${this.rules[this.next].meta.id}.py`;
    const store = new DocumentStore(this.parser);
    // No workspace/configuration (the defaults), no configuration file: nothing leaves the process.
    const linter = new DocumentLinter(store, new SettingsStore({} as Connection, false), new ConfigResolver({ kind: 'isolated' }, () => {}), this.rules, (_uri, rule, error) => this.onError(error, rule.meta.id));
    try {
      store.open(uri, 1, this.samples[this.next]);
      const linted = await linter.lint(uri);
      // Building the diagnostics is on the first publish's path too.
      for (const finding of linted?.findings ?? []) toDiagnostic(finding, 1);
    } catch (error) {
      // A warm-up that fails only leaves the code cold.
      this.onError(error);
    } finally {
      linter.forget(uri);
      store.dispose();
    }
    this.next++;
    this.schedule(() => void this.runNext());
  }
}
