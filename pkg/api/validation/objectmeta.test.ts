import { describe, expect, it } from 'vitest';
import type { ObjectMeta } from '../../apis/meta/v1/types.js';
import { Path } from '../../util/validation/field/errors.js';
import { nameIsDNS1035Label, nameIsDNSLabel, nameIsDNSSubdomain } from './generic.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta.js';
import { validatePathSegmentName } from './path/name.js';

const md = Path.root('metadata');
const msgs = (errs: readonly { toString(): string }[]) => errs.map(String);

describe('validateObjectMeta', () => {
  it('requires a name or generateName', () => {
    expect(msgs(validateObjectMeta({ namespace: 'default' }, true, nameIsDNSSubdomain, md))).toEqual([
      'metadata.name: Required value: name or generateName is required',
    ]);
  });

  it('applies the resource name rule to name and generateName (with a trailing dash allowed)', () => {
    expect(
      validateObjectMeta({ name: 'web-x1y2z', generateName: 'web-', namespace: 'ns' }, true, nameIsDNSLabel, md),
    ).toEqual([]);
    const errs = msgs(
      validateObjectMeta({ name: 'Bad', generateName: 'Bad-', namespace: 'ns' }, true, nameIsDNS1035Label, md),
    );
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^metadata\.generateName: Invalid value: "Bad-": a DNS-1035 label/);
    expect(errs[1]).toMatch(/^metadata\.name: Invalid value: "Bad": a DNS-1035 label/);
  });

  it('requires a namespace on namespaced kinds and forbids it on cluster-scoped kinds', () => {
    expect(msgs(validateObjectMeta({ name: 'a' }, true, nameIsDNSSubdomain, md))).toEqual([
      'metadata.namespace: Required value',
    ]);
    expect(msgs(validateObjectMeta({ name: 'a', namespace: 'x' }, false, nameIsDNSSubdomain, md))).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
    expect(msgs(validateObjectMeta({ name: 'a', namespace: 'Bad_NS' }, true, nameIsDNSSubdomain, md))[0]).toMatch(
      /^metadata\.namespace: Invalid value: "Bad_NS": a lowercase RFC 1123 label/,
    );
  });

  it('validates label keys and values at the labels path', () => {
    const errs = msgs(
      validateObjectMeta(
        { name: 'a', namespace: 'n', labels: { 'bad key': 'v', ok: '-bad' } },
        true,
        nameIsDNSSubdomain,
        md,
      ),
    );
    expect(errs).toHaveLength(2);
    expect(errs[0]).toMatch(/^metadata\.labels: Invalid value: "bad key": name part must consist of/);
    expect(errs[1]).toMatch(/^metadata\.labels: Invalid value: "-bad": a valid label must be an empty string/);
  });

  it('accepts upper-case annotation keys but caps their total size at 256KiB', () => {
    expect(
      validateObjectMeta(
        { name: 'a', namespace: 'n', annotations: { 'Example.com/Key': 'x' } },
        true,
        nameIsDNSSubdomain,
        md,
      ),
    ).toEqual([]);
    const big = { k: 'x'.repeat(256 * 1024) };
    expect(
      msgs(validateObjectMeta({ name: 'a', namespace: 'n', annotations: big }, true, nameIsDNSSubdomain, md)),
    ).toEqual(['metadata.annotations: Too long: may not be more than 262144 bytes']);
  });

  it('rejects a negative generation, bad owner references and two controllers', () => {
    const meta: ObjectMeta = {
      name: 'a',
      namespace: 'n',
      generation: -1,
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'r', uid: '1', controller: true },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'q', uid: '', controller: true },
      ],
    };
    expect(msgs(validateObjectMeta(meta, true, nameIsDNSSubdomain, md))).toEqual([
      'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
      'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
      expect.stringMatching(
        /^metadata\.ownerReferences: Invalid value: .*Only one reference can have Controller set to true\. Found "true" in references for ReplicaSet\/r and ReplicaSet\/q$/,
      ),
    ]);
  });

  it('forbids Events as owners', () => {
    const meta: ObjectMeta = {
      name: 'a',
      namespace: 'n',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'u' }],
    };
    expect(msgs(validateObjectMeta(meta, true, nameIsDNSSubdomain, md))[0]).toMatch(
      /: \/v1, Kind=Event is disallowed from being an owner$/,
    );
  });

  it('rejects orphan together with foregroundDeletion', () => {
    expect(
      msgs(
        validateObjectMeta(
          { name: 'a', namespace: 'n', finalizers: ['orphan', 'foregroundDeletion'] },
          true,
          nameIsDNSSubdomain,
          md,
        ),
      ),
    ).toEqual([
      'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });
});

describe('validateObjectMetaUpdate', () => {
  const old: ObjectMeta = {
    name: 'a',
    namespace: 'n',
    uid: 'u1',
    resourceVersion: '5',
    generation: 2,
    creationTimestamp: '2024-01-01T00:00:00Z',
  };

  it('accepts an update that only changes labels', () => {
    expect(validateObjectMetaUpdate({ ...old, labels: { a: 'b' } }, old, md)).toEqual([]);
  });

  it('requires a resourceVersion', () => {
    expect(msgs(validateObjectMetaUpdate({ ...old, resourceVersion: '' }, old, md))).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    ]);
  });

  it('keeps identity fields immutable', () => {
    const errs = msgs(
      validateObjectMetaUpdate({ ...old, name: 'b', uid: 'u2', creationTimestamp: '2025-01-01T00:00:00Z' }, old, md),
    );
    expect(errs).toEqual([
      'metadata.name: Invalid value: "b": field is immutable',
      'metadata.uid: Invalid value: "u2": field is immutable',
      'metadata.creationTimestamp: Invalid value: "2025-01-01T00:00:00Z": field is immutable',
    ]);
  });

  it('does not let the generation go backwards', () => {
    expect(msgs(validateObjectMetaUpdate({ ...old, generation: 1 }, old, md))).toEqual([
      'metadata.generation: Invalid value: 1: must not be decremented',
    ]);
  });

  it('forbids new finalizers once deletion started', () => {
    const deleting = { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', finalizers: ['a.io/x'] };
    expect(validateObjectMetaUpdate({ ...deleting, finalizers: [] }, deleting, md)).toEqual([]);
    expect(msgs(validateObjectMetaUpdate({ ...deleting, finalizers: ['a.io/x', 'b.io/y'] }, deleting, md))).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"b.io/y"}',
    ]);
  });
});

describe('validatePathSegmentName', () => {
  it('rejects names that would break URL paths', () => {
    expect(validatePathSegmentName('..', false)).toEqual(["may not be '..'"]);
    expect(validatePathSegmentName('a/b%c', false)).toEqual(["may not contain '/'", "may not contain '%'"]);
    expect(validatePathSegmentName('.', true)).toEqual([]);
  });
});
