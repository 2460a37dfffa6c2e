import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinDefinitions } from '../../openapi/definitions.js';
import { goFormat, StrategicMergePatchError } from './errors.js';
import { patchMetaForKind, type PatchMeta } from './meta.js';
import { applyStrategicMergePatch } from './patch.js';

let deploymentMeta: PatchMeta;

beforeAll(async () => {
  deploymentMeta = patchMetaForKind(await loadBuiltinDefinitions(), {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
  })!;
});

const live = {
  metadata: { name: 'web', labels: { a: '1' }, finalizers: ['a'] },
  spec: {
    template: { spec: { containers: [{ name: 'a' }, { name: 'b' }], tolerations: [{ key: 'k', operator: 'Exists' }] } },
  },
};

function podSpecPatch(patch: Record<string, unknown>): unknown {
  return { spec: { template: { spec: patch } } };
}

/** The error applying `patch` to the live Deployment throws. */
function failure(patch: unknown): StrategicMergePatchError {
  try {
    applyStrategicMergePatch(live, patch, deploymentMeta);
  } catch (err) {
    if (err instanceof StrategicMergePatchError) return err;
    throw err;
  }
  throw new Error('the patch applied');
}

describe('malformed patches fail with upstream wording and status class', () => {
  it.each([
    [
      'a list element without its merge key',
      podSpecPatch({ containers: [{ image: 'x' }] }),
      500,
      'map: map[image:x] does not contain declared merge key: name',
    ],
    [
      '$patch: delete without the merge key',
      podSpecPatch({ containers: [{ $patch: 'delete' }] }),
      500,
      'map: map[$patch:delete] does not contain declared merge key: name',
    ],
    [
      '$retainKeys that is not a list',
      { metadata: { $retainKeys: 'name' } },
      400,
      'invalid patch format of retainKeys',
    ],
    [
      'a key missing from $retainKeys',
      { metadata: { $retainKeys: ['name'], labels: { b: '2' } } },
      400,
      'invalid patch format of retainKeys',
    ],
    [
      '$deleteFromPrimitiveList without "/"',
      { metadata: { $deleteFromPrimitiveListfinalizers: ['a'] } },
      400,
      'invalid patch format of primitive list',
    ],
    [
      '$setElementOrder without "/"',
      { metadata: { $setElementOrderfinalizers: ['a'] } },
      400,
      'invalid patch format of setElementOrder list',
    ],
    [
      '$setElementOrder that is not a list',
      podSpecPatch({ '$setElementOrder/containers': 'a' }),
      500,
      'expected a []interface {}, but received a string',
    ],
    [
      '$setElementOrder naming a map by a string',
      podSpecPatch({ '$setElementOrder/containers': ['a'], containers: [{ name: 'a' }] }),
      500,
      'expected a map[string]interface {}, but received a string',
    ],
    [
      'a patch list out of $setElementOrder order',
      podSpecPatch({
        '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }],
        containers: [{ name: 'b' }, { name: 'a' }],
      }),
      500,
      "The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n",
    ],
    [
      '$setElementOrder of a field the type lacks',
      podSpecPatch({ '$setElementOrder/nope': [] }),
      500,
      'unable to find api field in struct PodSpec for the json field "nope"',
    ],
    [
      'an unknown $patch on a map',
      { metadata: { labels: { $patch: 'merge' } } },
      500,
      'unknown patch type: merge in map: map[$patch:merge]',
    ],
    [
      'a non-string $patch on a map',
      { metadata: { labels: { $patch: 1 } } },
      500,
      'unknown patch type: %!s(int64=1) in map: map[$patch:1]',
    ],
    [
      '$patch: merge in a list',
      podSpecPatch({ containers: [{ name: 'a', $patch: 'merge' }] }),
      500,
      'merging lists cannot yet be specified in the patch',
    ],
    [
      'an unknown $patch in a list',
      podSpecPatch({ containers: [{ name: 'a', $patch: 'foo' }] }),
      500,
      'unknown patch type: foo in map: map[$patch:foo name:a]',
    ],
    [
      'a list of lists',
      { metadata: { finalizers: [['x']] } },
      500,
      'list element types are not identical: [[a] [[x]]]',
    ],
    ['mixed element types', { metadata: { finalizers: [1] } }, 500, 'list element types are not identical: [[a] [1]]'],
    [
      'a delete list of maps',
      podSpecPatch({ '$deleteFromPrimitiveList/tolerations': [{ key: 'k' }] }),
      500,
      'cannot merge lists without merge key for struct',
    ],
    ['a top-level array', [], 400, 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['a top-level string', 'x', 400, 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
    ['a top-level number', 1, 400, 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
  ])('%s', (_, patch, code, message) => {
    const err = failure(patch);
    expect(err.message).toBe(message);
    expect(err.code).toBe(code);
  });

  it('answers 422 for a list of lists where the list starts empty', () => {
    const err = (() => {
      try {
        applyStrategicMergePatch(
          { metadata: { finalizers: [] } },
          { metadata: { finalizers: [['x']] } },
          deploymentMeta,
        );
      } catch (e) {
        return e as StrategicMergePatchError;
      }
      throw new Error('the patch applied');
    })();
    expect(err).toMatchObject({ code: 422, message: 'lists of lists are not supported' });
  });
});

describe('goFormat prints values as Go fmt %v does', () => {
  it.each([
    [{ b: 1, a: 'x y' }, 'map[a:x y b:1]'],
    [[1, 'x', null, true], '[1 x <nil> true]'],
    [
      { f: 1.5, big: 1e21, small: 0.00001, mid: 123456.5, exp: 1234567.5 },
      'map[big:1e+21 exp:1.2345675e+06 f:1.5 mid:123456.5 small:1e-05]',
    ],
    [{ nested: { z: [{ k: 'v' }], a: {} } }, 'map[nested:map[a:map[] z:[map[k:v]]]]'],
  ])('%j', (value, text) => {
    expect(goFormat(value)).toBe(text);
  });

  it('marks non-strings under %s as Go does', () => {
    expect(goFormat('x', 's')).toBe('x');
    expect(goFormat(2, 's')).toBe('%!s(int64=2)');
    expect(goFormat(0.5, 's')).toBe('%!s(float64=0.5)');
    expect(goFormat(false, 's')).toBe('%!s(bool=false)');
    expect(goFormat(null, 's')).toBe('%!s(<nil>)');
  });
});
