/**
 * validate(): every problem with the options, not just the first (mirrors ServerRunOptions.Validate):
 * each option group's own checks, then the kube-apiserver's, so a user fixes them all in one go.
 */
import { isIP } from 'node:net';
import { authenticationOptions } from '../../../../pkg/server/options/authentication.js';
import { etcdOptions } from '../../../../pkg/server/options/etcd.js';
import { serverRunOptions } from '../../../../pkg/server/options/server-run.js';
import { secureServingOptions } from '../../../../pkg/server/options/serving.js';
import type { CompletedOptions } from './completion.js';

export function validate(opts: CompletedOptions): string[] {
  const errs = [
    ...secureServingOptions.validate(opts.secureServing),
    ...authenticationOptions.validate(opts.authentication),
    ...serverRunOptions.validate(opts.generic),
    ...etcdOptions.validate(opts.etcd),
  ];
  if (!isCIDR(opts.serviceClusterIPRange))
    errs.push(`--service-cluster-ip-range ${JSON.stringify(opts.serviceClusterIPRange)} is not a valid CIDR`);
  return errs;
}

function isCIDR(text: string): boolean {
  const [ip, bits, extra] = text.split('/');
  if (ip === undefined || bits === undefined || extra !== undefined || !/^\d+$/.test(bits)) return false;
  const family = isIP(ip);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}
