/**
 * Frontend-only shapes of the Gravitee download. The routes' request and response types are
 * defined once, in the common package, for the backend that answers and the client that calls.
 */
import type {
  GraviteeFormat,
  GraviteeSecretMode,
} from '@maskinporten-backstage/plugin-maskinporten-common';

/** @public */
export interface GraviteeDefinitionOptions {
  format: GraviteeFormat;
  secrets: GraviteeSecretMode;
}

/** @public */
export interface GraviteeDefinitionDownload {
  /** The definition as the backend rendered it. */
  definition: unknown;
  /** From Content-Disposition, or a name built from the entity and format. */
  filename: string;
}
