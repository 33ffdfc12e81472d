/** "1 key", "2 keys": English plurals for the counts the plugin shows. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
