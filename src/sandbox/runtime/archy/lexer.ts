/**
 * Tokenizer for Architect expressions (the `exp:` strings of Archy YAML). Architect keywords and
 * function names are case-insensitive; string literals use double quotes.
 */
export type TokenKind = 'num' | 'str' | 'ident' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** Decoded string literal / numeric value. */
  value?: string | number;
  /** 0-based offset in the expression text. */
  pos: number;
}

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const TWO_CHAR_OPS = ['==', '!=', '<=', '>=', '<>', '&&', '||'];
const ONE_CHAR_OPS = '<>+-*/%!';
const PUNCT = '()[],.';

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ExpressionSyntaxError('unterminated string literal', start);
        const ch = text[i]!;
        if (ch === '\\' && i + 1 < text.length) {
          const n = text[i + 1]!;
          s += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
          i += 2;
          continue;
        }
        if (ch === '"') {
          i++;
          break;
        }
        s += ch;
        i++;
      }
      out.push({ kind: 'str', text: text.slice(start, i), value: s, pos: start });
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < text.length && /[0-9]/.test(text[i]!)) i++;
      // A dot followed by a digit continues the number; otherwise it is member access.
      if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
        i++;
        while (i < text.length && /[0-9]/.test(text[i]!)) i++;
      }
      const t = text.slice(start, i);
      out.push({ kind: 'num', text: t, value: Number(t), pos: start });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
      out.push({ kind: 'ident', text: text.slice(start, i), pos: start });
      continue;
    }
    const two = text.slice(i, i + 2);
    if (TWO_CHAR_OPS.includes(two)) {
      out.push({ kind: 'op', text: two, pos: start });
      i += 2;
      continue;
    }
    if (ONE_CHAR_OPS.includes(c)) {
      out.push({ kind: 'op', text: c, pos: start });
      i++;
      continue;
    }
    if (PUNCT.includes(c)) {
      out.push({ kind: 'punct', text: c, pos: start });
      i++;
      continue;
    }
    throw new ExpressionSyntaxError(`unexpected character '${c}'`, start);
  }
  out.push({ kind: 'eof', text: '', pos: text.length });
  return out;
}
