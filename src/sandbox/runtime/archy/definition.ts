import type { Expr } from './ast.js';
import type { ArchyType } from './values.js';

/**
 * The compiled workflow the architect service stores on a published flow version and the
 * interpreter runs. Plain JSON (expressions are kept parsed), so it persists with the org.
 */
export const DEFINITION_FORMAT = 'presence-kit/archy-workflow@1';

/** Where a value comes from: a literal, an expression, or nothing (`noValue: true`). */
export type ValueSource = { kind: 'lit'; value: unknown } | { kind: 'exp'; text: string; expr: Expr } | { kind: 'noValue' };

export interface VariableDecl {
  name: string;
  type: ArchyType;
  isInput: boolean;
  isOutput: boolean;
  initial: ValueSource;
}

interface ActionBase {
  /** The action's `name:` (as the Architect UI shows it). */
  name: string;
  /** Archy-style location, e.g. `/workflow/states/state[Initial State_10]/actions[0]/callData`. */
  at: string;
}

export type Action =
  | (ActionBase & {
      type: 'callData';
      category: string;
      dataAction: string;
      actionId: string;
      inputs: Record<string, ValueSource>;
      successOutputs: Record<string, string>;
      failureOutputs: Record<string, string>;
      success: Action[];
      failure: Action[];
      timeout: Action[];
    })
  | (ActionBase & { type: 'decision'; condition: ValueSource; yes: Action[]; no: Action[] })
  | (ActionBase & { type: 'switch'; cases: Array<{ condition: ValueSource; actions: Action[] }>; otherwise: Action[] })
  | (ActionBase & { type: 'loop'; currentIndex?: string; loopCount: ValueSource; body: Action[] })
  | (ActionBase & { type: 'loopExit' })
  | (ActionBase & { type: 'loopNext' })
  | (ActionBase & { type: 'updateData'; statements: Array<{ variable: string; type: ArchyType; value: ValueSource }> })
  | (ActionBase & {
      type: 'dataTableLookup';
      dataTable: string;
      dataTableId: string;
      lookupValue: ValueSource;
      foundOutputs: Record<string, string>;
      failureOutputs: Record<string, string>;
      found: Action[];
      notFound: Action[];
      failure: Action[];
    })
  | (ActionBase & { type: 'wait'; duration: ValueSource })
  | (ActionBase & { type: 'waitForTime'; dateTime: ValueSource })
  | (ActionBase & { type: 'endWorkflow'; exitReason: ValueSource })
  | (ActionBase & { type: 'jumpToTask'; target: string })
  | (ActionBase & { type: 'changeState'; target: string })
  | (ActionBase & {
      type: 'setConversationData';
      conversationId: ValueSource;
      participantId: ValueSource;
      attributes: Array<{ name: ValueSource; value: ValueSource }>;
      success: Action[];
      failure: Action[];
    });

export interface TaskDef {
  name: string;
  refId: string;
  /** `/workflow/states/state[S]/tasks/task[T]`. */
  ref: string;
  variables: VariableDecl[];
  actions: Action[];
}

export interface StateDef {
  name: string;
  refId: string;
  /** `/workflow/states/state[S]`. */
  ref: string;
  variables: VariableDecl[];
  actions: Action[];
  tasks: TaskDef[];
}

export interface WorkflowDefinition {
  format: typeof DEFINITION_FORMAT;
  name: string;
  description?: string;
  division?: string;
  variables: VariableDecl[];
  startUpRef: string;
  states: StateDef[];
  dataActions: Array<{ category: string; name: string; id: string }>;
  dataTables: Array<{ name: string; id: string }>;
}

export function isWorkflowDefinition(v: unknown): v is WorkflowDefinition {
  return !!v && typeof v === 'object' && (v as { format?: unknown }).format === DEFINITION_FORMAT;
}
