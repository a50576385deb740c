import type { Node } from 'web-tree-sitter';
import { namedChildren, unparenthesize } from './engine/syntax';
import type { Fix, Rule, RuleContext } from './engine/types';
import { canonicalStage, closestStage, latestVersionsLookups, MODEL_STAGES, type StageTransition, stageParameterOf, stageTransitions } from './semantic/modelRegistry';
import { sequenceElements, stringValue } from './semantic/values';
import { testsMlflowInternals } from './semantic/testCode';

/** Replace the text between the quotes of a literal written in place (not behind a name, no escapes). */
function stageFix(argument: Node, value: string, stage: string): Fix | undefined {
  const written = unparenthesize(argument);
  if (written.type !== 'string') return undefined;
  const contents = namedChildren(written).filter((child) => child.type === 'string_content');
  if (contents.length !== 1 || contents[0].text !== value) return undefined;
  return {
    title: `Change the stage to "${stage}"`,
    safety: 'safe',
    edits: [{ start: contents[0].startIndex, end: contents[0].endIndex, newText: stage }],
  };
}

/** `via`: for a value passed to a helper, where it reaches the stage API (`transition_model_version_stage on line 9, as stage`). */
function checkStage(context: RuleContext, argument: Node, via?: string): void {
  const value = stringValue(context.model, argument);
  if (value === undefined || canonicalStage(value)) return;
  const closest = closestStage(value);
  const fix = closest ? stageFix(argument, value, closest) : undefined;
  const suggestion = closest ? ` Did you mean "${closest}"?` : '';
  const reaches = via ? ` It reaches ${via}.` : '';
  context.report({
    node: argument,
    message: `"${value}" is not a model stage: the registry knows only ${MODEL_STAGES.join(', ')} and rejects any other name (MLflow\'s own stores accept those four in any letter case).${reaches}${suggestion}`,
    fixes: fix ? [fix] : [],
  });
}

/** The values a helper's stage parameter takes in the file (its default, its callers' arguments), each checked once. */
function checkParameterValues(context: RuleContext, stage: Node, parameter: StageTransition['stageParameter'], method: string, checked: Set<number>): void {
  for (const value of parameter?.values ?? []) {
    if (checked.has(value.node.id)) continue;
    checked.add(value.node.id);
    checkStage(context, value.node, `${method} ${context.document.whereIs(stage.startIndex)} as ${parameter!.name}`);
  }
}

export const mlt403InvalidStageName: Rule = {
  meta: {
    id: 'MLT403',
    name: 'invalid-stage-name',
    severity: 'error',
    area: 'Registry and lifecycle',
    domain: 'MLOps',
    legacy: 'workspace-registry stages; Unity Catalog uses model aliases',
    title: 'A model stage must be None, Staging, Production or Archived',
  },
  docs: {
    trap: 'Passing a stage name of your own to the registry\'s stage APIs: "Prod", "Dev", "Development", "QA", or "Staging " with a stray space.',
    reality:
      'The workspace Model Registry knows exactly four stages: None, Staging, Production and Archived, and rejects every other name in `transition_model_version_stage` and `get_latest_versions` (open-source MLflow raises "Invalid Model Version stage: ...", and accepts the four in any letter case: "production" works there). The stage APIs are recognised on any receiver in a file that uses MLflow (a parameter, `self.client`, a client from a `%run` notebook); a stage that a helper passes on (`def move(version, stage): ... transition_model_version_stage(name, version, stage)`) is checked where the helper\'s default or the file\'s calls of it write it.',
    example: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient()',
      'client.transition_model_version_stage("churn_model", 4, stage="Prod")',
    ].join('\n'),
    useInstead: [
      'from mlflow import MlflowClient',
      '',
      'client = MlflowClient()',
      'client.transition_model_version_stage("churn_model", 4, stage="Production")',
    ].join('\n'),
    fix: 'Replaces the name with the closest valid stage when exactly one is close ("Prod" -> "Production", "Stage" or "Staging " -> "Staging"); names with no close stage ("Development", "QA") get no fix.',
    fixSafety: 'Safe: the registry rejects the invalid stage, so no working behaviour changes; check that the stage is the one you meant.',
    examFact: 'Stages: None, Staging, Production, Archived (the legacy workflow; Unity Catalog uses aliases, see MLT401).',
    references: [
      { title: 'MLflow REST API: Transition ModelVersion Stage', url: 'https://www.mlflow.org/docs/latest/rest-api.html#transition-modelversion-stage' },
      { title: 'Manage model lifecycle using the Workspace Model Registry (legacy)', url: 'https://docs.databricks.com/aws/machine-learning/manage-model-lifecycle/workspace-model-registry' },
    ],
  },
  triggers: ['transition_model_version_stage', 'get_latest_versions'],
  check(context) {
    // MLflow's own tests (private MLflow imports in test code): the library's behaviour is the input.
    if (testsMlflowInternals(context.model)) return;
    const { model } = context;
    const checked = new Set<number>();
    for (const transition of stageTransitions(model)) {
      if (!transition.stage) continue;
      checkStage(context, transition.stage);
      checkParameterValues(context, transition.stage, transition.stageParameter, 'transition_model_version_stage', checked);
    }
    for (const { stages } of latestVersionsLookups(model)) {
      if (!stages) continue;
      const sequence = sequenceElements(model, stages);
      for (const element of sequence?.elements ?? []) {
        checkStage(context, element);
        if (stringValue(model, element) === undefined) checkParameterValues(context, element, stageParameterOf(model, element), 'get_latest_versions', checked);
      }
    }
  },
};
