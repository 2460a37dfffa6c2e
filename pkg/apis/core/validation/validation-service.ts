/**
 * Service validation (pkg/apis/core/validation: ValidateService, ValidateServiceUpdate,
 * ValidateServiceStatusUpdate, ValidateServiceClusterIPsRelatedFields and the dual-stack
 * upgrade/downgrade rules). Cluster IPs themselves are allocated by the service registry.
 */
import { validateLabels } from '../../meta/v1/validation/validation.js';
import {
  duplicate,
  forbidden,
  invalid,
  notSupported,
  Path,
  type FieldError,
} from '../../../util/validation/field/errors.js';
import { duplicateStringer, invalidStringer } from '../../../util/validation/field/stringer.js';
import { goStringSlice } from '../../meta/v1/validation/gostring.js';
import { isDNS1123Subdomain, isValidPortNum } from '../../../util/validation/validation.js';
import { ipFamilyOf, isValidCIDR, isValidIP, parseIPSloppy } from '../../../util/validation/ip.js';
import { externallyAccessible } from '../v1/defaults.js';
import type { Service, ServicePort } from '../v1/types.js';
import {
  requiredAt,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePortNumOrName,
  validateQualifiedName,
  validateServiceName,
} from './validation.js';

const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];
const supportedServiceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const maxClientIPServiceAffinitySeconds = 86400;
const annotationLoadBalancerSourceRanges = 'service.beta.kubernetes.io/load-balancer-source-ranges';

export function isHeadlessService(svc: Service): boolean {
  const ips = svc.spec?.clusterIPs ?? [];
  return ips.length === 1 && ips[0] === 'None';
}

function validateServicePort(sp: ServicePort, requireName: boolean, names: Set<string>, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  const name = sp.name ?? '';
  if (requireName && name === '') errs.push(requiredAt(fldPath.child('name')));
  else if (name !== '') {
    errs.push(...validateDNS1123Label(name, fldPath.child('name')));
    if (names.has(name)) errs.push(duplicate(String(fldPath.child('name')), name));
    else names.add(name);
  }
  errs.push(...isValidPortNum(sp.port ?? 0).map((m) => invalid(String(fldPath.child('port')), sp.port ?? 0, m)));
  if (!sp.protocol) errs.push(requiredAt(fldPath.child('protocol')));
  else if (!supportedPortProtocols.includes(sp.protocol))
    errs.push(notSupported(String(fldPath.child('protocol')), sp.protocol, supportedPortProtocols));
  errs.push(...validatePortNumOrName(sp.targetPort, fldPath.child('targetPort')));
  if (sp.appProtocol !== undefined && sp.appProtocol !== null)
    errs.push(...validateQualifiedName(sp.appProtocol, fldPath.child('appProtocol')));
  return errs;
}

/** Unspecified, loopback and link-local addresses are node-local, not service addresses. */
export function validateNonSpecialIP(ip: string, fldPath: Path): FieldError[] {
  const parsed = parseIPSloppy(ip);
  if (!parsed) return [invalid(String(fldPath), ip, 'must be a valid IP address')];
  const b = parsed.bytes;
  const errs: FieldError[] = [];
  const v4 = parsed.is4 ? [b[12] ?? 0, b[13] ?? 0, b[14] ?? 0, b[15] ?? 0] : undefined;
  const allZero = v4 ? v4.every((x) => x === 0) : b.every((x) => x === 0);
  if (allZero) errs.push(invalid(String(fldPath), ip, `may not be unspecified (${ip})`));
  const loopback = v4 ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  if (loopback) errs.push(invalid(String(fldPath), ip, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  const linkLocal = v4 ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80;
  if (linkLocal)
    errs.push(invalid(String(fldPath), ip, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  const linkLocalMulticast = v4
    ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
    : b[0] === 0xff && ((b[1] ?? 0) & 0x0f) === 0x02;
  if (linkLocalMulticast)
    errs.push(invalid(String(fldPath), ip, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}

export function validateServiceClusterIPsRelatedFields(svc: Service): FieldError[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const specPath = Path.root('spec');
  const ipsPath = specPath.child('clusterIPs');
  const ips = spec.clusterIPs ?? [];
  // Upstream passes the whole []string as the bad value, which Go prints as `[]string{"…"}`.
  const goClusterIPs = goStringSlice(spec.clusterIPs);
  if (spec.clusterIP) {
    if (ips.length === 0) errs.push(requiredAt(ipsPath));
    else if (ips[0] !== spec.clusterIP)
      errs.push(invalidStringer(String(ipsPath), goClusterIPs, 'first value must match `clusterIP`'));
  } else if (ips.length !== 0) {
    errs.push(invalidStringer(String(ipsPath), goClusterIPs, 'must be empty when `clusterIP` is not specified'));
  }
  const seen = new Set<string>();
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6')
      errs.push(notSupported(String(specPath.child('ipFamilies').index(i)), f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.push(duplicate(String(specPath.child('ipFamilies').index(i)), f));
    seen.add(f);
  });
  const policies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
  if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null && !policies.includes(spec.ipFamilyPolicy)) {
    errs.push(notSupported(String(specPath.child('ipFamilyPolicy')), spec.ipFamilyPolicy, policies));
  }
  let invalidIPs = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        invalidIPs = true;
        errs.push(invalidStringer(String(ipsPath), goClusterIPs, "'None' must be the first and only value"));
      }
      return;
    }
    const e = isValidIP(ipsPath.index(i), ip);
    if (e.length > 0) invalidIPs = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalidStringer(String(ipsPath), goClusterIPs, 'may only hold up to 2 values'));
  if (invalidIPs) return errs;
  if (ips.length > 1 && new Set(ips.map(ipFamilyOf)).size !== 2)
    errs.push(invalidStringer(String(ipsPath), goClusterIPs, 'may specify no more than one IP for each IP family'));
  if (!isHeadlessService(svc)) {
    ips.forEach((ip, i) => {
      const fam = spec.ipFamilies?.[i];
      if (fam === 'IPv4' && ipFamilyOf(ip) === 'IPv6')
        errs.push(invalid(String(ipsPath.index(i)), ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (fam === 'IPv6' && ipFamilyOf(ip) !== 'IPv6')
        errs.push(invalid(String(ipsPath.index(i)), ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    });
  }
  return errs;
}

export function validateService(svc: Service): FieldError[] {
  const metaPath = Path.root('metadata');
  const specPath = Path.root('spec');
  const spec = svc.spec ?? {};
  const errs = validateObjectMeta(svc.metadata, true, validateServiceName, metaPath);
  const ports = spec.ports ?? [];
  if (ports.length === 0 && !isHeadlessService(svc) && spec.type !== 'ExternalName')
    errs.push(requiredAt(specPath.child('ports')));
  switch (spec.type) {
    case 'LoadBalancer':
    case 'NodePort':
      if (isHeadlessService(svc))
        errs.push(
          invalid(
            String(specPath.child('clusterIPs').index(0)),
            'None',
            `may not be set to 'None' for ${spec.type} services`,
          ),
        );
      break;
    case 'ExternalName': {
      if ((spec.clusterIPs ?? []).length > 0)
        errs.push(forbidden(String(specPath.child('clusterIPs')), 'may not be set for ExternalName services'));
      if ((spec.ipFamilies ?? []).length > 0)
        errs.push(forbidden(String(specPath.child('ipFamilies')), 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy)
        errs.push(forbidden(String(specPath.child('ipFamilyPolicy')), 'may not be set for ExternalName services'));
      const cname = (spec.externalName ?? '').replace(/\.$/, '');
      if (cname) errs.push(...validateDNS1123Subdomain(cname, specPath.child('externalName')));
      else errs.push(requiredAt(specPath.child('externalName')));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    errs.push(...validateServicePort(p, ports.length > 1, names, specPath.child('ports').index(i)));
  });
  if (spec.selector) errs.push(...validateLabels(spec.selector, specPath.child('selector')));
  const affinity = spec.sessionAffinity ?? '';
  if (affinity === '') errs.push(requiredAt(specPath.child('sessionAffinity')));
  else if (affinity !== 'ClientIP' && affinity !== 'None')
    errs.push(notSupported(String(specPath.child('sessionAffinity')), affinity, ['ClientIP', 'None']));
  if (affinity === 'ClientIP') {
    const p = specPath.child('sessionAffinityConfig');
    const cfg = spec.sessionAffinityConfig;
    const why = 'when session affinity type is ClientIP';
    if (!cfg) errs.push(requiredAt(p, why));
    else if (!cfg.clientIP) errs.push(requiredAt(p.child('clientIP'), why));
    else if (cfg.clientIP.timeoutSeconds === undefined)
      errs.push(requiredAt(p.child('clientIP').child('timeoutSeconds'), why));
    else if (cfg.clientIP.timeoutSeconds <= 0 || cfg.clientIP.timeoutSeconds > maxClientIPServiceAffinitySeconds) {
      errs.push(
        invalid(
          String(p.child('clientIP').child('timeoutSeconds')),
          cfg.clientIP.timeoutSeconds,
          `must be greater than 0 and less than ${maxClientIPServiceAffinitySeconds}`,
        ),
      );
    }
  } else if (affinity === 'None' && spec.sessionAffinityConfig) {
    errs.push(
      forbidden(String(specPath.child('sessionAffinityConfig')), 'must not be set when session affinity is None'),
    );
  }
  errs.push(...validateServiceClusterIPsRelatedFields(svc));
  (spec.externalIPs ?? []).forEach((ip, i) => {
    const p = specPath.child('externalIPs').index(i);
    const e = isValidIP(p, ip);
    errs.push(...(e.length > 0 ? e : validateNonSpecialIP(ip, p)));
  });
  if (!spec.type) errs.push(requiredAt(specPath.child('type')));
  else if (!supportedServiceTypes.includes(spec.type))
    errs.push(notSupported(String(specPath.child('type')), spec.type, supportedServiceTypes));
  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push(
          forbidden(
            String(specPath.child('ports').index(i).child('nodePort')),
            "may not be used when `type` is 'ClusterIP'",
          ),
        );
    });
  }
  const nodePorts = new Set<string>();
  const portKeys = new Set<string>();
  ports.forEach((p, i) => {
    if (p.nodePort) {
      const key = `${p.protocol ?? ''}/${p.nodePort}`;
      if (nodePorts.has(key))
        errs.push(duplicate(String(specPath.child('ports').index(i).child('nodePort')), p.nodePort));
      nodePorts.add(key);
    }
    const key = `${p.protocol ?? ''}/${p.port ?? 0}`;
    if (portKeys.has(key)) errs.push(invalidStringerDuplicate(specPath.child('ports').index(i), p));
    portKeys.add(key);
  });
  const ranges = spec.loadBalancerSourceRanges ?? [];
  const lbAnnotation = svc.metadata.annotations?.[annotationLoadBalancerSourceRanges];
  if (ranges.length > 0) {
    const p = specPath.child('LoadBalancerSourceRanges');
    if (spec.type !== 'LoadBalancer') errs.push(forbidden(String(p), "may only be used when `type` is 'LoadBalancer'"));
    ranges.forEach((r, i) => {
      errs.push(...isValidCIDR(p.index(i), r.trim()));
    });
  } else if (lbAnnotation !== undefined) {
    const p = metaPath.child('annotations').key(annotationLoadBalancerSourceRanges);
    if (spec.type !== 'LoadBalancer') errs.push(forbidden(String(p), "may only be used when `type` is 'LoadBalancer'"));
    const v = lbAnnotation.trim();
    if (v !== '') for (const c of v.split(',')) errs.push(...isValidCIDR(p, c.trim()));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== 'LoadBalancer') {
    errs.push(
      forbidden(
        String(specPath.child('allocateLoadBalancerNodePorts')),
        "may only be used when `type` is 'LoadBalancer'",
      ),
    );
  }
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined)
    errs.push(requiredAt(Path.root('allocateLoadBalancerNodePorts')));
  if (spec.type === 'LoadBalancer') {
    if (spec.loadBalancerClass !== undefined)
      errs.push(...validateQualifiedName(spec.loadBalancerClass, specPath.child('loadBalancerClass')));
  } else if (spec.loadBalancerClass !== undefined) {
    errs.push(forbidden(String(specPath.child('loadBalancerClass')), "may only be used when `type` is 'LoadBalancer'"));
  }
  if (!externallyAccessible(svc)) {
    if (spec.externalTrafficPolicy)
      errs.push(
        invalid(
          String(specPath.child('externalTrafficPolicy')),
          spec.externalTrafficPolicy,
          'may only be set for externally-accessible services',
        ),
      );
  } else if (!spec.externalTrafficPolicy) {
    errs.push(requiredAt(specPath.child('externalTrafficPolicy')));
  } else if (!['Cluster', 'Local'].includes(spec.externalTrafficPolicy)) {
    errs.push(
      notSupported(String(specPath.child('externalTrafficPolicy')), spec.externalTrafficPolicy, ['Cluster', 'Local']),
    );
  }
  const needsHealthCheck = spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
  if (!needsHealthCheck && spec.healthCheckNodePort) {
    errs.push(
      invalid(
        String(specPath.child('healthCheckNodePort')),
        spec.healthCheckNodePort,
        "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
      ),
    );
  }
  if (!spec.internalTrafficPolicy && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type ?? ''))
    errs.push(requiredAt(specPath.child('internalTrafficPolicy')));
  if (spec.internalTrafficPolicy && !['Cluster', 'Local'].includes(spec.internalTrafficPolicy)) {
    errs.push(
      notSupported(String(specPath.child('internalTrafficPolicy')), spec.internalTrafficPolicy, ['Cluster', 'Local']),
    );
  }
  const td = spec.trafficDistribution;
  if (td !== undefined && td !== null && !['PreferClose', 'PreferSameZone', 'PreferSameNode'].includes(td)) {
    errs.push(
      notSupported(String(specPath.child('trafficDistribution')), td, [
        'PreferClose',
        'PreferSameZone',
        'PreferSameNode',
      ]),
    );
  }
  return errs;
}

/** The duplicated (protocol, port) key as Go's %#v prints the internal ServicePort upstream reports. */
function invalidStringerDuplicate(fldPath: Path, p: ServicePort): FieldError {
  const text = `core.ServicePort{Name:"", Protocol:${JSON.stringify(p.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${p.port ?? 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;
  return duplicateStringer(String(fldPath), text);
}

function validateUpgradeDowngrade(svc: Service, old: Service): FieldError[] {
  const spec = svc.spec ?? {};
  const oldSpec = old.spec ?? {};
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const newHeadless = isHeadlessService(svc);
  const oldHeadless = isHeadlessService(old);
  const ips = spec.clusterIPs ?? [];
  const oldIPs = oldSpec.clusterIPs ?? [];
  const ipsPath = Path.root('spec').child('clusterIPs');
  // Bad values are whole slices, printed by Go as `[]string{…}` (ipFamilies: `[]core.IPFamily{…}`).
  const goClusterIPs = goStringSlice(spec.clusterIPs);
  const goFamilies = goStringSlice(spec.ipFamilies, 'core.IPFamily');
  if (!(oldHeadless && newHeadless)) {
    if (oldIPs.length === ips.length) {
      oldIPs.forEach((ip, i) => {
        if (ip !== ips[i])
          errs.push(invalidStringer(String(ipsPath.index(i)), goClusterIPs, 'may not change once set'));
      });
    } else if (oldIPs.length > ips.length) {
      if (ips.length === 0)
        errs.push(invalidStringer(String(ipsPath.index(0)), goClusterIPs, 'primary clusterIP can not be unset'));
      if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0])
        errs.push(invalidStringer(String(ipsPath.index(0)), goClusterIPs, 'may not change once set'));
      if (ips.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
        errs.push(
          invalid(
            'spec.ipFamilyPolicy',
            spec.ipFamilyPolicy ?? null,
            "must be set to 'SingleStack' when releasing the secondary clusterIP",
          ),
        );
      }
    } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
      errs.push(invalidStringer(String(ipsPath.index(0)), goClusterIPs, 'may not change once set'));
    }
  }
  if (newHeadless !== oldHeadless || newHeadless) return errs;
  const fams = spec.ipFamilies ?? [];
  const oldFams = oldSpec.ipFamilies ?? [];
  const famPath = Path.root('spec').child('ipFamilies').index(0);
  if (oldFams.length === fams.length) {
    oldFams.forEach((f, i) => {
      if (f !== fams[i]) errs.push(invalidStringer(String(famPath), goFamilies, 'may not change once set'));
    });
  } else if (oldFams.length > fams.length) {
    if (ips.length === 0) errs.push(invalidStringer(String(famPath), goFamilies, 'primary ipFamily can not be unset'));
    if (fams.length > 0 && fams[0] !== oldFams[0])
      errs.push(invalidStringer(String(famPath), goClusterIPs, 'may not change once set'));
    if (fams.length === 1 && spec.ipFamilyPolicy !== 'SingleStack') {
      errs.push(
        invalid(
          'spec.ipFamilyPolicy',
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (oldFams.length > 0 && fams.length > 0 && fams[0] !== oldFams[0]) {
    errs.push(invalidStringer(String(famPath), goClusterIPs, 'may not change once set'));
  }
  return errs;
}

export function validateServiceUpdate(svc: Service, old: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata, Path.root('metadata'));
  errs.push(...validateUpgradeDowngrade(svc, old));
  const spec = svc.spec ?? {};
  const oldSpec = old.spec ?? {};
  if (
    spec.type === 'LoadBalancer' &&
    oldSpec.type === 'LoadBalancer' &&
    (spec.loadBalancerClass ?? null) !== (oldSpec.loadBalancerClass ?? null)
  ) {
    errs.push(invalid('spec.loadBalancerClass', spec.loadBalancerClass ?? null, 'may not change once set'));
  }
  const health = (s: typeof spec) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
  if (health(spec) && health(oldSpec) && spec.healthCheckNodePort !== oldSpec.healthCheckNodePort)
    errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
  return errs.concat(validateService(svc));
}

export function validateServiceStatusUpdate(svc: Service, old: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata, old.metadata, Path.root('metadata'));
  const ingPath = Path.root('status').child('loadBalancer').child('ingress');
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (svc.spec?.type !== 'LoadBalancer' && ingress.length > 0)
    return [...errs, forbidden(String(ingPath), "may only be used when `spec.type` is 'LoadBalancer'")];
  ingress.forEach((ing, i) => {
    const p = ingPath.index(i);
    if (ing.ip) errs.push(...isValidIP(p.child('ip'), ing.ip));
    if (!ing.ipMode && ing.ip) errs.push(requiredAt(p.child('ipMode'), 'must be specified when `ip` is set'));
    else if (ing.ipMode && !ing.ip)
      errs.push(forbidden(String(p.child('ipMode')), 'may not be specified when `ip` is not set'));
    else if (ing.ipMode && !['Proxy', 'VIP'].includes(ing.ipMode))
      errs.push(notSupported(String(p.child('ipMode')), ing.ipMode, ['Proxy', 'VIP']));
    if (ing.hostname) {
      errs.push(...isDNS1123Subdomain(ing.hostname).map((m) => invalid(String(p.child('hostname')), ing.hostname, m)));
      if (parseIPSloppy(ing.hostname))
        errs.push(invalid(String(p.child('hostname')), ing.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}
