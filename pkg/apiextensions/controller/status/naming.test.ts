import { describe, expect, it } from 'vitest';
import type { CustomResourceDefinition, CustomResourceDefinitionNames } from '../../../apis/apiextensions/v1/types.js';
import { calculateNamesAndConditions } from './naming.js';

function crd(
  names: CustomResourceDefinitionNames,
  accepted?: CustomResourceDefinitionNames,
  group = 'example.com',
): CustomResourceDefinition {
  return {
    metadata: { name: `${names.plural}.${group}` },
    spec: { group, names },
    status: accepted ? { acceptedNames: accepted, conditions: [{ type: 'Established', status: 'True' }] } : {},
  };
}

const widgets: CustomResourceDefinitionNames = {
  plural: 'widgets',
  singular: 'widget',
  shortNames: ['wd'],
  kind: 'Widget',
  listKind: 'WidgetList',
};

describe('names accepted', () => {
  it('accepts free names and starts installing', () => {
    const c = crd(widgets);
    const result = calculateNamesAndConditions(c, [c]);
    expect(result.acceptedNames).toEqual(widgets);
    expect(result.namesAccepted).toEqual({
      type: 'NamesAccepted',
      status: 'True',
      reason: 'NoConflicts',
      message: 'no conflicts found',
    });
    expect(result.established).toEqual({
      type: 'Established',
      status: 'False',
      reason: 'Installing',
      message: 'the initial names have been accepted',
    });
  });

  it('reports names another CRD of the group accepted, keeping the conflicting ones out', () => {
    const existing = crd(widgets, widgets);
    const gadgets = crd({
      plural: 'gadgets',
      singular: 'gadget',
      shortNames: ['wd', 'gd'],
      kind: 'Widget',
      listKind: 'GadgetList',
    });
    const result = calculateNamesAndConditions(gadgets, [existing, gadgets]);
    expect(result.namesAccepted).toEqual({
      type: 'NamesAccepted',
      status: 'False',
      reason: 'KindConflict',
      message: '"Widget" is already in use',
    });
    expect(result.acceptedNames).toEqual({ plural: 'gadgets', singular: 'gadget', listKind: 'GadgetList' });
    expect(result.established).toEqual({
      type: 'Established',
      status: 'False',
      reason: 'NotAccepted',
      message: 'not all names are accepted',
    });
    const shortOnly = crd({ ...widgets, plural: 'things', singular: 'thing', kind: 'Thing', listKind: 'ThingList' });
    expect(calculateNamesAndConditions(shortOnly, [existing, shortOnly]).namesAccepted).toMatchObject({
      reason: 'ShortNamesConflict',
      message: '"wd" is already in use',
    });
  });

  it('ignores other groups and keeps an Established CRD established', () => {
    const other = crd(widgets, widgets, 'other.io');
    const mine = crd(widgets, widgets);
    const result = calculateNamesAndConditions(mine, [other, mine]);
    expect(result.namesAccepted.status).toBe('True');
    expect(result.established).toEqual({ type: 'Established', status: 'True' });
  });
});
