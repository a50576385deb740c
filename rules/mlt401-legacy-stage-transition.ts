import type { Node } from 'web-tree-sitter';
import { applyEdits } from './engine/edits';
import { pythonString, removeItem, replaceNode } from './engine/fixBuilders';
import type { Fix, Rule, RuleContext, TextEdit } from './engine/types';
import { ALIAS_FOR_STAGE, canonicalStage, latestVersionsByStage, methodNameNode, type StageTransition, stageTransitions } from './semantic/modelRegistry';

const PLACEHOLDER_ALIAS = '<alias>';

function isKeyword(node: Node | undefined): boolean {
  return node?.parent?.type === 'keyword_argument';
}

/** The argument as written: `version=v` for a keyword argument, `v` for a positional one. */
function writtenArgument(node: Node): Node {
  return isKeyword(node) ? node.parent! : node;
}

/**
 * `client.transition_model_version_stage(name, version, stage[, archive])` becomes
 * `client.set_registered_model_alias(name, alias, version)`, editing only the method name and
 * the arguments that move, so the receiver, the argument expressions and the layout stay as
 * written. `archive_existing_versions` goes: an alias points at one version only.
 */
function aliasFix(context: RuleContext, transition: StageTransition): Fix | undefined {
  const { name, version, stage, archive, site } = transition;
  const args = site.arguments;
  if (!transition.plain || !name || !version || !stage || !args || site.callee.type !== 'attribute') return undefined;
  const canonical = transition.stageText === undefined ? undefined : canonicalStage(transition.stageText);
  const alias = canonical ? ALIAS_FOR_STAGE[canonical] : undefined;
  const aliasLiteral = pythonString(alias ?? PLACEHOLDER_ALIAS, stage);
  const argumentEdits: TextEdit[] = [];
  if (!isKeyword(stage)) {
    // All positional: (name, version, stage) -> (name, alias, version).
    argumentEdits.push(replaceNode(version, aliasLiteral), replaceNode(stage, version.text));
  } else {
    argumentEdits.push(replaceNode(stage.parent!, `alias=${aliasLiteral}`));
    if (!isKeyword(version)) argumentEdits.push(replaceNode(version, `version=${version.text}`));
  }
  if (archive) argumentEdits.push(removeItem(context.document, args, writtenArgument(archive)));
  // One edit over the whole argument list, so that no other fix (MLT404's archive flag,
  // MLT403's stage spelling) lands in the same call in the same "fix all" round.
  const shifted = argumentEdits.map((edit) => ({ ...edit, start: edit.start - args.startIndex, end: edit.end - args.startIndex }));
  const edits: TextEdit[] = [replaceNode(transition.methodName, 'set_registered_model_alias'), replaceNode(args, applyEdits(args.text, shifted))];
  const target = `set_registered_model_alias(..., ${aliasLiteral}, ...)`;
  if (!alias) {
    return { title: `Replace with ${target}: placeholder alias, choose the alias to set`, safety: 'unsafe', edits };
  }
  return { title: `Replace the ${canonical} transition with ${target}`, safety: 'unsafe', edits };
}

function transitionMessage(transition: StageTransition): string {
  const canonical = transition.stageText === undefined ? undefined : canonicalStage(transition.stageText);
  const alias = canonical ? ALIAS_FOR_STAGE[canonical] : undefined;
  const instead = alias ? `set_registered_model_alias(name, "${alias}", version)` : 'set_registered_model_alias(name, "<alias>", version)';
  return `transition_model_version_stage uses the legacy stage workflow: Unity Catalog has no stages; use ${instead}`;
}

export const mlt401LegacyStageTransition: Rule = {
  meta: {
    id: 'MLT401',
    name: 'legacy-stage-transition',
    severity: 'information',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    legacy: 'workspace-registry stages; Unity Catalog uses model aliases (`set_registered_model_alias`, `models:/name@champion`)',
    title: 'Model stages (Staging/Production) are replaced by aliases such as "champion" and "challenger"',
  },
  docs: {
    trap: 'Promoting and looking up model versions with the workspace registry\'s stages: `transition_model_version_stage(name, version, "Production")` and `get_latest_versions(name, stages=["Production"])`.',
    reality:
      'Unity Catalog model aliases ("champion", "challenger") replace stages (None/Staging/Production/Archived); the current exam tests aliases. A model in Unity Catalog has no stages at all, and `set_registered_model_alias` moves an alias to exactly one version, so no version is left behind in the old role.',
    example: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient()',
      'client.transition_model_version_stage("ml.churn.model", version=4, stage="Production")',
      'prod = client.get_latest_versions("ml.churn.model", stages=["Production"])[0]',
    ].join('\n'),
    useInstead: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient()',
      'client.set_registered_model_alias("ml.churn.model", "champion", 4)',
      'champion = client.get_model_version_by_alias("ml.churn.model", "champion")',
    ].join('\n'),
    fix: 'Rewrites a transition to `set_registered_model_alias(name, "<alias>", version)` on the same client with the same argument expressions: Production becomes "champion", Staging "challenger"; any other stage gets a placeholder alias (the fix title says so). `archive_existing_versions` is dropped, since an alias points at one version. `get_latest_versions` has no fix: `get_model_version_by_alias` returns one version, not a list.',
    fixSafety:
      'Unsafe: code elsewhere (jobs, endpoints, other notebooks) that still loads `models:/<name>/Production` no longer sees the versions this code promotes; move those loaders to `models:/<name>@champion` (MLT402) in the same change.',
    examFact: 'Aliases are the Unity Catalog way: load `models:/<name>@champion`, promote with `set_registered_model_alias`.',
  },
  triggers: ['transition_model_version_stage', 'get_latest_versions'],
  check(context) {
    const { model } = context;
    for (const transition of stageTransitions(model)) {
      const fix = aliasFix(context, transition);
      context.report({ node: transition.methodName, message: transitionMessage(transition), fixes: fix ? [fix] : [] });
    }
    for (const { site } of latestVersionsByStage(model)) {
      context.report({
        node: methodNameNode(site),
        message: 'get_latest_versions(..., stages=...) looks versions up by legacy stage: Unity Catalog has no stages; use get_model_version_by_alias(name, "champion")',
      });
    }
  },
};
