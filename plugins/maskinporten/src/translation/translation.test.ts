// The unused-key check reads the plugin's sources; Jest runs it under Node.
// eslint-disable-next-line no-restricted-imports
import fs from 'fs';
// eslint-disable-next-line no-restricted-imports
import path from 'path';
import {
  describeRotationNextStep,
  explainUnuploadedKey,
  MASKINPORTEN_ERRORS,
  type KeyRotationPhase,
} from '@maskinporten-backstage/plugin-maskinporten-common';
import { describeNextStep } from '../components/KeyRotation/nextStep';
import { translate } from '../__testUtils__/translations';
import { flattenMessages } from './catalogue';
import { englishMessages } from './messages';
import nbLoaded, { bokmalMessages } from './nb';
import type { Translate } from './hooks';

const en = flattenMessages(englishMessages);
const nb = flattenMessages(bokmalMessages);
const languages = { en, nb };
const variables = (message: string) => new Set([...message.matchAll(/\{\{(\w+)\}\}/g)].map(match => match[1]));
const englishT = ((key: string, options?: Record<string, unknown>) => translate(en, 'en', key, options)) as unknown as Translate;

/** Every non-test source file of the plugin outside the catalogues, as one text. */
function sourceText(): string {
  const root = path.resolve(__dirname, '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (![path.join(__dirname, 'en'), path.join(__dirname, 'nb')].includes(full)) walk(full);
      } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !/testUtils/i.test(full) && entry.name !== 'messages.ts') {
        files.push(full);
      }
    }
  };
  walk(root);
  return files.map(file => fs.readFileSync(file, 'utf8')).join('\n');
}

describe('the translation catalogues', () => {
  it('have the same keys in English and bokmål, none empty', () => {
    expect(Object.keys(nb).sort()).toEqual(Object.keys(en).sort());
    for (const [language, messages] of Object.entries(languages)) {
      const empty = Object.entries(messages).filter(([, message]) => message.trim() === '');
      expect({ language, empty }).toEqual({ language, empty: [] });
    }
  });

  it('load bokmål under the flat keys the translation API uses', () => {
    expect(Object.keys(nbLoaded).sort()).toEqual(Object.keys(en).sort());
  });

  it('fill in no value in bokmål that English does not give', () => {
    const unknown = Object.entries(nb).filter(([key, message]) =>
      [...variables(message)].some(name => !variables(en[key]).has(name)),
    );
    expect(unknown).toEqual([]);
  });

  it('have both plural forms wherever one is given', () => {
    for (const messages of Object.values(languages)) {
      for (const key of Object.keys(messages).filter(k => /_(one|other)$/.test(k))) {
        const stem = key.replace(/_(one|other)$/, '');
        expect([stem, messages[`${stem}_one`] !== undefined, messages[`${stem}_other`] !== undefined]).toEqual([
          stem,
          true,
          true,
        ]);
      }
    }
  });

  it('hold no key the plugin does not use', () => {
    const source = sourceText();
    const used = (key: string) => {
      const stem = key.replace(/_(one|other)$/, '');
      if (source.includes(`'${stem}'`)) return true;
      // A key chosen at run time, e.g. t(`rotation.phases.${phase}`).
      const parts = stem.split('.');
      return parts.some((_, i) => i > 0 && source.includes(`\`${parts.slice(0, i).join('.')}.\${`));
    };
    expect(Object.keys(en).filter(key => !used(key))).toEqual([]);
  });
});

describe('the texts -common keeps in English', () => {
  it('explain every Maskinporten error code, in the same English words', () => {
    const codes = Object.keys(englishMessages.tokenTest.mpErrors).sort();
    expect(codes).toEqual(Object.keys(MASKINPORTEN_ERRORS).sort());
    for (const code of codes) {
      expect({ code, meaning: en[`tokenTest.mpErrors.${code}.meaning`], fix: en[`tokenTest.mpErrors.${code}.fix`] }).toEqual({
        code,
        meaning: MASKINPORTEN_ERRORS[code].meaning,
        fix: MASKINPORTEN_ERRORS[code].fix,
      });
    }
  });

  it('explain an unuploaded key as -common does', () => {
    const values = { kid: 'example-kid', environment: 'test' };
    const common = explainUnuploadedKey(values);
    expect(englishT('tokenTest.unuploaded.meaning', values)).toBe(common.meaning);
    expect(englishT('tokenTest.unuploaded.fix', values)).toBe(common.fix);
  });

  it("say a rotation's next step as describeRotationNextStep does, for every phase and mode", () => {
    const phases: KeyRotationPhase[] = [
      'started',
      'generated',
      'registered',
      'awaiting-upload',
      'verified',
      'gateways',
      'retired',
      'failed',
      'cancelled',
    ];
    for (const mode of ['manual', 'self-service'] as const) {
      for (const phase of phases) {
        const gateway = (state: string, name?: string) =>
          ({ deploymentId: `d-${state}`, target: 'gravitee', targetTitle: 'Gravitee', apiId: `api-${state}`, name, managed: state !== 'awaiting-owner', state }) as any;
        for (const rotation of [
          { mode, phase, oldKids: ['kid-1', 'kid-2'], lastError: 'Digdir answered 503' },
          { mode, phase, oldKids: [] },
          { mode, phase, oldKids: ['kid-1'], gateways: [gateway('verified', 'lonn'), gateway('confirmed')] },
          { mode, phase, oldKids: ['kid-1'], gateways: [gateway('pending', 'lonn'), gateway('redeployed')] },
          { mode, phase, oldKids: ['kid-1'], lastError: 'Gateway: down', gateways: [gateway('failed', 'lonn'), gateway('pending')] },
          { mode, phase, oldKids: ['kid-1'], gateways: [gateway('failed', 'lonn')] },
          { mode, phase, oldKids: ['kid-1'], gateways: [gateway('awaiting-owner', 'dmz'), gateway('failed')] },
        ]) {
          expect(describeNextStep(englishT, rotation)).toBe(describeRotationNextStep(rotation));
        }
      }
    }
  });
});
