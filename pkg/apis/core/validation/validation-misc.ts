/**
 * Endpoints, ReplicationController and Event validation (pkg/apis/core/validation:
 * ValidateEndpoints*, ValidateReplicationController*, and events.go ValidateEvent*).
 */
import { forbidden, invalid, notSupported, Path, type FieldError } from '../../../util/validation/field/errors.js';
import { isDNS1123Subdomain, isValidPortNum } from '../../../util/validation/validation.js';
import { isValidIP } from '../../../util/validation/ip.js';
import type { EndpointAddress, Endpoints, Event, ReplicationController, ReplicaStatus } from '../v1/types.js';
import { validatePodTemplateSpec } from './validation-pod.js';
import { validateNonSpecialIP } from './validation-service.js';
import {
  nameErrors,
  requiredAt,
  validateDNS1123Label,
  validateEndpointsName,
  validateImmutableField,
  validateNodeName,
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateQualifiedName,
  validateReplicationControllerName,
} from './validation.js';

const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];

function validateEndpointAddress(a: EndpointAddress, fldPath: Path): FieldError[] {
  const errs = isValidIP(fldPath.child('ip'), a.ip ?? '');
  if (a.hostname) errs.push(...validateDNS1123Label(a.hostname, fldPath.child('hostname')));
  if (a.nodeName !== undefined && a.nodeName !== null)
    errs.push(...nameErrors(validateNodeName, a.nodeName, fldPath.child('nodeName')));
  return errs.concat(validateNonSpecialIP(a.ip ?? '', fldPath.child('ip')));
}

export function validateEndpoints(ep: Endpoints): FieldError[] {
  const errs = validateObjectMeta(ep.metadata, true, validateEndpointsName, Path.root('metadata'));
  (ep.subsets ?? []).forEach((ss, i) => {
    const idx = Path.root('subsets').index(i);
    if ((ss.addresses ?? []).length === 0 && (ss.notReadyAddresses ?? []).length === 0)
      errs.push(requiredAt(idx, 'must specify `addresses` or `notReadyAddresses`'));
    (ss.addresses ?? []).forEach((a, j) => {
      errs.push(...validateEndpointAddress(a, idx.child('addresses').index(j)));
    });
    (ss.notReadyAddresses ?? []).forEach((a, j) => {
      errs.push(...validateEndpointAddress(a, idx.child('notReadyAddresses').index(j)));
    });
    const ports = ss.ports ?? [];
    ports.forEach((p, j) => {
      const pp = idx.child('ports').index(j);
      if (ports.length > 1 && !p.name) errs.push(requiredAt(pp.child('name')));
      else if (p.name) errs.push(...validateDNS1123Label(p.name, pp.child('name')));
      errs.push(...isValidPortNum(p.port ?? 0).map((m) => invalid(String(pp.child('port')), p.port ?? 0, m)));
      if (!p.protocol) errs.push(requiredAt(pp.child('protocol')));
      else if (!supportedPortProtocols.includes(p.protocol))
        errs.push(notSupported(String(pp.child('protocol')), p.protocol, supportedPortProtocols));
      if (p.appProtocol !== undefined && p.appProtocol !== null)
        errs.push(...validateQualifiedName(p.appProtocol, pp.child('appProtocol')));
    });
  });
  return errs;
}

export function validateEndpointsUpdate(ep: Endpoints, old: Endpoints): FieldError[] {
  return [...validateObjectMetaUpdate(ep.metadata, old.metadata, Path.root('metadata')), ...validateEndpoints(ep)];
}

/** Whether every key=value of `selector` is in `labels` (labels.Set(selector).AsSelector().Matches). */
export function selectorMapMatches(
  selector: Record<string, string>,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function validateReplicationControllerSpec(rc: ReplicationController, fldPath: Path): FieldError[] {
  const spec = rc.spec ?? {};
  const errs = validateNonnegativeField(spec.minReadySeconds, fldPath.child('minReadySeconds'));
  const selector = spec.selector ?? {};
  if (Object.keys(selector).length === 0) errs.push(requiredAt(fldPath.child('selector')));
  errs.push(...validateNonnegativeField(spec.replicas, fldPath.child('replicas')));
  const tp = fldPath.child('template');
  const template = spec.template;
  if (!template) return [...errs, requiredAt(tp)];
  if (Object.keys(selector).length > 0 && !selectorMapMatches(selector, template.metadata?.labels)) {
    errs.push(
      invalid(
        String(tp.child('metadata', 'labels')),
        template.metadata?.labels ?? {},
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(...validatePodTemplateSpec(template, tp));
  if (template.spec?.restartPolicy !== 'Always')
    errs.push(notSupported(String(tp.child('spec', 'restartPolicy')), template.spec?.restartPolicy ?? '', ['Always']));
  if (template.spec?.activeDeadlineSeconds !== undefined && template.spec.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden(
        String(tp.child('spec', 'activeDeadlineSeconds')),
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  }
  return errs;
}

export function validateReplicationController(rc: ReplicationController): FieldError[] {
  return [
    ...validateObjectMeta(rc.metadata, true, validateReplicationControllerName, Path.root('metadata')),
    ...validateReplicationControllerSpec(rc, Path.root('spec')),
  ];
}

export function validateReplicationControllerUpdate(
  rc: ReplicationController,
  old: ReplicationController,
): FieldError[] {
  return [
    ...validateObjectMetaUpdate(rc.metadata, old.metadata, Path.root('metadata')),
    ...validateReplicationControllerSpec(rc, Path.root('spec')),
  ];
}

/** Counts are non-negative and consistent: ready ≤ replicas, available ≤ ready (shared with ReplicaSet). */
export function validateReplicaStatus(status: ReplicaStatus | undefined, statusPath: Path): FieldError[] {
  const s = status ?? {};
  const errs: FieldError[] = [];
  for (const f of [
    'replicas',
    'fullyLabeledReplicas',
    'readyReplicas',
    'availableReplicas',
    'observedGeneration',
  ] as const) {
    errs.push(...validateNonnegativeField(s[f], statusPath.child(f)));
  }
  const replicas = s.replicas ?? 0;
  const msg = 'cannot be greater than status.replicas';
  if ((s.fullyLabeledReplicas ?? 0) > replicas)
    errs.push(invalid(String(statusPath.child('fullyLabeledReplicas')), s.fullyLabeledReplicas, msg));
  if ((s.readyReplicas ?? 0) > replicas)
    errs.push(invalid(String(statusPath.child('readyReplicas')), s.readyReplicas, msg));
  if ((s.availableReplicas ?? 0) > replicas)
    errs.push(invalid(String(statusPath.child('availableReplicas')), s.availableReplicas, msg));
  if ((s.availableReplicas ?? 0) > (s.readyReplicas ?? 0))
    errs.push(
      invalid(
        String(statusPath.child('availableReplicas')),
        s.availableReplicas,
        'cannot be greater than readyReplicas',
      ),
    );
  return errs;
}

export function validateReplicationControllerStatusUpdate(
  rc: ReplicationController,
  old: ReplicationController,
): FieldError[] {
  return [
    ...validateObjectMetaUpdate(rc.metadata, old.metadata, Path.root('metadata')),
    ...validateReplicaStatus(rc.status, Path.root('status')),
  ];
}

const reportingInstanceLengthLimit = 128;
const actionLengthLimit = 128;
const reasonLengthLimit = 128;
const noteLengthLimit = 1024;

/**
 * The checks every Event passes whatever API created it (upstream legacyValidateEvent).
 * `coreAPI` is true for /api/v1 requests (the reporting field is then named reportingComponent).
 */
function legacyValidateEvent(ev: Event, coreAPI: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ns = ev.metadata.namespace ?? '';
  const involvedNS = ev.involvedObject?.namespace ?? '';
  const reportingField = coreAPI ? 'reportingComponent' : 'reportingController';
  if (!ev.eventTime) {
    if (involvedNS === '' ? ns !== '' && ns !== 'default' : ns !== involvedNS) {
      errs.push(invalid('involvedObject.namespace', involvedNS, 'does not match event.namespace'));
    }
  } else {
    if (involvedNS === '' && ns !== 'default' && ns !== 'kube-system')
      errs.push(invalid('involvedObject.namespace', involvedNS, 'does not match event.namespace'));
    const controller = ev.reportingComponent ?? '';
    if (!controller) errs.push(requiredAt(Path.root(reportingField)));
    errs.push(...validateQualifiedName(controller, Path.root(reportingField)));
    const instance = ev.reportingInstance ?? '';
    if (!instance) errs.push(requiredAt(Path.root('reportingInstance')));
    if (instance.length > reportingInstanceLengthLimit)
      errs.push(invalid('reportingInstance', '', `can have at most ${reportingInstanceLengthLimit} characters`));
    if (!ev.action) errs.push(requiredAt(Path.root('action')));
    if ((ev.action ?? '').length > actionLengthLimit)
      errs.push(invalid('action', '', `can have at most ${actionLengthLimit} characters`));
    if (!ev.reason) errs.push(requiredAt(Path.root('reason')));
    if ((ev.reason ?? '').length > reasonLengthLimit)
      errs.push(invalid('reason', '', `can have at most ${reasonLengthLimit} characters`));
    if ((ev.message ?? '').length > noteLengthLimit)
      errs.push(invalid('message', '', `can have at most ${noteLengthLimit} characters`));
  }
  for (const msg of isDNS1123Subdomain(ns)) errs.push(invalid('namespace', ns, msg));
  return errs;
}

/**
 * Event creation. Through /api/v1 only the legacy checks apply (old clients rely on that);
 * through events.k8s.io/v1 (`coreAPI` false) the strict rules of the new API apply too.
 */
export function validateEventCreate(ev: Event, coreAPI: boolean): FieldError[] {
  const errs = legacyValidateEvent(ev, coreAPI);
  if (coreAPI) return errs;
  errs.push(...validateObjectMeta(ev.metadata, true, validateEndpointsName, Path.root('metadata')));
  if (ev.series) {
    if ((ev.series.count ?? 0) < 2) errs.push(invalid('series.count', '', 'should be at least 2'));
    if (!ev.series.lastObservedTime) errs.push(requiredAt(Path.root('series').child('lastObservedTime')));
  }
  if (!ev.eventTime) errs.push(requiredAt(Path.root('eventTime')));
  if (ev.type !== 'Normal' && ev.type !== 'Warning')
    errs.push(invalid('type', '', `has invalid value: ${ev.type ?? ''}`));
  if (ev.firstTimestamp) errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (ev.lastTimestamp) errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (ev.count) errs.push(invalid('count', '', 'needs to be unset'));
  if (ev.source?.component || ev.source?.host) errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

export function validateEventUpdate(ev: Event, old: Event, coreAPI: boolean): FieldError[] {
  const errs = legacyValidateEvent(ev, coreAPI);
  if (coreAPI) return errs;
  errs.push(...validateObjectMetaUpdate(ev.metadata, old.metadata, Path.root('metadata')));
  const fields = [
    'involvedObject',
    'reason',
    'message',
    'source',
    'firstTimestamp',
    'lastTimestamp',
    'count',
    'type',
    'eventTime',
    'action',
    'related',
    'reportingComponent',
    'reportingInstance',
  ] as const;
  for (const f of fields)
    errs.push(
      ...validateImmutableField(ev[f], old[f], Path.root(f === 'reportingComponent' ? 'reportingController' : f)),
    );
  return errs;
}
