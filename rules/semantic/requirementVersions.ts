/**
 * Whether a requirement's version specifier allows only versions below `bound` (missing parts
 * are 0): `==3.4.0`, `===2.2.1`, `==3.5.*`, `~=3.5.0` (==3.5.*), `<3.6`, `<=3.5.2`, any clause of
 * `>=1.20,<2`. `==3.*` and `~=3.5` (any 3.x) do not hold a package below 3.6.
 */
export function allowsOnlyVersionsBelow(specifier: string, bound: readonly number[]): boolean {
  // -1, 0, 1 as a version is below, at or above the bound.
  const compare = (parts: readonly number[]) => {
    for (let i = 0; i < Math.max(parts.length, bound.length); i++) if ((parts[i] ?? 0) !== (bound[i] ?? 0)) return (parts[i] ?? 0) < (bound[i] ?? 0) ? -1 : 1;
    return 0;
  };
  return [...specifier.matchAll(/(===?|~=|<=?)\s*(\d+(?:\.\d+)*)(\.\*)?/g)].some(([, operator, version, wildcard]) => {
    const parts = version.split('.').map(Number);
    if (operator === '<') return compare(parts) <= 0;
    if (operator === '<=') return compare(parts) < 0;
    // `~=3.5.0` is ==3.5.*, `~=3.5` is ==3.*; `==3.5.*` any 3.5.x: the prefix with its last part
    // raised is the first version it does not allow.
    const prefix = operator === '~=' ? parts.slice(0, -1) : wildcard ? parts : undefined;
    if (!prefix) return compare(parts) < 0;
    const next = [...prefix.slice(0, -1), prefix[prefix.length - 1] + 1];
    return compare(next) <= 0;
  });
}
