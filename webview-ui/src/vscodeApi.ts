// The API VS Code injects into the webview (acquireVsCodeApi may be called once per page).
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}

/** The webview's own log is the developer tools console (Developer: Open Webview Developer Tools). */
export function logWarning(message: string, detail?: unknown): void {
  // eslint-disable-next-line no-console -- see above: the webview has no other log
  console.warn(`[report] ${message}`, detail ?? '');
}
