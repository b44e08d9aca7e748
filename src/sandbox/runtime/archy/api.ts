/**
 * The contract between the flows-jobs API (services/architect) and the Archy runtime
 * (runtime/archy): what "Archy" does server side when a job runs — parse the YAML, check every
 * construct is supported and every data action / data table it names exists — and what it hands
 * back. The architect service stores `definition` on the flow's published version; the runtime
 * executes it.
 */
import type { ContractSchemas } from '../../../model/data-action-call.js';

export interface ArchyMessage {
  type: 'Error' | 'Warning';
  text: string;
}

export interface ResolvedReferences {
  /** `category` (integration name) + action name → action id, or undefined when missing. */
  findAction(category: string, name: string): { id: string; contract: ContractSchemas } | undefined;
  findDataTable(name: string): { id: string } | undefined;
}

export type CompileResult =
  | {
      ok: true;
      /** Flow type as Archy names it: `workflow` (also `inboundcall`, … — the sandbox runs only workflows). */
      type: string;
      name: string;
      description?: string;
      division?: string;
      /** Opaque, JSON-serialisable compiled form the runtime executes. */
      definition: unknown;
      /** Input variable names (`Flow.userId`, …) and their Archy types. */
      inputs: Array<{ name: string; type: string }>;
      messages: ArchyMessage[];
    }
  | { ok: false; messages: ArchyMessage[] };
