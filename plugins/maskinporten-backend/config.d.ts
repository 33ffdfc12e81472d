export interface Config {
  /** Configuration for the Maskinporten plugin. */
  maskinporten?: {
    /**
     * The Maskinporten environments integrations may use, by name (e.g. `test`, `prod`).
     * Only these hosts are ever contacted; no URL is taken from a request.
     */
    environments: {
      [name: string]: {
        /** The environment's issuer, which every grant uses as `aud`. Must end with `/`. */
        issuer: string;
        /** The token endpoint grants are posted to. */
        tokenEndpoint: string;
        /**
         * Digdir's self-service API for this environment (creating clients, registering keys).
         * Automation is off for an environment without it. See docs/digdir-self-service.md.
         */
        selfService?: {
          /**
           * The `/api/v1` root, e.g. `https://api.test.samarbeid.digdir.no/api/v1`, or for the
           * simulator in the dev backend `http://localhost:7007/api/maskinporten-simulator/api/v1`.
           */
          baseUrl: string;
          /** Either `adminToken` (the simulator only) or a Maskinporten admin client. */
          auth: {
            /**
             * A static bearer token; only the simulator accepts one.
             * @visibility secret
             */
            adminToken?: string;
            /** The admin client's id; it gets tokens from this environment's token endpoint. */
            clientId?: string;
            /**
             * The admin client's RSA private key (PEM): the enterprise certificate's key
             * with `certificateChain`, or the key registered as `keyId`.
             * @visibility secret
             */
            privateKey?: string;
            /** Grant header `kid`: a key registered on the admin client. */
            keyId?: string;
            /** Grant header `x5c`: the enterprise certificate chain, base64 DER, leaf first. */
            certificateChain?: string[];
            /** Default `idporten:dcr.read idporten:dcr.write idporten:dcr.modify`. */
            scopes?: string[];
          };
          /** How long one call (including its body) may take, in milliseconds. Default 10000. */
          timeoutMs?: number;
          /** Extra attempts after a network error, timeout, 429 or 5xx. Default 3. */
          retries?: number;
          /** First retry delay in milliseconds; doubles per attempt, with jitter. Default 500. */
          backoffMs?: number;
        };
      };
    };
    /**
     * Who may call the plugin besides users acting for themselves. Backstage's permission
     * framework allows every service principal everything, so a service reaches only what is
     * listed here. Default: the scaffolder, on behalf of the user running a template, may
     * provision integrations. See the README's security section.
     */
    access?: {
      serviceCallers?: Array<{
        /**
         * `plugin:<pluginId>` (another backend plugin) or `external:<subject>` (an external-access token).
         * The MCP actions backend calls this plugin's actions as `plugin:mcp-actions`, on behalf
         * of the user whose token the MCP client sent.
         */
        subject: string;
        /**
         * True when the caller passes the user's credentials through
         * (`getPluginRequestToken({ onBehalfOf })`); the user's permissions then decide.
         * Without it only `read` may be listed. Default false.
         */
        onBehalfOfUser?: boolean;
        /**
         * What it may do: `read`, `key.create`, `token.test`, `gravitee.export`,
         * `gravitee.deploy`, `rotation`, `provisioning`, `expiry-scan`, `index.refresh`,
         * `client.assign`, `gateway.link`.
         */
        capabilities: string[];
      }>;
    };
    http?: {
      /** Every request is answered within this many seconds (503 after, never a hang). Default 60. */
      requestTimeoutSeconds?: number;
    };
    keys?: {
      /** RSA modulus length of generated keys. Default 4096. */
      modulusLength?: number;
      /** First part of every generated `kid`, e.g. your organisation's short name. Default `backstage`. */
      kidPrefix?: string;
      /** Days a key is valid after it is registered with Digdir. Default 365. */
      lifetimeDays?: number;
      /** Days before expiry at which a key turns warning and critical. Default [30, 7]. */
      warnDays?: number[];
    };
    keyEncryption?: {
      /**
       * Secret that encrypts private keys at rest (AES-256-GCM). At least 32 characters.
       * Required when NODE_ENV is production.
       * @visibility secret
       */
      secret?: string;
      /**
       * Earlier secrets, still used to decrypt keys written before a rotation.
       * @visibility secret
       */
      previousSecrets?: string[];
    };
    grants?: {
      /** Lifetime of each grant in seconds (`exp - iat`). At most 120. Default 120. */
      lifetimeSeconds?: number;
    };
    gravitee?: {
      /** Context path of rendered token services; `{environment}` and `{name}` are filled in. Default `/maskinporten/{environment}/{name}`. */
      contextPathTemplate?: string;
      /**
       * For shared gateways: read the grant's `iss` (client id) from this request header
       * instead of fixing it to the integration's client id.
       */
      issuerFromHeader?: string;
      /** IP addresses or CIDR ranges allowed to call rendered token services. */
      ipAllowList?: string[];
      /**
       * Base URL of the Gravitee management API, e.g. `https://apim.example.org`. Deploy is
       * offered only when this and `token` are set.
       */
      managementUrl?: string;
      /**
       * Personal access token for the management API, sent as a bearer token.
       * @visibility secret
       */
      token?: string;
      /** Gravitee organization id in management API paths. Default `DEFAULT`. */
      organization?: string;
      /** Gravitee environment id in management API paths. Default `DEFAULT`. */
      environment?: string;
      /** Definition format deploys use unless the request names one. Default `v4`. */
      deployFormat?: 'v2' | 'v4';
      /** How long one management API call may take, in milliseconds. Default 15000. */
      timeoutMs?: number;
      /**
       * Where consumers call the gateway, e.g. `https://gw.example.org`: token requests through
       * deployed token services (a rotation's verification, "Test through the gateway") go to
       * this URL plus the API's context path.
       */
      gatewayUrl?: string;
      verification?: {
        /**
         * A Gravitee application the backend subscribes to each token service's API-key plan,
         * to test it with that subscription's key (a platform team creates it once).
         */
        applicationId?: string;
        /** How long a new subscription may take to reach the gateways, in milliseconds. Default 15000. */
        subscriptionSyncMs?: number;
      };
    };
    notifications?: {
      /**
       * The language of expiry notices (notifications and log lines): `en` or `nb` (bokmål).
       * One for all recipients: the backend cannot know each user's language in the portal.
       * Default `en`. See docs/adr/0008-norwegian-and-english.md.
       */
      language?: 'en' | 'nb';
    };
    lifecycle?: {
      /**
       * The scheduled drift check: reads back what each gateway deployment signs with and reports
       * those on a retiring, revoked, expired or unknown key. Default: every 30 minutes, 10 minute
       * timeout, 1 minute initial delay.
       */
      gatewayDrift?: {
        schedule?: {
          frequency: { cron: string } | string | { [unit: string]: number };
          timeout: string | { [unit: string]: number };
          initialDelay?: string | { [unit: string]: number };
        };
      };
      /** The scheduled scan that tells owners about expiring keys. See docs/key-lifecycle.md. */
      expiryScan?: {
        /**
         * When the scan runs (`frequency`, `timeout`, `initialDelay`); one replica runs it.
         * Default: every hour, 15 minute timeout, 2 minute initial delay.
         */
        schedule?: {
          frequency: { cron: string } | string | { [unit: string]: number };
          timeout: string | { [unit: string]: number };
          initialDelay?: string | { [unit: string]: number };
          scope?: 'global';
        };
        /**
         * How state changes reach owners: `notifications` (the notifications plugin), `log`
         * (one log line per change), or `auto` (notifications when that plugin is installed).
         * Default `auto`.
         */
        delivery?: 'auto' | 'notifications' | 'log';
      };
      /** Key rotation (sliding window) and renewal. See docs/key-lifecycle.md. */
      rotation?: {
        /**
         * When `maskinporten-key-rotation` runs (advances open rotations, renews keys); one
         * replica runs it. Default: every 5 minutes, 10 minute timeout, 30 s initial delay.
         */
        schedule?: {
          frequency: { cron: string } | string | { [unit: string]: number };
          timeout: string | { [unit: string]: number };
          initialDelay?: string | { [unit: string]: number };
          scope?: 'global';
        };
        /** Hours old keys stay registered after the new key passed a token test. Default 24. */
        gracePeriodHours?: number;
        /**
         * With the environment's self-service API: re-post the set (renewing every key's year)
         * when the active key expires within this many days. Default 30.
         */
        renewWithinDays?: number;
        /** Start a rotation by itself for active keys expiring within this many days. Off by default. */
        autoRotateWithinDays?: number;
      };
    };
    index?: {
      /**
       * Seconds between syncs of the integration index (behind the self-service listing)
       * from the catalog. Default 60.
       */
      refreshSeconds?: number;
    };
    /**
     * The catalog module `catalogModuleMaskinportenDigdirImport`: imports the organisation's
     * existing clients from Digdir's self-service API as `maskinporten-client` Resources.
     */
    import?: {
      /** How often to import; default every 30 minutes, first after 15 seconds. */
      schedule?: {
        frequency: { cron: string } | string | { [unit: string]: number };
        timeout: string | { [unit: string]: number };
        initialDelay?: string | { [unit: string]: number };
        scope?: 'global';
      };
      /** Environments to import; default every environment with `selfService`. */
      environments?: string[];
      /** Namespace of the imported entities. Default `default`. */
      namespace?: string;
      /**
       * Owner of clients no rule matches; they are marked unclaimed until a rule claims them.
       * Default `group:default/maskinporten-triage`.
       */
      triageOwner?: string;
      /** Rules in order; the first that matches a client decides its owner. */
      ownership?: Array<{
        /** Entity ref of the owning group, e.g. `group:default/team-lonn`. */
        owner: string;
        /** These client ids belong to `owner`. */
        clientIds?: string[];
        /** Clients whose name starts with this (case-insensitive). */
        namePrefix?: string;
        /** Clients whose description contains this (case-insensitive). */
        descriptionContains?: string;
      }>;
    };
    tokenTests?: {
      /** How long a token request may take before the test reports a timeout. Default 10000. */
      timeoutMs?: number;
      /** Token tests allowed per integration per window. Default 10. */
      rateLimitPerWindow?: number;
      /** Length of the rate-limit window in seconds. Default 60. */
      rateLimitWindowSeconds?: number;
    };
  };
}
