/**
 * Results of pure work on text (parsing YAML), kept for the last `size` keys: a plan asks for the
 * same manifest and the same workflow many times over. A key is the whole input, so a changed
 * input is worked anew; a throw is not kept (the next ask throws again, with its own message).
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly size: number) {}

  get(key: string, make: () => V): V {
    if (this.entries.has(key)) return this.entries.get(key)!;
    const value = make();
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
    return value;
  }
}
