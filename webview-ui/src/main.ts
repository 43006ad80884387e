// Entry of the report panel's webview bundle (dist/webview-ui/main.js). Registers the vscode-elements
// components it uses, then posts `ready`: the host sends the report only after it.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { WebviewMessage } from '../../src/shared/protocol';
import { ReportController } from './controller';
import './main.css';

const api = acquireVsCodeApi();
const controller = new ReportController(document.getElementById('root') ?? document.body, api);
window.addEventListener('message', (event: MessageEvent<unknown>) => controller.receive(event.data));
const ready: WebviewMessage = { type: 'ready' };
api.postMessage(ready);
