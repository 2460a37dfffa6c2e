/**
 * networking validation (pkg/apis/networking/validation/validation.go): NetworkPolicy, Ingress
 * and IngressClass.
 */
import { nameIsDNSSubdomain } from '../../../api/validation/generic.js';
import { validateLabelSelector } from '../../meta/v1/validation/validation.js';
import {
  forbidden,
  invalid,
  notSupported,
  Path,
  required,
  tooLong,
  type FieldError,
} from '../../../util/validation/field/errors.js';
import {
  isDNS1123Subdomain,
  isDomainPrefixedPath,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
} from '../../../util/validation/validation.js';
import { isValidCIDR, parseCIDRSloppy, parseIPSloppy } from '../../../util/validation/ip.js';
import {
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateServiceName,
} from '../../core/validation/validation.js';
import type {
  Ingress,
  IngressBackend,
  IngressClass,
  NetworkPolicy,
  NetworkPolicyPeer,
  NetworkPolicyPort,
} from '../v1/types.js';

function validatePort(port: NetworkPolicyPort, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(port.protocol))
    errs.push(notSupported(String(p.child('protocol')), port.protocol, ['TCP', 'UDP', 'SCTP']));
  if (port.port === undefined || port.port === null) {
    if (port.endPort !== undefined)
      errs.push(invalid(String(p.child('endPort')), port.endPort, 'may not be specified when `port` is not specified'));
  } else if (typeof port.port === 'number') {
    errs.push(...isValidPortNum(port.port).map((m) => invalid(String(p.child('port')), port.port, m)));
    if (port.endPort !== undefined) {
      if (port.endPort < port.port)
        errs.push(invalid(String(p.child('endPort')), port.port, 'must be greater than or equal to `port`'));
      errs.push(...isValidPortNum(port.endPort).map((m) => invalid(String(p.child('endPort')), port.endPort, m)));
    }
  } else {
    if (port.endPort !== undefined)
      errs.push(invalid(String(p.child('endPort')), port.endPort, 'may not be specified when `port` is non-numeric'));
    errs.push(...isValidPortName(port.port).map((m) => invalid(String(p.child('port')), port.port, m)));
  }
  return errs;
}

function cidrContains(outer: { bytes: Uint8Array; prefixLength: number }, inner: Uint8Array): boolean {
  for (let bit = 0; bit < outer.prefixLength; bit++) {
    const byte = Math.floor(bit / 8);
    const mask = 0x80 >> (bit % 8);
    if (((outer.bytes[byte] ?? 0) & mask) !== ((inner[byte] ?? 0) & mask)) return false;
  }
  return true;
}

function validatePeer(peer: NetworkPolicyPeer, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  if (peer.podSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.podSelector, {}, p.child('podSelector')));
  }
  if (peer.namespaceSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, {}, p.child('namespaceSelector')));
  }
  if (peer.ipBlock) {
    peers++;
    const bp = p.child('ipBlock');
    const cidr = peer.ipBlock.cidr ?? '';
    if (!cidr) errs.push(required(String(bp.child('cidr'))));
    else {
      errs.push(...isValidCIDR(bp.child('cidr'), cidr));
      const outer = parseCIDRSloppy(cidr);
      (peer.ipBlock.except ?? []).forEach((ex, i) => {
        const ep = bp.child('except').index(i);
        errs.push(...isValidCIDR(ep, ex));
        const inner = parseCIDRSloppy(ex);
        if (!outer || !inner) return;
        // Prefix lengths compared in 128-bit space, as both parse to 16 bytes.
        const outerLen = outer.prefixLength + (outer.ip.is4 && cidr.includes('.') ? 96 : 0);
        const innerLen = inner.prefixLength + (inner.ip.is4 && ex.includes('.') ? 96 : 0);
        if (!cidrContains({ bytes: outer.ip.bytes, prefixLength: outerLen }, inner.ip.bytes) || outerLen >= innerLen) {
          errs.push(invalid(String(ep), ex, 'must be a strict subset of `cidr`'));
        }
      });
    }
  }
  if (peers === 0) errs.push(required(String(p), 'must specify a peer'));
  else if (peers > 1 && peer.ipBlock) errs.push(forbidden(String(p), 'may not specify both ipBlock and another peer'));
  return errs;
}

export function validateNetworkPolicy(np: NetworkPolicy): FieldError[] {
  const errs = validateObjectMeta(np.metadata, true, nameIsDNSSubdomain, Path.root('metadata'));
  const spec = np.spec ?? {};
  const fld = Path.root('spec');
  errs.push(...validateLabelSelector(spec.podSelector ?? {}, {}, fld.child('podSelector')));
  (spec.ingress ?? []).forEach((rule, i) => {
    const rp = fld.child('ingress').index(i);
    (rule.ports ?? []).forEach((port, j) => {
      errs.push(...validatePort(port, rp.child('ports').index(j)));
    });
    (rule.from ?? []).forEach((peer, j) => {
      errs.push(...validatePeer(peer, rp.child('from').index(j)));
    });
  });
  (spec.egress ?? []).forEach((rule, i) => {
    const rp = fld.child('egress').index(i);
    (rule.ports ?? []).forEach((port, j) => {
      errs.push(...validatePort(port, rp.child('ports').index(j)));
    });
    (rule.to ?? []).forEach((peer, j) => {
      errs.push(...validatePeer(peer, rp.child('to').index(j)));
    });
  });
  const types = spec.policyTypes ?? [];
  if (types.length > 2)
    return [...errs, invalid(String(fld.child('policyTypes')), types, 'may not specify more than two policyTypes')];
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress')
      errs.push(notSupported(String(fld.child('policyTypes').index(i)), t, ['Ingress', 'Egress']));
  });
  return errs;
}

export function validateNetworkPolicyUpdate(np: NetworkPolicy, old: NetworkPolicy): FieldError[] {
  return [...validateObjectMetaUpdate(np.metadata, old.metadata, Path.root('metadata')), ...validateNetworkPolicy(np)];
}

const invalidPathSequences = ['//', '/./', '/../', '%2f', '%2F'];
const invalidPathSuffixes = ['/..', '/.'];

function validateBackend(b: IngressBackend, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (b.resource && b.service) return [invalid(String(p), '', 'cannot set both resource and service backends')];
  if (b.resource) {
    const rp = p.child('resource');
    if (!b.resource.kind) errs.push(required(String(rp.child('kind'))));
    if (!b.resource.name) errs.push(required(String(rp.child('name'))));
    if (b.resource.apiGroup)
      errs.push(
        ...isDNS1123Subdomain(b.resource.apiGroup).map((m) =>
          invalid(String(rp.child('apiGroup')), b.resource?.apiGroup, m),
        ),
      );
    return errs;
  }
  if (!b.service) return [invalid(String(p), '', 'resource or service backend is required')];
  const name = b.service.name ?? '';
  if (!name) errs.push(required(String(p.child('service', 'name'))));
  else errs.push(...validateServiceName(name, false).map((m) => invalid(String(p.child('service', 'name')), name, m)));
  const portName = b.service.port?.name ?? '';
  const portNumber = b.service.port?.number ?? 0;
  if (portName && portNumber) errs.push(invalid(String(p), '', 'cannot set both port name & port number'));
  else if (portName)
    errs.push(
      ...isValidPortName(portName).map((m) => invalid(String(p.child('service', 'port', 'name')), portName, m)),
    );
  else if (portNumber)
    errs.push(
      ...isValidPortNum(portNumber).map((m) => invalid(String(p.child('service', 'port', 'number')), portNumber, m)),
    );
  else errs.push(required(String(p), 'port name or number is required'));
  return errs;
}

function validateHost(host: string, p: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (parseIPSloppy(host)) errs.push(invalid(String(p), host, 'must be a DNS name, not an IP address'));
  const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
  return errs.concat(msgs.map((m) => invalid(String(p), host, m)));
}

export function validateIngress(ing: Ingress): FieldError[] {
  const errs = validateObjectMeta(ing.metadata, true, nameIsDNSSubdomain, Path.root('metadata'));
  const spec = ing.spec ?? {};
  const fld = Path.root('spec');
  const rules = spec.rules ?? [];
  if (rules.length === 0 && !spec.defaultBackend)
    errs.push(invalid(String(fld), rules, 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, fld.child('defaultBackend')));
  rules.forEach((rule, i) => {
    const rp = fld.child('rules').index(i);
    if (rule.host) errs.push(...validateHost(rule.host, rp.child('host')));
    if (!rule.http) return;
    const paths = rule.http.paths ?? [];
    if (paths.length === 0) errs.push(required(String(rp.child('http', 'paths'))));
    paths.forEach((path, j) => {
      const pp = rp.child('http', 'paths').index(j);
      const value = path.path ?? '';
      switch (path.pathType) {
        case undefined:
          errs.push(required(String(pp.child('pathType')), 'pathType must be specified'));
          return;
        case 'Exact':
        case 'Prefix':
          if (!value.startsWith('/')) errs.push(invalid(String(pp.child('path')), value, 'must be an absolute path'));
          if (value) {
            for (const seq of invalidPathSequences)
              if (value.includes(seq)) errs.push(invalid(String(pp.child('path')), value, `must not contain '${seq}'`));
            for (const suf of invalidPathSuffixes)
              if (value.endsWith(suf)) errs.push(invalid(String(pp.child('path')), value, `cannot end with '${suf}'`));
          }
          break;
        case 'ImplementationSpecific':
          if (value && !value.startsWith('/'))
            errs.push(invalid(String(pp.child('path')), value, 'must be an absolute path'));
          break;
        default:
          errs.push(
            notSupported(String(pp.child('pathType')), path.pathType, ['Exact', 'ImplementationSpecific', 'Prefix']),
          );
      }
      errs.push(...validateBackend(path.backend ?? {}, pp.child('backend')));
    });
  });
  (spec.tls ?? []).forEach((tls, i) => {
    (tls.hosts ?? []).forEach((host, j) => {
      const hp = fld.child('tls').index(i).child('hosts').index(j);
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      errs.push(...msgs.map((m) => invalid(String(hp), host, m)));
    });
  });
  if (spec.ingressClassName)
    errs.push(
      ...nameIsDNSSubdomain(spec.ingressClassName, false).map((m) =>
        invalid(String(fld.child('ingressClassName')), spec.ingressClassName, m),
      ),
    );
  return errs;
}

export function validateIngressUpdate(ing: Ingress, old: Ingress): FieldError[] {
  return [...validateObjectMetaUpdate(ing.metadata, old.metadata, Path.root('metadata')), ...validateIngress(ing)];
}

export function validateIngressStatusUpdate(ing: Ingress, old: Ingress): FieldError[] {
  const errs = validateObjectMetaUpdate(ing.metadata, old.metadata, Path.root('metadata'));
  (ing.status?.loadBalancer?.ingress ?? []).forEach((lb, i) => {
    const p = Path.root('status').child('loadBalancer', 'ingress').index(i);
    if (lb.ip && !parseIPSloppy(lb.ip)) errs.push(invalid(String(p.child('ip')), lb.ip, 'must be a valid IP address'));
    if (lb.hostname) {
      errs.push(...isDNS1123Subdomain(lb.hostname).map((m) => invalid(String(p.child('hostname')), lb.hostname, m)));
      if (parseIPSloppy(lb.hostname))
        errs.push(invalid(String(p.child('hostname')), lb.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

const maxLenIngressClassController = 250;

function validateIngressClassSpec(ic: IngressClass): FieldError[] {
  const fld = Path.root('spec');
  const controller = ic.spec?.controller ?? '';
  const errs: FieldError[] = [];
  if (controller.length > maxLenIngressClassController)
    errs.push(tooLong(String(fld.child('controller')), maxLenIngressClassController));
  errs.push(...isDomainPrefixedPath(fld.child('controller'), controller));
  const params = ic.spec?.parameters;
  if (params) {
    const pp = fld.child('parameters');
    if (!params.kind) errs.push(required(String(pp.child('kind'))));
    if (!params.name) errs.push(required(String(pp.child('name'))));
    const scope = params.scope ?? '';
    if (scope !== 'Cluster' && scope !== 'Namespace')
      errs.push(
        scope === ''
          ? required(String(pp.child('scope')))
          : notSupported(String(pp.child('scope')), scope, ['Cluster', 'Namespace']),
      );
    if (scope === 'Namespace' && !params.namespace)
      errs.push(required(String(pp.child('namespace')), '`parameters.scope` is set to "Namespace"'));
    if (scope === 'Cluster' && params.namespace)
      errs.push(forbidden(String(pp.child('namespace')), '`parameters.scope` is set to "Cluster"'));
  }
  return errs;
}

export function validateIngressClass(ic: IngressClass): FieldError[] {
  return [
    ...validateObjectMeta(ic.metadata, false, nameIsDNSSubdomain, Path.root('metadata')),
    ...validateIngressClassSpec(ic),
  ];
}

export function validateIngressClassUpdate(ic: IngressClass, old: IngressClass): FieldError[] {
  return [
    ...validateObjectMetaUpdate(ic.metadata, old.metadata, Path.root('metadata')),
    ...validateImmutableField(
      ic.spec?.controller ?? '',
      old.spec?.controller ?? '',
      Path.root('spec').child('controller'),
    ),
    ...validateIngressClassSpec(ic),
  ];
}
