import type { BinaryOp, Expr } from './ast.js';
import { ExpressionSyntaxError, tokenize, type Token } from './lexer.js';

/**
 * Pratt parser for Architect expressions. Precedence, loosest first: `or`, `and`, `not`,
 * comparisons, `+ -`, `* / %`, unary minus, then postfix member access / indexing / calls.
 */
const SCOPES = new Set(['flow', 'state', 'task']);

const BINARY: Record<string, { op: BinaryOp; bp: number }> = {
  or: { op: 'or', bp: 10 },
  and: { op: 'and', bp: 20 },
  '==': { op: '==', bp: 40 },
  '!=': { op: '!=', bp: 40 },
  '<': { op: '<', bp: 40 },
  '<=': { op: '<=', bp: 40 },
  '>': { op: '>', bp: 40 },
  '>=': { op: '>=', bp: 40 },
  '+': { op: '+', bp: 50 },
  '-': { op: '-', bp: 50 },
  '*': { op: '*', bp: 60 },
  '/': { op: '/', bp: 60 },
  '%': { op: '%', bp: 60 },
};
const NOT_BP = 30;
const NEG_BP = 70;

/** Operators from other languages, refused with the Architect spelling. */
const FOREIGN: Record<string, string> = { '&&': 'And', '||': 'Or', '!': 'Not', '<>': '!=' };

export function parseExpression(text: string): Expr {
  const p = new Parser(tokenize(text));
  if (p.peek().kind === 'eof') throw new ExpressionSyntaxError('empty expression', 0);
  const e = p.expr(0);
  const t = p.peek();
  if (t.kind !== 'eof') throw new ExpressionSyntaxError(`unexpected '${t.text}'`, t.pos);
  return e;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(): Token {
    return this.tokens[this.i]!;
  }
  private next(): Token {
    return this.tokens[this.i++]!;
  }
  private expect(text: string): Token {
    const t = this.next();
    if (t.text !== text) throw new ExpressionSyntaxError(t.kind === 'eof' ? `expected '${text}' before the end` : `expected '${text}' but found '${t.text}'`, t.pos);
    return t;
  }

  expr(minBp: number): Expr {
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && FOREIGN[t.text]) throw new ExpressionSyntaxError(`'${t.text}' is not an Architect operator; use ${FOREIGN[t.text]}`, t.pos);
      const key = t.kind === 'ident' ? t.text.toLowerCase() : t.kind === 'op' ? t.text : '';
      const b = BINARY[key];
      if (!b || b.bp <= minBp) break;
      this.next();
      const right = this.expr(b.bp);
      left = { k: 'bin', op: b.op, l: left, r: right, pos: t.pos };
    }
    return left;
  }

  private prefix(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        return this.postfix({ k: 'num', v: t.value as number, int: !t.text.includes('.'), pos: t.pos });
      case 'str':
        return this.postfix({ k: 'str', v: t.value as string, pos: t.pos });
      case 'op':
        if (t.text === '-') return { k: 'neg', arg: this.expr(NEG_BP), pos: t.pos };
        if (FOREIGN[t.text]) throw new ExpressionSyntaxError(`'${t.text}' is not an Architect operator; use ${FOREIGN[t.text]}`, t.pos);
        throw new ExpressionSyntaxError(`unexpected '${t.text}'`, t.pos);
      case 'punct':
        if (t.text === '(') {
          const inner = this.expr(0);
          this.expect(')');
          return this.postfix(inner);
        }
        throw new ExpressionSyntaxError(`unexpected '${t.text}'`, t.pos);
      case 'eof':
        throw new ExpressionSyntaxError('unexpected end of expression', t.pos);
      case 'ident':
        return this.identifier(t);
    }
  }

  private identifier(t: Token): Expr {
    const lower = t.text.toLowerCase();
    if (lower === 'true' || lower === 'false') return { k: 'bool', v: lower === 'true', pos: t.pos };
    if (lower === 'not_set') return { k: 'notset', pos: t.pos };
    if (lower === 'not') return { k: 'not', arg: this.expr(NOT_BP), pos: t.pos };
    if (this.peek().text === '(') {
      this.next();
      const args: Expr[] = [];
      if (this.peek().text !== ')') {
        for (;;) {
          args.push(this.expr(0));
          if (this.peek().text === ',') {
            this.next();
            continue;
          }
          break;
        }
      }
      this.expect(')');
      return this.postfix({ k: 'call', fn: lower, name: t.text, args, pos: t.pos });
    }
    if (SCOPES.has(lower) && this.peek().text === '.') {
      this.next();
      const name = this.next();
      if (name.kind !== 'ident') throw new ExpressionSyntaxError(`expected a variable name after '${t.text}.'`, name.pos);
      return this.postfix({ k: 'var', name: `${t.text}.${name.text}`, pos: t.pos });
    }
    throw new ExpressionSyntaxError(`unknown identifier '${t.text}' (variables are Flow.x, State.x or Task.x)`, t.pos);
  }

  private postfix(e: Expr): Expr {
    for (;;) {
      const t = this.peek();
      if (t.text === '.' && t.kind === 'punct') {
        this.next();
        const p = this.next();
        if (p.kind !== 'ident') throw new ExpressionSyntaxError(`expected a property name after '.'`, p.pos);
        e = { k: 'member', obj: e, prop: p.text, pos: p.pos };
        continue;
      }
      if (t.text === '[' && t.kind === 'punct') {
        this.next();
        const index = this.expr(0);
        this.expect(']');
        e = { k: 'index', obj: e, index, pos: t.pos };
        continue;
      }
      return e;
    }
  }
}
