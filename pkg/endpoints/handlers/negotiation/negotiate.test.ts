import { describe, expect, it } from 'vitest';
import { negotiateOutput } from './negotiate.js';

describe('negotiateOutput', () => {
  it('defaults to JSON objects', () => {
    expect(negotiateOutput(undefined, false)).toEqual({ mediaType: 'application/json', form: 'object' });
    expect(negotiateOutput('application/json, */*', false).form).toBe('object');
  });

  it('serves kubectl its Table', () => {
    const accept =
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    expect(negotiateOutput(accept, true)).toEqual({ mediaType: 'application/json', form: 'Table' });
  });

  it('answers JSON to clients that prefer protobuf but accept JSON', () => {
    expect(negotiateOutput('application/vnd.kubernetes.protobuf,application/json', false).mediaType).toBe(
      'application/json',
    );
  });

  it('refuses protobuf-only clients with 406', () => {
    expect(() => negotiateOutput('application/vnd.kubernetes.protobuf', false)).toThrow(
      expect.objectContaining({ code: 406 }),
    );
  });

  it('offers PartialObjectMetadata only for single objects and the List form only for lists', () => {
    expect(negotiateOutput('application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1', false).form).toBe(
      'PartialObjectMetadata',
    );
    expect(negotiateOutput('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1', true).form).toBe(
      'PartialObjectMetadataList',
    );
    expect(() => negotiateOutput('application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1', true)).toThrow();
  });

  it('honours q values and YAML', () => {
    expect(negotiateOutput('application/json;q=0.5, application/yaml', false).mediaType).toBe('application/yaml');
  });
});
