import { MaskinportenKeyExpiryChange } from '@maskinporten-backstage/plugin-maskinporten-node';
import { describeKey, describeNotice, LogChannel, NotificationsChannel } from './notifiers';
import { NOTICE_TEXTS, noticeTextsFor } from './noticeTexts';
import { capturingLogger } from './__testUtils__/fixtures';
import { DAY } from './__testUtils__/fixtures';

const now = new Date('2026-11-25T09:00:00Z');

function change(
  title: string,
  overrides: Partial<MaskinportenKeyExpiryChange> = {},
): MaskinportenKeyExpiryChange {
  return {
    kid: 'k1',
    state: 'warning',
    expiresAt: new Date(now.getTime() + 19 * DAY),
    integration: { entityRef: 'resource:default/lonn-dfo-test', environment: 'test', title },
    ...overrides,
  };
}

describe('describeKey', () => {
  it('names the environment after the title', () => {
    expect(describeKey(change('Lønn service'), now).title).toBe('Maskinporten key expires in 19 days: Lønn service (test)');
  });

  it('does not repeat an environment the title already names', () => {
    expect(describeKey(change('Lønn → DFØ (test)'), now).title).toBe(
      'Maskinporten key expires in 19 days: Lønn → DFØ (test)',
    );
  });

  it('names the gateway deployments that sign with the key', () => {
    const sentence = describeKey(
      change('Lønn', { deployments: [{ target: 'gravitee', apiId: 'api-1', inSync: true }] }),
      now,
    ).sentence;
    expect(sentence).toContain(
      'gravitee API api-1 signs with it; renewal re-posts the same key and needs no redeploy, a rotation redeploys it with the new key.',
    );
  });
});

describe('describeNotice: one digest per owner', () => {
  const owner = 'group:default/team-lonn';

  it('lists every key that needs attention, not only what changed, with the worst severity', () => {
    const critical = change('Lønn → DFØ (prod)', {
      kid: 'k2',
      state: 'critical',
      expiresAt: new Date(now.getTime() + 3 * DAY),
      integration: { entityRef: 'resource:default/lonn-dfo-prod', environment: 'prod', title: 'Lønn → DFØ (prod)' },
    });
    const warning = change('Lønn → DFØ (test)');
    const notice = describeNotice({ owner, changes: [critical], attention: [warning, critical], scannedAt: now });
    expect(notice.title).toBe('Maskinporten: 2 keys need attention (2 expiring soon)');
    expect(notice.severity).toBe('high');
    expect(notice.description).toContain('Key k1 of resource:default/lonn-dfo-test');
    expect(notice.description).toContain('Key k2 of resource:default/lonn-dfo-prod');
    expect(notice.link).toBe('/maskinporten?owner=group%3Adefault%2Fteam-lonn');
  });

  it('links to the entity and uses the key title when one key needs attention', () => {
    const only = change('Lønn service', { state: 'expired', expiresAt: new Date(now.getTime() - DAY) });
    const notice = describeNotice({ owner, changes: [only], attention: [only], scannedAt: now });
    expect(notice).toMatchObject({
      title: 'Maskinporten key expired: Lønn service (test)',
      severity: 'critical',
      link: '/catalog/default/resource/lonn-dfo-test',
    });
  });

  it('says so when nothing needs attention any more', () => {
    const renewed = change('Lønn service', { state: 'ok', previousState: 'warning' });
    const notice = describeNotice({ owner, changes: [renewed], attention: [], scannedAt: now });
    expect(notice.severity).toBe('low');
    expect(notice.title).toBe('Maskinporten key no longer expiring soon: Lønn service (test)');
  });
});

describe('notices in bokmål (maskinporten.notifications.language: nb)', () => {
  const owner = 'group:default/team-lonn';
  const nb = noticeTextsFor('nb');

  it('has every English text in bokmål, none empty, with the same values filled in', () => {
    const names = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map(m => m[1]).sort();
    expect(Object.keys(NOTICE_TEXTS.nb).sort()).toEqual(Object.keys(NOTICE_TEXTS.en).sort());
    for (const [key, text] of Object.entries(NOTICE_TEXTS.nb)) {
      expect([key, text.trim().length > 0]).toEqual([key, true]);
      expect([key, names(text)]).toEqual([key, names(NOTICE_TEXTS.en[key as keyof typeof NOTICE_TEXTS.en])]);
    }
  });

  it('describes a key in bokmål', () => {
    expect(describeKey(change('Lønn service'), now, nb).title).toBe('Maskinporten-nøkkel utløper om 19 dager: Lønn service (test)');
    const gateways = describeKey(
      change('Lønn', { deployments: [{ target: 'gravitee', apiId: 'api-1', inSync: true }] }),
      now,
      nb,
    );
    expect(gateways.sentence).toBe(
      `Nøkkel k1 for resource:default/lonn-dfo-test i miljøet test utløper ${new Date(now.getTime() + 19 * DAY)
        .toISOString()
        .slice(0, 10)} (UTC). gravitee API api-1 signerer med den; fornyelse poster den samme nøkkelen på nytt og trenger ingen ny utrulling, en rotasjon ruller den ut på nytt med den nye nøkkelen.`,
    );
  });

  it('sends the digest in the configured language through both channels', async () => {
    const expired = change('Lønn → DFØ (prod)', {
      kid: 'k2',
      state: 'expired',
      expiresAt: new Date(now.getTime() - DAY),
      integration: { entityRef: 'resource:default/lonn-dfo-prod', environment: 'prod', title: 'Lønn → DFØ (prod)' },
    });
    const notice = { owner, changes: [expired], attention: [change('Lønn → DFØ (test)'), expired], scannedAt: now };
    expect(describeNotice(notice, nb).title).toBe('Maskinporten: 2 nøkler trenger oppmerksomhet (1 utløpt, 1 utløper snart)');

    const sent: any[] = [];
    await new NotificationsChannel({ send: async (n: any) => void sent.push(n) } as any, 'nb').notifyExpiry(notice);
    expect(sent[0].payload.title).toBe('Maskinporten: 2 nøkler trenger oppmerksomhet (1 utløpt, 1 utløper snart)');
    expect(sent[0].payload.description).toContain('Roter nøkkelen');

    const logger = capturingLogger();
    await new LogChannel(logger, 'nb').notifyExpiry(notice);
    expect(logger.lines.map(line => line.message)).toEqual([
      expect.stringMatching(/^Maskinporten-nøkkel utløpt: Lønn → DFØ \(prod\)\. .* Roter nøkkelen/),
    ]);
  });

  it('stays English by default', async () => {
    const sent: any[] = [];
    const only = change('Lønn service', { state: 'expired', expiresAt: new Date(now.getTime() - DAY) });
    await new NotificationsChannel({ send: async (n: any) => void sent.push(n) } as any).notifyExpiry({
      owner,
      changes: [only],
      attention: [only],
      scannedAt: now,
    });
    expect(sent[0].payload.title).toBe('Maskinporten key expired: Lønn service (test)');
  });
});
