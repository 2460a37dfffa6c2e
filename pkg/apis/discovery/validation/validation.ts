/** EndpointSlice validation (pkg/apis/discovery/validation/validation.go). */
import { nameIsDNSSubdomain } from '../../../api/validation/generic.js';
import {
  duplicate,
  notSupported,
  Path,
  required,
  tooMany,
  type FieldError,
} from '../../../util/validation/field/errors.js';
import { isFullyQualifiedDomainName } from '../../../util/validation/validation.js';
import { isValidIPv4Address, isValidIPv6Address } from '../../../util/validation/ip.js';
import {
  nameErrors,
  validateDNS1123Label,
  validateImmutableField,
  validateNodeName,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateQualifiedName,
} from '../../core/validation/validation.js';
import { validateNonSpecialIP } from '../../core/validation/validation-service.js';
import type { EndpointSlice } from '../v1/types.js';

const addressTypes = ['FQDN', 'IPv4', 'IPv6'];
const protocols = ['SCTP', 'TCP', 'UDP'];
const maxAddresses = 100;
const maxPorts = 20000;
const maxEndpoints = 1000;

function validateEndpoints(es: EndpointSlice, fld: Path): FieldError[] {
  const list = es.endpoints ?? [];
  if (list.length > maxEndpoints) return [tooMany(String(fld), list.length, maxEndpoints)];
  const errs: FieldError[] = [];
  list.forEach((ep, i) => {
    const idx = fld.index(i);
    const ap = idx.child('addresses');
    const addrs = ep.addresses ?? [];
    if (addrs.length === 0) errs.push(required(String(ap), 'must contain at least 1 address'));
    else if (addrs.length > maxAddresses) errs.push(tooMany(String(ap), addrs.length, maxAddresses));
    addrs.forEach((a, j) => {
      const p = ap.index(j);
      if (es.addressType === 'IPv4' || es.addressType === 'IPv6') {
        const ipErrs = es.addressType === 'IPv4' ? isValidIPv4Address(p, a) : isValidIPv6Address(p, a);
        errs.push(...(ipErrs.length > 0 ? ipErrs : validateNonSpecialIP(a, p)));
      } else if (es.addressType === 'FQDN') {
        errs.push(...isFullyQualifiedDomainName(p, a));
      }
    });
    if (ep.nodeName !== undefined && ep.nodeName !== null)
      errs.push(...nameErrors(validateNodeName, ep.nodeName, idx.child('nodeName')));
    if (ep.hostname !== undefined && ep.hostname !== null)
      errs.push(...validateDNS1123Label(ep.hostname, idx.child('hostname')));
  });
  return errs;
}

function validatePorts(es: EndpointSlice, fld: Path): FieldError[] {
  const ports = es.ports ?? [];
  if (ports.length > maxPorts) return [tooMany(String(fld), ports.length, maxPorts)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const idx = fld.index(i);
    const name = p.name ?? '';
    if (name) errs.push(...validateDNS1123Label(name, idx.child('name')));
    if (names.has(name)) errs.push(duplicate(String(idx.child('name')), name));
    names.add(name);
    if (!p.protocol) errs.push(required(String(idx.child('protocol'))));
    else if (!protocols.includes(p.protocol))
      errs.push(notSupported(String(idx.child('protocol')), p.protocol, protocols));
    if (p.appProtocol !== undefined && p.appProtocol !== null)
      errs.push(...validateQualifiedName(p.appProtocol, idx.child('appProtocol')));
  });
  return errs;
}

export function validateEndpointSlice(es: EndpointSlice): FieldError[] {
  const errs = validateObjectMeta(es.metadata, true, nameIsDNSSubdomain, Path.root('metadata'));
  if (!es.addressType) errs.push(required('addressType'));
  else if (!addressTypes.includes(es.addressType)) errs.push(notSupported('addressType', es.addressType, addressTypes));
  return [...errs, ...validateEndpoints(es, Path.root('endpoints')), ...validatePorts(es, Path.root('ports'))];
}

export function validateEndpointSliceUpdate(es: EndpointSlice, old: EndpointSlice): FieldError[] {
  return [
    ...validateObjectMetaUpdate(es.metadata, old.metadata, Path.root('metadata')),
    ...validateEndpointSlice(es),
    ...validateImmutableField(es.addressType ?? '', old.addressType ?? '', Path.root('addressType')),
  ];
}
