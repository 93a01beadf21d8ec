/**
 * Reading user-named keys safely: `table[name]` with `name = 'constructor'`
 * or `'__proto__'` reads `Object.prototype`, so every lookup of a name that
 * comes from input (a column, a field, an entity) goes through {@link own}.
 *
 * @module
 */

/** `table[key]` when `key` is the table's own property, else undefined (never an inherited member). @internal */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
