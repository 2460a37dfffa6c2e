/**
 * Container validation (pkg/apis/core/validation: validateContainerCommon, validateContainers,
 * validateInitContainers, ports, env, mounts, probes, lifecycle handlers, pull policy, security
 * context). Messages and field paths are upstream's.
 */
import {
  duplicate,
  forbidden,
  invalid,
  notFound,
  notSupported,
  type FieldError,
  type Path,
} from '../../../util/validation/field/errors.js';
import {
  isConfigMapKey,
  isHTTPHeaderName,
  isRelaxedEnvVarName,
  isValidGroupID,
  isValidPortName,
  isValidPortNum,
  isValidUserID,
} from '../../../util/validation/validation.js';
import type { Container, EnvFromSource, EnvVar, Handler, Probe, SecurityContext, Volume } from '../v1/types.js';
import { validateResourceRequirements } from './validation-resources.js';
import { validateLocalDescendingPath } from './validation-volumes.js';
import {
  requiredAt,
  validateConfigMapName,
  validateDNS1123Label,
  validateNonnegativeField,
  validatePortNumOrName,
  validateQualifiedName,
  validateSecretName,
} from './validation.js';

/** sets.List order (sorted), as upstream prints it. */
const supportedPortProtocols = ['SCTP', 'TCP', 'UDP'];
const supportedPullPolicies = ['Always', 'IfNotPresent', 'Never'];

export function validateContainerPorts(ports: Container['ports'], fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const idx = fldPath.index(i);
    const name = port.name ?? '';
    if (name !== '') {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(String(idx.child('name')), name, m)));
      else if (names.has(name)) errs.push(duplicate(String(idx.child('name')), name));
      else names.add(name);
    }
    if (!port.containerPort) errs.push(requiredAt(idx.child('containerPort')));
    else
      errs.push(
        ...isValidPortNum(port.containerPort).map((m) =>
          invalid(String(idx.child('containerPort')), port.containerPort, m),
        ),
      );
    if (port.hostPort)
      errs.push(...isValidPortNum(port.hostPort).map((m) => invalid(String(idx.child('hostPort')), port.hostPort, m)));
    if (!port.protocol) errs.push(requiredAt(idx.child('protocol')));
    else if (!supportedPortProtocols.includes(port.protocol))
      errs.push(notSupported(String(idx.child('protocol')), port.protocol, supportedPortProtocols));
  });
  return errs;
}

const validEnvFieldPaths = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
const validResourceFieldPaths = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

function validateKeySelector(sel: { name?: string; key?: string }, fldPath: Path): FieldError[] {
  const errs = validateSecretName(sel.name ?? '', false).map((m) =>
    invalid(String(fldPath.child('name')), sel.name ?? '', m),
  );
  if (!sel.key) errs.push(requiredAt(fldPath.child('key')));
  else errs.push(...isConfigMapKey(sel.key).map((m) => invalid(String(fldPath.child('key')), sel.key, m)));
  return errs;
}

function validateEnvVarValueFrom(ev: EnvVar, fldPath: Path): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let sources = 0;
  if (from.fieldRef) {
    sources++;
    const p = fldPath.child('fieldRef');
    const fieldPath = from.fieldRef.fieldPath ?? '';
    if (!from.fieldRef.apiVersion) errs.push(requiredAt(p.child('apiVersion')));
    else if (!fieldPath) errs.push(requiredAt(p.child('fieldPath')));
    else {
      const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
      if (sub)
        errs.push(
          ...validateQualifiedName(
            sub[1] === 'metadata.annotations' ? (sub[2] ?? '').toLowerCase() : (sub[2] ?? ''),
            p,
          ),
        );
      else if (!validEnvFieldPaths.includes(fieldPath))
        errs.push(notSupported(String(p.child('fieldPath')), fieldPath, validEnvFieldPaths));
    }
  }
  if (from.resourceFieldRef) {
    sources++;
    const p = fldPath.child('resourceFieldRef');
    const resource = from.resourceFieldRef.resource ?? '';
    if (!resource) errs.push(requiredAt(p.child('resource')));
    else if (!validResourceFieldPaths.includes(resource) && !/^(requests|limits)\.hugepages-/.test(resource)) {
      errs.push(notSupported(String(p.child('resource')), resource, validResourceFieldPaths));
    }
  }
  if (from.configMapKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, fldPath.child('configMapKeyRef')));
  }
  if (from.secretKeyRef) {
    sources++;
    errs.push(...validateKeySelector(from.secretKeyRef, fldPath.child('secretKeyRef')));
  }
  if (from.fileKeyRef) sources++;
  if (sources === 0)
    errs.push(
      invalid(
        String(fldPath),
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  else if (ev.value) errs.push(invalid(String(fldPath), '', 'may not be specified when `value` is not empty'));
  else if (sources > 1) errs.push(invalid(String(fldPath), '', 'may not have more than one field specified at a time'));
  return errs;
}

/** Env var names use the relaxed rule (printable ASCII except '='), the default since 1.32. */
export function validateEnv(vars: EnvVar[] | undefined, fldPath: Path): FieldError[] {
  return (vars ?? []).flatMap((ev, i) => {
    const idx = fldPath.index(i);
    const errs: FieldError[] = [];
    if (!ev.name) errs.push(requiredAt(idx.child('name')));
    else errs.push(...isRelaxedEnvVarName(ev.name).map((m) => invalid(String(idx.child('name')), ev.name, m)));
    return errs.concat(validateEnvVarValueFrom(ev, idx.child('valueFrom')));
  });
}

export function validateEnvFrom(vars: EnvFromSource[] | undefined, fldPath: Path): FieldError[] {
  return (vars ?? []).flatMap((ev, i) => {
    const idx = fldPath.index(i);
    const errs: FieldError[] = [];
    if (ev.prefix)
      errs.push(...isRelaxedEnvVarName(ev.prefix).map((m) => invalid(String(idx.child('prefix')), ev.prefix, m)));
    let sources = 0;
    for (const [key, nameFn] of [
      ['configMapRef', validateConfigMapName],
      ['secretRef', validateSecretName],
    ] as const) {
      const ref = ev[key];
      if (!ref) continue;
      sources++;
      const p = idx.child(key).child('name');
      if (!ref.name) errs.push(requiredAt(p));
      else errs.push(...nameFn(ref.name, true).map((m) => invalid(String(p), ref.name, m)));
    }
    if (sources === 0) errs.push(invalid(String(fldPath), '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1)
      errs.push(invalid(String(fldPath), '', 'may not have more than one field specified at a time'));
    return errs;
  });
}

function validateVolumeMounts(c: Container, volumes: Map<string, Volume>, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  const devices = new Map((c.volumeDevices ?? []).map((d) => [d.name ?? '', d.devicePath ?? '']));
  const privileged = c.securityContext?.privileged === true;
  (c.volumeMounts ?? []).forEach((m, i) => {
    const idx = fldPath.index(i);
    const name = m.name ?? '';
    const mountPath = m.mountPath ?? '';
    if (!name) errs.push(requiredAt(idx.child('name')));
    if (!volumes.has(name)) errs.push(notFound(String(idx.child('name')), name));
    if (!mountPath) errs.push(requiredAt(idx.child('mountPath')));
    if (mountPoints.has(mountPath)) errs.push(invalid(String(idx.child('mountPath')), mountPath, 'must be unique'));
    mountPoints.add(mountPath);
    if (devices.has(name))
      errs.push(invalid(String(idx.child('name')), name, 'must not already exist in volumeDevices'));
    if ([...devices.values()].includes(mountPath))
      errs.push(
        invalid(String(idx.child('mountPath')), mountPath, 'must not already exist as a path in volumeDevices'),
      );
    if (m.subPath) errs.push(...validateLocalDescendingPath(m.subPath, fldPath.child('subPath')));
    if (m.subPathExpr) {
      if (m.subPath)
        errs.push(
          invalid(String(idx.child('subPathExpr')), m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'),
        );
      errs.push(...validateLocalDescendingPath(m.subPathExpr, fldPath.child('subPathExpr')));
    }
    if (m.mountPropagation !== undefined) {
      const supported = ['Bidirectional', 'HostToContainer', 'None'];
      const p = fldPath.child('mountPropagation');
      if (!supported.includes(m.mountPropagation)) errs.push(notSupported(String(p), m.mountPropagation, supported));
      if (m.mountPropagation === 'Bidirectional' && !privileged)
        errs.push(forbidden(String(p), 'Bidirectional mount propagation is available only to privileged containers'));
    }
  });
  return errs;
}

function validateHandler(
  h: Handler,
  gracePeriod: number | undefined,
  fldPath: Path,
  withSleep: boolean,
  withGRPC: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  const once = (name: string, check: () => FieldError[]) => {
    if (count > 0) errs.push(forbidden(String(fldPath.child(name)), 'may not specify more than 1 handler type'));
    else {
      count++;
      errs.push(...check());
    }
  };
  if (h.exec)
    once('exec', () =>
      (h.exec?.command ?? []).length === 0 ? [requiredAt(fldPath.child('exec').child('command'))] : [],
    );
  if (h.httpGet) {
    once('httpGet', () => {
      const p = fldPath.child('httpGet');
      const g = h.httpGet ?? {};
      const out: FieldError[] = [];
      if (!g.path) out.push(requiredAt(p.child('path')));
      out.push(...validatePortNumOrName(g.port, p.child('port')));
      if (!['HTTP', 'HTTPS'].includes(g.scheme ?? ''))
        out.push(notSupported(String(p.child('scheme')), g.scheme ?? '', ['HTTP', 'HTTPS']));
      for (const hdr of g.httpHeaders ?? [])
        out.push(
          ...isHTTPHeaderName(hdr.name ?? '').map((m) => invalid(String(p.child('httpHeaders')), hdr.name ?? '', m)),
        );
      return out;
    });
  }
  if (h.tcpSocket)
    once('tcpSocket', () => validatePortNumOrName(h.tcpSocket?.port, fldPath.child('tcpSocket').child('port')));
  if (withGRPC && h.grpc)
    once('grpc', () => validatePortNumOrName(h.grpc?.port ?? 0, fldPath.child('grpc').child('port')));
  if (withSleep && h.sleep) {
    once('sleep', () => {
      const s = h.sleep?.seconds ?? 0;
      if (gracePeriod !== undefined && (s < 0 || s > gracePeriod)) {
        return [
          invalid(
            String(fldPath.child('sleep')),
            s,
            `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`,
          ),
        ];
      }
      return [];
    });
  }
  if (count === 0) errs.push(requiredAt(fldPath, 'must specify a handler type'));
  return errs;
}

function validateProbe(
  p: Probe | undefined,
  gracePeriod: number | undefined,
  fldPath: Path,
  kind: 'liveness' | 'readiness' | 'startup',
): FieldError[] {
  if (!p) return [];
  const errs = validateHandler(p, gracePeriod, fldPath, false, true);
  for (const f of [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ] as const) {
    errs.push(...validateNonnegativeField(p[f], fldPath.child(f)));
  }
  if (p.terminationGracePeriodSeconds !== undefined && p.terminationGracePeriodSeconds <= 0) {
    errs.push(
      invalid(
        String(fldPath.child('terminationGracePeriodSeconds')),
        p.terminationGracePeriodSeconds,
        'must be greater than 0',
      ),
    );
  }
  if (kind !== 'readiness' && p.successThreshold !== 1)
    errs.push(invalid(String(fldPath.child('successThreshold')), p.successThreshold ?? 0, 'must be 1'));
  if (kind === 'readiness' && p.terminationGracePeriodSeconds !== undefined) {
    errs.push(
      invalid(
        String(fldPath.child('terminationGracePeriodSeconds')),
        p.terminationGracePeriodSeconds,
        'must not be set for readinessProbes',
      ),
    );
  }
  return errs;
}

function validateLifecycleAndProbes(c: Container, gracePeriod: number | undefined, path: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (c.lifecycle?.postStart)
    errs.push(
      ...validateHandler(c.lifecycle.postStart, gracePeriod, path.child('lifecycle').child('postStart'), true, false),
    );
  if (c.lifecycle?.preStop)
    errs.push(
      ...validateHandler(c.lifecycle.preStop, gracePeriod, path.child('lifecycle').child('preStop'), true, false),
    );
  errs.push(...validateProbe(c.livenessProbe, gracePeriod, path.child('livenessProbe'), 'liveness'));
  errs.push(...validateProbe(c.readinessProbe, gracePeriod, path.child('readinessProbe'), 'readiness'));
  errs.push(...validateProbe(c.startupProbe, gracePeriod, path.child('startupProbe'), 'startup'));
  return errs;
}

export function validateSecurityContext(sc: SecurityContext | undefined, fldPath: Path): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  if (sc.runAsUser !== undefined)
    errs.push(...isValidUserID(sc.runAsUser).map((m) => invalid(String(fldPath.child('runAsUser')), sc.runAsUser, m)));
  if (sc.runAsGroup !== undefined)
    errs.push(
      ...isValidGroupID(sc.runAsGroup).map((m) => invalid(String(fldPath.child('runAsGroup')), sc.runAsGroup, m)),
    );
  if (sc.procMount !== undefined && !['Default', 'Unmasked'].includes(sc.procMount)) {
    errs.push(notSupported(String(fldPath.child('procMount')), sc.procMount, ['Default', 'Unmasked']));
  }
  if (sc.allowPrivilegeEscalation === false) {
    if (sc.privileged === true)
      errs.push(
        invalid(String(fldPath), sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'),
      );
    if ((sc.capabilities?.add ?? []).includes('CAP_SYS_ADMIN'))
      errs.push(
        invalid(
          String(fldPath),
          sc,
          'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN',
        ),
      );
  }
  return errs;
}

/** The checks every container kind (regular, init, ephemeral) shares. */
export function validateContainerCommon(
  c: Container,
  volumes: Map<string, Volume>,
  path: Path,
  podRestartPolicy: string | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(requiredAt(path.child('name')));
  else errs.push(...validateDNS1123Label(c.name, path.child('name')));
  if (!c.image) errs.push(requiredAt(path.child('image')));
  const policy = c.terminationMessagePolicy ?? '';
  if (policy === '') errs.push(requiredAt(path.child('terminationMessagePolicy')));
  else if (policy !== 'File' && policy !== 'FallbackToLogsOnError')
    errs.push(notSupported(String(path.child('terminationMessagePolicy')), policy, ['File', 'FallbackToLogsOnError']));
  errs.push(...validateContainerPorts(c.ports, path.child('ports')));
  errs.push(...validateEnv(c.env, path.child('env')));
  errs.push(...validateEnvFrom(c.envFrom, path.child('envFrom')));
  errs.push(...validateVolumeMounts(c, volumes, path.child('volumeMounts')));
  const pull = c.imagePullPolicy ?? '';
  if (pull === '') errs.push(requiredAt(path.child('imagePullPolicy')));
  else if (!supportedPullPolicies.includes(pull))
    errs.push(notSupported(String(path.child('imagePullPolicy')), pull, supportedPullPolicies));
  errs.push(...validateResourceRequirements(c.resources, path.child('resources')));
  (c.resizePolicy ?? []).forEach((rp) => {
    const p = path.child('resizePolicy');
    if (!rp.resourceName) errs.push(requiredAt(p));
    else if (!['cpu', 'memory'].includes(rp.resourceName))
      errs.push(notSupported(String(p), rp.resourceName, ['cpu', 'memory']));
    if (!rp.restartPolicy) errs.push(requiredAt(p));
    else if (!['NotRequired', 'RestartContainer'].includes(rp.restartPolicy))
      errs.push(notSupported(String(p), rp.restartPolicy, ['NotRequired', 'RestartContainer']));
    if (podRestartPolicy === 'Never' && rp.restartPolicy !== 'NotRequired')
      errs.push(invalid(String(p), rp.restartPolicy ?? '', "must be 'NotRequired' when `restartPolicy` is 'Never'"));
  });
  return errs.concat(validateSecurityContext(c.securityContext, path.child('securityContext')));
}

/** Host ports must not collide (protocol/hostIP/port) within one list. */
export function checkHostPortConflicts(containers: Container[], fldPath: Path): FieldError[] {
  const seen = new Set<string>();
  const errs: FieldError[] = [];
  containers.forEach((c, ci) => {
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const key = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key))
        errs.push(duplicate(String(fldPath.index(ci).child('ports').index(pi).child('hostPort')), key));
      else seen.add(key);
    });
  });
  return errs;
}

export function validateContainers(
  containers: Container[] | undefined,
  volumes: Map<string, Volume>,
  gracePeriod: number | undefined,
  fldPath: Path,
  podRestartPolicy: string | undefined,
): FieldError[] {
  const list = containers ?? [];
  if (list.length === 0) return [requiredAt(fldPath)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  list.forEach((c, i) => {
    const path = fldPath.index(i);
    errs.push(...validateContainerCommon(c, volumes, path, podRestartPolicy));
    if (names.has(c.name ?? '')) errs.push(duplicate(String(path.child('name')), c.name ?? ''));
    else names.add(c.name ?? '');
    errs.push(...validateLifecycleAndProbes(c, gracePeriod, path));
    if (c.restartPolicy !== undefined)
      errs.push(forbidden(String(path.child('restartPolicy')), 'may not be set for non-init containers'));
  });
  return errs.concat(checkHostPortConflicts(list, fldPath));
}

export function validateInitContainers(
  containers: Container[] | undefined,
  regular: Container[] | undefined,
  volumes: Map<string, Volume>,
  gracePeriod: number | undefined,
  fldPath: Path,
  podRestartPolicy: string | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((regular ?? []).map((c) => c.name ?? ''));
  (containers ?? []).forEach((c, i) => {
    const idx = fldPath.index(i);
    errs.push(...validateContainerCommon(c, volumes, idx, podRestartPolicy));
    const restartAlways = c.restartPolicy === 'Always';
    if (c.restartPolicy !== undefined && !restartAlways)
      errs.push(notSupported(String(idx.child('restartPolicy')), c.restartPolicy, ['Always']));
    if (names.has(c.name ?? '')) errs.push(duplicate(String(idx.child('name')), c.name ?? ''));
    else if (c.name) names.add(c.name);
    errs.push(...checkHostPortConflicts([c], fldPath));
    if (restartAlways) {
      errs.push(...validateLifecycleAndProbes(c, gracePeriod, idx));
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (c[f] !== undefined)
          errs.push(forbidden(String(idx.child(f)), 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}
