/**
 * The CLETS/NCIC vehicle query, from the agency's template. The default template gives the
 * message key form every California switch (and the hub's simulator) takes:
 * `QV.<ORI>.LIC/<plate>.LIS/<state>`, with `.LIY/<year>` and `.LIT/<type>` when known.
 */
import { DEFAULT_CLETS_TEMPLATE } from '../../contract/workflow';

export interface QueryFields {
  ori: string;
  plate: string;
  state: string;
  /** Plate expiry year and plate type: not on a camera read, so usually unknown. */
  year?: number;
  type?: string;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

const PLACEHOLDER = /\{([A-Z]+)\}/g;
const KNOWN = new Set(['ORI', 'LIC', 'LIS', 'LIY', 'LIT']);

/** Refuses a template with a placeholder the console cannot fill or an unbalanced bracket. */
export function checkTemplate(template: string): void {
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!KNOWN.has(name!)) throw new TemplateError(`unknown field {${name}} (use ${[...KNOWN].map((k) => `{${k}}`).join(' ')})`);
  }
  let depth = 0;
  for (const ch of template) {
    if (ch === '[') depth += 1;
    if (ch === ']') depth -= 1;
    if (depth < 0 || depth > 1) throw new TemplateError('[optional parts] cannot nest or close before they open');
  }
  if (depth !== 0) throw new TemplateError('an [optional part] is not closed');
}

export function composeQuery(q: QueryFields, template: string = DEFAULT_CLETS_TEMPLATE): string {
  checkTemplate(template);
  const values: Record<string, string | undefined> = {
    ORI: q.ori,
    LIC: q.plate,
    LIS: q.state,
    LIY: q.year === undefined ? undefined : String(q.year),
    LIT: q.type,
  };
  const fill = (part: string) => part.replace(PLACEHOLDER, (_, name: string) => values[name] ?? '');
  const known = (part: string) => [...part.matchAll(PLACEHOLDER)].every(([, name]) => values[name!] !== undefined);
  return template
    .replace(/\[([^\]]*)\]/g, (_, part: string) => (known(part) ? fill(part) : ''))
    .replace(PLACEHOLDER, (_, name: string) => {
      const v = values[name];
      if (v === undefined) throw new TemplateError(`{${name}} is unknown for this hit; put it in [brackets] to leave it out`);
      return v;
    });
}
