import { screen } from '@inquirer/testing/vitest';
import { describe, expect, it } from 'vitest';
import { inquirerPrompter, scriptedPrompter, WizardCancelled } from '../../src/wizard/prompter.js';

describe('the @inquirer prompt adapter', () => {
  it('selects, and masks a secret as it is typed', async () => {
    const p = inquirerPrompter();
    const where = p.select({ id: 'where', message: 'Where?', choices: [{ value: 'sandbox', name: 'Sandbox' }, { value: 'org', name: 'Org' }], default: 'sandbox' });
    expect(screen.getScreen()).toContain('❯ Sandbox');
    screen.keypress('down');
    screen.keypress('enter');
    expect(await where).toBe('org');
    const secret = p.password({ id: 'clientSecret', message: 'OAuth client secret' });
    screen.type('hunter22-secret');
    expect(screen.getScreen()).toContain('OAuth client secret ***************');
    expect(screen.getScreen()).not.toContain('hunter22');
    screen.keypress('enter');
    expect(await secret).toBe('hunter22-secret');
  });

  it('turns Ctrl+C into a cancel that changes nothing', async () => {
    const p = inquirerPrompter();
    const ok = p.confirm({ id: 'apply', message: 'Apply?' });
    screen.keypress({ name: 'c', ctrl: true });
    await expect(ok).rejects.toBeInstanceOf(WizardCancelled);
  });

  it('shows a choice that cannot be picked with its reason, and refuses it when picked (the scripted prompter too)', async () => {
    const choices = [
      { value: 'beside', name: 'Make ours beside it' },
      { value: 'adopt', name: 'Take it over', disabled: '(cannot: its contract differs from ours)' },
      { value: 'use', name: 'Use it as it is' },
    ];
    const answer = inquirerPrompter().select({ id: 'existing', message: 'Which?', choices, default: 'beside' });
    expect(screen.getScreen()).toContain('Take it over (cannot: its contract differs from ours)');
    screen.keypress('down');
    screen.keypress('enter');
    expect(screen.getScreen()).toContain('This option is disabled and cannot be selected.');
    screen.keypress('down');
    screen.keypress('enter');
    expect(await answer).toBe('use');
    await expect(scriptedPrompter({ existing: 'adopt' }).select({ id: 'existing', message: 'Which?', choices })).rejects.toThrow('cannot be picked in "existing": (cannot: its contract differs from ours)');
  });
});
