import { JsonValue } from '@backstage/types';

/**
 * The scaffolder's checkpoint rule, for tests: the first run of a key stores its result as
 * JSON, and later runs of the same task (a resumed task) get the stored value without
 * running `fn`. A fresh store is a task whose checkpoint was never saved.
 */
export function createCheckpointStore() {
  const saved = new Map<string, string>();
  const checkpoint = async <T extends JsonValue | void>(opts: {
    key: string;
    fn: () => Promise<T> | T;
  }): Promise<T> => {
    if (saved.has(opts.key)) {
      return JSON.parse(saved.get(opts.key)!) as T;
    }
    const value = await opts.fn();
    saved.set(opts.key, JSON.stringify(value ?? null));
    return value;
  };
  return { checkpoint, saved };
}
