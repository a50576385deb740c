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

