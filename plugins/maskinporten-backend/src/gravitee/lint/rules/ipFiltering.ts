import { isIP } from 'node:net';
import { POLICY } from '../../constants';
import { jsonPath } from '../jsonPath';
import { LintRule } from '../ruleContext';
import { GraviteeLintFinding } from '../types';

/**
 * An IPv4 entry of /31 or /32 in an IP filter matches no address unless `isInclusiveHostCount`
 * is set: the policy checks IPv4 ranges with commons-net SubnetUtils, which leaves out the
 * network and broadcast addresses (gravitee-policy-ipfiltering `IPFilteringPolicy#isIpInFilterIpRange`,
 * 1.19.x–3.0.0). In a whitelist that blocks the caller the entry was written for; the real
 * 4.10.8 gateway answered 403 to 127.0.0.1 with the entry 127.0.0.1/32.
 */
export const ipFilterHostCountRule: LintRule = ctx => {
  const findings: GraviteeLintFinding[] = [];
  for (const step of ctx.model.steps) {
    if (step.policy !== POLICY.ipFiltering || step.configuration.isInclusiveHostCount === true) continue;
    for (const list of ['whitelistIps', 'blacklistIps'] as const) {
      const entries = step.configuration[list];
      if (!Array.isArray(entries)) continue;
      entries.forEach((entry, i) => {
        if (typeof entry === 'string' && isEmptyIpv4Range(entry.trim())) {
          findings.push({
            rule: 'ip-filter-host-count',
            severity: 'error',
            path: jsonPath(step.path, 'configuration', list, i),
            message: `${entry} matches no address: without isInclusiveHostCount the policy leaves out a range's network and broadcast addresses, which are all a /31 or /32 has${list === 'whitelistIps' ? ', so the caller it names is refused (403)' : ''}.`,
            fix: 'Set isInclusiveHostCount to true, or write the single address without /32.',
          });
        }
      });
    }
  }
  return findings;
};

function isEmptyIpv4Range(entry: string): boolean {
  const slash = entry.indexOf('/');
  if (slash < 0 || isIP(entry.slice(0, slash)) !== 4) return false;
  const prefix = entry.slice(slash + 1);
  return prefix === '31' || prefix === '32';
}
