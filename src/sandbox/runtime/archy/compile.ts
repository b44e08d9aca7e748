import { parse } from 'yaml';
import type { CompileResult, ResolvedReferences } from './api.js';

/**
 * Placeholder compiler: reads the flow's name and type from Archy YAML. The real one (grammar,
 * construct checks, reference resolution) replaces this.
 */
export function compileWorkflow(yamlText: string, _refs: ResolvedReferences): CompileResult {
  let doc: unknown;
  try {
    doc = parse(yamlText);
  } catch (e) {
    return { ok: false, messages: [{ type: 'Error', text: `YAML parse error: ${(e as Error).message}` }] };
  }
  const top = doc && typeof doc === 'object' ? Object.entries(doc as Record<string, unknown>)[0] : undefined;
  if (!top) return { ok: false, messages: [{ type: 'Error', text: 'The file holds no flow definition.' }] };
  const [type, body] = top as [string, { name?: string; description?: string; division?: string }];
  if (!body?.name) return { ok: false, messages: [{ type: 'Error', text: `${type}: missing required 'name'.` }] };
  return { ok: true, type, name: body.name, description: body.description, division: body.division, definition: body, inputs: [], messages: [] };
}
