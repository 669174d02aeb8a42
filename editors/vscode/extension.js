// The kqlc extension: starts `kqlc lsp` for KQL, ES|QL, Sentinel YAML and Elastic TOML
// files and passes it the `kqlc.*` settings (see the kqlc README, "Editors").
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

/** The settings kqlc lsp reads, from the `kqlc` section (without `path`). */
function serverSettings() {
  const config = vscode.workspace.getConfiguration('kqlc');
  const settings = {
    schemas: config.get('schemas', []),
    tables: config.get('tables', {}),
    strict: config.get('strict', false),
  };
  const now = config.get('now', '');
  if (now) {
    settings.now = now;
  }
  return settings;
}

function activate(context) {
  const command = vscode.workspace.getConfiguration('kqlc').get('path', 'kqlc') || 'kqlc';
  const serverOptions = { command, args: ['lsp'] };
  const clientOptions = {
    documentSelector: ['kql', 'esql', 'yaml', 'toml'].map((language) => ({ scheme: 'file', language })),
    initializationOptions: serverSettings(),
  };
  client = new LanguageClient('kqlc', 'kqlc', serverOptions, clientOptions);
  client.start();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('kqlc') || !client) {
        return;
      }
      if (event.affectsConfiguration('kqlc.path')) {
        vscode.window.showInformationMessage('kqlc: reload the window to start the new kqlc.path.');
      }
      client.sendNotification('workspace/didChangeConfiguration', { settings: serverSettings() });
    }),
  );
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
