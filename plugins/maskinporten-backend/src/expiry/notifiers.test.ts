import { describeChange } from './notifiers';
import { DAY, storedKey } from './__testUtils__/fixtures';

describe('describeChange', () => {
  const now = new Date('2026-11-25T09:00:00Z');
  const change = (title: string) => ({
    key: storedKey('k1', 'resource:default/lonn-dfo-test', {
      expiresAt: new Date(now.getTime() + 19 * DAY),
    }),
    state: 'warning' as const,
    integration: { entityRef: 'resource:default/lonn-dfo-test', environment: 'test', title },
    owner: 'group:default/team-lonn',
    now,
  });

  it('names the environment after the title', () => {
    expect(describeChange(change('Lønn service')).title).toBe(
      'Maskinporten key expires in 19 days: Lønn service (test)',
    );
  });

  it('does not repeat an environment the title already names', () => {
    expect(describeChange(change('Lønn → DFØ (test)')).title).toBe(
      'Maskinporten key expires in 19 days: Lønn → DFØ (test)',
    );
  });
});
