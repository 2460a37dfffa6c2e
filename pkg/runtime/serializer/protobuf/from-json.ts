/**
 * JSON object → protobuf message fields: the inverse of to-json.ts, used to encode objects
 * (round-trip tests, fixtures, and protobuf responses should they ever be served). Fields the
 * message does not have are dropped, as Go's typed decoding drops them.
 */
import protobuf from 'protobufjs/light.js';
import type { ProtobufSchema } from './schema.js';
import { isListWrapper } from './to-json.js';
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

/**
 * Builds the plain message object protobufjs encodes for `type` from a JSON object.
 * @throws Error on values the message cannot hold (bad base64, bad timestamps).
 */
export function messageFromJSON(schema: ProtobufSchema, type: protobuf.Type, json: Record<string, unknown>): DecodedMessage {
  const facts = schema.factsOf(type);
  const out: DecodedMessage = {};
  for (const field of type.fieldsArray) {
    field.resolve();
    if (facts.inline?.includes(field.name) && field.resolvedType instanceof protobuf.Type) {
      const inner = messageFromJSON(schema, field.resolvedType, json);
      if (Object.keys(inner).length > 0) out[field.name] = inner;
      continue;
    }
    const jsonName = facts.rename?.[field.name] ?? field.name;
    const value = json[jsonName];
    if (value === undefined) continue;
    if (field.map) {
      if (value === null) continue;
      const map: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(value as Record<string, unknown>)) map[key] = fieldValueFromJSON(schema, field, entry);
      out[field.name] = map;
    } else if (field.repeated) {
      if (value === null) continue;
      out[field.name] = (value as unknown[]).map((entry) => fieldValueFromJSON(schema, field, entry));
    } else {
      const converted = fieldValueFromJSON(schema, field, value);
      if (converted !== undefined) out[field.name] = converted;
    }
  }
  return out;
}

function fieldValueFromJSON(schema: ProtobufSchema, field: protobuf.Field, value: unknown): unknown {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    switch (resolved.fullName) {
      case timeType:
        return timeFromJSON(value, false);
      case microTimeType:
        return timeFromJSON(value, true);
      case intOrStringType:
        return intOrStringFromJSON(value);
      case quantityType:
        return quantityFromJSON(value);
      case rawExtensionType:
        return { raw: embeddedJSONFromJSON(value) };
      case fieldsV1Type:
        return { Raw: embeddedJSONFromJSON(value) };
    }
    if (isListWrapper(resolved)) return { items: value ?? [] };
    // A null pointer-to-struct is simply absent on the wire.
    if (value === null) return undefined;
    return messageFromJSON(schema, resolved, value as Record<string, unknown>);
  }
  if (field.type === 'bytes') return bytesFromJSON(value);
  return value;
}
