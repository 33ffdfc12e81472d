import { MAX_GRANT_LIFETIME_SECONDS } from '../../constants';
import { jsonPath } from '../jsonPath';
import { LintRule } from '../ruleContext';
import { GraviteeLintFinding } from '../types';

const UNIT_SECONDS: Record<string, number> = { SECONDS: 1, MINUTES: 60, HOURS: 3600, DAYS: 86_400 };

/** Defaults from the Generate JWT schema, which is what the gateway applies when unset. */
const DEFAULT_EXPIRES_IN = 30;
const DEFAULT_UNIT = 'SECONDS';

/** Digdir documents `exp - iat <= 120`; a longer grant is rejected. */
export const jwtLifetimeRule: LintRule = ctx => {
  const findings: GraviteeLintFinding[] = [];
  for (const step of ctx.generateJwtSteps) {
    const config = step.configuration;
    const unit = config.expiresInUnit === undefined ? DEFAULT_UNIT : String(config.expiresInUnit);
    const raw = config.expiresIn === undefined ? DEFAULT_EXPIRES_IN : Number(config.expiresIn);
    const path = jsonPath(step.path, 'configuration', config.expiresIn === undefined ? 'expiresInUnit' : 'expiresIn');
    const fix = `Set expiresIn to 118 or less with expiresInUnit SECONDS (at most ${MAX_GRANT_LIFETIME_SECONDS} s).`;
    if (!(unit in UNIT_SECONDS) || !Number.isInteger(raw) || raw <= 0) {
      findings.push({
        rule: 'jwt-expires-in',
        severity: 'error',
        path,
        message: `The grant lifetime ${JSON.stringify(config.expiresIn)} ${unit} is not a positive whole number of SECONDS, MINUTES, HOURS or DAYS.`,
        fix,
      });
      continue;
    }
    const seconds = raw * UNIT_SECONDS[unit];
    if (seconds > MAX_GRANT_LIFETIME_SECONDS) {
      findings.push({
        rule: 'jwt-expires-in',
        severity: 'error',
        path,
        message: `The grant lives ${raw} ${unit.toLowerCase()} (${seconds} s); Maskinporten rejects grants whose exp - iat exceeds ${MAX_GRANT_LIFETIME_SECONDS} s.`,
        fix,
      });
    }
  }
  return findings;
};
