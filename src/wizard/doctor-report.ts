import chalk from 'chalk';
import type { DoctorReport } from '../preflight/checks.js';

/** Doctor's checks as lines: a mark, the check, the verdict, and the fix when there is one. */
const MARK = { pass: chalk.green('✓'), warn: chalk.yellow('!'), fail: chalk.red('✗') } as const;

export function doctorLines(report: DoctorReport): string[] {
  const lines: string[] = [];
  for (const c of report.checks) {
    if (c.missing?.length) {
      lines.push(`  ${MARK[c.status]} ${c.title}: missing ${c.missing.length} permission${c.missing.length > 1 ? 's' : ''}`);
      for (const m of c.missing) lines.push(`      ${m.permission}  ${chalk.dim(`(for ${m.neededBy.join(', ')})`)}`);
    } else lines.push(`  ${MARK[c.status]} ${c.title}: ${c.detail}`);
    for (const l of c.lines ?? []) lines.push(`      ${l}`);
    if (c.fix && c.status !== 'pass') lines.push(`      ${chalk.dim('fix:')} ${c.fix}`);
  }
  return lines;
}
