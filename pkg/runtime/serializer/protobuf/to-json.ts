/**
 * protobuf message → the JSON object a JSON client would have sent for the same Go value.
 *
 * Per message, a converter is compiled once from the descriptor and the JSON facts (renames,
 * inlined embedded structs, fields Go drops when zero) and cached on the schema.
 */
import protobuf from 'protobufjs/light.js';
import type { ProtobufSchema } from './schema.js';
import {
  type DecodedMessage,
  bytesToJSON,
  embeddedJSONToJSON,
  fieldsV1Type,
  hasOwn,
  int64ToNumber,
  intOrStringToJSON,
  intOrStringType,
  microTimeToJSON,
  microTimeType,
  quantityToJSON,
  quantityType,
  rawExtensionType,
  timeToJSON,
  timeType,
} from './well-known.js';

type Converter = (message: DecodedMessage, into: Record<string, unknown>) => void;
type ValueConverter = (value: unknown) => unknown;

const special: Record<string, ValueConverter> = {
  [timeType]: (m) => timeToJSON(m as DecodedMessage),
  [microTimeType]: (m) => microTimeToJSON(m as DecodedMessage),
  [intOrStringType]: (m) => intOrStringToJSON(m as DecodedMessage),
  [quantityType]: (m) => quantityToJSON(m as DecodedMessage),
  [rawExtensionType]: (m) => embeddedJSONToJSON((m as DecodedMessage).raw),
  [fieldsV1Type]: (m) => embeddedJSONToJSON((m as DecodedMessage).Raw),
};

const converters = new WeakMap<protobuf.Type, Converter>();

/**
 * Converts a decoded message of `type` to its JSON object form.
 * @throws Error when an embedded RawExtension/FieldsV1 does not hold JSON.
 */
export function messageToJSON(schema: ProtobufSchema, type: protobuf.Type, message: DecodedMessage): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  converterFor(schema, type)(message, out);
  return out;
}

function converterFor(schema: ProtobufSchema, type: protobuf.Type): Converter {
  let converter = converters.get(type);
  if (!converter) {
    // Register a forwarder first: message types are recursive (JSONSchemaProps, ObjectMeta).
    let compiled: Converter | undefined;
    converters.set(type, (m, into) => (compiled as Converter)(m, into));
    compiled = compile(schema, type);
    converters.set(type, compiled);
    converter = compiled;
  }
  return converter;
}

interface FieldStep {
  protoName: string;
  jsonName: string;
  inline?: Converter;
  omitEmpty: boolean;
  nullIfAbsent: boolean;
  value: ValueConverter;
  /** Repeated fields and maps. */
  collection: 'list' | 'map' | undefined;
}

function compile(schema: ProtobufSchema, type: protobuf.Type): Converter {
  const facts = schema.factsOf(type);
  const steps: FieldStep[] = type.fieldsArray.map((field) => {
    field.resolve();
    const inline = facts.inline?.includes(field.name) && field.resolvedType instanceof protobuf.Type ? converterFor(schema, field.resolvedType) : undefined;
    const step: FieldStep = {
      protoName: field.name,
      jsonName: facts.rename?.[field.name] ?? field.name,
      omitEmpty: facts.omitEmpty?.includes(field.name) ?? false,
      nullIfAbsent: facts.nullIfAbsent?.includes(field.name) ?? false,
      value: valueConverter(schema, field),
      collection: field.map ? 'map' : field.repeated ? 'list' : undefined,
    };
    if (inline) step.inline = inline;
    return step;
  });
  return (message, into) => {
    for (const step of steps) {
      const raw = hasOwn(message, step.protoName) ? message[step.protoName] : undefined;
      // protobufjs gives every message own empty arrays/maps; the wire cannot tell an empty list
      // from a nil one, and Go decodes both as nil.
      const absent = raw === undefined || (step.collection === 'list' && (raw as unknown[]).length === 0) || (step.collection === 'map' && isEmptyObject(raw));
      if (absent) {
        if (step.nullIfAbsent) into[step.jsonName] = null;
        continue;
      }
      if (step.inline) {
        step.inline(raw as DecodedMessage, into);
      } else if (step.collection === 'list') {
        into[step.jsonName] = (raw as unknown[]).map(step.value);
      } else if (step.collection === 'map') {
        const entries = Object.entries(raw as Record<string, unknown>);
        const map: Record<string, unknown> = {};
        for (const [key, value] of entries) map[key] = step.value(value);
        into[step.jsonName] = map;
      } else {
        const value = step.value(raw);
        if (step.omitEmpty && (value === '' || value === 0 || value === false)) continue;
        into[step.jsonName] = value;
      }
    }
  };
}

function valueConverter(schema: ProtobufSchema, field: protobuf.Field): ValueConverter {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    const known = special[resolved.fullName];
    if (known) return known;
    if (isListWrapper(resolved)) return (m) => ((m as DecodedMessage).items as unknown[] | undefined) ?? [];
    const nested = converterFor(schema, resolved);
    return (m) => {
      const out: Record<string, unknown> = {};
      nested(m as DecodedMessage, out);
      return out;
    };
  }
  if (field.type === 'bytes') return bytesToJSON;
  if (field.long) return int64ToNumber;
  return (v) => v;
}

function isEmptyObject(value: unknown): boolean {
  for (const _ in value as object) return false;
  return true;
}

/**
 * Go types such as `type ExtraValue []string` marshal to protobuf as a message with one repeated
 * `items` field but to JSON as the bare list.
 */
export function isListWrapper(type: protobuf.Type): boolean {
  const [only, ...others] = type.fieldsArray;
  return others.length === 0 && only?.name === 'items' && only.repeated && !only.resolve().resolvedType && !type.name.endsWith('List');
}
