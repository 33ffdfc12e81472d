export interface Config {
  /**
   * The Maskinporten simulator backend plugin (`maskinporten-simulator`), for
   * development backends only. Its issuer is the plugin's external base URL
   * with a trailing slash, e.g. `http://localhost:7007/api/maskinporten-simulator/`.
   */
  maskinportenSimulator?: {
    /** Clients registered when the backend starts. */
    clients?: Array<{
      /** The client id (the grant's `iss`). */
      clientId: string;
      /** Scopes registered on the client. */
      scopes: string[];
      clientName?: string;
      description?: string;
      /** Organisations (9 digits) that have delegated to the client, accepted as `consumer_org`. */
      consumerOrgs?: string[];
      /**
       * Public RSA JWKs registered at start (`kty`, `alg`, `use: sig`, `kid`, `e`, `n`).
       * They expire 365 days after the backend started.
       */
      keys?: Array<{
        kty: string;
        alg: string;
        use: string;
        kid: string;
        e: string;
        n: string;
      }>;
      /** Lifetime of this client's access tokens in seconds. */
      accessTokenLifetimeSeconds?: number;
      /**
       * An enterprise certificate (PEM). A client without keys may then sign grants with
       * `x5c` (this certificate first) instead of `kid`, like a self-service admin client.
       */
      certificate?: string;
    }>;
    /** The scope catalogue; when set, clients may only hold these scopes. */
    scopes?: string[];
    /**
     * A static bearer token accepted by the self-service API (`/api/v1`).
     * @visibility secret
     */
    adminToken?: string;
    /** Default lifetime of issued access tokens in seconds (default 120). */
    accessTokenLifetimeSeconds?: number;
    /** The simulated organisation's number (default 991825827). */
    orgNumber?: string;
  };
}
