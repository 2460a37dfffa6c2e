/**
 * protobuf wire bytes → the JSON object a JSON client would have sent for the same Go value, in
 * one pass over protobufjs's Reader, following a message plan (see schema.ts):
 *
 *   - fields take their JSON names; embedded Go structs (`inline`) merge into the parent object;
 *   - non-pointer `omitempty` scalars Go always writes are dropped when zero;
 *   - slices/maps/pointers without `omitempty` are `null` when absent, as json.Marshal writes them;
 *   - bytes become base64; apimachinery's Time, MicroTime, IntOrString, Quantity, RawExtension and
 *     FieldsV1 take their JSON forms (well-known.ts); list wrappers become bare lists.
 *
 * Recursive messages (JSONSchemaProps) let a 3 MiB body nest a million levels, so the walk counts
 * the JSON nesting it builds and stops past maxNestingDepth (`proto: exceeded maximum recursion
 * depth`, as google.golang.org/protobuf words its own limit), embedded JSON included; groups of
 * unknown fields are skipped with a counter rather than protobufjs's recursion.
 */
import protobuf from 'protobufjs/minimal.js';
import { maxNestingDepth } from '../../../util/json/depth.js';
import { RecursionDepthError } from '../errors/errors.js';
import type { FieldPlan, MessagePlan, ScalarType } from './schema.js';
import {
  type DecodedMessage,
  embeddedJSONToJSON,
  fieldsV1Type,
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

type Reader = protobuf.Reader;

const WIRE_LENGTH_DELIMITED = 2;
const WIRE_START_GROUP = 3;
const WIRE_END_GROUP = 4;

function checkDepth(depth: number): void {
  if (depth > maxNestingDepth) throw new RecursionDepthError();
}

/** Reads a message of `plan` from `data` into its JSON object form. */
export function decodeToJSON(plan: MessagePlan, data: Uint8Array): Record<string, unknown> {
  const reader = readerOf(data);
  const out: Record<string, unknown> = {};
  readJSON(plan, reader, data.length, out, 1);
  return out;
}

/**
 * Reads a message into an object keyed by proto field names, only fields present on the wire
 * (scalars as read, nested messages likewise): for the envelope and the small well-known types.
 */
export function decodeRaw(plan: MessagePlan, data: Uint8Array): DecodedMessage {
  const reader = readerOf(data);
  return readRaw(plan, reader, data.length, 1);
}

/** A Buffer view of the bytes, so protobufjs picks its BufferReader (native UTF-8 and slices). */
function readerOf(data: Uint8Array): Reader {
  return protobuf.Reader.create(
    Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  );
}

/** JSON forms of apimachinery's special types; `depth` is where the value lands, for embedded JSON. */
const special: Record<string, (raw: DecodedMessage, depth: number) => unknown> = {
  [timeType]: timeToJSON,
  [microTimeType]: microTimeToJSON,
  [intOrStringType]: intOrStringToJSON,
  [quantityType]: quantityToJSON,
  [rawExtensionType]: (raw, depth) => embeddedJSONToJSON(raw.raw, maxNestingDepth - depth + 1),
  [fieldsV1Type]: (raw, depth) => embeddedJSONToJSON(raw.Raw, maxNestingDepth - depth + 1),
};

/** Reads a message's fields into `into`, an object nested `depth` levels deep in the result. */
function readJSON(plan: MessagePlan, reader: Reader, end: number, into: Record<string, unknown>, depth: number): void {
  checkDepth(depth);
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = plan.byNumber.get(tag >>> 3);
    if (!field) {
      skipField(reader, tag & 7);
      continue;
    }
    if (field.inline) {
      const length = reader.uint32();
      readJSON((field.message as () => MessagePlan)(), reader, reader.pos + length, into, depth);
    } else if (field.mapKey) {
      const map = (into[field.jsonName] ??= {}) as Record<string, unknown>;
      readMapEntry(field, reader, map, depth + 1);
    } else if (field.repeated) {
      const list = (into[field.jsonName] ??= []) as unknown[];
      if (
        field.scalar &&
        field.scalar !== 'string' &&
        field.scalar !== 'bytes' &&
        (tag & 7) === WIRE_LENGTH_DELIMITED
      ) {
        // Packed encoding of numeric lists (Go writes them unpacked; other encoders may not).
        const stop = reader.uint32() + reader.pos;
        while (reader.pos < stop) list.push(readScalar(field.scalar, reader));
      } else {
        list.push(readValue(field, reader, depth + 2));
      }
    } else {
      const value = readValue(field, reader, depth + 1);
      if (field.omitEmpty && (value === '' || value === 0 || value === false)) delete into[field.jsonName];
      else into[field.jsonName] = value;
    }
  }
  for (const field of plan.fields) {
    if (field.nullIfAbsent && !(field.jsonName in into)) into[field.jsonName] = null;
  }
}

/** Reads a field's value, which lands `depth` levels deep in the result. */
function readValue(field: FieldPlan, reader: Reader, depth: number): unknown {
  if (field.scalar) return readScalar(field.scalar, reader);
  const plan = (field.message as () => MessagePlan)();
  const end = reader.uint32() + reader.pos;
  const convert = special[plan.fullName];
  if (convert) return convert(readRaw(plan, reader, end, depth), depth);
  if (plan.listWrapper) return (readRaw(plan, reader, end, depth).items as unknown[] | undefined) ?? [];
  const out: Record<string, unknown> = {};
  readJSON(plan, reader, end, out, depth);
  return out;
}

/** Reads one entry of a map nested `depth` levels deep. */
function readMapEntry(field: FieldPlan, reader: Reader, map: Record<string, unknown>, depth: number): void {
  checkDepth(depth);
  const end = reader.uint32() + reader.pos;
  let key: unknown = '';
  let value: unknown;
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1) key = readScalar(field.mapKey as ScalarType, reader);
    else if (tag >>> 3 === 2) value = readValue(field, reader, depth + 1);
    else skipField(reader, tag & 7);
  }
  // A missing value is the value type's zero, as Go's map decoding leaves it.
  map[String(key)] = value ?? (field.scalar ? zeroOf(field.scalar) : {});
}

function readRaw(plan: MessagePlan, reader: Reader, end: number, depth: number): DecodedMessage {
  checkDepth(depth);
  const out: DecodedMessage = {};
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = plan.byNumber.get(tag >>> 3);
    if (!field || field.mapKey) {
      skipField(reader, tag & 7);
      continue;
    }
    let value: unknown;
    if (field.scalar) value = field.scalar === 'bytes' ? reader.bytes() : readScalar(field.scalar, reader);
    else {
      const stop = reader.uint32() + reader.pos;
      value = readRaw((field.message as () => MessagePlan)(), reader, stop, depth + 1);
    }
    if (field.repeated) ((out[field.name] ??= []) as unknown[]).push(value);
    else out[field.name] = value;
  }
  return out;
}

/**
 * Skips a field this plan does not read. protobufjs skips a group by recursing into nested
 * groups, so a body of start-group tags would exhaust the stack; count them instead, as gogo's
 * generated skip functions do.
 */
function skipField(reader: Reader, wireType: number): void {
  if (wireType === WIRE_END_GROUP) throw new Error('unexpected end of group');
  if (wireType !== WIRE_START_GROUP) {
    reader.skipType(wireType);
    return;
  }
  for (let open = 1; open > 0; ) {
    const type = reader.uint32() & 7;
    if (type === WIRE_START_GROUP) open++;
    else if (type === WIRE_END_GROUP) open--;
    else reader.skipType(type);
  }
}

function readScalar(type: ScalarType, reader: Reader): unknown {
  switch (type) {
    case 'string':
      return reader.string();
    case 'bool':
      return reader.bool();
    case 'int32':
      return reader.int32();
    case 'uint32':
      return reader.uint32();
    case 'sint32':
      return reader.sint32();
    case 'fixed32':
      return reader.fixed32();
    case 'sfixed32':
      return reader.sfixed32();
    case 'double':
      return reader.double();
    case 'float':
      return reader.float();
    case 'bytes': {
      const bytes = reader.bytes();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
    }
    default:
      // 64-bit integers: numbers, as JSON.parse gives them.
      return int64ToNumber(reader[type]());
  }
}

function zeroOf(type: ScalarType): unknown {
  if (type === 'string' || type === 'bytes') return '';
  return type === 'bool' ? false : 0;
}
