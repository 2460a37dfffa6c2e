/**
 * JSON object → protobuf wire bytes: the inverse of decode.ts, for round-trip tests, fixtures and
 * the protobuf benchmark (responses are served as JSON or YAML only). Fields the message does not have are dropped, as
 * Go's typed decoding drops them; absent and null fields are not written.
 */
import protobuf from 'protobufjs/minimal.js';
import type { FieldPlan, MessagePlan, ScalarType } from './schema.js';
import {
  type DecodedMessage,
  bytesFromJSON,
  embeddedJSONFromJSON,
  fieldsV1Type,
  intOrStringFromJSON,
  intOrStringType,
  microTimeType,
  quantityFromJSON,
  quantityType,
  rawExtensionType,
  timeFromJSON,
  timeType,
} from './well-known.js';

type Writer = protobuf.Writer;

/**
 * Encodes a JSON object as a message of `plan`.
 * @throws Error on values the message cannot hold (bad base64, bad timestamps).
 */
export function encodeFromJSON(plan: MessagePlan, json: Record<string, unknown>): Uint8Array {
  const writer = protobuf.Writer.create();
  writeJSON(plan, json, writer);
  return writer.finish();
}

/** Encodes an object keyed by proto field names (the envelope, well-known types). */
export function encodeRaw(plan: MessagePlan, raw: DecodedMessage): Uint8Array {
  const writer = protobuf.Writer.create();
  writeRaw(plan, raw, writer);
  return writer.finish();
}

const special: Record<string, (value: unknown) => DecodedMessage> = {
  [timeType]: (v) => timeFromJSON(v, false),
  [microTimeType]: (v) => timeFromJSON(v, true),
  [intOrStringType]: intOrStringFromJSON,
  [quantityType]: quantityFromJSON,
  [rawExtensionType]: (v) => ({ raw: embeddedJSONFromJSON(v) }),
  [fieldsV1Type]: (v) => ({ Raw: embeddedJSONFromJSON(v) }),
};

function writeJSON(plan: MessagePlan, json: Record<string, unknown>, writer: Writer): void {
  for (const field of plan.fields) {
    if (field.inline) {
      writer.uint32(tag(field.number, 2)).fork();
      writeJSON((field.message as () => MessagePlan)(), json, writer);
      writer.ldelim();
      continue;
    }
    const value = json[field.jsonName];
    if (value === undefined) continue;
    if (value === null) {
      // null is Go's zero value: absent on the wire, except a zero Time, which Go writes as an
      // empty message (`creationTimestamp: null`).
      if (field.scalar === undefined && !field.repeated && !field.mapKey) writeField(field, field.number, null, writer);
      continue;
    }
    if (field.mapKey) {
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
        writer.uint32(tag(field.number, 2)).fork();
        writer.uint32(tag(1, wireType(field.mapKey)));
        writeScalar(field.mapKey, key, writer);
        writeField(field, 2, entry, writer);
        writer.ldelim();
      }
    } else if (field.repeated) {
      for (const item of value as unknown[]) writeField(field, field.number, item, writer);
    } else {
      writeField(field, field.number, value, writer);
    }
  }
}

function writeField(field: FieldPlan, number: number, value: unknown, writer: Writer): void {
  if (field.scalar) {
    writer.uint32(tag(number, wireType(field.scalar)));
    writeScalar(field.scalar, field.scalar === 'bytes' ? bytesFromJSON(value) : value, writer);
    return;
  }
  const plan = (field.message as () => MessagePlan)();
  const convert = special[plan.fullName];
  if (value === null && plan.fullName !== timeType && plan.fullName !== microTimeType) return; // a nil pointer
  writer.uint32(tag(number, 2)).fork();
  if (convert) writeRaw(plan, convert(value), writer);
  else if (plan.listWrapper) writeRaw(plan, { items: value }, writer);
  else writeJSON(plan, value as Record<string, unknown>, writer);
  writer.ldelim();
}

function writeRaw(plan: MessagePlan, raw: DecodedMessage, writer: Writer): void {
  for (const field of plan.fields) {
    const value = raw[field.name];
    if (value === undefined || field.mapKey) continue;
    const values = field.repeated ? (value as unknown[]) : [value];
    for (const v of values) {
      if (field.scalar) {
        writer.uint32(tag(field.number, wireType(field.scalar)));
        writeScalar(field.scalar, v, writer);
      } else {
        writer.uint32(tag(field.number, 2)).fork();
        writeRaw((field.message as () => MessagePlan)(), v as DecodedMessage, writer);
        writer.ldelim();
      }
    }
  }
}

function writeScalar(type: ScalarType, value: unknown, writer: Writer): void {
  if (type === 'bytes') writer.bytes(value as Uint8Array);
  else if (type === 'string') writer.string(String(value));
  else if (type === 'bool') writer.bool(Boolean(value));
  else writer[type](Number(value));
}

function tag(number: number, wire: number): number {
  return ((number << 3) | wire) >>> 0;
}

function wireType(type: ScalarType): number {
  switch (type) {
    case 'double':
    case 'fixed64':
    case 'sfixed64':
      return 1;
    case 'float':
    case 'fixed32':
    case 'sfixed32':
      return 5;
    case 'string':
    case 'bytes':
      return 2;
    default:
      return 0;
  }
}
