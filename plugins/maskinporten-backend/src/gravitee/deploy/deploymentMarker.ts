import { createHash } from 'node:crypto';
import {
  GraviteeDefinition,
  GraviteeFormat,
  GraviteeV2Definition,
  GraviteeV4ImportDefinition,
} from '../types';

/**
 * The stable marker by which a deploy finds its API again: a name-based UUID from the
 * integration and format, written into the definition as the API's `id` and `crossId`.
 *
 * What each import keeps (gravitee-api-management, branches 4.5.x, 4.8.x and 4.12.x):
 * - v4, `POST /management/v2/environments/{env}/apis/_import/definition`: an `api.id` in the
 *   body becomes the API's id (`ApiModelFactory.fromApiExport`), and a second import with that
 *   id is refused with 400 "An api [id] already exists." (`ImportApiDefinitionUseCase`
 *   #ensureApiDoesNotExist). So the id is the marker: `GET …/apis/{id}` finds the API.
 * - v2, `POST /management/organizations/{org}/environments/{env}/apis/import`: the body's
 *   `crossId` is kept, and the id becomes `UuidString.generateForEnvironment(envId, body.id)`,
 *   or the id of the API that already has the crossId (`ApiIdsCalculatorServiceImpl`), which
 *   the create then refuses with 400 "already exists" (`ApiServiceImpl#createWithApiDefinition`).
 *   So the crossId is the marker: `GET …/apis?crossId={marker}` (`ApisResource#getApis`,
 *   `ApisParam.crossId`) finds the API.
 */
export function deploymentMarker(key: { entityRef: string; environment: string; format: GraviteeFormat }): string {
  const hex = createHash('sha256')
    .update(`maskinporten-backstage\n${key.entityRef}\n${key.environment}\n${key.format}\ngravitee-api`)
    .digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A copy of the definition that carries the marker as its id and crossId. */
export function withDeploymentMarker(
  format: GraviteeFormat,
  definition: GraviteeDefinition,
  marker: string,
): GraviteeDefinition {
  if (format === 'v2') {
    const v2 = definition as GraviteeV2Definition;
    return { ...v2, id: marker, crossId: marker };
  }
  const v4 = definition as GraviteeV4ImportDefinition;
  return { ...v4, api: { ...v4.api, id: marker, crossId: marker } };
}
