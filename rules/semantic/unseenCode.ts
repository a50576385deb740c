import type { Node } from 'web-tree-sitter';
import type { ProjectContext } from '../engine/types';
import { field, unparenthesize } from '../engine/syntax';
import { importedPackage } from './pythonPackages';
import type { CallSite, SemanticModel } from './semanticModel';

/**
 * A call of code the file does not show and that may be the project's: a function imported
 * relatively, from a module of the project, or from one no package list knows
 * (`from objectives import objective`): it may do what the file cannot see (log to MLflow, end a run).
 */
export function callsUnseenCode(model: SemanticModel, project: ProjectContext, site: CallSite): boolean {
  let head = unparenthesize(site.callee);
  while (head.type === 'attribute') head = unparenthesize(field(head, 'object') ?? head);
  if (head.type !== 'identifier' || model.resolveFunction(head)) return false;
  const binding = model.lookup(head);
  // An imported name, or one no binding of the file holds (a star import brought it).
  const qualifiedName = binding?.kind === 'import' ? binding.imported?.qualifiedName : binding ? undefined : model.resolveQualifiedName(head);
  if (!qualifiedName || qualifiedName.startsWith('databricks.globals.')) return false;
  if (qualifiedName.startsWith('.') || project.isLocalModule(qualifiedName.split('.')[0])) return true;
  const installed = importedPackage(qualifiedName);
  return !!installed && !installed.wellKnown;
}


/**
 * A call into the project's own modules: a function imported relatively or from a module of the
 * project (`from tracking_utils import close_run`), or a method of an object made by a class
 * imported so (`tracker = Tracker(); tracker.finish()`). Third-party packages are not counted.
 */
export function callsProjectCode(model: SemanticModel, project: ProjectContext, site: CallSite): boolean {
  const fromProject = (node: Node, depth: number): boolean => {
    let head = unparenthesize(node);
    while (head.type === 'attribute') head = unparenthesize(field(head, 'object') ?? head);
    if (head.type !== 'identifier' || model.resolveFunction(head)) return false;
    const binding = model.lookup(head);
    if (binding?.kind === 'import') {
      const qualifiedName = binding.imported?.qualifiedName ?? '';
      return qualifiedName.startsWith('.') || project.isLocalModule(qualifiedName.split('.')[0]);
    }
    // An object the project's class made.
    const value = binding?.kind === 'assignment' && binding.value ? unparenthesize(binding.value) : undefined;
    return depth === 0 && value?.type === 'call' && fromProject(field(value, 'function') ?? value, depth + 1);
  };
  return fromProject(site.callee, 0);
}
