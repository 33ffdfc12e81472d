import { MASKINPORTEN_ERRORS } from '@maskinporten-backstage/plugin-maskinporten-common';
import { explainTokenResponse } from './explainTokenResponse';

const mp100 = { kind: 'rejected', status: 400, error: 'invalid_grant', code: 'MP-100', errorDescription: 'Invalid assertion' } as const;

describe('explainTokenResponse', () => {
  it('explains MP-100 with a pending key as a key never uploaded, as the card does', () => {
    const result = explainTokenResponse(mp100, 'test', { kid: 'lonn-2026', state: 'pending' });
    expect(result.meaning).toMatch(/lonn-2026 has not been uploaded to Digdir/);
    expect(result.fix).toMatch(/Upload the key set/);
    expect(result.message).toMatch(/refused the grant: invalid_grant MP-100\. The key lonn-2026 has not been uploaded/);
  });

  it("keeps the catalogue's explanation for MP-100 with an active key", () => {
    const result = explainTokenResponse(mp100, 'test', { kid: 'lonn-2026', state: 'active' });
    expect(result.meaning).toBe(MASKINPORTEN_ERRORS['MP-100'].meaning);
    expect(result.fix).toBe(MASKINPORTEN_ERRORS['MP-100'].fix);
  });
});
