/**
 * The description this backend gives a Digdir client it creates for an integration. Digdir
 * keeps it, so it finds an interrupted creation again, and it marks the client as created
 * by this backend for exactly this integration (client claims rely on that).
 */
export function digdirClientDescription(entityRef: string, environment: string): string {
  return `backstage:${entityRef.toLocaleLowerCase('en-US')}:${environment}`;
}
