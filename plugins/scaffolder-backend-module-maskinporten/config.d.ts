export interface Config {
  maskinporten?: {
    scaffolder?: {
      /**
       * Directory `maskinporten:catalog:write-local` writes new maskinporten-client
       * Resources into, relative to the backend's working directory like the catalog's file
       * locations. A `file` location in `catalog.locations` must cover it (e.g.
       * `<dir>/*.yaml`). Leave unset where templates publish to a Git host instead.
       */
      localCatalogDirectory?: string;
    };
  };
}
