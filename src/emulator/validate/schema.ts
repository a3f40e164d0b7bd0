// A small JSON-schema checker that words its findings the way Bedrock's InvokeModel body validation
// does (the everit JSON-schema library behind "Malformed input request: #/messages/0: extraneous key
// [x] is not permitted, please reformat your input and try again."). Only the constructs the family
// schemas need: typed scalars, closed or open objects, arrays, unions, and blocks tagged by a key.

export type Schema =
  | { t: 'string'; enum?: readonly string[]; minLength?: number }
  | { t: 'integer' | 'number'; min?: number; max?: number }
  | { t: 'boolean' | 'any' | 'null' }
  | { t: 'object'; props: Readonly<Record<string, Schema>>; required?: readonly string[]; open?: boolean }
  | { t: 'array'; items: Schema; minItems?: number; maxItems?: number }
  /** Any branch may match; when none does, every branch's findings are reported (as everit does). */
  | { t: 'union'; of: readonly Schema[] }
  /** An object whose `key` picks the schema (content blocks by `type`). */
  | { t: 'tagged'; key: string; cases: Readonly<Record<string, Schema>> };

export const str = (extra: { enum?: readonly string[]; minLength?: number } = {}): Schema => ({ t: 'string', ...extra });
export const int = (min?: number, max?: number): Schema => ({ t: 'integer', min, max });
export const num = (min?: number, max?: number): Schema => ({ t: 'number', min, max });
export const bool: Schema = { t: 'boolean' };
export const any: Schema = { t: 'any' };
export const arr = (items: Schema, minItems?: number, maxItems?: number): Schema => ({ t: 'array', items, minItems, maxItems });
export const obj = (props: Record<string, Schema>, required: readonly string[] = [], open = false): Schema => ({ t: 'object', props, required, open });
export const union = (...of: Schema[]): Schema => ({ t: 'union', of });
export const tagged = (key: string, cases: Record<string, Schema>): Schema => ({ t: 'tagged', key, cases });

/** everit's name for a JSON value's type. */
function typeName(v: unknown): string {
  if (v === null) return 'Null';
  if (Array.isArray(v)) return 'JSONArray';
  if (typeof v === 'object') return 'JSONObject';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'BigDecimal';
  return 'Unknown';
}

/** The findings for `value` at `path` (`#` is the root, `#/messages/0` below it), each already worded. */
export function check(schema: Schema, value: unknown, path = '#'): string[] {
  switch (schema.t) {
    case 'any':
      return [];
    case 'null':
      return value === null ? [] : [`${path}: expected: null, found: ${typeName(value)}`];
    case 'string': {
      if (typeof value !== 'string') return [`${path}: expected type: String, found: ${typeName(value)}`];
      if (schema.enum && !schema.enum.includes(value)) return [`${path}: ${value} is not a valid enum value`];
      if (schema.minLength !== undefined && value.length < schema.minLength) {
        return [`${path}: expected minLength: ${schema.minLength}, actual: ${value.length}`];
      }
      return [];
    }
    case 'integer':
    case 'number': {
      const ok = typeof value === 'number' && (schema.t === 'number' || Number.isInteger(value));
      if (!ok) return [`${path}: expected type: ${schema.t === 'integer' ? 'Integer' : 'Number'}, found: ${typeName(value)}`];
      const n = value as number;
      if (schema.min !== undefined && n < schema.min) return [`${path}: ${n} is not greater or equal to ${schema.min}`];
      if (schema.max !== undefined && n > schema.max) return [`${path}: ${n} is not less or equal to ${schema.max}`];
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${path}: expected type: Boolean, found: ${typeName(value)}`];
    case 'array': {
      if (!Array.isArray(value)) return [`${path}: expected type: JSONArray, found: ${typeName(value)}`];
      const out: string[] = [];
      if (schema.minItems !== undefined && value.length < schema.minItems) {
        out.push(`${path}: expected minimum item count: ${schema.minItems}, found: ${value.length}`);
      }
      if (schema.maxItems !== undefined && value.length > schema.maxItems) {
        out.push(`${path}: expected maximum item count: ${schema.maxItems}, found: ${value.length}`);
      }
      value.forEach((item, i) => out.push(...check(schema.items, item, `${path}/${i}`)));
      return out;
    }
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return [`${path}: expected type: JSONObject, found: ${typeName(value)}`];
      }
      const o = value as Record<string, unknown>;
      const out: string[] = [];
      for (const key of schema.required ?? []) if (!(key in o)) out.push(`${path}: required key [${key}] not found`);
      for (const [key, v] of Object.entries(o)) {
        const sub = schema.props[key];
        if (sub) out.push(...check(sub, v, `${path}/${key}`));
        else if (!schema.open) out.push(`${path}: extraneous key [${key}] is not permitted`);
      }
      return out;
    }
    case 'union': {
      const all: string[] = [];
      for (const branch of schema.of) {
        const found = check(branch, value, path);
        if (found.length === 0) return [];
        all.push(...found);
      }
      return all;
    }
    case 'tagged': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return [`${path}: expected type: JSONObject, found: ${typeName(value)}`];
      }
      const tag = (value as Record<string, unknown>)[schema.key];
      if (tag === undefined) return [`${path}: required key [${schema.key}] not found`];
      if (typeof tag !== 'string') return [`${path}/${schema.key}: expected type: String, found: ${typeName(tag)}`];
      const sub = schema.cases[tag];
      if (!sub) return [`${path}/${schema.key}: ${tag} is not a valid enum value`];
      return check(sub, value, path);
    }
  }
}

/** AWS's wording around the findings. */
export function malformed(findings: readonly string[]): string {
  return `Malformed input request: ${findings.join('')}, please reformat your input and try again.`;
}
