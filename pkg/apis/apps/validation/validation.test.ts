import { describe, expect, it } from 'vitest';
import { setDefaultsDaemonSet, setDefaultsDeployment, setDefaultsStatefulSet } from '../v1/defaults.js';
import type { DaemonSet, Deployment, StatefulSet } from '../v1/types.js';
import { validateDeployment, validateDeploymentUpdate } from './validation.js';
import { validateDaemonSet, validateStatefulSet, validateStatefulSetUpdate } from './validation-statefulset.js';

const template = () => ({
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});
function deployment(mutate: (d: Deployment) => void = () => {}): Deployment {
  const d: Deployment = {
    metadata: { name: 'web', namespace: 'default', resourceVersion: '1' },
    spec: { selector: { matchLabels: { app: 'web' } }, template: template() },
  };
  mutate(d);
  setDefaultsDeployment(d);
  return d;
}
const msgs = (errs: readonly object[]) => errs.map(String);

describe('deployment defaulting', () => {
  it('sets upstream apps/v1 defaults', () => {
    const d = deployment();
    expect(d.spec).toMatchObject({
      replicas: 1,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    });
    expect(d.spec?.template?.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
    });
  });
});

describe('deployment validation', () => {
  it('accepts a defaulted deployment', () => {
    expect(msgs(validateDeployment(deployment()))).toEqual([]);
  });

  it('requires a selector', () => {
    expect(msgs(validateDeployment(deployment((d) => delete d.spec!.selector)))).toEqual([
      'spec.selector: Required value',
    ]);
  });

  it('requires the selector to match the template labels', () => {
    expect(msgs(validateDeployment(deployment((d) => (d.spec!.selector = { matchLabels: { app: 'other' } }))))).toEqual(
      ['spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`'],
    );
  });

  it('rejects an empty selector', () => {
    expect(msgs(validateDeployment(deployment((d) => (d.spec!.selector = {}))))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('rejects maxUnavailable and maxSurge both zero', () => {
    const d = deployment(
      (x) => (x.spec!.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } }),
    );
    expect(msgs(validateDeployment(d))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0',
    ]);
  });

  it('requires progressDeadlineSeconds above minReadySeconds', () => {
    expect(msgs(validateDeployment(deployment((d) => Object.assign(d.spec!, { minReadySeconds: 700 }))))).toEqual([
      'spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds',
    ]);
  });

  it('keeps the selector immutable with the upstream message', () => {
    const old = deployment();
    const updated = deployment((d) => {
      d.spec!.selector = { matchLabels: { app: 'web', v: '2' } };
      d.spec!.template!.metadata!.labels = { app: 'web', v: '2' };
    });
    expect(msgs(validateDeploymentUpdate(updated, old))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });
});

describe('statefulset and daemonset validation', () => {
  function sts(mutate: (s: StatefulSet) => void = () => {}): StatefulSet {
    const s: StatefulSet = {
      metadata: { name: 'db', namespace: 'default', resourceVersion: '1' },
      spec: { serviceName: 'db', selector: { matchLabels: { app: 'web' } }, template: template() },
    };
    mutate(s);
    setDefaultsStatefulSet(s);
    return s;
  }

  it('accepts a defaulted statefulset', () => {
    expect(msgs(validateStatefulSet(sts()))).toEqual([]);
    expect(sts().spec).toMatchObject({
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      replicas: 1,
    });
  });

  it('accepts a template mounting a volumeClaimTemplates volume, as upstream (the claim is no template volume)', () => {
    const withClaim = sts((s) => {
      const container = s.spec?.template?.spec?.containers?.[0];
      if (container) container.volumeMounts = [{ name: 'data', mountPath: '/var/lib/data' }];
      if (s.spec) {
        s.spec.volumeClaimTemplates = [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ];
      }
    });
    expect(msgs(validateStatefulSet(withClaim))).toEqual([]);
  });

  it('still checks the template labels against the selector', () => {
    const mismatched = sts((s) => {
      if (s.spec) s.spec.selector = { matchLabels: { app: 'other' } };
    });
    expect(msgs(validateStatefulSet(mismatched))).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('forbids changing serviceName', () => {
    expect(
      msgs(
        validateStatefulSetUpdate(
          sts((s) => (s.spec!.serviceName = 'other')),
          sts(),
        ),
      ),
    ).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    expect(
      msgs(
        validateStatefulSetUpdate(
          sts((s) => (s.spec!.replicas = 3)),
          sts(),
        ),
      ),
    ).toEqual([]);
  });

  it('rejects a daemonset whose template would restart on failure only', () => {
    const ds: DaemonSet = {
      metadata: { name: 'agent', namespace: 'kube-system' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: template() },
    };
    ds.spec!.template!.spec!.restartPolicy = 'OnFailure';
    setDefaultsDaemonSet(ds);
    expect(msgs(validateDaemonSet(ds))).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
    ]);
  });
});
