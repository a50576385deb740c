import * as vscode from 'vscode';
import type { RuleCatalogueEntry } from '../../rules/engine/ruleDocs';
import { EXAM_DOMAIN_WEIGHTS, type ExamDomain } from '../../rules/engine/types';
import type { PracticeProgress, TrapProgress } from './progress';

/**
 * The "Exam traps" view: every rule of docs/rules/index.json (the catalogue the extension
 * ships), grouped by exam domain, each with the learner's status: fixed, met, or not met yet.
 */

type Node = { kind: 'domain'; domain: string; rules: RuleCatalogueEntry[] } | { kind: 'rule'; rule: RuleCatalogueEntry };

export function statusLabel(progress: TrapProgress): string {
  return progress.fixed ? 'fixed' : progress.met ? 'met' : 'not met yet';
}

export class ExamTrapsTree implements vscode.TreeDataProvider<Node> {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private catalogue: RuleCatalogueEntry[] | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly progress: PracticeProgress,
  ) {}

  refresh(): void {
    this.emitter.fire(undefined);
  }

  private async rules(): Promise<RuleCatalogueEntry[]> {
    if (!this.catalogue) {
      const file = vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', 'index.json');
      this.catalogue = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as RuleCatalogueEntry[];
    }
    return this.catalogue;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'rule') return [];
    if (node?.kind === 'domain') return node.rules.map((rule) => ({ kind: 'rule', rule }));
    const rules = await this.rules();
    const domains = [...new Set(rules.map((rule) => rule.domain))];
    // The heavier domains first, as the exam weighs them.
    const weight = (domain: string) => EXAM_DOMAIN_WEIGHTS[domain as ExamDomain] ?? 0;
    domains.sort((a, b) => weight(b) - weight(a));
    return domains.map((domain) => ({ kind: 'domain', domain, rules: rules.filter((rule) => rule.domain === domain) }));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'domain') {
      const fixed = node.rules.filter((rule) => this.progress.of(rule.id).fixed).length;
      const weight = EXAM_DOMAIN_WEIGHTS[node.domain as ExamDomain];
      const item = new vscode.TreeItem(weight === undefined ? node.domain : `${node.domain} (${weight} %)`, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${fixed}/${node.rules.length} fixed`;
      item.id = `domain:${node.domain}`;
      return item;
    }
    const { rule } = node;
    const progress = this.progress.of(rule.id);
    const item = new vscode.TreeItem(`${rule.id} ${rule.name}`, vscode.TreeItemCollapsibleState.None);
    item.id = `rule:${rule.id}`;
    item.description = statusLabel(progress);
    item.tooltip = `${rule.title}\n${rule.area}${rule.legacy ? ` · legacy: ${rule.legacy}` : ''}\nStatus: ${statusLabel(progress)}`;
    item.iconPath = new vscode.ThemeIcon(progress.fixed ? 'pass-filled' : progress.met ? 'eye' : 'circle-large-outline');
    item.command = { command: 'mltraps.showRuleDocumentation', title: 'Show Rule Documentation', arguments: [rule.id] };
    return item;
  }
}
