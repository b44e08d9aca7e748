import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'yaml';
import { declaredFlow } from '../../resources/workflow.js';
import { decodeI3WorkFlow } from './i3-codec.js';
import { convertI3ToArchy } from './i3-to-archy.js';
import { ImportError } from './import-error.js';
import { substituteForImport } from './placeholders.js';
import { workflowRefs, type WorkflowRefs } from './workflow-refs.js';

/**
 * A workflow file ready for the flows-jobs API: Archy YAML as is, or an Architect export
 * (`.i3WorkFlow`) converted to Archy YAML; `{{key}}` substitutions applied; what it references.
 * Reads the file and nothing else: no call to the org.
 */
export interface LoadedWorkflow {
  file: string;
  format: 'yaml' | 'i3WorkFlow';
  name: string;
  yaml: string;
  references: WorkflowRefs;
  warnings: string[];
}

export function loadWorkflow(file: string, values: Record<string, string> = {}, opts: { division?: string } = {}): LoadedWorkflow {
  const ext = extname(file).toLowerCase();
  const format = ext === '.i3workflow' ? 'i3WorkFlow' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined;
  if (!format) throw new ImportError(`${file}: expected an Archy YAML file (.yaml) or an Architect export (.i3WorkFlow)`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ImportError(`${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message}`);
  }
  const warnings: string[] = [];
  if (format === 'i3WorkFlow') {
    const converted = convertI3ToArchy(decodeI3WorkFlow(text, file), { file, division: opts.division });
    warnings.push(...converted.warnings);
    text = converted.yaml;
  }
  const { text: yaml, unused } = substituteForImport(text, values, file);
  if (unused.length) warnings.push(`${file} has no {{${unused.join('}}, {{')}}} — --set ${unused.join(', ')} ignored`);
  const declared = declaredFlow(yaml, file);
  if (declared.type !== 'workflow') throw new ImportError(`${file}: "${declared.name}" is a ${declared.type} flow — presence-kit imports workflows only`);
  return { file, format, name: declared.name, yaml, references: workflowRefs(parse(yaml)), warnings };
}
