/**
 * How strictly start-up checks the configuration. Only an explicit `NODE_ENV=development`
 * may use published development values (the example portal's secret, simulator tokens);
 * `test` (Jest) may use throwaway ones; anything else, a forgotten NODE_ENV included, is
 * production.
 */
export type RunMode = 'development' | 'test' | 'production';

export function runModeFrom(nodeEnv: string | undefined): RunMode {
  if (nodeEnv === 'development' || nodeEnv === 'test') {
    return nodeEnv;
  }
  return 'production';
}
