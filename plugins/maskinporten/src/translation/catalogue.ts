/**
 * The shape every language's messages must have: the English catalogue's nesting with any
 * strings. Typing a translation with it makes a missing or extra key a compile error; the
 * translation test checks the same at run time (empty strings, unused keys).
 */
export type Catalogue<T> = {
  readonly [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]>;
};

/** Nested messages as the flat, dot-separated keys the translation API uses. */
export function flattenMessages(messages: object, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      flat[path] = value;
    } else {
      Object.assign(flat, flattenMessages(value as object, path));
    }
  }
  return flat;
}
