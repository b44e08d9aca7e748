/** The parsed form of an Architect expression: plain JSON so a compiled flow can be stored. */
export type BinaryOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | 'and' | 'or';

export type Expr =
  | { k: 'str'; v: string; pos: number }
  | { k: 'num'; v: number; int: boolean; pos: number }
  | { k: 'bool'; v: boolean; pos: number }
  | { k: 'notset'; pos: number }
  /** `Flow.x`, `State.x`, `Task.x` — `name` as written. */
  | { k: 'var'; name: string; pos: number }
  /** `fn` lower-cased for lookup, `name` as written for messages. */
  | { k: 'call'; fn: string; name: string; args: Expr[]; pos: number }
  | { k: 'neg'; arg: Expr; pos: number }
  | { k: 'not'; arg: Expr; pos: number }
  | { k: 'bin'; op: BinaryOp; l: Expr; r: Expr; pos: number }
  | { k: 'member'; obj: Expr; prop: string; pos: number }
  | { k: 'index'; obj: Expr; index: Expr; pos: number };

/** Every variable an expression reads (for compile-time checks). */
export function variablesOf(e: Expr, out: Array<{ name: string; pos: number }> = []): Array<{ name: string; pos: number }> {
  switch (e.k) {
    case 'var':
      out.push({ name: e.name, pos: e.pos });
      break;
    case 'call':
      e.args.forEach((a) => variablesOf(a, out));
      break;
    case 'neg':
    case 'not':
      variablesOf(e.arg, out);
      break;
    case 'bin':
      variablesOf(e.l, out);
      variablesOf(e.r, out);
      break;
    case 'member':
      variablesOf(e.obj, out);
      break;
    case 'index':
      variablesOf(e.obj, out);
      variablesOf(e.index, out);
      break;
  }
  return out;
}

/** Every function call (for compile-time checks of names and argument counts). */
export function callsOf(e: Expr, out: Array<Extract<Expr, { k: 'call' }>> = []): Array<Extract<Expr, { k: 'call' }>> {
  switch (e.k) {
    case 'call':
      out.push(e);
      e.args.forEach((a) => callsOf(a, out));
      break;
    case 'neg':
    case 'not':
      callsOf(e.arg, out);
      break;
    case 'bin':
      callsOf(e.l, out);
      callsOf(e.r, out);
      break;
    case 'member':
      callsOf(e.obj, out);
      break;
    case 'index':
      callsOf(e.obj, out);
      callsOf(e.index, out);
      break;
  }
  return out;
}
