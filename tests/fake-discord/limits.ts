/**
 * Discord's answers to bad requests: its error body shape and the limits it enforces on messages and
 * application commands, so a bot that breaks them fails in tests as it would in production.
 */
import { asJson, type Json } from './fixtures.js';

/** An HTTP answer of the fake: status, optional JSON body (or raw bytes, for the CDN), extra headers. */
export interface Reply { status: number; body?: unknown; raw?: { bytes: Uint8Array; contentType: string }; headers?: Record<string, string> }

/** A Discord-style JSON error: `{ code, message }` plus nested `errors` for form errors. */
export function discordError(status: number, code: number, message: string, errors?: Json): Reply {
  return { status, body: errors ? { code, message, errors } : { code, message } };
}

/** Discord's nested form-body error shape: `{ a: { b: { _errors: [{ code, message }] } } }`. */
export function nest(path: string[], code: string, message: string): Json {
  return path.reduceRight<Json>((inner, key) => ({ [key]: inner }), { _errors: [{ code, message }] });
}

/**
 * Discord's message limits: content 2000, 10 embeds, title 256, description 4096, 25 fields of
 * 256/1024, footer 2048, author 256, 6000 characters per message's embeds. A new message must not be
 * empty (`partial` is for edits, which may change any subset).
 */
export function validateMessage(body: Json, fileCount: number, partial: boolean, prefix: string[]): Reply | undefined {
  const tooLong = (path: string[], max: number): Reply =>
    discordError(400, 50035, 'Invalid Form Body', nest([...prefix, ...path], 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`));
  const content = typeof body.content === 'string' ? body.content : '';
  if (content.length > 2000) return tooLong(['content'], 2000);
  const embeds = Array.isArray(body.embeds) ? (body.embeds as Json[]) : [];
  if (embeds.length > 10) return tooLong(['embeds'], 10);
  let total = 0;
  for (const [i, embed] of embeds.entries()) {
    const at = ['embeds', String(i)];
    const text = (value: unknown): string => (typeof value === 'string' ? value : '');
    const checks: Array<[string[], string, number]> = [
      [[...at, 'title'], text(embed.title), 256],
      [[...at, 'description'], text(embed.description), 4096],
      [[...at, 'footer', 'text'], text(asJson(embed.footer).text), 2048],
      [[...at, 'author', 'name'], text(asJson(embed.author).name), 256],
    ];
    const fields = Array.isArray(embed.fields) ? (embed.fields as Json[]) : [];
    if (fields.length > 25) return tooLong([...at, 'fields'], 25);
    for (const [j, field] of fields.entries()) {
      checks.push([[...at, 'fields', String(j), 'name'], text(field.name), 256]);
      checks.push([[...at, 'fields', String(j), 'value'], text(field.value), 1024]);
    }
    for (const [path, value, max] of checks) {
      if (value.length > max) return tooLong(path, max);
      total += value.length;
    }
  }
  if (total > 6000) {
    return discordError(400, 50035, 'Invalid Form Body', nest([...prefix, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000'));
  }
  const invalidComponents = validateComponents(body.components, prefix);
  if (invalidComponents) return invalidComponents;
  const components = Array.isArray(body.components) ? body.components.length : 0;
  if (!partial && content.length === 0 && embeds.length === 0 && fileCount === 0 && components === 0
    && !Array.isArray(body.sticker_ids) && body.poll === undefined) {
    return discordError(400, 50006, 'Cannot send an empty message');
  }
  return undefined;
}

/**
 * Discord's limits on message components: at most 5 action rows (type 1) of at most 5 buttons
 * (type 2), each with a custom id of 1 to 100 characters (unique in the message) or a url, and
 * a label of at most 80 characters, or an emoji.
 */
function validateComponents(components: unknown, prefix: string[]): Reply | undefined {
  if (components === undefined || components === null) return undefined;
  const bad = (path: string[], message: string): Reply => discordError(400, 50035, 'Invalid Form Body', nest([...prefix, 'components', ...path], 'COMPONENT_INVALID', message));
  if (!Array.isArray(components)) return bad([], 'Must be an array.');
  if (components.length > 5) return bad([], 'Must be 5 or fewer in length.');
  const ids = new Set<string>();
  for (const [i, row] of (components as Json[]).entries()) {
    const children = Array.isArray(row.components) ? (row.components as Json[]) : [];
    if (row.type !== 1 || children.length < 1 || children.length > 5) return bad([String(i)], 'An action row holds 1 to 5 components.');
    for (const [j, button] of children.entries()) {
      const at = [String(i), 'components', String(j)];
      if (button.type !== 2) return bad(at, `Component type ${String(button.type)} is not a button.`);
      const id = typeof button.custom_id === 'string' ? button.custom_id : '';
      if (button.style !== 5 && (id.length < 1 || id.length > 100)) return bad([...at, 'custom_id'], 'Must be between 1 and 100 in length.');
      if (button.style !== 5 && ids.has(id)) return bad([...at, 'custom_id'], 'Component custom id cannot be duplicated.');
      ids.add(id);
      const label = typeof button.label === 'string' ? button.label : '';
      if (label.length > 80) return bad([...at, 'label'], 'Must be 80 or fewer in length.');
      if (label.length === 0 && button.emoji === undefined) return bad(at, 'A button needs a label or an emoji.');
    }
  }
  return undefined;
}

/** Discord's command rules: name 1-32 lower-case word characters, description 1-100, at most 25 options and choices. */
export function validateCommands(commands: Json[]): Reply | undefined {
  const bad = (path: string[], message: string): Reply =>
    discordError(400, 50035, 'Invalid Form Body', nest(path, 'APPLICATION_COMMAND_INVALID', message));
  const check = (item: Json, path: string[], chatInput: boolean): Reply | undefined => {
    const name = String(item.name ?? '');
    if (!/^[-_\p{L}\p{N}]{1,32}$/u.test(name) || (chatInput && name !== name.toLowerCase())) {
      return bad([...path, 'name'], `Invalid name "${name}": 1-32 lower-case letters, digits, - or _.`);
    }
    const description = String(item.description ?? '');
    if (chatInput && (description.length < 1 || description.length > 100)) {
      return bad([...path, 'description'], 'Must be between 1 and 100 in length.');
    }
    for (const key of ['options', 'choices'] as const) {
      const list = Array.isArray(item[key]) ? (item[key] as Json[]) : [];
      if (list.length > 25) return bad([...path, key], 'Must be 25 or fewer in length.');
      if (key === 'options') {
        for (const [i, option] of list.entries()) {
          const invalid = check(option, [...path, key, String(i)], true);
          if (invalid) return invalid;
        }
      }
    }
    return undefined;
  };
  for (const [i, command] of commands.entries()) {
    const invalid = check(command, [String(i)], Number(command.type ?? 1) === 1);
    if (invalid) return invalid;
  }
  return undefined;
}
