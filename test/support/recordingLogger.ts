import type { Logger } from '../../src/core/ports';

/** Logger fake keeping every line with its level, so tests can assert what was (and was not) logged. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = [];

  trace(message: string): void {
    this.lines.push(`trace ${message}`);
  }
  debug(message: string): void {
    this.lines.push(`debug ${message}`);
  }
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error ${message}`);
  }

  text(): string {
    return this.lines.join('\n');
  }
}
