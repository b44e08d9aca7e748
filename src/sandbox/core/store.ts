import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The sandbox org's state: named collections of plain JSON entities. Each service's models.ts
 * owns its collections; the store only keeps them, lists them for `/sandbox/v1/inventory`, and
 * persists them atomically when `--data FILE` is given.
 */
export interface Entity {
  id: string;
  name?: string;
}

export interface CollectionOptions<T> {
  /** Left out of the inventory (tokens, generated schedules…). */
  hidden?: boolean;
  /** Fields shown in the inventory besides id and name. Never secrets. */
  summarize?: (e: T) => Record<string, unknown>;
  /**
   * For what piles up in a long-lived org (runs, calls, import jobs, tokens): at most `max` rows.
   * An insert past it drops the row with the lowest `age` that `evictable` lets go.
   */
  cap?: { max: number; age: (e: T) => string | number; evictable?: (e: T) => boolean };
}

export class Collection<T extends Entity> {
  constructor(
    readonly kind: string,
    private readonly rows: Map<string, T>,
    readonly options: CollectionOptions<T>,
    private readonly onChange: () => void,
  ) {}

  get(id: string): T | undefined {
    return this.rows.get(id);
  }
  has(id: string): boolean {
    return this.rows.has(id);
  }
  list(): T[] {
    return [...this.rows.values()];
  }
  find(pred: (e: T) => boolean): T | undefined {
    for (const e of this.rows.values()) if (pred(e)) return e;
    return undefined;
  }
  filter(pred: (e: T) => boolean): T[] {
    return this.list().filter(pred);
  }
  get size(): number {
    return this.rows.size;
  }
  /** Adds or replaces the entity under its id. */
  put(entity: T): T {
    this.rows.set(entity.id, entity);
    this.onChange();
    return entity;
  }
  /**
   * Adds a new entity. An id already taken is a sandbox bug (an id drawn twice), never a caller's
   * mistake: it fails loudly rather than overwrite what holds the id (as a restored org once
   * overwrote its seeded Master Admin with a new role).
   */
  insert(entity: T): T {
    if (this.rows.has(entity.id)) throw new Error(`sandbox ${this.kind}: id ${entity.id} is already taken`);
    this.put(entity);
    const cap = this.options.cap;
    if (cap && this.rows.size > cap.max) {
      let oldest: T | undefined;
      for (const e of this.rows.values())
        if (e !== entity && (cap.evictable?.(e) ?? true) && (oldest === undefined || cap.age(e) < cap.age(oldest))) oldest = e;
      if (oldest) this.delete(oldest.id);
    }
    return entity;
  }
  delete(id: string): boolean {
    const had = this.rows.delete(id);
    if (had) this.onChange();
    return had;
  }
  clear(): void {
    this.rows.clear();
    this.onChange();
  }
}

type Snapshot = Record<string, Record<string, unknown>[]>;

/**
 * A saved org, checked for its shape: a truncated or foreign file must stop the start with a line
 * that names the file, not crash later inside some service with a TypeError.
 */
function readSnapshot(file: string): Snapshot {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is not a sandbox org file (${e instanceof SyntaxError ? 'not valid JSON' : String(e)}): restore it, or delete it to start a fresh org`);
  }
  const isSnapshot =
    typeof data === 'object' && data !== null && !Array.isArray(data) && Object.values(data).every((rows) => Array.isArray(rows) && rows.every((r) => typeof r === 'object' && r !== null && typeof (r as Entity).id === 'string'));
  if (!isSnapshot) throw new Error(`${file} is not a sandbox org file (expected {"<kind>": [{"id": …}, …]}): restore it, or delete it to start a fresh org`);
  return data as Snapshot;
}

export class Store {
  private collections = new Map<string, Collection<Entity>>();
  private loaded: Snapshot = {};
  private dirty = false;

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) this.loaded = readSnapshot(file);
  }

  /** Reloading from a --data file means the org was not freshly seeded. */
  get restored(): boolean {
    return Object.keys(this.loaded).length > 0;
  }

  collection<T extends Entity>(kind: string, options: CollectionOptions<T> = {}): Collection<T> {
    const existing = this.collections.get(kind);
    if (existing) return existing as unknown as Collection<T>;
    const rows = new Map<string, T>();
    for (const e of (this.loaded[kind] ?? []) as unknown as T[]) rows.set(e.id, e);
    const c = new Collection<T>(kind, rows, options, () => {
      this.dirty = true;
    });
    this.collections.set(kind, c as unknown as Collection<Entity>);
    return c;
  }

  inventory(): Record<string, Array<Record<string, unknown>>> {
    const out: Record<string, Array<Record<string, unknown>>> = {};
    for (const [kind, c] of this.collections) {
      if (c.options.hidden) continue;
      out[kind] = c
        .list()
        .map((e) => ({ id: e.id, name: e.name, ...(c.options.summarize?.(e) ?? {}) }))
        .sort((a, b) => String(a.name ?? a.id).localeCompare(String(b.name ?? b.id)) || a.id.localeCompare(b.id));
    }
    return out;
  }

  /** Writes the state if anything changed: temp file + rename, so a crash never leaves half a file. */
  flush(): void {
    if (!this.file || !this.dirty) return;
    const snap: Snapshot = {};
    // Collections this process never opened are kept as they were loaded, not dropped.
    for (const [kind, rows] of Object.entries(this.loaded)) if (!this.collections.has(kind)) snap[kind] = rows;
    for (const [kind, c] of this.collections) snap[kind] = c.list() as unknown as Record<string, unknown>[];
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(snap), { mode: 0o600 });
    renameSync(tmp, this.file);
    this.dirty = false;
  }
}
