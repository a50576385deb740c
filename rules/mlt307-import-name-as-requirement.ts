import type { Node } from 'web-tree-sitter';
import { field, unparenthesize } from './engine/syntax';
import type { Fix, Rule, RuleContext } from './engine/types';
import { hasSplatArguments } from './semantic/calls';
import { declaredEnvironment } from './semantic/modelEnvironments';
import { MAX_CONTINUATION_LINES, normalizeDistributionName, type PipRequirement, pipRequirementSpan } from './semantic/notebook';
import type { CallSite, SemanticModel } from './semantic/semanticModel';
import { guardedPattern, inAnyCase } from './engine/guardedPatterns';

/**
 * Import names that are not installable distributions on PyPI, with the distribution that
 * provides the module. Checked against PyPI: `sklearn` is a deprecated placeholder whose every
 * install raises since December 2023 ("The 'sklearn' PyPI package is deprecated, use
 * 'scikit-learn' rather than 'sklearn' for pip commands."), `skimage` is a dummy whose setup
 * raises "Please install the `scikit-image` package (instead of `skimage`)", and `cv2`, `PIL`
 * and `yaml` have no installable release at all. `bs4` is not here: it is a working shim that
 * installs beautifulsoup4.
 */
const DISTRIBUTION_OF: Readonly<Record<string, { distribution: string; why: string; releases?: PlaceholderReleases }>> = {
  sklearn: {
    distribution: 'scikit-learn',
    why: 'is a deprecated placeholder on PyPI that refuses to install',
    // The refusal came with the 0.0.postN releases (from December 2022): PyPI takes no new file
    // for a released version, and 0.0 (2014) is the empty package that depends on scikit-learn.
    // A pin to exactly 0.0 may still install it, which mltraps cannot tell from here: silent.
    releases: { versionPrefix: '0.0', shown: "the deprecated placeholder's releases are 0.0 and 0.0.postN", mayInstall: '0.0' },
  },
  // pypi.org/project/skimage: one release, skimage-0.0.tar.gz.
  skimage: { distribution: 'scikit-image', why: 'is a placeholder on PyPI that refuses to install', releases: { versionPrefix: '0.0', shown: "the placeholder's only release is 0.0" } },
  cv2: { distribution: 'opencv-python', why: 'is an import name with no installable package on PyPI' },
  pil: { distribution: 'Pillow', why: 'is an import name with no installable package on PyPI' },
  yaml: { distribution: 'PyYAML', why: 'is an import name with no installable package on PyPI' },
};

/** `name[extras] specifier`: the name as written and where it starts in the requirement text. */
const REQUIREMENT_HEAD = /^(\s*)([A-Za-z0-9][A-Za-z0-9._-]*)(?=\s*(?:\[|===?|~=|!=|<=|>=|<|>|;|@|$|\s))/;

/** A placeholder's releases on PyPI: a pin to any other version finds none before its refusal runs. */
interface PlaceholderReleases {
  versionPrefix: string;
  shown: string;
  /** A release that predates the refusal: a pin to exactly it is not reported. */
  mayInstall?: string;
}

interface Misnamed {
  importName: string;
  distribution: string;
  why: string;
  releases?: PlaceholderReleases;
}

function misnamed(name: string): Misnamed | undefined {
  const normalized = normalizeDistributionName(name);
  const entry = DISTRIBUTION_OF[normalized];
  return entry ? { importName: name, ...entry } : undefined;
}

/**
 * opencv-python versions have four parts (4.8.0.76) while `cv2.__version__` has three: an
 * exact three-part pin would match no release, so the fix widens it to the fourth part.
 */
function fixedSpecifier(entry: Misnamed, rest: string): { text: string; widened: boolean } {
  if (entry.distribution !== 'opencv-python') return { text: rest, widened: false };
  const pin = /^(\s*==\s*)(\d+\.\d+\.\d+)(\s*(?:;.*)?)$/.exec(rest);
  return pin ? { text: `${pin[1]}${pin[2]}.*${pin[3]}`, widened: true } : { text: rest, widened: false };
}

function fixTitle(entry: Misnamed, widened: boolean): string {
  return `Replace ${entry.importName} with ${entry.distribution}${widened ? ' (the pin becomes ==X.Y.Z.*: opencv-python versions have a fourth part)' : ''}`;
}

/** The offsets of the text of a string literal (after its prefix and opening quotes, before the closing ones). */
function contentRange(node: Node): { start: number; end: number } | undefined {
  const match = /^([rRbBuUfF]{0,2})("""|'''|"|')/.exec(node.text);
  if (!match || !node.text.endsWith(match[2]) || node.text.length < match[0].length + match[2].length) return undefined;
  return { start: node.startIndex + match[0].length, end: node.endIndex - match[2].length };
}

/**
 * The string literal a requirement starts with: the literal itself, or the template of
 * `"sklearn=={}".format(v)`, `"sklearn==" + v`, `"sklearn==%s" % v`.
 */
function leadingLiteral(model: SemanticModel, element: Node, depth = 0): Node | undefined {
  const node = unparenthesize(model.resolveValue(element));
  if (depth > 4) return undefined;
  if (node.type === 'string') return node;
  if (node.type === 'binary_operator' && ['+', '%'].includes(field(node, 'operator')?.text ?? '')) {
    const left = field(node, 'left');
    return left ? leadingLiteral(model, left, depth + 1) : undefined;
  }
  const callee = node.type === 'call' ? field(node, 'function') : undefined;
  if (callee?.type === 'attribute' && field(callee, 'attribute')?.text === 'format') {
    const object = field(callee, 'object');
    return object ? leadingLiteral(model, object, depth + 1) : undefined;
  }
  return undefined;
}

/** A requirement string in a list: the finding and a fix that renames it in place. */
function checkRequirementString(context: RuleContext, element: Node, where: string, seen: Set<number>): void {
  const node = leadingLiteral(context.model, element);
  if (!node || seen.has(node.id)) return;
  const content = contentRange(node);
  if (!content) return;
  const { start } = content;
  const body = context.document.textIn(start, content.end);
  const head = REQUIREMENT_HEAD.exec(body);
  if (!head) return;
  const entry = misnamed(head[2]);
  if (!entry) return;
  seen.add(node.id);
  const nameStart = start + head[1].length;
  const nameEnd = nameStart + head[2].length;
  // Only the literal text up to the closing quote or the first interpolation (`{...}`, a `%s`
  // placeholder: no requirement holds a `%`) is the specifier.
  const restText = /^[^{%]*/.exec(context.document.textIn(nameEnd, content.end))![0];
  // The extras (`sklearn[alldeps]==1.3.2`) come before the version.
  const why = whyFor(entry, restText.replace(/^\s*\[[^\]]*\]/, ''));
  if (why === undefined) return;
  const specifier = fixedSpecifier(entry, restText);
  // `f"cv2=={cv2.__version__}"`: a computed three-part pin would match no opencv-python release.
  const computedCv2Pin = entry.distribution === 'opencv-python' && /==\s*$/.test(restText) && nameEnd + restText.length < content.end;
  const fix: Fix = {
    title: computedCv2Pin ? `${fixTitle(entry, false)} (check the pin: opencv-python versions have four parts)` : fixTitle(entry, specifier.widened),
    safety: specifier.widened || computedCv2Pin ? 'unsafe' : 'safe',
    edits: [{ start: nameStart, end: nameEnd + restText.length, newText: `${entry.distribution}${specifier.text}` }],
  };
  context.report({
    node,
    message: `"${head[2]}" in ${where} ${why}: the model's environment does not build — name the distribution "${entry.distribution}"`,
    fixes: [fix],
  });
}

/** How a message names where a requirement is written, by the argument it reaches MLflow through. */
const WHERE: Readonly<Record<string, string>> = {
  pip_requirements: 'pip_requirements',
  extra_pip_requirements: 'extra_pip_requirements',
  conda_env: 'the conda_env pip dependencies',
  additional_pip_deps: 'additional_pip_deps',
};

/** An MLflow call that takes requirements: `mlflow.<flavor>.log_model` / `save_model`, a feature store client's `log_model`. */
function takesRequirements(site: CallSite): boolean {
  if (site.name !== 'log_model' && site.name !== 'save_model') return false;
  return !!site.receiver;
}

/**
 * The requirements the call declares, as the shared environment reading finds them: lists and
 * conda envs written in the call, bound to names and extended afterwards
 * (`env["dependencies"][-1]["pip"] += [...]`), or returned by a function of the file.
 */
function checkCall(context: RuleContext, site: CallSite, seen: Set<number>): void {
  if (site.node.hasError || hasSplatArguments(site)) return;
  for (const { node, keyword } of declaredEnvironment(context.model, site).requirementElements) {
    checkRequirementString(context, node, WHERE[keyword] ?? keyword, seen);
  }
}

/**
 * `sklearn==1.3.2` (or `f"sklearn=={sklearn.__version__}"`), `skimage==0.22.0`: pip never gets to
 * the placeholder's refusal, it finds no such version (sklearn's own note: "pip install
 * sklearn==1.1.3 will say that the 1.1.3 version does not exist").
 */
function whyFor(entry: Misnamed, specifier: string): string | undefined {
  const { releases } = entry;
  if (!releases) return entry.why;
  const pinned = /^\s*===?\s*([^\s,;]*)/.exec(specifier);
  if (pinned) {
    // `==0.0.0` is the same release as `==0.0` (PEP 440 pads with zeros).
    if (releases.mayInstall !== undefined && withoutTrailingZeros(pinned[1]) === withoutTrailingZeros(releases.mayInstall)) return undefined;
    if (pinned[1].startsWith(releases.versionPrefix)) return entry.why;
    return `has no ${pinned[1] ? `version ${pinned[1]}` : 'such version'} on PyPI (${releases.shown}): pip finds no matching distribution`;
  }
  // `sklearn>=1.3,<1.5`: a lower bound above 0.0 leaves none of the placeholder's releases.
  const clauses = specifier.split(',').map((clause) => /^\s*(~=|>=|>)\s*([0-9][^\s;]*)/.exec(clause));
  if (clauses.some((clause) => clause && isAboveZero(clause[2]))) {
    return `has no version matching ${specifier.trim()} on PyPI (${releases.shown}): pip finds no matching distribution`;
  }
  return entry.why;
}

function withoutTrailingZeros(version: string): string {
  return version.replace(/(\.0+)+$/, '');
}

/** Whether a release number is above 0.0 (`1.3`, `0.1`), so that 0.0 and 0.0.postN fall below it. */
function isAboveZero(version: string): boolean {
  return version.split('.').some((part) => /^[0-9]+/.test(part) && Number(/^[0-9]+/.exec(part)![0]) > 0);
}

/** `%pip install sklearn==1.3.2`: the notebook's own install fails on that line. */
function checkPipLine(context: RuleContext, requirement: PipRequirement): void {
  const entry = misnamed(requirement.name);
  if (!entry) return;
  const { document } = context;
  const span = pipRequirementSpan(document, requirement);
  if (!span) return;
  const { nameStart, nameEnd, rest } = span;
  const why = whyFor(entry, rest.replace(/^\[[^\]]*\]/, ''));
  if (why === undefined) return;
  const specifier = fixedSpecifier(entry, rest);
  context.report({
    range: { start: nameStart, end: nameEnd },
    message: `pip cannot install "${requirement.name}": it ${why} — install "${entry.distribution}"`,
    fixes: [
      {
        title: fixTitle(entry, specifier.widened),
        safety: specifier.widened ? 'unsafe' : 'safe',
        // A `*` left bare would be a shell wildcard on the %pip line.
        edits: [{ start: nameStart, end: nameEnd + rest.length, newText: specifier.widened && !/["']$/.test(document.textIn(nameStart - 1, nameStart)) ? `"${entry.distribution}${specifier.text}"` : `${entry.distribution}${specifier.text}` }],
      },
    ],
  });
}

function check(context: RuleContext): void {
  const { model } = context;
  for (const requirement of model.notebook.pipRequirements) checkPipLine(context, requirement);
  const seen = new Set<number>();
  for (const site of model.callsNamed('log_model', 'save_model')) {
    if (takesRequirements(site)) checkCall(context, site, seen);
  }
}

/**
 * What a finding needs in the text, in any letter case (names are compared lowercased): a
 * misnamed requirement on a `%pip` / `!pip` / `%conda` install line (read from the line's
 * start, as the rule reads it: so each line is scanned once), or at the start of a string (a
 * requirement in a list given to log_model / save_model).
 */
// The install line and the lines it goes on to with a trailing backslash (as many as
// readPipRequirements reads: bounded, or a text of such lines is quadratic to search).
const MISNAMED_ON_INSTALL_LINE = new RegExp(
  String.raw`^[^\S\n\r]*(?:#[^\S\n\r]*MAGIC[^\S\n\r]+)?(?:%pip|!pip3?|%conda|!python3? -m pip)[^\S\n\r]+install(?:[^\n\r]*\\(?:\r\n?|\n)){0,${MAX_CONTINUATION_LINES}}[^\n\r]*?[\s"'](?:sklearn|skimage|cv2|pil|yaml)(?=[\s"'[=<>!~;]|$)`,
  'im',
);
/** Every match holds `install`, in some letter case: tested only on the pieces that do. */
const MISNAMED_ON_INSTALL_TRIGGER = guardedPattern(inAnyCase('install'), MISNAMED_ON_INSTALL_LINE);
const MISNAMED_AT_STRING_START = /["']\s*(?:sklearn|skimage|cv2|pil|yaml)(?=[\s"'[=<>!~;@]|$)/im;

export const mlt307ImportNameAsRequirement: Rule = {
  meta: {
    id: 'MLT307',
    name: 'import-name-as-requirement',
    severity: 'error',
    area: 'MLflow tracking and packaging',
    domain: 'Model Deployment',
    title: 'A requirement names a module (sklearn, cv2, PIL, yaml, skimage) instead of its pip distribution',
  },
  docs: {
    trap: 'Writing a model requirement with the name you import instead of the name pip installs: `pip_requirements=["sklearn==1.3.2"]`, `extra_pip_requirements=["cv2"]`, a conda env whose pip list has `PIL` or `yaml`, or `%pip install skimage`.',
    reality:
      'pip installs distributions by the name they are published under on PyPI, which is not always the module you import: `sklearn` comes from scikit-learn, `cv2` from opencv-python, `PIL` from Pillow, `yaml` from PyYAML, `skimage` from scikit-image. PyPI has no installable `cv2`, `PIL` or `yaml`; `sklearn` is a deprecated placeholder (pypi.org/project/sklearn) whose releases are 0.0 and 0.0.postN, so a pinned `sklearn==1.3.2` finds no such version, and whose 0.0.postN releases have always raised since December 2023 ("The \'sklearn\' PyPI package is deprecated, use \'scikit-learn\' rather than \'sklearn\' for pip commands."; a pin to exactly 0.0, the original empty package that depends on scikit-learn, is not reported), and `skimage` a placeholder (pypi.org/project/skimage) whose one release, 0.0, raises "Please install the `scikit-image` package (instead of `skimage`)" (a pin to any other version finds no such version). A serving endpoint builds the model\'s environment from its logged requirements, so such a name makes the build fail and the endpoint never becomes ready; in a `%pip install` line the notebook\'s own install fails. `bs4` is not flagged: it is a working shim on PyPI that installs beautifulsoup4. mltraps reads requirement lists written in the file (`pip_requirements`, `extra_pip_requirements`, a conda env dict\'s `pip` entry, `_mlflow_conda_env(additional_pip_deps=...)`), also when they are bound to a name and extended afterwards (`env["dependencies"][-1]["pip"] += [...]`, `reqs.append(...)`) or returned by a function of the file, and `%pip install` lines (also the lines one goes on to with trailing backslashes); requirement files are not read.',
    example: [
      'mlflow.sklearn.log_model(',
      '    model,',
      '    name="model",',
      '    pip_requirements=["sklearn==1.3.2", "pandas==2.1.4"],',
      ')',
    ].join('\n'),
    useInstead: [
      'mlflow.sklearn.log_model(',
      '    model,',
      '    name="model",',
      '    pip_requirements=["scikit-learn==1.3.2", "pandas==2.1.4"],',
      ')',
    ].join('\n'),
    fix: 'Replaces the import name with the distribution name (scikit-learn, opencv-python, Pillow, PyYAML, scikit-image), keeping extras and version specifiers.',
    fixSafety:
      'Safe: the module versions of sklearn, PIL, yaml and skimage are their distributions\' versions, so the pin stays right. For cv2 an exact three-part pin (`cv2==4.8.0`) becomes `opencv-python==4.8.0.*`, since opencv-python versions have four parts; that fix is marked unsafe.',
    examFact: 'Serving environments install distributions by their pip names: scikit-learn, not sklearn.',
    references: [
      { title: 'MLflow: Managing dependencies in MLflow models', url: 'https://mlflow.org/docs/latest/ml/model/dependencies/' },
      { title: 'Databricks: Log model dependencies', url: 'https://docs.databricks.com/mlflow/log-model-dependencies' },
    ],
  },
  triggers: [MISNAMED_ON_INSTALL_TRIGGER, MISNAMED_AT_STRING_START],
  // Words first, tested on every file at once (the install-line pattern only where `install` occurs)...
  alsoNeeds: ['install', 'log_model', 'save_model'],
  // ...then: a requirement string is read only in a list given to log_model / save_model, and an
  // install line is its own condition (a file that says "install" and names "yaml" as a format is not parsed).
  furtherNeeds: [['log_model', 'save_model', MISNAMED_ON_INSTALL_TRIGGER]],
  check,
};
