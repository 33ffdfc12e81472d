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
    }>;
    /**
     * The scope catalogue; when set, clients may only hold these scopes, and each is checked
     * at token time. A string is a public scope of another organisation that the simulated
     * organisation has been granted; an object describes the scope and who has access.
     */
    scopes?: Array<
      | string
      | {
          /** `prefix:subscope` */
          name: string;
          description?: string;
          /** The API provider's organisation number; default 889640782. */
          ownerOrgno?: string;
          /** Default PUBLIC. */
          visibility?: 'PUBLIC' | 'PRIVATE' | 'INTERNAL';
          accessibleForAll?: boolean;
          /** Default [maskinporten]. */
          allowedIntegrationTypes?: string[];
          active?: boolean;
          /** Organisations (9 digits) granted access. */
          consumers?: string[];
        }
    >;
    /** Scope prefixes the simulated organisation owns, so it may create scopes (`POST /scopes`). */
    ownedPrefixes?: string[];
    /**
     * PEM certificates of the CAs whose enterprise certificates are trusted in `x5c`.
     * Their organisation number must be the simulated organisation's.
     */
    certificateAuthorities?: string[];
    /** Seconds from a key upload until the token endpoint accepts it (Digdir: 0-120). Default 0. */
    keyPropagationDelaySeconds?: number;
    /** `delegation_source` in tokens issued with `consumer_org`; default https://tt02.altinn.no/. */
    delegationSource?: string;
    /**
     * A JSON file to keep the simulator's own signing key in (created with mode 0600).
     * Without it the key is kept in the plugin's database.
     */
    signingKeyFile?: string;
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
