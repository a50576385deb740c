/**
 * A copy of `text` that does not hold on to the string it was cut from. V8 makes a slice of 13
 * or more characters a view into its parent (a node's text is a slice of the whole document):
 * kept in a cache that outlives the document version, it would keep that whole version alive.
 * Concatenation then slicing makes V8 copy the characters into a string of their own.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
