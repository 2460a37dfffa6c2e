/**
 * OpenAPI v3 path items for one resource, shaped as upstream's endpoint installer documents them
 * (apiserver/pkg/endpoints/installer.go): one operation per verb with its operationId, the
 * `x-kubernetes-action` and `x-kubernetes-group-version-kind` extensions, and the query
 * parameters each verb takes. kubectl reads two things from these: the `patch` operation of a
 * kind advertising `fieldValidation` (so it leaves validation to the server), and the GVKs.
 */
import type { GroupVersionKind } from '../../apis/meta/v1/types.js';
import { type OpenAPIGroupVersion, type OpenAPIResource, groupVersionPath } from '../resources.js';
import { queryParameter, type Parameter } from './parameters.js';

export type Operation = Record<string, unknown>;
export type PathItem = Record<string, unknown>;

/** Component names every document refers to, from apimachinery's meta/v1. */
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const metaSchemas = {
  deleteOptions: `${meta}.DeleteOptions`,
  status: `${meta}.Status`,
  watchEvent: `${meta}.WatchEvent`,
  patch: `${meta}.Patch`,
  apiResourceList: `${meta}.APIResourceList`,
};

const patchMediaTypes = [
  'application/apply-patch+yaml',
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
];

const listParameters = [
  'allowWatchBookmarks',
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
  'watch',
];
const writeParameters = ['dryRun', 'fieldManager', 'fieldValidation'];
const deleteParameters = [
  'dryRun',
  'gracePeriodSeconds',
  'ignoreStoreReadErrorWithClusterBreakingPotential',
  'orphanDependents',
  'propagationPolicy',
];
const deleteCollectionParameters = [
  'continue',
  'dryRun',
  'fieldSelector',
  'gracePeriodSeconds',
  'ignoreStoreReadErrorWithClusterBreakingPotential',
  'labelSelector',
  'limit',
  'orphanDependents',
  'propagationPolicy',
  'resourceVersion',
  'resourceVersionMatch',
  'sendInitialEvents',
  'timeoutSeconds',
];

export interface OperationContext {
  gv: OpenAPIGroupVersion;
  /** Definition name of a kind, or undefined when no schema describes it. */
  schemaOf(gvk: GroupVersionKind): string | undefined;
  /** Media types the server answers with (`application/json`, …). */
  responseMediaTypes: readonly string[];
  /** Collects the component schemas the operations refer to. */
  referenced: Set<string>;
}

/** `AppsV1`, `CoreV1`, `RbacAuthorizationV1`: the group version as upstream spells it in operationIds. */
export function operationGroupVersion(gv: { group: string; version: string }): string {
  const group = gv.group === '' ? 'core' : gv.group.replace(/\.k8s\.io$/, '');
  return `${group.split(/[.-]/).map(capitalize).join('')}${capitalize(gv.version)}`;
}

/** `apps_v1`, `core_v1`, `rbacAuthorization_v1`: the operations' tag. */
export function operationTag(gv: { group: string; version: string }): string {
  const name = operationGroupVersion({ group: gv.group, version: '' });
  return `${name.charAt(0).toLowerCase()}${name.slice(1)}_${gv.version}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function ref(ctx: OperationContext, name: string): { $ref: string } {
  ctx.referenced.add(name);
  return { $ref: `#/components/schemas/${name}` };
}

/** Every path item of a resource: collection, item, subresources, cross-namespace list and watch paths. */
export function resourcePaths(ctx: OperationContext, resource: OpenAPIResource): Record<string, PathItem> {
  const base = groupVersionPath(ctx.gv);
  const gvk: GroupVersionKind = { group: ctx.gv.group, version: ctx.gv.version, kind: resource.kind };
  const schema = ctx.schemaOf(gvk);
  const listSchema = ctx.schemaOf({ ...gvk, kind: `${resource.kind}List` });
  const verbs = new Set(resource.verbs);
  const scope = resource.namespaced ? 'Namespaced' : '';
  const id = (verb: string, suffix = '') => `${verb}${operationGroupVersion(ctx.gv)}${scope}${resource.kind}${suffix}`;
  const ns = resource.namespaced ? '/namespaces/{namespace}' : '';
  const scopeParameters: Parameter[] = resource.namespaced ? [pathParameter('namespace')] : [];
  const op = (
    action: string,
    operationId: string,
    description: string,
    target: GroupVersionKind,
    extra: Operation,
  ): Operation => ({
    description,
    operationId,
    ...extra,
    tags: [operationTag(ctx.gv)],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': target,
  });
  const responses = (name: string | undefined, codes: Record<string, string>, mediaTypes = ctx.responseMediaTypes) => {
    const out: Record<string, unknown> = {};
    for (const [code, description] of Object.entries(codes)) {
      out[code] = name
        ? { content: Object.fromEntries(mediaTypes.map((m) => [m, { schema: ref(ctx, name) }])), description }
        : { description };
    }
    out['401'] = { description: 'Unauthorized' };
    return out;
  };
  const body = (name: string | undefined, mediaTypes = ['*/*']) => ({
    content: Object.fromEntries(mediaTypes.map((m) => [m, { schema: name ? ref(ctx, name) : {} }])),
    required: true,
  });
  const params = (names: readonly string[]) => ({ parameters: names.map(queryParameter) });
  const watchMediaTypes = ctx.responseMediaTypes.map((m) => `${m};stream=watch`);
  const paths: Record<string, PathItem> = {};

  const collection: PathItem = {};
  if (verbs.has('list')) {
    collection.get = op('list', id('list'), `lists or watches ${resource.kind} objects`, gvk, {
      ...params(listParameters),
      responses: responses(listSchema, { 200: 'OK' }, [...ctx.responseMediaTypes, ...watchMediaTypes]),
    });
  }
  if (verbs.has('create')) {
    collection.post = op('post', id('create'), `creates a ${resource.kind}`, gvk, {
      ...params(writeParameters),
      requestBody: body(schema),
      responses: responses(schema, { 200: 'OK', 201: 'Created', 202: 'Accepted' }),
    });
  }
  if (verbs.has('deletecollection')) {
    collection.delete = op(
      'deletecollection',
      `delete${operationGroupVersion(ctx.gv)}Collection${scope}${resource.kind}`,
      `deletes a collection of ${resource.kind} objects`,
      gvk,
      {
        ...params(deleteCollectionParameters),
        requestBody: body(metaSchemas.deleteOptions),
        responses: responses(metaSchemas.status, { 200: 'OK' }),
      },
    );
  }
  if (Object.keys(collection).length > 0)
    paths[`${base}${ns}/${resource.resource}`] = {
      ...collection,
      parameters: [...scopeParameters, queryParameter('pretty')],
    };

  const item: PathItem = {};
  const itemParameters = [pathParameter('name'), ...scopeParameters, queryParameter('pretty')];
  if (verbs.has('get'))
    item.get = op('get', id('read'), `reads a ${resource.kind}`, gvk, { responses: responses(schema, { 200: 'OK' }) });
  if (verbs.has('update')) {
    item.put = op('put', id('replace'), `replaces a ${resource.kind}`, gvk, {
      ...params(writeParameters),
      requestBody: body(schema),
      responses: responses(schema, { 200: 'OK', 201: 'Created' }),
    });
  }
  if (verbs.has('patch')) {
    item.patch = op('patch', id('patch'), `patches a ${resource.kind}`, gvk, {
      ...params([...writeParameters, 'force']),
      requestBody: body(metaSchemas.patch, patchMediaTypes),
      responses: responses(schema, { 200: 'OK', 201: 'Created' }),
    });
  }
  if (verbs.has('delete')) {
    item.delete = op('delete', id('delete'), `deletes a ${resource.kind}`, gvk, {
      ...params(deleteParameters),
      requestBody: body(metaSchemas.deleteOptions),
      responses: responses(metaSchemas.status, { 200: 'OK', 202: 'Accepted' }),
    });
  }
  if (Object.keys(item).length > 0)
    paths[`${base}${ns}/${resource.resource}/{name}`] = { ...item, parameters: itemParameters };

  for (const sub of resource.subresources ?? []) {
    const subSchema = ctx.schemaOf(sub.kind);
    const suffix = capitalize(sub.name);
    const subVerbs = new Set(sub.verbs);
    const subItem: PathItem = {};
    if (subVerbs.has('get'))
      subItem.get = op('get', id('read', suffix), `reads the ${sub.name} of a ${resource.kind}`, sub.kind, {
        responses: responses(subSchema, { 200: 'OK' }),
      });
    if (subVerbs.has('create')) {
      subItem.post = op('post', id('create', suffix), `creates the ${sub.name} of a ${resource.kind}`, sub.kind, {
        ...params(writeParameters),
        requestBody: body(subSchema),
        responses: responses(subSchema, { 200: 'OK', 201: 'Created', 202: 'Accepted' }),
      });
    }
    if (subVerbs.has('update')) {
      subItem.put = op('put', id('replace', suffix), `replaces the ${sub.name} of a ${resource.kind}`, sub.kind, {
        ...params(writeParameters),
        requestBody: body(subSchema),
        responses: responses(subSchema, { 200: 'OK', 201: 'Created' }),
      });
    }
    if (subVerbs.has('patch')) {
      subItem.patch = op('patch', id('patch', suffix), `patches the ${sub.name} of a ${resource.kind}`, sub.kind, {
        ...params([...writeParameters, 'force']),
        requestBody: body(metaSchemas.patch, patchMediaTypes),
        responses: responses(subSchema, { 200: 'OK', 201: 'Created' }),
      });
    }
    if (Object.keys(subItem).length > 0)
      paths[`${base}${ns}/${resource.resource}/{name}/${sub.name}`] = { ...subItem, parameters: itemParameters };
  }

  if (resource.namespaced && verbs.has('list')) {
    paths[`${base}/${resource.resource}`] = {
      get: op(
        'list',
        `list${operationGroupVersion(ctx.gv)}${resource.kind}ForAllNamespaces`,
        `lists or watches ${resource.kind} objects`,
        gvk,
        {
          responses: responses(listSchema, { 200: 'OK' }, [...ctx.responseMediaTypes, ...watchMediaTypes]),
        },
      ),
      parameters: [...listParameters, 'pretty'].map(queryParameter),
    };
  }
  if (verbs.has('watch')) {
    // The deprecated /watch/ paths upstream still documents, alongside ?watch=true on lists.
    const watch = (action: string, operationId: string, description: string) =>
      op(action, operationId, description, gvk, {
        responses: responses(metaSchemas.watchEvent, { 200: 'OK' }, watchMediaTypes),
      });
    const watchList = [...listParameters, 'pretty'].map(queryParameter);
    paths[`${base}/watch${ns}/${resource.resource}`] = {
      get: watch(
        'watchlist',
        id('watch', 'List'),
        `watches ${resource.kind} objects (deprecated: list with watch=true)`,
      ),
      parameters: [...scopeParameters, ...watchList],
    };
    paths[`${base}/watch${ns}/${resource.resource}/{name}`] = {
      get: watch(
        'watch',
        id('watch'),
        `watches one ${resource.kind} (deprecated: list with watch=true and a metadata.name field selector)`,
      ),
      parameters: [pathParameter('name'), ...scopeParameters, ...watchList],
    };
    if (resource.namespaced) {
      paths[`${base}/watch/${resource.resource}`] = {
        get: watch(
          'watchlist',
          `watch${operationGroupVersion(ctx.gv)}${resource.kind}ListForAllNamespaces`,
          `watches ${resource.kind} objects (deprecated: list with watch=true)`,
        ),
        parameters: watchList,
      };
    }
  }
  return paths;
}

/** `GET /apis/apps/v1/`: the group version's discovery document. */
export function discoveryPath(ctx: OperationContext): Record<string, PathItem> {
  return {
    [`${groupVersionPath(ctx.gv)}/`]: {
      get: {
        description: 'lists the resources of this group version',
        operationId: `get${operationGroupVersion(ctx.gv)}APIResources`,
        responses: {
          200: {
            content: Object.fromEntries(
              ctx.responseMediaTypes.map((m) => [m, { schema: ref(ctx, metaSchemas.apiResourceList) }]),
            ),
            description: 'OK',
          },
          401: { description: 'Unauthorized' },
        },
        tags: [operationTag(ctx.gv)],
      },
    },
  };
}

function pathParameter(name: 'name' | 'namespace'): Parameter {
  const description = name === 'name' ? 'name of the object' : 'namespace of the object';
  return { description, in: 'path', name, required: true, schema: { type: 'string' } };
}
