export interface Config {
  maskinporten?: {
    /**
     * Development-only example data for the example portal (`src/modules/exampleKeys`);
     * ignored unless NODE_ENV is `development`.
     */
    examples?: {
      /**
       * Keys created at start-up as if `ageDays` ago, through the plugin's key issuer, for
       * integrations that have no keys yet. Still-valid ones are registered through the
       * environment's `selfService` when it uses an `adminToken` (the simulator).
       */
      backdatedKeys?: Array<{
        /** Full entity ref, e.g. `resource:default/my-client`. */
        entityRef: string;
        /** Whole days, 0 to 3650. */
        ageDays: number;
      }>;
    };
  };
}
