/**
 * The sandbox's notification bus: services publish Genesys topics (e.g.
 * `v2.detail.events.conversation.{id}.user.start` with the concrete id), the runtime listens and
 * matches them against Event Orchestration triggers.
 */
export interface BusEvent {
  /** Concrete topic, e.g. `v2.detail.events.conversation.6f1c….user.start`. */
  topic: string;
  /** The topic as triggers name it, with `{id}` in place of the entity id. */
  topicName: string;
  body: Record<string, unknown>;
  publishedAt: string;
}

type Listener = (event: BusEvent) => void | Promise<void>;

export class EventBus {
  private listeners: Listener[] = [];
  private pending = new Set<Promise<void>>();
  readonly history: BusEvent[] = [];

  subscribe(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  publish(event: BusEvent): void {
    this.history.push(event);
    if (this.history.length > 1000) this.history.shift();
    for (const l of this.listeners) {
      const p = Promise.resolve()
        .then(() => l(event))
        .catch(() => undefined)
        .finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  /** Resolves when every listener started so far has finished (tests and `simulate` wait on it). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
