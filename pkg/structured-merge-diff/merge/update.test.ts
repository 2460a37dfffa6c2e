/**
 * The merge algorithm's scenarios, many from upstream's merge/*_test.go (their objects and
 * expected results as fixtures), over schemas written as OpenAPI definitions.
 */
import { describe, expect, it } from 'vitest';
import type { SchemaObject } from '../../openapi/definitions.js';
import { keyByFields } from '../fieldpath/element.js';
import { makePath } from '../fieldpath/path.js';
import { excludeSetFilter, FieldSet } from '../fieldpath/set.js';
import { SameVersionConverter, State } from '../internal/fixture/state.js';
import type { TypedValue } from '../typed/typed.js';
import { isMap, setField, type Value } from '../value/value.js';
import { Conflicts } from './conflict.js';
import type { Converter } from './update.js';

const ref = (name: string): SchemaObject => ({ $ref: `#/definitions/${name}` });

const leafDefs: Record<string, SchemaObject> = {
  leaf: {
    type: 'object',
    properties: { numeric: { type: 'integer' }, string: { type: 'string' }, bool: { type: 'boolean' } },
  },
};
const setDefs: Record<string, SchemaObject> = {
  sets: {
    type: 'object',
    properties: { list: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } },
  },
};
const mapListDefs: Record<string, SchemaObject> = {
  type: {
    type: 'object',
    properties: {
      list: {
        type: 'array',
        items: ref('element'),
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
      },
    },
  },
  element: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      value: { type: 'integer' },
      sub: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
};

function conflictOf(fn: () => void): Conflicts {
  try {
    fn();
  } catch (err) {
    if (err instanceof Conflicts) return err;
    throw err;
  }
  throw new Error('expected conflicts');
}

describe('leaf fields', () => {
  it('apply twice: the second apply owns what it sends', () => {
    const s = new State(leafDefs, 'leaf');
    s.apply('default', 'v1', { numeric: 1, string: 'string' });
    s.apply('default', 'v1', { numeric: 2, bool: false });
    expect(s.live.value).toEqual({ numeric: 2, bool: false });
    expect(s.owned()).toEqual({ default: ['.bool', '.numeric'] });
    expect(s.managers.get('default')?.applied).toBe(true);
  });

  it('apply, update, apply with conflict; forcing takes the field (upstream apply_update_apply_with_conflict)', () => {
    const s = new State(leafDefs, 'leaf');
    s.apply('default', 'v1', { numeric: 1, string: 'string' });
    s.update('controller', 'v1', { numeric: 1, string: 'controller string', bool: true });
    const c = conflictOf(() => s.apply('default', 'v1', { numeric: 2, string: 'user string' }));
    expect(c.conflicts.map((x) => [x.manager, x.path])).toEqual([['controller', makePath('string')]]);
    expect(c.message).toBe('conflict with "controller": .string');
    s.apply('default', 'v1', { numeric: 2, string: 'user string' }, true);
    expect(s.live.value).toEqual({ numeric: 2, string: 'user string', bool: true });
    expect(s.owned()).toEqual({ default: ['.numeric', '.string'], controller: ['.bool'] });
  });

  it('applying the same value another manager set is no conflict, and both own it', () => {
    const s = new State(leafDefs, 'leaf');
    s.update('controller', 'v1', { numeric: 1 });
    s.apply('default', 'v1', { numeric: 1 });
    expect(s.owned()).toEqual({ controller: ['.numeric'], default: ['.numeric'] });
  });

  it('a field the applier stops sending stays when an updater also owns it (upstream update_apply_omits)', () => {
    const s = new State(leafDefs, 'leaf');
    s.apply('default', 'v1', { numeric: 2 });
    s.update('controller', 'v1', { numeric: 1 });
    s.apply('default', 'v1', null);
    expect(s.live.value).toEqual({ numeric: 1 });
    expect(s.owned()).toEqual({ controller: ['.numeric'] });
  });

  it('an update that takes a manager’s last field drops the manager (upstream update_remove_empty_set)', () => {
    const s = new State(leafDefs, 'leaf');
    s.apply('default', 'v1', { string: 'string' });
    s.update('controller', 'v1', { string: 'new string' });
    expect(s.owned()).toEqual({ controller: ['.string'] });
  });

  it('applying nothing removes what the applier owned (upstream apply_remove_empty_set)', () => {
    const s = new State(leafDefs, 'leaf');
    s.apply('default', 'v1', { string: 'string' });
    s.apply('default', 'v1', null);
    expect(s.live.value).toBeNull();
    expect(s.managers.size).toBe(0);
  });

  it('an apply that changes nothing returns no object', () => {
    const s = new State(leafDefs, 'leaf');
    s.apply('default', 'v1', { numeric: 1 });
    const { object, managers } = s.updater.apply(s.live, s.typed({ numeric: 1 }), 'v1', s.managers, 'default', false);
    expect(object).toBeUndefined();
    expect(managers.get('default')?.set.toString()).toBe('.numeric');
  });

  it('lists every conflict, grouped by manager in name order', () => {
    const s = new State(leafDefs, 'leaf');
    s.update('b-controller', 'v1', { numeric: 1, string: 'x' });
    s.update('a-controller', 'v1', { numeric: 1, string: 'x', bool: true });
    const c = conflictOf(() => s.apply('default', 'v1', { numeric: 2, string: 'y', bool: false }));
    expect(c.message).toBe(
      'conflicts with "a-controller":\n- .bool\nconflicts with "b-controller":\n- .numeric\n- .string',
    );
    expect(c.toSet().toString().split('\n')).toEqual(['.bool', '.numeric', '.string']);
  });
});

describe('sets', () => {
  it('apply twice (upstream apply_twice)', () => {
    const s = new State(setDefs, 'sets');
    s.apply('default', 'v1', { list: ['a', 'c'] });
    s.apply('default', 'v1', { list: ['a', 'b', 'c', 'd'] });
    expect(s.live.value).toEqual({ list: ['a', 'b', 'c', 'd'] });
    expect(s.owned()).toEqual({ default: ['.list[="a"]', '.list[="b"]', '.list[="c"]', '.list[="d"]'] });
  });

  it('keeps others’ items where they were (upstream apply_update_apply_no_overlap)', () => {
    const s = new State(setDefs, 'sets');
    s.apply('default', 'v1', { list: ['a', 'c'] });
    s.update('controller', 'v1', { list: ['a', 'b', 'c', 'd'] });
    s.apply('default', 'v1', { list: ['a', 'aprime', 'c', 'cprime'] });
    expect(s.live.value).toEqual({ list: ['a', 'b', 'aprime', 'c', 'd', 'cprime'] });
    expect(s.owned()).toEqual({
      default: ['.list[="a"]', '.list[="aprime"]', '.list[="c"]', '.list[="cprime"]'],
      controller: ['.list[="b"]', '.list[="d"]'],
    });
  });

  it('rejects duplicate items in an applied set but accepts them in a live object', () => {
    const s = new State(setDefs, 'sets');
    expect(() => s.typed({ list: ['a', 'a'] })).toThrow('.list: duplicate entries for key [="a"]');
    expect(() => s.typed({ list: ['a', 'a'] }, true)).not.toThrow();
  });
});

describe('associative lists', () => {
  it('removes items the applier no longer sends (upstream removing_obsolete_applied_structs)', () => {
    const s = new State(mapListDefs, 'type');
    s.apply('default', 'v1', { list: [{ name: 'a', value: 1 }] });
    s.apply('default', 'v1', { list: [{ name: 'b', value: 2 }] });
    expect(s.live.value).toEqual({ list: [{ name: 'b', value: 2 }] });
    expect(s.owned()).toEqual({ default: ['.list[name="b"]', '.list[name="b"].name', '.list[name="b"].value'] });
  });

  it('two appliers share a list; one removing its item leaves the other’s (upstream remove_one)', () => {
    const s = new State(mapListDefs, 'type');
    s.apply('apply-one', 'v1', { list: [{ name: 'a' }, { name: 'b' }] });
    s.apply('apply-two', 'v1', { list: [{ name: 'c' }] });
    s.apply('apply-one', 'v1', { list: [{ name: 'a' }] });
    expect(s.live.value).toEqual({ list: [{ name: 'a' }, { name: 'c' }] });
    expect(s.owned()).toEqual({
      'apply-one': ['.list[name="a"]', '.list[name="a"].name'],
      'apply-two': ['.list[name="c"]', '.list[name="c"].name'],
    });
  });

  const nestedDefs: Record<string, SchemaObject> = {
    type: {
      type: 'object',
      properties: {
        listOfLists: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' },
              value: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
            },
          },
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
        },
      },
    },
  };

  it('keeps an item another applier owns, without the subitem only the remover owned (upstream remove_one_keep_one_with_dangling_subitem)', () => {
    const s = new State(nestedDefs, 'type');
    s.apply('apply-one', 'v1', { listOfLists: [{ name: 'a' }, { name: 'b', value: ['c'] }] });
    s.apply('apply-two', 'v2', { listOfLists: [{ name: 'b', value: ['d'] }] });
    s.update('controller', 'v2', { listOfLists: [{ name: 'a' }, { name: 'b', value: ['c', 'd', 'e'] }] });
    s.apply('apply-one', 'v3', { listOfLists: [{ name: 'a' }] });
    expect(s.live.value).toEqual({ listOfLists: [{ name: 'a' }, { name: 'b', value: ['d', 'e'] }] });
    expect(s.owned()).toEqual({
      'apply-one': ['.listOfLists[name="a"]', '.listOfLists[name="a"].name'],
      'apply-two': ['.listOfLists[name="b"]', '.listOfLists[name="b"].name', '.listOfLists[name="b"].value[="d"]'],
      controller: ['.listOfLists[name="b"].value[="e"]'],
    });
  });

  it('removes an item only an updater owned parts of (upstream remove_one_with_dangling_subitem_keep_one)', () => {
    const s = new State(nestedDefs, 'type');
    s.apply('apply-one', 'v1', { listOfLists: [{ name: 'a' }, { name: 'b', value: ['c'] }] });
    s.apply('apply-two', 'v2', { listOfLists: [{ name: 'a', value: ['b'] }] });
    s.update('controller', 'v2', {
      listOfLists: [
        { name: 'a', value: ['b'] },
        { name: 'b', value: ['c', 'd'] },
      ],
    });
    s.apply('apply-one', 'v3', { listOfLists: [{ name: 'a' }] });
    expect(s.live.value).toEqual({ listOfLists: [{ name: 'a', value: ['b'] }] });
    expect(s.owned()).toEqual({
      'apply-one': ['.listOfLists[name="a"]', '.listOfLists[name="a"].name'],
      'apply-two': ['.listOfLists[name="a"]', '.listOfLists[name="a"].name', '.listOfLists[name="a"].value[="b"]'],
    });
  });

  it('names a validation failure by the item and key field', () => {
    const s = new State(mapListDefs, 'type');
    expect(() => s.typed({ list: [{ value: 1 }] })).toThrow(
      '.list: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    );
    expect(() => s.typed({ list: [{ name: 'a', value: 'x' }] })).toThrow(
      '.list[name="a"].value: expected numeric (int or float), got string',
    );
    expect(() => s.typed({ list: [{ name: 'a', extra: 1 }] })).toThrow(
      '.list[name="a"].extra: field not declared in schema',
    );
    expect(() => s.typed({ list: [{ name: 'a' }, { name: 'a' }] })).toThrow(
      '.list: duplicate entries for key [name="a"]',
    );
    expect(() => s.typed({ list: 'x' })).toThrow('.list: expected list, got &{x}');
    expect(() => s.typed({ list: [null] })).toThrow(
      '.list: element 0: associative list with keys may not have a null element',
    );
  });
});

/**
 * The converter of upstream's multiple-appliers tests: versions name their fields with a
 * version suffix (`scalarField_v1`), and converting renames them.
 */
class RenamingConverter implements Converter {
  convert(object: TypedValue, version: string): TypedValue {
    return object.withValue(rename(object.value, version));
  }

  isMissingVersionError(): boolean {
    return false;
  }
}

function rename(v: Value, version: string): Value {
  if (Array.isArray(v)) return v.map((e) => rename(e, version));
  if (!isMap(v)) return v;
  const out: Record<string, Value> = {};
  for (const [k, e] of Object.entries(v)) setField(out, k.replace(/_v\d$/, `_${version}`), rename(e, version));
  return out;
}

const versionedField = (v: string): Record<string, SchemaObject> => ({
  [`scalarField_${v}`]: { type: 'string' },
  [`complexField_${v}`]: ref('inner'),
});
const multiVersionDefs: Record<string, SchemaObject> = {
  root: { type: 'object', properties: { struct: ref('struct') } },
  struct: {
    type: 'object',
    properties: { name: { type: 'string' }, ...versionedField('v1'), ...versionedField('v2'), ...versionedField('v3') },
  },
  inner: { type: 'object', properties: { name: { type: 'string' } } },
};

describe('appliers across versions (upstream multiple_appliers_test with its renaming converter)', () => {
  const state = () => new State(multiVersionDefs, 'root', { converter: new RenamingConverter() });

  it('unset_scalar_shared_with_applier', () => {
    const s = state();
    s.apply('apply-one', 'v1', { struct: { name: 'a', scalarField_v1: 'a' } });
    s.apply('apply-two', 'v2', { struct: { scalarField_v2: 'a' } });
    s.apply('apply-one', 'v3', { struct: { name: 'a' } });
    expect(s.live.value).toEqual({ struct: { name: 'a', scalarField_v3: 'a' } });
    expect(s.owned()).toEqual({ 'apply-one': ['.struct.name'], 'apply-two': ['.struct.scalarField_v2'] });
  });

  it('unset_scalar_shared_with_updater', () => {
    const s = state();
    s.update('updater', 'v1', { struct: { name: 'a', scalarField_v1: 'a' } });
    s.apply('applier', 'v2', { struct: { name: 'a', scalarField_v2: 'a' } });
    s.apply('applier', 'v3', { struct: { name: 'a' } });
    expect(s.live.value).toEqual({ struct: { name: 'a', scalarField_v3: 'a' } });
    expect(s.owned()).toEqual({
      updater: ['.struct', '.struct.name', '.struct.scalarField_v1'],
      applier: ['.struct.name'],
    });
  });

  it('unset_complex_sole_owner', () => {
    const s = state();
    s.apply('apply-one', 'v1', { struct: { name: 'a', complexField_v1: { name: 'b' } } });
    s.apply('apply-one', 'v2', { struct: { name: 'a' } });
    expect(s.live.value).toEqual({ struct: { name: 'a' } });
    expect(s.owned()).toEqual({ 'apply-one': ['.struct.name'] });
  });

  it('unset_complex_shared_with_applier', () => {
    const s = state();
    s.apply('apply-one', 'v1', { struct: { name: 'a', complexField_v1: { name: 'b' } } });
    s.apply('apply-two', 'v2', { struct: { complexField_v2: { name: 'b' } } });
    s.apply('apply-one', 'v3', { struct: { name: 'a' } });
    expect(s.live.value).toEqual({ struct: { name: 'a', complexField_v3: { name: 'b' } } });
    expect(s.owned()).toEqual({ 'apply-one': ['.struct.name'], 'apply-two': ['.struct.complexField_v2.name'] });
  });

  it('updater_claims_field', () => {
    const s = state();
    s.apply('applier', 'v1', { struct: { name: 'a', scalarField_v1: 'a' } });
    s.update('updater', 'v2', { struct: { name: 'a', scalarField_v2: 'b' } });
    expect(s.owned()).toEqual({ applier: ['.struct.name'], updater: ['.struct.scalarField_v2'] });
  });
});

describe('schema changes and versions', () => {
  it('turns fields recorded inside a list that became atomic into the list itself', () => {
    const granular: Record<string, SchemaObject> = {
      root: {
        type: 'object',
        properties: { list: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } },
      },
    };
    const atomic: Record<string, SchemaObject> = {
      root: { type: 'object', properties: { list: { type: 'array', items: { type: 'string' } } } },
    };
    const before = new State(granular, 'root');
    before.apply('one', 'v1', { list: ['a', 'b'] });
    const after = new State(atomic, 'root');
    after.live = after.typed(before.live.value);
    after.managers = before.managers;
    after.apply('two', 'v1', { list: ['a', 'b'] });
    expect(after.owned()).toEqual({ one: ['.list'], two: ['.list'] });
  });

  it('drops managers of versions that no longer exist', () => {
    const s = new State(leafDefs, 'leaf', { converter: new SameVersionConverter(new Set(['v0'])) });
    s.update('old', 'v1', { numeric: 1 });
    s.managers.set('old', { ...(s.managers.get('old') as { set: FieldSet; applied: boolean }), apiVersion: 'v0' });
    s.apply('new', 'v1', { numeric: 2 });
    expect(s.owned()).toEqual({ new: ['.numeric'] });
  });

  it('leaves fields a filter resets out of every set', () => {
    const s = new State(leafDefs, 'leaf', {
      ignoreFilter: new Map([['v1', excludeSetFilter(FieldSet.of(makePath('bool')))]]),
    });
    s.update('controller', 'v1', { numeric: 1, bool: true });
    s.apply('default', 'v1', { string: 'x', bool: false });
    expect(s.owned()).toEqual({ controller: ['.numeric'], default: ['.string'] });
  });
});

describe('atomic and untyped values', () => {
  const defs: Record<string, SchemaObject> = {
    root: {
      type: 'object',
      properties: {
        atomicMap: { type: 'object', additionalProperties: { type: 'string' }, 'x-kubernetes-map-type': 'atomic' },
        atomicList: { type: 'array', items: { type: 'string' } },
        selector: { ...ref('selector'), 'x-kubernetes-map-type': 'granular' },
        untyped: {},
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    selector: {
      type: 'object',
      properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } },
      'x-kubernetes-map-type': 'atomic',
    },
  };

  it('owns atomic maps and lists whole and replaces them whole', () => {
    const s = new State(defs, 'root');
    s.apply('one', 'v1', { atomicMap: { a: 'x', b: 'y' }, atomicList: ['a'] });
    s.apply('one', 'v1', { atomicMap: { c: 'z' }, atomicList: ['b', 'c'] });
    expect(s.live.value).toEqual({ atomicMap: { c: 'z' }, atomicList: ['b', 'c'] });
    expect(s.owned()).toEqual({ one: ['.atomicList', '.atomicMap'] });
  });

  it('lets a field make an atomic type granular', () => {
    const s = new State(defs, 'root');
    s.apply('one', 'v1', { selector: { matchLabels: { a: 'x' } } });
    expect(s.owned()).toEqual({ one: ['.selector.matchLabels.a'] });
  });

  it('takes any value in an untyped field, and deduces maps under preserve-unknown-fields', () => {
    const s = new State(defs, 'root');
    s.apply('one', 'v1', { untyped: { a: [1, 2] }, free: { x: { y: 1 }, z: [1] } });
    expect(s.owned()).toEqual({ one: ['.free.x', '.free.z', '.free.x.y', '.untyped.a'] });
    s.apply('one', 'v1', { untyped: 'scalar now', free: { x: { y: 2 } } });
    expect(s.live.value).toEqual({ untyped: 'scalar now', free: { x: { y: 2 } } });
  });

  it('compares a side that changed kind of value as removed and modified', () => {
    const s = new State(defs, 'root');
    const cmp = s.typed({ untyped: { a: 1 } }).compare(s.typed({ untyped: 'x' }));
    expect(cmp.removed.toString()).toBe('.untyped.a');
    expect(cmp.modified.toString()).toBe('.untyped');
  });
});

describe('key defaults', () => {
  it('names an item that omits a defaulted key field by the default', () => {
    const defs: Record<string, SchemaObject> = {
      root: {
        type: 'object',
        properties: {
          ports: {
            type: 'array',
            items: ref('port'),
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['port', 'protocol'],
          },
        },
      },
      port: { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } } },
    };
    const s = new State(defs, 'root');
    s.update('controller', 'v1', { ports: [{ port: 80, protocol: 'TCP' }] });
    s.apply('one', 'v1', { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] });
    expect(s.owned().one).toEqual([
      '.ports[port=53,protocol="UDP"]',
      '.ports[port=80,protocol="TCP"]',
      '.ports[port=53,protocol="UDP"].port',
      '.ports[port=53,protocol="UDP"].protocol',
      '.ports[port=80,protocol="TCP"].port',
    ]);
    expect(FieldSet.of(makePath('ports', keyByFields('port', 80, 'protocol', 'TCP'))).toString()).toBe(
      '.ports[port=80,protocol="TCP"]',
    );
  });
});
