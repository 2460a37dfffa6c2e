import { describe, expect, it } from 'vitest';
import { verbsOf, type RESTStorage } from './rest.js';

describe('verbsOf', () => {
  it('lists every standard verb, patch alongside update, in alphabetical order', () => {
    const fn = () => {
      throw new Error('not called');
    };
    const full: RESTStorage = {
      get: fn,
      list: fn,
      create: fn,
      update: fn,
      delete: fn,
      deleteCollection: fn,
      watch: fn,
    };
    expect(verbsOf(full)).toEqual(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
  });

  it('derives a status subresource as get, patch, update and a binding as create', () => {
    const fn = () => {
      throw new Error('not called');
    };
    expect(verbsOf({ get: fn, update: fn })).toEqual(['get', 'patch', 'update']);
    expect(verbsOf({ createNamed: fn })).toEqual(['create']);
  });
});
