/** What the sandbox's control API answers (the subset `simulate` reads). */
export interface CallState {
  conversationId: string;
  userId: string;
  direction: 'inbound' | 'outbound';
  queueId?: string;
  groupId?: string;
  state: 'alerting' | 'connected' | 'disconnected';
  startTime: string;
  answeredTime?: string;
  endTime?: string;
}

export interface ExecutionStep {
  at: string;
  action: string;
  name: string;
  time: string;
  detail?: Record<string, unknown>;
}

export interface Execution {
  id: string;
  name: string;
  flowId: string;
  source: 'trigger' | 'api';
  trigger?: { id: string; name: string; topicName: string; topic: string; dataFormat: string };
  inputs: Record<string, unknown>;
  status: 'RUNNING' | 'WAITING' | 'COMPLETED' | 'FAILED';
  startTime: string;
  endTime?: string;
  waitingUntil?: string;
  steps: ExecutionStep[];
  exitReason?: string;
  error?: { message: string; at?: string };
}

export interface BusEventView {
  topic: string;
  topicName: string;
  body: Record<string, unknown>;
  publishedAt: string;
}

export interface PresenceChange {
  time: string;
  systemPresence: string;
  presenceDefinitionId: string;
}
