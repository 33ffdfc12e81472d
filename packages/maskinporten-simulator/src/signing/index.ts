export { SigningKeyRing } from './SigningKeyRing';
export { fileSigningKeyStore, checkStoredSigningKeys } from './signingKeyStore';
export type { SigningKeyStore, StoredSigningKey, StoredSigningKeys } from './signingKeyStore';
