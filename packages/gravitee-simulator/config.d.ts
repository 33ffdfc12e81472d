export interface Config {
  /**
   * The Gravitee simulator backend plugin (`gravitee-simulator`), for development backends
   * only: a management API double at `/api/gravitee-simulator/management` and a gateway at
   * `/api/gravitee-simulator/gateway`.
   */
  graviteeSimulator?: {
    /** The management double's bearer token. @visibility secret */
    token?: string;
    /** The APIM release whose management routes it serves: `4.5`, `4.8`, `4.10` (default) or `4.12`. */
    release?: string;
    /** Applications that exist, e.g. the one the backend subscribes to verify token services. */
    applications?: Array<{ id: string; name: string }>;
    /** Run the real APIM 4.10.8 gateway (assembled by `npm run test:gravitee`) instead of the gateway double. */
    realGateway?: {
      /** scripts/gravitee/gateway/target/home */
      home: string;
      /** A JDK 21 or newer. */
      javaHome: string;
    };
  };
}
