/** The only ways the core touches the outside world; each host (CLI, extension, tests) supplies them. */

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

export interface DirEntry {
  readonly name: string;
  readonly type: EntryType;
}

export interface FileStat {
  readonly type: EntryType;
  readonly size: number;
}

export interface FileSystem {
  /** Entries of a directory; rejects when it cannot be read. */
  readDirectory(path: string): Promise<readonly DirEntry[]>;
  readFile(path: string): Promise<Uint8Array>;
  /** undefined when the path does not exist. */
  stat(path: string): Promise<FileStat | undefined>;
}

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const NULL_LOGGER: Logger = Object.freeze({
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

export interface WriteOptions {
  /** Permission bits of a new file, e.g. 0o600 for one holding secrets (ignored where unsupported). */
  readonly mode?: number;
}

/**
 * Writes, kept apart from the read-only FileSystem the checker gets. Only the conversion, backup and
 * restore use it.
 */
export interface FileWriter {
  /**
   * Replaces a file's content through a temp file in the same folder, flushed and renamed over the
   * target: a reader (or a crash) sees the old content or the new one, never a mix.
   */
  writeFileAtomic(path: string, data: Uint8Array, options?: WriteOptions): Promise<void>;
  /** Deletes a file; a missing file is not an error. */
  deleteFile(path: string): Promise<void>;
  /** Creates a folder and its missing parents. */
  mkdir(path: string): Promise<void>;
  /** Deletes a folder and everything in it; a missing folder is not an error. */
  removeTree?(path: string): Promise<void>;
}

export interface GitProgress {
  /** git's own stage name: `counting`, `compressing`, `writing`, `receiving`, `resolving`… */
  readonly stage: string;
  readonly percent: number;
  readonly processed: number;
  readonly total: number;
}

export interface GitRunOptions {
  /** Variables added to the environment of this one git process (e.g. GIT_INDEX_FILE). */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** git's progress output (push, clone, fetch), as it arrives. */
  readonly onProgress?: (p: GitProgress) => void;
}

/** Runs git with an argv array (never a shell string). */
export interface GitRunner {
  /** `git <args>` in `cwd`; resolves with stdout, rejects with an Error holding git's message on failure. */
  run(cwd: string, args: readonly string[], opts?: GitRunOptions): Promise<string>;
}

export interface HttpRequestOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Gives up on one request after this long; the caller decides whether to retry. */
  readonly timeoutMs?: number;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names in lowercase. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Text in, text out: the API clients do JSON and validation themselves. Resolves for every HTTP
 * status (the client maps statuses to CoreError codes); rejects only when no response arrived, with
 * a CoreError: `cancelled` (signal aborted), `timeout` (timeoutMs passed) or `io-failed` (network).
 */
export interface HttpClient {
  post(url: string, body: string, options: HttpRequestOptions): Promise<HttpResponse>;
  /** A plain GET (the push's check that the deployed app answers). */
  get(url: string, options: HttpRequestOptions): Promise<HttpResponse>;
}

export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcessRunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Kills the process after this long; the result then rejects with a `timeout` CoreError. */
  readonly timeoutMs?: number;
  readonly cwd?: string;
}

/**
 * Runs a program with an argv array, never through a shell (ssh-keyscan, Plotly's `de` CLI).
 * Resolves with the exit code for any exit; rejects with a CoreError when the program cannot start
 * (`not-found`), is cancelled or times out.
 */
export interface ProcessRunner {
  run(command: string, args: readonly string[], options?: ProcessRunOptions): Promise<ProcessResult>;
}

/** Whether a TCP connection to host:port opens within the time (the push's pre-flight). */
export interface NetProbe {
  canConnect(host: string, port: number, options: { readonly timeoutMs: number; readonly signal?: AbortSignal }): Promise<boolean>;
}
