import type { Node } from 'web-tree-sitter';
import { ensureImported, insertAt, replaceNode } from './engine/fixBuilders';
import type { OffsetRange } from './engine/sourceDocument';
import { ancestorsAbove, field, namedChildren } from './engine/syntax';
import type { Fix, Rule, RuleContext, TextEdit, TextTest } from './engine/types';
import { positionalArguments } from './semantic/calls';
import { bearerTokenAt, isBearerToken, isPlaceholderSecret, looksLikeToken, personalAccessTokensIn, type SecretInString, secretsInString, stringContentText } from './semantic/secretLiterals';
import { fileRunsOnDatabricks } from './semantic/libraryEvidence';
import { environmentDefault, environmentWrites } from './semantic/environmentDefaults';
import { isWidgetMaker } from './semantic/widgetDefaults';
import type { SemanticModel } from './semantic/semanticModel';
import { isTestCode } from './semantic/testCode';
import { literalString, stringValue } from './semantic/values';
import { escapeLines, magicCellLines, PROSE_MAGICS } from './semantic/notebook';
import { isBareStringStatement } from './semantic/embeddedJson';
import { type BoundValue, mayHoldString, nameBindingReader } from './semantic/nameBindingText';
import { guardedPattern, holdsGuardWord, inAnyCase } from './engine/guardedPatterns';

/** Keyword arguments that take a credential. */
const SECRET_KEYWORDS = new Set(['token', 'password', 'secret']);

const FIX_TITLE = 'Read it from a secret scope: dbutils.secrets.get(scope="<scope>", key="<key>") (placeholders to fill in)';

function secretsCall(quote: string): string {
  return `dbutils.secrets.get(scope=${quote}<scope>${quote}, key=${quote}<key>${quote})`;
}

/**
 * Outside a notebook `dbutils` is not a global: import it from the Databricks SDK, unless the
 * file already uses it as one.
 */
function dbutilsImport(context: RuleContext, use: Node): TextEdit[] {
  const { model } = context;
  if (model.notebook.isDatabricksNotebook || context.document.textIncludes('dbutils')) return [];
  return ensureImported(model, 'databricks.sdk.runtime', 'dbutils', use).edits;
}

/** Replace a whole literal (or the literal a name is bound to) by the secrets call. */
/** Databricks code (a notebook, a databricks import, dbutils, DBFS paths): secret scopes and dbutils are there. */
function onDatabricks(context: RuleContext): boolean {
  return fileRunsOnDatabricks(context.model);
}

/** Where the secret should come from: a secret scope on Databricks; elsewhere (a pipeline step of another tool) no dbutils exists. */
function secretAdvice(context: RuleContext): string {
  return onDatabricks(context) ? 'read it from a secret scope with dbutils.secrets.get' : 'read it from an environment variable or a secret manager at run time';
}

function wholeLiteralFix(context: RuleContext, literal: Node): Fix {
  return { title: FIX_TITLE, safety: 'unsafe', edits: [replaceNode(literal, secretsCall('"')), ...dbutilsImport(context, literal)] };
}

/**
 * Turn the string into an f-string whose secrets are interpolated `dbutils.secrets.get(...)`
 * calls. The call's quotes differ from the string's (an f-string expression cannot reuse them
 * before Python 3.12); braces elsewhere in a string that was not an f-string are doubled.
 */
function interpolationFix(context: RuleContext, string: Node, secrets: readonly OffsetRange[]): Fix | undefined {
  const start = string.firstChild;
  if (start?.type !== 'string_start') return undefined;
  const prefix = start.text.replace(/["']+$/, '');
  const quote = start.text.slice(prefix.length);
  if (/[bB]/.test(prefix)) return undefined;
  const innerQuote = quote.startsWith('"') ? "'" : '"';
  const edits: TextEdit[] = secrets.map((range) => ({ ...range, newText: `{${secretsCall(innerQuote)}}` }));
  if (!/[fF]/.test(prefix)) {
    edits.push({ start: start.startIndex, end: start.startIndex + prefix.length, newText: `${prefix.replace(/[uU]/, '')}f` });
    for (const part of namedChildren(string)) {
      if (part.type !== 'string_content') continue;
      for (let offset = part.text.search(/[{}]/); offset !== -1; offset = nextBrace(part.text, offset + 1)) {
        const at = part.startIndex + offset;
        if (!secrets.some((range) => range.start <= at && at < range.end)) edits.push(insertAt(at, part.text[offset]));
      }
    }
  }
  return { title: FIX_TITLE, safety: 'unsafe', edits: [...edits, ...dbutilsImport(context, string)] };
}

function nextBrace(text: string, from: number): number {
  const offset = text.slice(from).search(/[{}]/);
  return offset === -1 ? -1 : from + offset;
}

function describe(secrets: readonly SecretInString[]): string {
  return secrets.some((secret) => secret.kind === 'personal access token')
    ? 'hard-coded Databricks personal access token'
    : 'hard-coded bearer token in an Authorization header';
}

function checkStrings(context: RuleContext, reported: Set<number>): void {
  const { model } = context;
  for (const string of model.nodesAroundText(['dapi', 'Bearer'], 'string')) {
    if (reported.has(string.id) || string.hasError) continue;
    // Test code plants fake bearer tokens on purpose; only a real personal access token counts there.
    const inTest = isTestCode(context.document.uri, string);
    // A docstring (a string standing alone as a statement) documents a header's form
    // (`Authorization: Bearer q93kdl20xk`); a real personal access token is still one there.
    const documentation = isBareStringStatement(string);
    const secrets = secretsInString(string).filter((secret) => !(inTest || documentation) || secret.kind === 'personal access token');
    if (secrets.length === 0) continue;
    reported.add(string.id);
    // A part of `"a" "b"` cannot become a call: it becomes an f-string instead.
    const whole =
      string.parent?.type !== 'concatenated_string' &&
      secrets.length === 1 &&
      stringContentText(string) === context.document.textIn(secrets[0].range.start, secrets[0].range.end);
    const fix = whole ? wholeLiteralFix(context, string) : interpolationFix(context, string, secrets.map((secret) => secret.range));
    context.report({
      node: string,
      message: `${describe(secrets)}: anyone who can read the code or its history can use it; ${secretAdvice(context)}`,
      // The token is in the file's text whether or not its cell compiles (a curl command pasted
      // without %sh, a Python 2 print beside it); a statement Python cannot read is no place for a call.
      aboutText: true,
      fixes: fix && onDatabricks(context) && takesACall(context, string) && !isWidgetValue(model, string) ? [fix] : [],
    });
  }
}

/** The statement that holds `node` (the child of a module or block it is in). */
function statementAround(node: Node): Node | undefined {
  for (let current: Node | null = node; current; current = current.parent) {
    const parent = current.parent;
    if (parent && (parent.type === 'module' || parent.type === 'block')) return current;
  }
  return undefined;
}

/** Python 2 statements the grammar still reads: `print "..."`, `exec "..."` take no f-string in either Python. */
const PYTHON2_STATEMENTS = new Set(['print_statement', 'exec_statement']);

/**
 * A value given to a notebook widget (`dbutils.widgets.text("token", "dapi...")`): the widget bar
 * shows its value, so a secret read into it would be on screen; the token belongs in a secrets
 * lookup in place of the widget, which only the user can restructure.
 */
function isWidgetValue(model: SemanticModel, string: Node): boolean {
  let node = string;
  // A default, or one of a dropdown's choices (`choices=["dapi..."]`).
  while (node.parent && ['keyword_argument', 'list', 'tuple', 'parenthesized_expression'].includes(node.parent.type)) node = node.parent;
  const call = node.parent?.type === 'argument_list' ? node.parent.parent : undefined;
  return call?.type === 'call' && isWidgetMaker(model.callSite(call));
}

/**
 * Whether a call may take the string's place: the statement around it is Python 3 that parses,
 * and nothing else is written before it on its line (`export TOKEN='dapi...'` pasted from a
 * shell parses as an assignment after a stray word).
 */
function takesACall(context: RuleContext, string: Node): boolean {
  const statement = statementAround(string);
  if (!statement || statement.hasError || PYTHON2_STATEMENTS.has(statement.type)) return false;
  const { line } = context.document.positionAt(statement.startIndex);
  return context.document.textIn(context.document.offsetAt({ line, character: 0 }), statement.startIndex).trim() === '';
}

/**
 * The expression that fills the token slot right after "Bearer " in a header built from
 * parts: `f"Bearer {token}"`, `"Bearer " + token`, `"Bearer %s" % token`, `"Bearer {}".format(token)`.
 */
function bearerTokenOperand(string: Node): Node | undefined {
  const parts = namedChildren(string);
  for (let index = 0; index + 1 < parts.length; index++) {
    if (parts[index].type === 'string_content' && /\bBearer\s+$/.test(parts[index].text) && parts[index + 1].type === 'interpolation') {
      const inner = namedChildren(parts[index + 1]).filter((child) => child.type !== 'comment' && child.type !== 'type_conversion' && child.type !== 'format_specifier');
      return inner.length === 1 ? inner[0] : undefined;
    }
  }
  const text = stringContentText(string);
  const parent = string.parent;
  if (parent?.type === 'binary_operator' && field(parent, 'left')?.id === string.id) {
    const operator = parent.childForFieldName('operator')?.text;
    const right = field(parent, 'right');
    if (operator === '+' && /\bBearer\s+$/.test(text)) return right ?? undefined;
    if (operator === '%' && /\bBearer\s+%s$/.test(text) && right) return right.type === 'tuple' && namedChildren(right).length === 1 ? namedChildren(right)[0] : right;
  }
  if (parent?.type === 'attribute' && field(parent, 'attribute')?.text === 'format' && parent.parent?.type === 'call' && /\bBearer\s+\{\}$/.test(text)) {
    return positionalArguments(parent.parent)[0];
  }
  return undefined;
}

/** `token = "eyJ..."` then `f"Bearer {token}"`: the literal is where the token is written. */
function checkInterpolatedBearerTokens(context: RuleContext, reported: Set<number>): void {
  const { model } = context;
  for (const string of model.nodesAroundText(['Bearer'], 'string')) {
    if (string.hasError) continue;
    const operand = bearerTokenOperand(string);
    if (!operand || (operand.type !== 'identifier' && operand.type !== 'attribute')) continue;
    const literal = model.resolveValue(operand);
    const token = literalString(literal);
    if (token === undefined || literal.id === operand.id || reported.has(literal.id) || literal.hasError) continue;
    if (!isBearerToken(token) || /\s/.test(token.trim())) continue;
    if (isTestCode(context.document.uri, literal) && personalAccessTokensIn(token, 0).length === 0) continue;
    reported.add(literal.id);
    context.report({
      node: literal,
      message: `hard-coded bearer token, sent in an Authorization header: anyone who can read the code or its history can use it; ${secretAdvice(context)}`,
      fixes: onDatabricks(context) ? [wholeLiteralFix(context, literal)] : [],
    });
  }
}

/**
 * `k8s-db-credentials`, `mlflow-s3-creds`, `pg-credentials-2024`: lower-case words joined by dashes,
 * the first starting with a letter, not all hex digits. A UUID or other dash-grouped hex
 * (`3f2a9c1e-7b4d-...`) is generated.
 */
function isDashedName(text: string): boolean {
  const words = text.split('-');
  return words.length > 1 && /^[a-z][a-z0-9]{0,11}$/.test(words[0]) && words.every((word) => /^[a-z0-9]{1,12}$/.test(word)) && !words.every((word) => /^[0-9a-f]+$/.test(word));
}

/** Whether a literal given to `token=`, `password=` or `secret=` is never taken for the credential itself. */
function neverSecretOfKeyword(keyword: string, text: string): boolean {
  if (isPlaceholderSecret(text)) return true;
  // `secret=` also names a secret stored elsewhere (Airflow's Kubernetes `Secret(..., secret="ml-db-credentials")`,
  // a lower-case name of dash-separated words, `k8s-db-credentials`): only a value that looks
  // generated (a digit, or mixed case, and not such a name) is taken for the secret itself.
  if (keyword === 'secret') return !looksLikeToken(text) || isDashedName(text);
  // A token is generated, never a short word: `token="abc"` shows a configuration's shape (h69b).
  return keyword === 'token' && !looksLikeToken(text);
}

function checkKeywordArguments(context: RuleContext, reported: Set<number>): void {
  const { model } = context;
  for (const keyword of model.nodesAroundText([...SECRET_KEYWORDS], 'keyword_argument')) {
    const name = field(keyword, 'name')?.text ?? '';
    const value = field(keyword, 'value');
    if (!SECRET_KEYWORDS.has(name) || !value || keyword.parent?.parent?.type !== 'call') continue;
    // `password=PASSWORD` with `PASSWORD = "..."` earlier: the literal is where the secret is written.
    const literal = model.resolveValue(value);
    const text = literalString(literal);
    if (text === undefined || neverSecretOfKeyword(name, text) || reported.has(literal.id) || literal.hasError) continue;
    // Tests hand fake credentials to clients and mocks; a real personal access token is still reported above.
    if (isTestCode(context.document.uri, keyword)) continue;
    // `psycopg2.connect(host="localhost", password="postgres")`: a local stack's default login.
    if (addressesThisMachine(model, keyword.parent)) continue;
    reported.add(literal.id);
    context.report({
      node: literal,
      message: `hard-coded ${name}= literal: anyone who can read the code or its history can use it; ${secretAdvice(context)}`,
      fixes: onDatabricks(context) ? [wholeLiteralFix(context, literal)] : [],
    });
  }
}

/**
 * Environment variables that hold a credential by their name: `DATABRICKS_TOKEN`,
 * `MLFLOW_TRACKING_PASSWORD`, `DATABRICKS_CLIENT_SECRET`, `AWS_SECRET_ACCESS_KEY`.
 */
const CREDENTIAL_VARIABLE = /(?:^|_)(?:TOKEN|SECRET(?:_ACCESS)?(?:_KEY)?)$|(?:PASSWORD|PASSWD)$/;

function isCredentialVariable(name: string): boolean {
  // `MAX_TOKEN`, `TOKEN_LIMIT`: a count of tokens, not a credential.
  return CREDENTIAL_VARIABLE.test(name) && !/(?:^|_)(?:MAX|MIN|LIMIT|COUNT|NUM|SIZE|LEN|LENGTH)(?:_|$)/.test(name);
}

/** Whether a credential variable's value is never taken for the credential itself. */
function neverEnvironmentSecret(text: string): boolean {
  // Words with blanks between them are a note to the reader (`"need to input databricks token"`), not a credential.
  return isPlaceholderSecret(text) || /\s/.test(text.trim());
}

/**
 * `os.environ["DATABRICKS_TOKEN"] = "..."` (also `setdefault`, `putenv`): the credential is
 * written into the code as surely as in `token="..."`, and every library that reads the
 * variable then uses it. Test code sets fake variables on purpose: not reported there.
 */
function checkEnvironmentVariables(context: RuleContext, reported: Set<number>): void {
  const { model } = context;
  const report = (nameNode: Node, value: Node) => {
    // `os.environ[TOKEN_VAR] = ...` with `TOKEN_VAR = "DATABRICKS_TOKEN"`: the name a constant holds.
    const name = stringValue(model, nameNode);
    if (name === undefined || !isCredentialVariable(name)) return;
    const literal = model.resolveValue(value);
    const text = literalString(literal);
    if (text === undefined || neverEnvironmentSecret(text) || reported.has(literal.id) || literal.hasError) return;
    if (isTestCode(context.document.uri, value)) return;
    // MinIO's key beside `MLFLOW_S3_ENDPOINT_URL = "http://localhost:9000"`: a local stack's default.
    if (servesThisMachineOnly(model, name)) return;
    reported.add(literal.id);
    context.report({
      node: literal,
      message: `hard-coded value of the ${name} environment variable: anyone who can read the code or its history can use it; ${secretAdvice(context)}`,
      fixes: onDatabricks(context) ? [wholeLiteralFix(context, literal)] : [],
    });
  };
  // `os.environ[...] =`, or `env["HF_TOKEN"] =` with `env` standing for os.environ (an alias, a name bound to it).
  for (const { key, value } of environmentWrites(model, ['TOKEN', 'PASSWORD', 'PASSWD', 'SECRET'])) if (key && value) report(key, value);
}

/** A URL or host name of this machine: `localhost`, `127.0.0.1`, `0.0.0.0`, `[::1]`, with a scheme and port or not. */
const THIS_MACHINE = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]*@)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?::\d+)?(?:[/?#]|$)/i;

/** Keywords that name the server a call logs in to. */
const HOST_KEYWORDS = new Set(['host', 'hostname', 'server', 'endpoint', 'endpoint_url', 'url', 'uri', 'address']);

/**
 * Whether a call's arguments name the server it logs in to, and that server is this machine
 * (`connect(host="localhost", user="postgres", password="postgres")`): the default login of a
 * local development stack, which nobody else can reach with it.
 */
function addressesThisMachine(model: RuleContext['model'], argumentList: Node | null): boolean {
  if (argumentList?.type !== 'argument_list') return false;
  return namedChildren(argumentList).some((argument) => {
    if (argument.type !== 'keyword_argument' || !HOST_KEYWORDS.has(field(argument, 'name')?.text ?? '')) return false;
    const value = field(argument, 'value');
    // `host=os.environ.get("DB_HOST", "localhost")`: the code's own default is the local stack,
    // whose login the password is.
    const written = environmentDefault(model, value ?? undefined)?.fallback ?? value;
    const text = written ? stringValue(model, written) : undefined;
    return text !== undefined && THIS_MACHINE.test(text);
  });
}

/** The variables that point a credential's service somewhere: S3 (MinIO) for AWS keys, the tracking server for MLflow's. */
const ENDPOINT_VARIABLES: ReadonlyArray<[RegExp, readonly string[]]> = [
  [/^AWS_/, ['MLFLOW_S3_ENDPOINT_URL', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'S3_ENDPOINT_URL']],
  [/^MLFLOW_TRACKING_/, ['MLFLOW_TRACKING_URI']],
];

/**
 * Whether the file points the service of credential variable `name` at this machine, and only
 * there: `os.environ["MLFLOW_S3_ENDPOINT_URL"] = "http://localhost:9000"` for MinIO's
 * `AWS_SECRET_ACCESS_KEY`.
 */
function servesThisMachineOnly(model: RuleContext['model'], name: string): boolean {
  const endpoints = ENDPOINT_VARIABLES.find(([pattern]) => pattern.test(name))?.[1];
  if (!endpoints) return false;
  const values: string[] = [];
  for (const { kind, key, value } of environmentWrites(model, endpoints)) {
    if (kind !== 'item' || !key || !value || !endpoints.includes(stringValue(model, key) ?? '')) continue;
    const text = stringValue(model, value);
    // An endpoint the file does not show may be anywhere.
    if (text === undefined) return false;
    values.push(text);
  }
  return values.length > 0 && values.every((value) => THIS_MACHINE.test(value));
}

/**
 * `# MAGIC` lines of a notebook's %sh / %sql / %scala / ... cells are code that Databricks runs
 * (a `curl -u token:dapi...` in a %sh cell); a PAT there is as hard-coded as in a string. Plain
 * comments and %md prose are not reported.
 */
function checkMagicCells(context: RuleContext): void {
  const { model, document } = context;
  for (const cell of model.notebook.cells) {
    const lastLine = Math.min(cell.endLine, document.lineCount - 1);
    // Code that %run brings in is never reported on: its cells are not read here.
    if (cell.hidden || !cell.magic || PROSE_MAGICS.has(cell.magic) || lastLine < cell.startLine) continue;
    // A token is written on one line: a cell whose text holds none is not read line by line.
    const cellText = document.textIn(document.offsetAt({ line: cell.startLine, character: 0 }), document.lineEnd(lastLine));
    if (!PERSONAL_ACCESS_TOKEN_TEXT.test(cellText)) continue;
    for (const { line } of magicCellLines(document, cell)) {
      const text = document.lineText(line);
      for (const range of personalAccessTokensIn(text, document.offsetAt({ line, character: 0 }))) {
        context.report({
          range,
          message: `hard-coded Databricks personal access token in a ${cell.magic} cell: anyone who can read the notebook or its history can use it; revoke it and read the token from a secret scope instead`,
        });
      }
    }
  }
}

/**
 * Shell and magic lines inside a Python cell (`!pip install --index-url https://token:dapi...@...`,
 * `%pip install ...` in a Jupyter cell) are no Python, so no string holds them; a PAT there is as
 * hard-coded as in a %sh cell.
 */
function checkEscapeLines(context: RuleContext): void {
  for (const line of escapeLines(context.document)) {
    // A shell comment (`# ...` at a word's start: after a blank, or opening a line an escape
    // goes on to) is prose, as Python comments are.
    const code = line.text.replace(/(?:^|\s)#.*$/, '');
    for (const found of personalAccessTokensIn(code, line.start)) context.report({ range: found, aboutText: true, message: tokenInTextMessage(context) });
  }
}

/** The message of a token the parser does not hold in a string: where it is, the text says; what it is, this. */
function tokenInTextMessage(context: RuleContext): string {
  return `hard-coded Databricks personal access token: anyone who can read the code or its history can use it; ${secretAdvice(context)}`;
}

/**
 * A code cell that Python cannot parse is often shell commands pasted without %sh
 * (`databricks secrets put ... --string-value dapi...`): a PAT in that text, outside strings and
 * comments, is as hard-coded as in a %sh cell. So is one written as a bare name (`token =
 * dapi...`), which no Python name is.
 */
function checkUnparsedCode(context: RuleContext): void {
  const { model, document } = context;
  const seen = new Set<number>();
  // The parser recovers around such text: the token ends up in a name, or in an ERROR node.
  const holders = [...model.nodesAroundText(['dapi'], 'identifier'), ...model.nodesAroundText(['dapi'], 'ERROR')];
  for (const holder of holders) {
    for (const range of personalAccessTokensIn(holder.text, holder.startIndex)) {
      // A Python name that holds more than the token (`my_dapi...`, `dapi..._old`) may be a name.
      if (holder.type === 'identifier' && (range.start !== holder.startIndex || range.end !== holder.endIndex)) continue;
      if (seen.has(range.start)) continue;
      seen.add(range.start);
      const node = document.nodeAt(range.start);
      // Strings are read by checkStrings; comments are prose.
      if (!node || [node, ...ancestorsAbove(node)].some((around) => around.type === 'string' || around.type === 'comment')) continue;
      context.report({ range, aboutText: true, message: tokenInTextMessage(context) });
    }
  }
}

/** A personal access token (matched in any letter case, as secretLiterals does). */
const PERSONAL_ACCESS_TOKEN_TEXT = /dapi[0-9a-f]{32}/i;
/** `Bearer` with a token of 8 or more characters, or right before a quote, `{` or `%s` (a header built from parts). */
const BEARER_TEXT = /\bBearer\s+(?:[{"']|%s|[^\s"'{}\\,;]{8})/;
/**
 * A keyword argument named exactly `token`, `password` or `secret` (a webhook's signing secret) whose value can be a string literal:
 * the value is reported only when it is one, written there or bound to a name by assignment
 * (resolveValue follows names only), so the value starts with a quote (after a string prefix)
 * or a parenthesis, or is a lone name (followed by `,` or `)`; not None, True or False), or an
 * entry read from a name (`token=CFG["token"]`, `CFG.get("token")`: resolveValue follows a
 * literal dict's entries). An attribute or a call (`password=self.password`,
 * `token=os.getenv("TOKEN")`) never is: most modules that pass credentials pass them so, and
 * are then not parsed for it.
 * A line break, a continuation or a comment may come before and after `=`. What may come
 * between is read once, in a lookahead, and never again: a `(...)*` of overlapping
 * alternatives backtracks exponentially, and did on real notebooks (`SAS token` in a comment
 * followed by dozens of `# MAGIC` lines: 2 minutes).
 */
const SECRET_KEYWORD_TEXT =
  /\b(?:token|password|secret)(?=((?:\s|\\|#[^\n\r]*)*))\1=(?!=)(?=((?:\s|\\|#[^\n\r]*)*))\2(?:[rRuUbBfFtT]{0,2}["'(]|(?!(?:None|True|False)\b)(?=([A-Za-z_]\w*))\3(?=((?:\s|\\|#[^\n\r]*)*))\4(?:[,)]|\[|\.\s*get\s*\())/;

/**
 * How an environment variable named for a credential is set: a subscript assigned (`_TOKEN"] =`,
 * or a constant holding the name, `[TOKEN_VAR] =`), or `setdefault("..._TOKEN", ` / `putenv(`.
 * Not `os.environ.get("DATABRICKS_TOKEN", None)`, which only reads it (most files that name such a
 * variable): those files are not parsed for it.
 */
const CREDENTIAL_VARIABLE_TEXT = /(?:TOKEN|PASSWORD|PASSWD|SECRET|_KEY)(?:["']|_?[A-Z]*)\s*\]\s*=(?!=)|(?:setdefault|putenv)\(\s*["'][A-Z0-9_]*(?:TOKEN|PASSWORD|PASSWD|SECRET|_KEY)["']\s*,/;

/** A plain name (not an attribute, a call or a subscript) where it ends: `token`, not `token.strip()`. */
const NAME_ALONE = String.raw`([A-Za-z_]\w*)(?![\w.(\[])`;
/** An attribute (`self.token`) or a call (`get_token()`, `cfg.token()`), which resolveValue never follows to a literal. */
const NOT_A_NAME = String.raw`(?:[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)+(?![\w.(\[])|(?:[A-Za-z_]\w*\s*\.\s*)*[A-Za-z_]\w*\s*\()`;
// Tested only on the pieces that hold the words each match contains.
const PERSONAL_ACCESS_TOKEN_TRIGGER = guardedPattern(inAnyCase('dapi'), PERSONAL_ACCESS_TOKEN_TEXT);
const BEARER_TRIGGER = guardedPattern(['Bearer'], BEARER_TEXT);
const SECRET_KEYWORD_TRIGGER = guardedPattern(['token', 'password', 'secret'], SECRET_KEYWORD_TEXT);
const CREDENTIAL_VARIABLE_TRIGGER = guardedPattern(['TOKEN', 'PASSWORD', 'PASSWD', 'SECRET', '_KEY'], CREDENTIAL_VARIABLE_TEXT);
/** Where a credential may be written: one of these must match (the rule's triggers). */
const CREDENTIAL_TRIGGERS = [PERSONAL_ACCESS_TOKEN_TRIGGER, BEARER_TRIGGER, SECRET_KEYWORD_TRIGGER, CREDENTIAL_VARIABLE_TRIGGER];

const BEARER_TEXT_ALL = new RegExp(BEARER_TEXT.source, 'g');
const SECRET_KEYWORD_TEXT_ALL = new RegExp(SECRET_KEYWORD_TEXT.source, 'g');
const CREDENTIAL_VARIABLE_TEXT_ALL = new RegExp(CREDENTIAL_VARIABLE_TEXT.source, 'g');

/**
 * What fills a header's token slot after `Bearer ` (bearerTokenOperand), by the text that
 * follows: a name whose value the rule follows, or something it never follows (an attribute, a
 * call, a subscript); undefined for a text not read here.
 */
const BEARER_OPERAND: ReadonlyArray<[RegExp, 'name' | 'none']> = [
  // "Bearer {}".format(token)
  [new RegExp(String.raw`^\{\}["']\s*\.\s*format\s*\(\s*${NAME_ALONE}\s*[,)]`), 'name'],
  [new RegExp(String.raw`^\{\}["']\s*\.\s*format\s*\(\s*${NOT_A_NAME}`), 'none'],
  // f"Bearer {token}", f"Bearer {token!s}"; any other interpolation (`{self.token}`, `{cfg['token']}`) is none.
  [/^\{\s*([A-Za-z_]\w*)\s*(?:![rsa]\s*)?(?::[^{}"'\n]*)?\}/, 'name'],
  [/^\{[^{}\n]+\}/, 'none'],
  // "Bearer " + token
  [new RegExp(String.raw`^["']\s*\+\s*${NAME_ALONE}`), 'name'],
  [new RegExp(String.raw`^["']\s*\+\s*${NOT_A_NAME}`), 'none'],
  // "Bearer " ending a string that nothing joins (`.removeprefix("Bearer ")`, `.replace("Bearer ", "")`).
  [/^["']\s*(?:[),\]}:;]|$)/, 'none'],
  // "Bearer %s" % token, % (token,)
  [new RegExp(String.raw`^%s["']\s*%\s*(?:\(\s*${NAME_ALONE}\s*,?\s*\)|${NAME_ALONE})`), 'name'],
  [new RegExp(String.raw`^%s["']\s*%\s*(?:\(\s*${NOT_A_NAME}|${NOT_A_NAME})`), 'none'],
];

/**
 * An environment variable's value (after `] =` or `setdefault("..._TOKEN",`): a name alone, or an
 * attribute or a call (`os.getenv("X")`), which resolveValue never follows to a literal, except
 * `.get(...)` of a literal dict.
 */
const VARIABLE_VALUE_NAME = new RegExp(String.raw`^\s*${NAME_ALONE}[ \t]*(?:[\r\n#;),]|$)`);
const VARIABLE_VALUE_NOT_A_NAME = new RegExp(String.raw`^\s*(?!(?:[A-Za-z_]\w*\s*\.\s*)+get\s*\()${NOT_A_NAME}`);

/**
 * A plain string literal that ends the value (`token = ''`, `password="changeme")`): one quote
 * kind, no escape, no f-string or bytes prefix, not the start of a triple-quoted string, and no
 * string after it on the next lines (`"abc"\n"def"` in brackets is one literal). A comment runs
 * to its line's end, so that it is read one way only: `(blank | comment)*` that may end a comment
 * anywhere splits a `# ####...` banner every way before it fails (24 of them: 0.6 s).
 */
const WHOLE_PLAIN_LITERAL =
  /^[rRuU]?(["'])((?:(?!\1)[^\\\n\r])*)\1(?!\1)[ \t]*(?:[,);]|(?:#[^\n\r]*)?(?:\r?\n|$)(?!(?:\s|#[^\n\r]*(?![^\n\r]))*[rRuUbBfF]{0,2}["']))/;

/** What a value written in the text is, as resolveValue would read it. */
type WrittenValue = { name: string } | { literal: string } | 'not-a-string' | 'unknown';

/**
 * A value in brackets (`token = (headers or {}).get(...)`, `= (\n    "abc"\n)`): resolveValue
 * looks through the brackets. A name alone in them (or read by key) is followed; a name that an
 * operator, an attribute or a call follows makes an expression that is never a string literal.
 */
function bracketedValue(value: string): WrittenValue {
  const inner = value.replace(/^(?:\(\s*)+/, '');
  // Not a string's prefix: `(f"Bearer {t}")`, `(rb"...")`.
  const name = /^([A-Za-z_]\w*)(?![\w"'])\s*(\)|\[|\.\s*get\s*\()?/.exec(inner);
  if (name) return name[2] && !/^(?:None|True|False)$/.test(name[1]) ? { name: name[1] } : 'not-a-string';
  const literal = WHOLE_PLAIN_LITERAL.exec(inner);
  return literal ? { literal: literal[2] } : 'unknown';
}

/** The value at the start of `value` (blanks, continuations and comments skipped), where it is a plain literal or in brackets. */
function writtenValue(value: string): WrittenValue {
  const start = value.replace(/^(?:\s|\\|#[^\n\r]*)*/, '');
  if (start.startsWith('(')) return bracketedValue(start);
  const literal = WHOLE_PLAIN_LITERAL.exec(start);
  return literal ? { literal: literal[2] } : 'unknown';
}

/**
 * The environment variable a CREDENTIAL_VARIABLE_TEXT match sets, where its name is written as a
 * string (`os.environ["OPENAI_API_KEY"] =`, `setdefault("HF_TOKEN",`); undefined for a name held
 * by a constant or built (`os.environ[TOKEN_VAR] =`, `f"{prefix}_TOKEN"`).
 */
function credentialVariableWritten(piece: string, at: number, matched: string): string | undefined {
  const call = /^(?:setdefault|putenv)\(\s*["']([A-Z0-9_]*)["']/.exec(matched);
  if (call) return call[1];
  const tail = /^(\w*)["']/.exec(matched);
  const head = tail ? /["'](\w*)$/.exec(piece.slice(Math.max(0, at - 200), at)) : null;
  return tail && head ? head[1] + tail[1] : undefined;
}

/** What one piece of the text says of the credentials the triggers find. */
interface CredentialFacts {
  /** A credential written there, or in a form not read here. */
  written: boolean;
  /** Names handed over as a credential (`token=hf_token`, `f"Bearer {GH_TOKEN}"`). */
  names: readonly string[];
  /** The values the piece binds a name to (semantic/nameBindingText): asked only of the names handed over, and of those their values name. */
  bindings(name: string): readonly BoundValue[];
}

function readCredentials(piece: string, words: ReadonlySet<string>): CredentialFacts {
  const bindings = nameBindingReader(piece);
  if (holdsGuardWord(PERSONAL_ACCESS_TOKEN_TRIGGER, words) && PERSONAL_ACCESS_TOKEN_TEXT.test(piece)) return { written: true, names: [], bindings };
  const names: string[] = [];
  const written = { written: true, names, bindings };
  // Each pattern read only where its trigger's words occur (a piece without `Bearer` has no `Bearer` header).
  for (const match of holdsGuardWord(BEARER_TRIGGER, words) ? piece.matchAll(BEARER_TEXT_ALL) : []) {
    const slot = /(?:[{"']|%s)$/.exec(match[0]);
    if (!slot) {
      // A token written after `Bearer `, unless secretsInString never takes it for one (`Bearer <token>`).
      const token = bearerTokenAt(piece, match.index);
      if (token !== undefined && !isBearerToken(token)) continue;
      return written;
    }
    const rest = piece.slice(match.index + match[0].length - slot[0].length, match.index + match[0].length + 200);
    const operand = BEARER_OPERAND.map(([pattern, kind]) => ({ found: pattern.exec(rest), kind })).find(({ found }) => found);
    if (!operand) return written;
    const name = operand.found!.slice(1).find((group) => group !== undefined);
    if (operand.kind === 'name' && name) names.push(name);
  }
  for (const match of holdsGuardWord(SECRET_KEYWORD_TRIGGER, words) ? piece.matchAll(SECRET_KEYWORD_TEXT_ALL) : []) {
    if (match[3] !== undefined) {
      names.push(match[3]);
      continue;
    }
    // A quote or a bracket: a literal the check never takes for this keyword's credential
    // (`token = ''`, set later), a name in brackets, or an expression that is no string.
    const keyword = /^\w+/.exec(match[0])![0];
    const valueStart = match.index + keyword.length + match[1].length + 1 + match[2].length;
    const value = writtenValue(piece.slice(valueStart, valueStart + 300));
    if (value === 'not-a-string') continue;
    if (value === 'unknown' || ('literal' in value && !neverSecretOfKeyword(keyword, value.literal))) return written;
    if ('name' in value) names.push(value.name);
  }
  for (const match of holdsGuardWord(CREDENTIAL_VARIABLE_TRIGGER, words) ? piece.matchAll(CREDENTIAL_VARIABLE_TEXT_ALL) : []) {
    const variable = credentialVariableWritten(piece, match.index, match[0]);
    if (variable !== undefined && !isCredentialVariable(variable)) continue;
    const rest = piece.slice(match.index + match[0].length, match.index + match[0].length + 200);
    const name = VARIABLE_VALUE_NAME.exec(rest)?.[1];
    if (name) names.push(name);
    else if (VARIABLE_VALUE_NOT_A_NAME.test(rest)) continue;
    else {
      const value = writtenValue(rest);
      if (value === 'not-a-string') continue;
      if (value === 'unknown' || ('literal' in value && !neverEnvironmentSecret(value.literal))) return written;
      if ('name' in value) names.push(value.name);
    }
  }
  return { written: false, names, bindings };
}

/**
 * Whether a credential the triggers found can be a literal the rule reports: written there (a
 * personal access token, a `Bearer` header's text, `token="..."`, `os.environ[...] = "..."`, or a
 * form this reading does not know), or a name that can hold a string literal by its bindings in
 * any cell (a literal, a bracket, another such name, an entry of a literal container). A
 * credential handed over as a parameter, a loop variable, an attribute, a call's result or an
 * entry of one (`resp.json()["access_token"]` bound to a name first) never is, and most modules
 * that pass credentials pass them so: those are not parsed for this rule.
 * Read piece by piece: a keystroke reads the edited cell again, not the notebook.
 */
const CREDENTIAL_MAY_BE_WRITTEN: TextTest<CredentialFacts> = {
  key: 'MLT704 a credential may be a literal',
  words: CREDENTIAL_TRIGGERS.flatMap((trigger) => trigger.words),
  read: readCredentials,
  holds(pieces) {
    if (pieces.some((piece) => piece.written)) return true;
    const names = new Set<string>();
    for (const piece of pieces) for (const name of piece.names) names.add(name);
    if (names.size === 0) return false;
    const bindingsOf = (name: string) => pieces.flatMap((piece) => piece.bindings(name));
    for (const name of names) if (mayHoldString(name, bindingsOf)) return true;
    return false;
  },
};

export const mlt704HardcodedToken: Rule = {
  meta: {
    id: 'MLT704',
    name: 'hardcoded-token',
    severity: 'error',
    area: 'Testing, monitoring and security',
    domain: 'MLOps',
    title: 'A token or password is written into the code instead of read from a secret scope',
  },
  docs: {
    trap: 'Pasting a personal access token or password into a notebook: `"Bearer dapi..."` headers, `WorkspaceClient(token="dapi...")`, `connect(password="...")`.',
    reality:
      'Never hard-code tokens: notebooks are shared, exported and versioned, and a token in the code is readable by everyone who can read the code or its revision history. Read it with `dbutils.secrets.get(scope, key)` (Databricks replaces a value read with `dbutils.secrets.get` by [REDACTED], on a best-effort basis, where it appears as it is in notebook output; a value transformed in the code is shown) or authenticate automation as a service principal (OAuth). Reported: Databricks personal access tokens (`dapi` + 32 hex digits) anywhere in a string (also in a cell that does not compile: a curl command pasted without %sh), in the code of a notebook\'s %sh / %sql / %scala magic cell or of a `!` / `%pip` line (with the lines a trailing backslash carries it on to, and in an export\'s %python cell), or written as code outside any string (shell commands pasted into a cell without %sh; not in comments or %md prose), `"Bearer <token>"` headers (also built from a name bound to a literal), literals given to `token=` / `password=` / `secret=` (a registry webhook\'s `HttpUrlSpec(secret=...)` signing secret), and literals set as an environment variable whose name says it holds a credential (`os.environ["DATABRICKS_TOKEN"] = "..."`, `os.environ.setdefault(...)`, `os.putenv(...)`; names ending in TOKEN, SECRET, SECRET_KEY or SECRET_ACCESS_KEY after an underscore, or in PASSWORD or PASSWD, as `PGPASSWORD` does), as Ruff\'s and Bandit\'s hard-coded-password checks read such names. Placeholders (`<token>`, `your-token-here`, `token-goes-here`, `enter-password`, `mytoken`, `foobar1234`, `hf_token`, `db_password`, on/off values such as `true` or `yes`, a value that says it is none (`bench-key-not-a-credential`), `{token}`, `$TOKEN`, empty strings, a note with blanks in an environment variable), a `secret=` value that reads as a name rather than a generated secret (no digit and no mixed case, or lower-case words joined by dashes: Airflow\'s Kubernetes `Secret(..., secret="k8s-db-credentials")` names a stored secret), a `token=` value shorter than 8 characters or with no digit and no mixed case (`token="abc"` in a configuration\'s example: a token is generated), fake credentials in test code (passed to clients, or sent as a bearer token), a bearer token in a docstring (a string standing alone as a statement: `Authorization: Bearer q93kdl20xk` shows a header\'s form), and the logins of a local development stack (a `password=` in a call whose `host=` names this machine: localhost, 127.0.0.1, also as the default of an environment variable, `os.environ.get("DB_HOST", "localhost")`; AWS keys in a file that points `MLFLOW_S3_ENDPOINT_URL` / `AWS_ENDPOINT_URL` only at this machine, as a MinIO container is) are not reported; a real personal access token is reported there too.',
    example: [
      'import requests',
      '',
      'headers = {"Authorization": "Bearer dapi0123456789abcdef0123456789abcdef"}',
      'requests.post(f"{host}/serving-endpoints/churn/invocations", headers=headers, json=payload)',
    ].join('\n'),
    useInstead: [
      'token = dbutils.secrets.get(scope="ml-serving", key="endpoint-token")',
      'headers = {"Authorization": f"Bearer {token}"}',
      'requests.post(f"{host}/serving-endpoints/churn/invocations", headers=headers, json=payload)',
    ].join('\n'),
    fix: 'In Databricks code, replaces the literal with `dbutils.secrets.get(scope="<scope>", key="<key>")`; inside a longer string (a "Bearer ..." header, a curl command) the string becomes an f-string that interpolates that call. Outside a notebook, `dbutils` is imported from `databricks.sdk.runtime`. Code that shows no Databricks (a CI script, another tool\'s pipeline step) gets no fix, and the finding says to read the secret from an environment variable or a secret manager. Neither does a token given to a notebook widget (`dbutils.widgets.text("token", "dapi...")`): the widget bar would show the secret; read it with `dbutils.secrets.get` in place of the widget.',
    fixSafety: 'Unsafe: the scope and key are placeholders to fill in, and the secret has to be stored in the scope first (and the leaked token revoked).',
    examFact: 'Never hard-code tokens: read them with dbutils.secrets.get(scope, key), or authenticate automation as a service principal. Databricks replaces secret values read with dbutils.secrets.get by [REDACTED] (best effort) where they appear as they are in notebook output (not transformed values).',
    references: [
      { title: 'Secret management (Databricks)', url: 'https://docs.databricks.com/security/secrets' },
      { title: 'Authorize service principal access to Databricks with OAuth', url: 'https://docs.databricks.com/dev-tools/auth/oauth-m2m' },
    ],
  },
  triggers: CREDENTIAL_TRIGGERS,
  alsoNeeds: [CREDENTIAL_MAY_BE_WRITTEN],
  // Test code passes fake credentials: only a real personal access token is reported there.
  testFileTriggers: [PERSONAL_ACCESS_TOKEN_TRIGGER],
  check(context) {
    const reported = new Set<number>();
    checkStrings(context, reported);
    checkInterpolatedBearerTokens(context, reported);
    checkKeywordArguments(context, reported);
    checkEnvironmentVariables(context, reported);
    checkMagicCells(context);
    checkUnparsedCode(context);
    checkEscapeLines(context);
  },
};
