/**
 * The names a CRD may serve under (apiextensions-apiserver pkg/controller/status
 * naming_controller.go calculateNamesAndConditions), as a pure function: given the CRD and every
 * CRD of the cluster, which of its requested names are accepted — a plural, singular or short
 * name another CRD of the same group already accepted is a conflict, as is a kind or list kind —
 * and the NamesAccepted and Established conditions that follow.
 */
import type {
  CustomResourceDefinition,
  CustomResourceDefinitionCondition,
  CustomResourceDefinitionNames,
} from '../../../apis/apiextensions/v1/types.js';

export interface NamesAndConditions {
  acceptedNames: CustomResourceDefinitionNames;
  namesAccepted: CustomResourceDefinitionCondition;
  established: CustomResourceDefinitionCondition;
}

function acceptedNamesForGroup(group: string, all: readonly CustomResourceDefinition[]) {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const crd of all) {
    if ((crd.spec?.group ?? '') !== group) continue;
    const names = crd.status?.acceptedNames ?? {};
    resources.add(names.plural ?? '');
    resources.add(names.singular ?? '');
    for (const s of names.shortNames ?? []) resources.add(s);
    kinds.add(names.kind ?? '');
    kinds.add(names.listKind ?? '');
  }
  return { resources, kinds };
}

/** undefined when the name is the accepted one or still free; upstream's error text otherwise. */
function conflict(requested: string, accepted: string, used: ReadonlySet<string>): string | undefined {
  if (requested === accepted || !used.has(requested)) return undefined;
  return `"${requested}" is already in use`;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return (a ?? []).length === (b ?? []).length && (a ?? []).every((x, i) => x === (b ?? [])[i]);
}

export function calculateNamesAndConditions(
  crd: CustomResourceDefinition,
  all: readonly CustomResourceDefinition[],
): NamesAndConditions {
  const { resources, kinds } = acceptedNamesForGroup(crd.spec?.group ?? '', all);
  const requested = crd.spec?.names ?? {};
  const accepted = crd.status?.acceptedNames ?? {};
  const next: CustomResourceDefinitionNames = { ...accepted };
  let failure: { reason: string; message: string } | undefined;

  const check = (field: 'plural' | 'singular' | 'kind' | 'listKind', used: ReadonlySet<string>, reason: string) => {
    const err = conflict(requested[field] ?? '', accepted[field] ?? '', used);
    if (err) failure = { reason, message: err };
    else next[field] = requested[field] ?? '';
  };
  check('plural', resources, 'PluralConflict');
  check('singular', resources, 'SingularConflict');
  if (!sameList(requested.shortNames, accepted.shortNames)) {
    const existing = new Set(accepted.shortNames ?? []);
    const errs = (requested.shortNames ?? [])
      .filter((s) => !existing.has(s))
      .map((s) => conflict(s, '', resources))
      .filter((e): e is string => e !== undefined);
    if (errs.length > 0)
      failure = { reason: 'ShortNamesConflict', message: errs.length === 1 ? (errs[0] ?? '') : `[${errs.join(', ')}]` };
    else next.shortNames = requested.shortNames ?? [];
  }
  check('kind', kinds, 'KindConflict');
  check('listKind', kinds, 'ListKindConflict');
  if (requested.categories !== undefined) next.categories = requested.categories;
  else delete next.categories;

  const namesAccepted: CustomResourceDefinitionCondition = failure
    ? { type: 'NamesAccepted', status: 'False', reason: failure.reason, message: failure.message }
    : { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };
  let established: CustomResourceDefinitionCondition = crd.status?.conditions?.find(
    (c) => c.type === 'Established',
  ) ?? {
    type: 'Established',
    status: 'False',
    reason: 'NotAccepted',
    message: 'not all names are accepted',
  };
  if (established.status !== 'True' && namesAccepted.status === 'True')
    established = {
      type: 'Established',
      status: 'False',
      reason: 'Installing',
      message: 'the initial names have been accepted',
    };
  return { acceptedNames: next, namesAccepted, established };
}
