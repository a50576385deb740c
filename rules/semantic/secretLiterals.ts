import type { Node } from 'web-tree-sitter';
import type { OffsetRange } from '../engine/sourceDocument';
import { namedChildren } from '../engine/syntax';

/**
 * Credentials written into string literals: Databricks personal access tokens, bearer tokens
 * in Authorization headers, and the placeholders that stand in for them in documentation.
 */

/** `dapi` + 32 hex digits, optionally `-N` (the token's generation suffix). */
const PERSONAL_ACCESS_TOKEN = /(?<![A-Za-z0-9])dapi([0-9a-f]{32})(?:-\d+)?(?![A-Za-z0-9])/gi;

/** `Bearer <token>`: the token runs to the next blank, quote, brace or separator. */
const BEARER_TOKEN = /\bBearer\s+([^\s"'{}\\,;]+)/g;
const BEARER_TOKEN_AT = new RegExp(BEARER_TOKEN.source, 'y');

/** The token written after `Bearer ` where `at` is (the `B`), as secretsInString reads it; undefined when there is none. */
export function bearerTokenAt(text: string, at: number): string | undefined {
  BEARER_TOKEN_AT.lastIndex = at;
  return BEARER_TOKEN_AT.exec(text)?.[1];
}

/** Whether the text after `Bearer ` is taken for a token: not a placeholder (`<token>`), and generated-looking. */
export function isBearerToken(token: string): boolean {
  return !isPlaceholderSecret(token) && looksLikeToken(token);
}

// `bench-secret-key-not-a-credential`, `not_a_real_password`: a value that says it is none, in
// words apart (not `CannotAKey!`, `marble-not-a-keyhole`, `NotaSecreta`).
const PLACEHOLDER_WORDS = /your|placeholder|replace|changeme|change_me|example|dummy|fake|redacted|insert|token[-_]?here|secret[-_]?here|todo|xxx|\.\.\.|(?:^|[-_ ])not[-_ ]an?[-_ ](?:real[-_ ])?(?:credential|secret|password|token|key)(?:$|[-_ ])/i;

const NAMING_WORDS_ONLY = /^(?:(?:my|the|a|your|secret|token|password|passwd|pwd|string|str|key|value|signing|webhook|api|access)(?:[-_ ]?|$))+$/i;

const DUMMY_VALUES = new Set(['test', 'testing', 'password', 'passwd', 'secret', 'token', 'mock', 'sample', 'none', 'null']);

/**
 * On/off values (`HF_HUB_DISABLE_IMPLICIT_TOKEN="true"`, `MYSQL_ALLOW_EMPTY_PASSWORD="yes"`) and the
 * modes gcsfs / fsspec take as `token=` (`"anon"`, `"google_default"`): a setting, not a credential.
 */
const SWITCH_VALUES = new Set(['true', 'false', 'yes', 'no', 'on', 'off', 'enabled', 'disabled', 'enable', 'disable', 'y', 'n', 'anon', 'google_default', 'cloud', 'browser', 'cache']);

/** `hf_token`, `databricks-token`, `db_password`: one word naming whose credential it is, then the kind of credential. */
const OWNER_AND_KIND = /^[a-z][a-z0-9]*[-_](?:token|password|passwd|pwd|secret|key|api[-_]?key)$/i;

/**
 * A stand-in rather than a credential: `<token>`, `your-token-here`, `{token}`, `$TOKEN`,
 * `%s`, `***`, `xxxx`, `dapiXXXX...`, an environment variable's name, an empty string.
 */
export function isPlaceholderSecret(text: string): boolean {
  const value = text.trim();
  if (value === '') return true;
  // `$TOKEN`, `${TOKEN}`, `$(cat token)` stand in for a value; a `$` elsewhere is one of the
  // password's characters (`Winter2024$`, `pa$$word1`).
  if (/[<>{}%]|^\$[A-Za-z_]|\$[{(]/.test(value) || PLACEHOLDER_WORDS.test(value)) return true;
  // `token-goes-here`, `put-password-here`, `enter-secret`: an instruction to the reader.
  if (/(?:^|[-_ ])here$/i.test(value) || /^(?:enter|put|paste|add|set)[-_ ]/i.test(value)) return true;
  // `[PAD]`, `[MASK]`: a tokenizer's special token, not a credential.
  if (/^\[[A-Za-z_]+\]$/.test(value)) return true;
  // `foo`, `barbaz42`: the words that stand for any value in examples and test doubles.
  if (/^(?:foo|bar|baz|qux)+\d*$/i.test(value)) return true;
  // `***`, `----`, `0000...`: one character repeated (a mask).
  if (/^(.)\1*$/.test(value) || /^[*xX.\-_#]+$/.test(value)) return true;
  // Test doubles: `password="test"`, `token="secret"`.
  if (DUMMY_VALUES.has(value.toLowerCase()) || SWITCH_VALUES.has(value.toLowerCase()) || OWNER_AND_KIND.test(value)) return true;
  // A value that only names what it stands for: `secret_string` (the registry webhooks page's
  // own example), `my_password`, `signing-key`, `mytoken`.
  if (NAMING_WORDS_ONLY.test(value)) return true;
  // `DATABRICKS_TOKEN`: the name of the variable that holds the token. Capitals and a run of
  // digits with no underscore (`QZT4471902`) are a generated password, not a name.
  if (/^[A-Z][A-Z0-9_]*$/.test(value) && (value.includes('_') || (value.match(/\d/g)?.length ?? 0) < 3)) return true;
  return false;
}

export type SecretKind = 'personal access token' | 'bearer token';

/** A credential inside a string literal, by its range in the source. */
export interface SecretInString {
  kind: SecretKind;
  range: OffsetRange;
}

/**
 * Whether a bearer token looks like one: long enough, with a digit or mixed case, where a
 * capital only at the start is a word (`"Bearer Capability Not Available"`, a telephony cause).
 */
export function looksLikeToken(token: string): boolean {
  return token.length >= 8 && (/\d/.test(token) || (/[a-z]/.test(token) && /[A-Z]/.test(token.slice(1))));
}

/** The personal access tokens in a piece of text, by their range (`offset` is where the text starts). */
export function personalAccessTokensIn(text: string, offset: number): OffsetRange[] {
  const found: OffsetRange[] = [];
  for (const match of text.matchAll(PERSONAL_ACCESS_TOKEN)) {
    if (/^(.)\1*$/.test(match[1])) continue;
    const start = offset + match.index;
    found.push({ start, end: start + match[0].length });
  }
  return found;
}

/**
 * The credentials written in a string literal's text parts (not in f-string interpolations).
 * A bearer token followed directly by an interpolation is only partly written: not counted.
 */
export function secretsInString(string: Node): SecretInString[] {
  const found: SecretInString[] = [];
  const parts = namedChildren(string);
  parts.forEach((part, index) => {
    if (part.type !== 'string_content') return;
    const text = part.text;
    const nextIsInterpolation = parts[index + 1]?.type === 'interpolation';
    for (const range of personalAccessTokensIn(text, part.startIndex)) found.push({ kind: 'personal access token', range });
    for (const match of text.matchAll(BEARER_TOKEN)) {
      const token = match[1];
      const tokenStart = part.startIndex + match.index + match[0].length - token.length;
      const tokenEnd = tokenStart + token.length;
      if (nextIsInterpolation && tokenEnd === part.endIndex) continue;
      if (found.some((secret) => secret.range.start < tokenEnd && tokenStart < secret.range.end)) continue;
      if (!isBearerToken(token)) continue;
      found.push({ kind: 'bearer token', range: { start: tokenStart, end: tokenEnd } });
    }
  });
  return found.sort((a, b) => a.range.start - b.range.start);
}

/** The text of a string literal without its prefix and quotes (text parts only). */
export function stringContentText(string: Node): string {
  return namedChildren(string)
    .filter((part) => part.type !== 'string_start' && part.type !== 'string_end')
    .map((part) => part.text)
    .join('');
}
