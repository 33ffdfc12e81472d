/** What every description this backend gives a Digdir client starts with. */
export const BACKSTAGE_DESCRIPTION_PREFIX = 'backstage:';

/**
 * The description this backend gives a Digdir client it creates for an integration. Digdir
 * keeps it, so it finds an interrupted creation again, and it marks the client as created
 * by this backend for exactly this integration (client claims rely on that; the import from
 * Digdir skips such clients, whose entities the scaffolder wrote).
 */
export function digdirClientDescription(entityRef: string, environment: string): string {
  return `${BACKSTAGE_DESCRIPTION_PREFIX}${entityRef.toLocaleLowerCase('en-US')}:${environment}`;
}
