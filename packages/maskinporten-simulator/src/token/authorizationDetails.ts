import { mpError } from '../errors';
import { isOrgNumber } from '../scopes/scopeNames';

/** The RAR types Maskinporten supports; advertised in the metadata. */
export const AUTHORIZATION_DETAILS_TYPES = ['urn:altinn:systemuser'] as const;

const ORG_ID_AUTHORITY = 'iso6523-actorid-upis';
const SYSTEMUSER_FIELDS = ['type', 'systemuser_org'];
const ORG_ID_FIELDS = ['authority', 'ID'];

const unknownType = (detail: string) =>
  mpError('invalid_request', 'MP-301', `Unknown authorization details type: ${detail}`);
const unknownFields = (detail: string) =>
  mpError('invalid_request', 'MP-302', `Unknown fields in the authorization details: ${detail}`);
const invalidValues = (detail: string) =>
  mpError('invalid_request', 'MP-303', `Invalid authorization details values: ${detail}`);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `authorization_details` (RFC 9396), of which Maskinporten supports the type
 * `urn:altinn:systemuser` with a `systemuser_org` of the form
 * `{"authority": "iso6523-actorid-upis", "ID": "0192:<orgno>"}`, one party at a time
 * ("Merk 1: man kan kun spørre på en part i gangen"), per "Systembruker for virksomheter"
 * (https://docs.digdir.no/docs/Maskinporten/maskinporten_func_systembruker). The codes are
 * "Feilsøking i Maskinporten": MP-301 unknown type (check the metadata for supported
 * types), MP-302 unknown fields, MP-303 invalid values.
 */
export function checkAuthorizationDetails(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every(isObject)) {
    throw invalidValues('authorization_details must be a non-empty array of objects');
  }
  if (value.length > 1) {
    throw invalidValues('only one party can be asked for at a time (one authorization_details entry)');
  }
  const [detail] = value as Record<string, unknown>[];
  if (typeof detail.type !== 'string') {
    throw unknownType('each entry needs a string type');
  }
  if (!(AUTHORIZATION_DETAILS_TYPES as readonly string[]).includes(detail.type)) {
    throw unknownType(
      `"${detail.type.slice(0, 100)}" is not supported; supported: ${AUTHORIZATION_DETAILS_TYPES.join(', ')} (see authorization_details_types_supported in the metadata)`,
    );
  }
  const extra = Object.keys(detail).filter(k => !SYSTEMUSER_FIELDS.includes(k));
  if (extra.length > 0) {
    throw unknownFields(`${extra.slice(0, 5).map(k => `"${k.slice(0, 50)}"`).join(', ')} (allowed: ${SYSTEMUSER_FIELDS.join(', ')})`);
  }
  const org = detail.systemuser_org;
  if (!isObject(org)) {
    throw invalidValues('systemuser_org is required: {"authority": "iso6523-actorid-upis", "ID": "0192:<organisation number>"}');
  }
  const extraOrg = Object.keys(org).filter(k => !ORG_ID_FIELDS.includes(k));
  if (extraOrg.length > 0) {
    throw unknownFields(`systemuser_org.${String(extraOrg[0]).slice(0, 50)} (allowed: ${ORG_ID_FIELDS.join(', ')})`);
  }
  if (org.authority !== ORG_ID_AUTHORITY) {
    throw invalidValues(`systemuser_org.authority must be "${ORG_ID_AUTHORITY}"`);
  }
  const id = org.ID;
  if (typeof id !== 'string' || !id.startsWith('0192:') || !isOrgNumber(id.slice(5))) {
    throw invalidValues('systemuser_org.ID must be "0192:" followed by a 9-digit organisation number');
  }
  return [{ type: detail.type, systemuser_org: { authority: ORG_ID_AUTHORITY, ID: id } }];
}
