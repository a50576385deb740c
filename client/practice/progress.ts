import type * as vscode from 'vscode';

/**
 * The learner's progress per trap (rule id), kept in the extension's global state so that it
 * survives restarts and follows the learner across workspaces: met (a practice notebook that
 * hides it was opened or checked) and fixed (a check found it fixed).
 */
export interface TrapProgress {
  met: boolean;
  fixed: boolean;
}

const KEY = 'mltraps.practice.progress';

export class PracticeProgress {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly state: vscode.Memento) {}

  all(): Readonly<Record<string, TrapProgress>> {
    return this.state.get<Record<string, TrapProgress>>(KEY, {});
  }

  of(ruleId: string): TrapProgress {
    return this.all()[ruleId] ?? { met: false, fixed: false };
  }

  /** Marks these traps met, and those fixed (fixed stays once earned: a later attempt starts from a fresh copy). */
  async record(met: readonly string[], fixed: readonly string[] = []): Promise<void> {
    const next: Record<string, TrapProgress> = { ...this.all() };
    for (const id of met) next[id] = { ...(next[id] ?? { met: false, fixed: false }), met: true };
    for (const id of fixed) next[id] = { met: true, fixed: true };
    await this.state.update(KEY, next);
    this.changed();
  }

  async reset(): Promise<void> {
    await this.state.update(KEY, undefined);
    this.changed();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
