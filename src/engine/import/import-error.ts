/**
 * An import the user must fix: the message is the one line they read (it names the file, the
 * field and the fix). Nothing has been written to the org when this is thrown.
 */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}
