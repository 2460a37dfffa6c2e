/**
 * Structural schemas: the shape of a kind reduced to what field validation needs (which fields a
 * struct has, what each value must be). Compiled from OpenAPI definitions by pkg/openapi; read by
 * the strict JSON scanner and by pruning. Nodes may form cycles (recursive types).
 *
 * `goType` strings feed upstream's type-error wording (`… of type v1.DeploymentSpec`).
 */

/** A Go struct: only `properties` are known; anything else is an unknown field. */
export interface StructNode {
  kind: 'struct';
  /** `v1.DeploymentSpec`: Go's name for the type (package's last element + type name). */
  goType: string;
  /** `DeploymentSpec`: the struct's name, as Go's type errors name the field's struct. */
  name: string;
  properties: ReadonlyMap<string, Structural>;
}

/** A map with string keys (labels, ResourceList, secret data). */
export interface MapNode {
  kind: 'map';
  goType: string;
  values: Structural;
}

export interface ListNode {
  kind: 'list';
  goType: string;
  items: Structural;
}

/** Anything goes and nothing inside is checked (RawExtension, FieldsV1, preserve-unknown-fields). */
export interface AnyNode {
  kind: 'any';
}

export interface ScalarNode {
  kind: 'string' | 'integer' | 'number' | 'boolean';
  /** `int32`, `int64`, `string`, `bool`, `float64`, `[]uint8` (base64 bytes). */
  goType: string;
}

/** Values with their own JSON decoding rules in Go. */
export interface SpecialNode {
  kind: 'int-or-string' | 'quantity' | 'time' | 'micro-time';
}

export type Structural = StructNode | MapNode | ListNode | AnyNode | ScalarNode | SpecialNode;

/** Finds the structural schema of a kind; undefined means "no schema": nothing is validated. */
export interface StructuralLookup {
  structuralFor(gvk: { group: string; version: string; kind: string }): Structural | undefined;
}
